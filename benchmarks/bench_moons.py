"""bench_moons.py: engine.py against the classic closure engine, on micrograd's own demo.

The workload is micrograd's moons demo: 100 points of make_moons, an MLP 2-16-16-1 (relu hidden
layers, linear output), loss = hinge + 1e-4 * L2 over all 100 points every step, and SGD with
a learning rate falling from 1.0. One training step = forward, zero_grad, backward, update.

Both engines run the same training code from the same initial parameters, so their loss
trajectories must agree (to rounding: the two graphs may add the same terms in other orders).

Each engine trains in a process of its own, so each has its own heap and its own garbage
collector, exactly as when a learner runs it alone. The two processes take turns step by
step, so noise from anything else on the machine hits both alike; the speed is a ratio of
medians measured side by side.

    python benchmarks/bench_moons.py [--steps 20] [--repeat 3] [--seed 1337]
    python benchmarks/bench_moons.py --no-gc            # diagnostic: how much of it is the GC
    python benchmarks/bench_moons.py --profile fast     # cProfile of one engine's steps

Exits 1 if the loss trajectories differ by more than 1e-9 (relative): that is a bug. A missed
speed target is only reported, never a failure: timings depend on the machine.
"""

import argparse
import cProfile
import gc
import multiprocessing
import platform
import pstats
import random
import statistics
import sys
import time

import classic
import engine
import nn

ENGINES = ("fast", "classic")
SIZES = [16, 16, 1]
ALPHA = 1e-4  # weight of the L2 penalty
RTOL = 1e-9  # largest relative difference allowed between the two loss trajectories
TARGET = 50.0  # hoped-for speed ratio classic / fast; reported, never enforced


def training_step(model, value, X, y, k):
    """One step of micrograd's demo; returns the loss before the update."""
    inputs = [[value(a), value(b)] for a, b in X]  # as in the demo, the inputs are Values too
    scores = [model(x) for x in inputs]
    loss = nn.hinge(scores, y) + nn.l2(model.parameters(), ALPHA)
    model.zero_grad()
    loss.backward()
    lr = 1.0 - 0.9 * k / 100
    for p in model.parameters():
        p.data -= lr * p.grad
    return loss.data  # the graph dies here, inside the timed step, for both engines


def build(name, seed):
    """The data, and engine `name`'s model and Value. Both models start from the same numbers:
    the fast one is drawn by nn.py, and the classic one is given a copy of its parameters."""
    X, y = nn.make_moons(100, noise=0.1, seed=seed)
    X = [[float(a), float(b)] for a, b in X]  # plain floats for both, not numpy scalars
    y = [int(t) for t in y]
    random.seed(seed)
    model, value = nn.MLP(2, SIZES, act="relu", out_act=None), engine.Value
    if name == "classic":
        fast_params = model.parameters()
        model, value = classic.MLP(2, SIZES), classic.Value
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


def worker(conn, name, seed, no_gc):
    """Serve one engine: train a step when asked, send back (loss, wall ms, CPU ms)."""
    X, y, model, value = build(name, seed)
    init = [p.data for p in model.parameters()]
    conn.send((init, nodes_per_step(model, value, X, y)))
    gc.collect()
    if no_gc:
        gc.disable()
    while (k := conn.recv()) is not None:
        if k == 0:  # a new run starts from the initial parameters
            for p, d in zip(model.parameters(), init):
                p.data = d
        t0, c0 = time.perf_counter(), time.process_time()
        loss = training_step(model, value, X, y, k)
        ms, cpu_ms = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
        if no_gc:
            gc.collect()  # --no-gc only: free the dead graph, outside the timing
        conn.send((loss, ms, cpu_ms))


def profile(name, seed, steps):
    X, y, model, value = build(name, seed)
    prof = cProfile.Profile()
    prof.enable()
    for k in range(steps):
        training_step(model, value, X, y, k)
    prof.disable()
    print(f"cProfile of {steps} training steps of the {name} engine, top 15 by tottime:")
    pstats.Stats(prof).strip_dirs().sort_stats("tottime").print_stats(15)


def rel_diff(a, b):
    return abs(a - b) / max(abs(a), abs(b), 1e-300)


def measure(args):
    """Run both engines step by step in turn: losses, wall ms and CPU ms, each [name][run][k]."""
    ctx = multiprocessing.get_context("spawn")  # fresh interpreters: nothing inherited
    conns, procs = {}, []
    for name in ENGINES:
        conns[name], child = ctx.Pipe()
        procs.append(ctx.Process(target=worker, args=(child, name, args.seed, args.no_gc)))
        procs[-1].start()
    try:
        ready = {name: conns[name].recv() for name in ENGINES}
        inits = [ready[name][0] for name in ENGINES]
        if inits[0] != inits[1]:
            raise RuntimeError("the two models do not start from the same parameters")
        losses, ms, cpu = ({name: [] for name in ENGINES} for _ in range(3))
        for r in range(args.repeat):
            for name in ENGINES:
                for record in (losses, ms, cpu):
                    record[name].append([])
            for k in range(args.steps):
                order = ENGINES if (r * args.steps + k) % 2 == 0 else ENGINES[::-1]
                for name in order:  # one engine at a time: the other waits, idle
                    conns[name].send(k)
                    loss, t, c = conns[name].recv()
                    losses[name][r].append(loss)
                    ms[name][r].append(t)
                    cpu[name][r].append(c)
    finally:  # stop both workers, even if one has failed
        for name in ENGINES:
            try:
                conns[name].send(None)
            except OSError:  # that worker is already gone; its error was printed
                pass
        for p in procs:
            p.join()
    nodes = {name: ready[name][1] for name in ENGINES}
    return len(inits[0]), nodes, losses, ms, cpu


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--steps", type=int, default=20, help="training steps per run (default 20)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each engine (default 3)")
    ap.add_argument("--seed", type=int, default=1337, help="data and initial weights (1337)")
    ap.add_argument(
        "--no-gc",
        action="store_true",
        help="diagnostic: cyclic GC off in both engines, dead graphs freed untimed",
    )
    ap.add_argument(
        "--profile",
        choices=ENGINES,
        help="print a cProfile of that engine's steps instead of the benchmark",
    )
    args = ap.parse_args()
    if args.steps < 1 or args.repeat < 1:
        ap.error("--steps and --repeat must be at least 1")
    if args.profile:
        profile(args.profile, args.seed, args.steps)
        return 0

    n_params, nodes, losses, ms, cpu = measure(args)
    fast, slow = ENGINES
    gc_note = "OFF in both (a diagnostic, not the benchmark)" if args.no_gc else "on"
    print(
        "micrograd's moons demo: make_moons(100, noise=0.1), MLP(2, [16, 16, 1]), "
        f"{n_params} parameters, hinge + {ALPHA:g} * L2, SGD"
    )
    print(
        f"seed {args.seed}, {args.steps} steps x {args.repeat} runs, engines taking turns "
        f"step by step; Python {platform.python_version()}, cyclic GC {gc_note}"
    )
    print("one step = forward + zero_grad + backward + update; ms = median over the runs\n")

    print(
        f"{'step':>4}  {'loss fast':>17}  {'loss classic':>17}  {'rel diff':>8}"
        f"  {'ms fast':>8}  {'ms classic':>10}"
    )
    worst = 0.0
    for k in range(args.steps):
        lf, lc = losses[fast][0][k], losses[slow][0][k]
        d = rel_diff(lf, lc)
        worst = max(worst, d)
        mf = statistics.median(run[k] for run in ms[fast])
        mc = statistics.median(run[k] for run in ms[slow])
        print(f"{k:>4}  {lf:>17.15f}  {lc:>17.15f}  {d:>8.1e}  {mf:>8.2f}  {mc:>10.2f}")
    # every run starts from the same parameters, so it must retrace the first run exactly
    repeatable = all(run == losses[e][0] for e in ENGINES for run in losses[e])

    med = {e: statistics.median(t for run in ms[e] for t in run) for e in ENGINES}
    ratio = med[slow] / med[fast]
    print(f"\n{'':<22}{'fast (engine.py)':>18}  {'classic (closures)':>18}")
    print(f"{'nodes per step':<22}{nodes[fast]:>18,}  {nodes[slow]:>18,}")
    print(f"{'ms per step (median)':<22}{med[fast]:>18.2f}  {med[slow]:>18.2f}")
    med_cpu = {e: statistics.median(t for run in cpu[e] for t in run) for e in ENGINES}
    print(f"{'CPU ms per step':<22}{med_cpu[fast]:>18.2f}  {med_cpu[slow]:>18.2f}")
    print(
        f"{'us per node':<22}{1000 * med[fast] / nodes[fast]:>18.2f}"
        f"  {1000 * med[slow] / nodes[slow]:>18.2f}"
    )
    per_run = [statistics.median(s) / statistics.median(f) for f, s in zip(ms[fast], ms[slow])]
    print(
        f"\nspeed ratio classic / fast: {ratio:.1f}x (per run: "
        f"{', '.join(f'{r:.1f}x' for r in per_run)}; ratio of node counts: "
        f"{nodes[slow] / nodes[fast]:.1f}x)"
    )
    print(
        f"  in CPU time rather than wall time: {med_cpu[slow] / med_cpu[fast]:.1f}x "
        "(a cross-check: CPU time ignores waiting for a core)"
    )
    print(
        f"  target >= {TARGET:g}x: {'met' if ratio >= TARGET else 'NOT met'}"
        f"{' (GC off: not the benchmark)' if args.no_gc else ''}"
    )
    print(f"largest relative difference between the loss trajectories: {worst:.1e}")
    print(f"  target <= {RTOL:g}: {'met' if worst <= RTOL else 'NOT met: the engines disagree'}")
    print(f"every run of each engine retraced its first run exactly: {repeatable}")
    return 0 if worst <= RTOL and repeatable else 1


if __name__ == "__main__":
    sys.exit(main())
