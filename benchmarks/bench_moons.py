"""bench_moons.py: engine.py against closure engines, on micrograd's own demo, in one process.

The workload is micrograd's moons demo: 100 points of make_moons, an MLP 2-16-16-1 (relu hidden
layers, linear output), loss = hinge + 1e-4 * L2 over all 100 points every step, and SGD with
a learning rate falling from 1.0. One training step = forward, zero_grad, backward, update.
As in a notebook, the last step's graph stays alive until the next step replaces it.

Three engines run the same training code from the same initial parameters, so their loss
trajectories must agree (to rounding: the graphs may add the same terms in other orders):
    fast     engine.py and nn.py
    classic  benchmarks/classic.py's Value: a closure per node, children in a tuple (the old
             baseline)
    lecture  classic.py's LectureValue: as the lecture writes it, children in a set and a
             recursive sort (the new baseline)
They run side by side in one process, one training run at a time, in turns (fast, classic,
lecture, then the next run in another order); the heap is collected before each run, so no run
pays for another's garbage. Each run's figure is its median step; the figure reported is the
median over the runs, and the speed is a ratio of those medians.

    python benchmarks/bench_moons.py [--steps 20] [--repeat 3] [--seed 1337]
    python benchmarks/bench_moons.py --no-gc            # diagnostic: how much of it is the GC
    python benchmarks/bench_moons.py --profile fast     # cProfile of one engine's steps

Exits 1 if the loss trajectories differ by more than 1e-9 (relative): that is a bug. A missed
speed target is only reported, never a failure: timings depend on the machine.
"""

import argparse
import cProfile
import gc
import platform
import pstats
import random
import statistics
import sys
import time

import classic
import engine
import nn

ENGINES = ("fast", "classic", "lecture")
SIZES = [16, 16, 1]
ALPHA = 1e-4  # weight of the L2 penalty
RTOL = 1e-9  # largest relative difference allowed between the loss trajectories
TARGET = 80.0  # hoped-for speed ratio baseline / fast; reported, never enforced


def training_step(model, value, X, y, k):
    """One step of micrograd's demo; returns the loss (its graph alive) before the update."""
    inputs = [[value(a), value(b)] for a, b in X]  # as in the demo, the inputs are Values too
    scores = [model(x) for x in inputs]
    loss = nn.hinge(scores, y) + nn.l2(model.parameters(), ALPHA)
    model.zero_grad()
    loss.backward()
    lr = 1.0 - 0.9 * k / 100
    for p in model.parameters():
        p.data -= lr * p.grad
    return loss


def build(name, seed):
    """The data, and engine `name`'s model and Value. All models start from the same numbers:
    the fast one is drawn by nn.py, and the closure ones are given a copy of its parameters."""
    X, y = nn.make_moons(100, noise=0.1, seed=seed)
    X = [[float(a), float(b)] for a, b in X]  # plain floats for all, not numpy scalars
    y = [int(t) for t in y]
    random.seed(seed)
    model, value = nn.MLP(2, SIZES, act="relu", out_act=None), engine.Value
    if name != "fast":
        fast_params = model.parameters()
        value = classic.Value if name == "classic" else classic.LectureValue
        model = classic.MLP(2, SIZES, value=value)
        if len(fast_params) != len(model.parameters()):
            raise RuntimeError(
                f"models differ: {len(fast_params)} and {len(model.parameters())} parameters"
            )
        for p, q in zip(model.parameters(), fast_params):
            p.data = q.data
    return X, y, model, value


def nodes_per_step(model, value, X, y):
    """How many nodes one step's graph has: every node the loss depends on."""
    inputs = [[value(a), value(b)] for a, b in X]
    loss = nn.hinge([model(x) for x in inputs], y) + nn.l2(model.parameters(), ALPHA)
    return len(engine.topological_order(loss))


def train(name, seed, steps, no_gc):
    """One training run of engine `name` from its initial parameters: losses, wall ms, CPU ms
    per step, and the nodes of one step's graph."""
    X, y, model, value = build(name, seed)
    nodes = nodes_per_step(model, value, X, y)
    losses, ms, cpu = [], [], []
    loss = None  # the last step's graph, alive until the next step returns
    gc.collect()  # nothing left over from another run
    if no_gc:
        gc.disable()
    try:
        for k in range(steps):
            t0, c0 = time.perf_counter(), time.process_time()
            loss = training_step(model, value, X, y, k)
            ms.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            losses.append(loss.data)
    finally:
        gc.enable()
    del loss, model
    gc.collect()  # this run's garbage is freed here, outside every timing
    return losses, ms, cpu, nodes


def profile(name, seed, steps):
    X, y, model, value = build(name, seed)
    gc.collect()
    counts = [s["collections"] for s in gc.get_stats()]
    prof = cProfile.Profile()
    prof.enable()
    loss = None
    for k in range(steps):
        loss = training_step(model, value, X, y, k)
    prof.disable()
    del loss
    after = [s["collections"] - c for s, c in zip(gc.get_stats(), counts)]
    print(f"cProfile of {steps} training steps of the {name} engine, top 15 by tottime:")
    pstats.Stats(prof).strip_dirs().sort_stats("tottime").print_stats(15)
    print(f"garbage collections during those steps, generations 0, 1, 2: {after}")


def rel_diff(a, b):
    return abs(a - b) / max(abs(a), abs(b), 1e-300)


def measure(args):
    """Train each engine args.repeat times, in turns: {name: [(losses, ms, cpu, nodes), ...]}."""
    runs = {name: [] for name in ENGINES}
    for r in range(args.repeat):
        order = ENGINES[r % 3:] + ENGINES[:r % 3]  # each engine goes first once in three runs
        for name in order:
            runs[name].append(train(name, args.seed, args.steps, args.no_gc))
    return runs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--steps", type=int, default=20, help="training steps per run (default 20)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each engine (default 3)")
    ap.add_argument("--seed", type=int, default=1337, help="data and initial weights (1337)")
    ap.add_argument("--no-gc", action="store_true",
                    help="diagnostic: cyclic GC off during the steps, garbage freed untimed")
    ap.add_argument("--profile", choices=ENGINES,
                    help="print a cProfile of that engine's steps instead of the benchmark")
    args = ap.parse_args()
    if args.steps < 1 or args.repeat < 1:
        ap.error("--steps and --repeat must be at least 1")
    if args.profile:
        profile(args.profile, args.seed, args.steps)
        return 0

    runs = measure(args)
    gc_note = "OFF during the steps (a diagnostic, not the benchmark)" if args.no_gc else "on"
    print("micrograd's moons demo: make_moons(100, noise=0.1), MLP(2, [16, 16, 1]), "
          f"337 parameters, hinge + {ALPHA:g} * L2, SGD, the last graph kept alive")
    print(f"seed {args.seed}, {args.steps} steps x {args.repeat} runs per engine, one process, "
          f"runs in turns; Python {platform.python_version()}, cyclic GC {gc_note}")
    print("one step = forward + zero_grad + backward + update; ms = median step of a run, "
          "then median over the runs\n")
    losses = {e: runs[e][0][0] for e in ENGINES}
    print(f"{'step':>4}  " + "  ".join(f"{'loss ' + e:>17}" for e in ENGINES) + "  rel diff")
    worst = 0.0
    for k in range(args.steps):
        row = [losses[e][k] for e in ENGINES]
        d = max(rel_diff(row[0], x) for x in row[1:])
        worst = max(worst, d)
        print(f"{k:>4}  " + "  ".join(f"{x:>17.15f}" for x in row) + f"  {d:>8.1e}")
    # every run starts from the same parameters, so it must retrace the first run exactly
    repeatable = all(run[0] == runs[e][0][0] for e in ENGINES for run in runs[e])

    def med(e, i):  # median over the runs of each run's median step
        return statistics.median(statistics.median(run[i]) for run in runs[e])

    wall = {e: med(e, 1) for e in ENGINES}
    cpu = {e: med(e, 2) for e in ENGINES}
    nodes = {e: runs[e][0][3] for e in ENGINES}
    print(f"\n{'':<22}" + "".join(f"{e:>14}" for e in ENGINES))
    print(f"{'nodes per step':<22}" + "".join(f"{nodes[e]:>14,}" for e in ENGINES))
    print(f"{'ms per step':<22}" + "".join(f"{wall[e]:>14.2f}" for e in ENGINES))
    print(f"{'CPU ms per step':<22}" + "".join(f"{cpu[e]:>14.2f}" for e in ENGINES))
    print(f"{'us per node':<22}" + "".join(f"{1000 * wall[e] / nodes[e]:>14.2f}" for e in ENGINES))
    print()
    for base, what in (("classic", "old baseline"), ("lecture", "new baseline")):
        per_run = [statistics.median(s[1]) / statistics.median(f[1])
                   for f, s in zip(runs["fast"], runs[base])]
        ratio = wall[base] / wall["fast"]
        print(f"speed ratio {base} / fast ({what}): {ratio:.1f}x wall, "
              f"{cpu[base] / cpu['fast']:.1f}x CPU (per run: "
              f"{', '.join(f'{r:.1f}x' for r in per_run)}; "
              f"nodes {nodes[base] / nodes['fast']:.1f}x)"
              f"; target >= {TARGET:g}x: {'met' if ratio >= TARGET else 'NOT met'}"
              f"{' (GC off: not the benchmark)' if args.no_gc else ''}")
    print("  (CPU time is the cross-check on a busy machine: it ignores waiting for a core)")
    print(f"largest relative difference between the loss trajectories: {worst:.1e}")
    print(f"  target <= {RTOL:g}: {'met' if worst <= RTOL else 'NOT met: the engines disagree'}")
    print(f"every run of each engine retraced its first run exactly: {repeatable}")
    return 0 if worst <= RTOL and repeatable else 1


if __name__ == "__main__":
    sys.exit(main())
