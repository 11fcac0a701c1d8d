"""bench_playground.py: what watching costs. The playground's step against the bare loop.

Workload: lesson 09's, 100 moons, MLP 2-16-16-1, hinge + 1e-4 * L2, lr 0.1. Three things are
timed, taking turns step by step in one process so that noise from the machine hits all alike:

  bare     one training step, nothing else (lesson 09's loop)
  frame    what the kernel does for one picture: the numpy boundary (a 60 x 60 grid), the
           arrays of the frame, and the widget's serialisation of it (JSON + binary buffers,
           what goes over the wire to the browser)
  watched  Playground.step(): a training step followed by its frame, as play runs it

and printed as steps/s, frames/s and the ratio watched / bare. The two models train from the
same start and must stay equal to the last bit (exit 1 if not). How fast the browser draws is
measured in the browser test (tests/browser/test_playground.py), which prints steps/s.

Then two more figures (issue 21 item 5, issue 19):
  three / two classes  a step on "blobs" (three outputs, mean softmax cross-entropy) against a
                       step on "moons" (one output, hinge), same hidden sizes and points; the
                       target is at most 1.5x
  at the bounds        one step at the most work playground_checks allows (MAX_WORK points x
                       weights) and one frame at the largest grid (MAX_GRID): each should stay
                       under about a second

    python benchmarks/bench_playground.py [--steps 40] [--repeat 3]
"""
import argparse
import json
import random
import statistics
import sys
import time

from ipywidgets.widgets.widget import _remove_buffers

import nn
import playground_checks
from playground import Playground

TARGET = 10.0  # steps per second with the display following every step, on a 2-core machine


def bare_step(model, X, y):
    """Lesson 09's step at lr 0.1; its graph dies at the return, inside the timing, as in
    Playground.step."""
    scores = [model(x) for x in X]
    loss = nn.hinge(scores, y) + nn.l2(model.parameters(), 1e-4)
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data -= 0.1 * p.grad


def serialise(pg):
    """The frame as the widget sends it: JSON state plus its binary buffers; bytes sent."""
    state, _, buffers = _remove_buffers(pg.widget.get_state(["frame"]))
    return len(json.dumps(state)) + sum(len(b) for b in buffers)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--steps", type=int, default=40, help="steps per run (default 40)")
    ap.add_argument("--repeat", type=int, default=3, help="runs (default 3)")
    args = ap.parse_args()
    if args.steps < 1 or args.repeat < 1:
        ap.error("--steps and --repeat must be at least 1")

    X, y = nn.make_moons(100, noise=0.1, seed=1)
    X, y = X.tolist(), y.tolist()
    pg = Playground(lr=0.1, alpha=1e-4)
    pg._make_widget()  # as when displayed: every change is set on the widget's synced state
    ms = {"bare": [], "frame": [], "watched": []}
    cpu = {k: [] for k in ms}  # CPU time: what a step costs when it has a core to itself
    same = True
    size = 0
    for _ in range(args.repeat):
        random.seed(0)
        bare = nn.MLP(2, [16, 16, 1])
        pg.reset()
        for _k in range(args.steps):
            c0, t0 = time.process_time(), time.perf_counter()
            bare_step(bare, X, y)
            c1, t1 = time.process_time(), time.perf_counter()
            pg.step()
            size = serialise(pg)
            c2, t2 = time.process_time(), time.perf_counter()
            pg._publish()
            serialise(pg)
            c3, t3 = time.process_time(), time.perf_counter()
            cpu["bare"].append((c1 - c0) * 1000)
            cpu["watched"].append((c2 - c1) * 1000)
            cpu["frame"].append((c3 - c2) * 1000)
            ms["bare"].append((t1 - t0) * 1000)
            ms["watched"].append((t2 - t1) * 1000)
            ms["frame"].append((t3 - t2) * 1000)
            same = same and [p.data for p in bare.parameters()] == \
                [p.data for p in pg.model.parameters()]
    med = {k: statistics.median(v) for k, v in ms.items()}
    rate = {k: 1000 / v for k, v in med.items()}
    cmed = {k: statistics.median(v) for k, v in cpu.items()}
    crate = {k: 1000 / max(v, 1e-3) for k, v in cmed.items()}
    print("lesson 09's workload: 100 moons, MLP 2-16-16-1 (337 parameters), hinge + 1e-4 * L2, "
          f"lr 0.1; {args.steps} steps x {args.repeat} runs, taking turns; medians")
    print(f"\n{'':<30}{'wall ms':>8}{'per s':>8}{'CPU ms':>8}{'per s':>8}")
    for key, what, unit in [("bare", "bare training step", "steps/s"),
                            ("frame", "frame only (boundary + send)", "frames/s"),
                            ("watched", "watched step (step + frame)", "steps/s = frames/s")]:
        print(f"{what:<30}{med[key]:>8.2f}{rate[key]:>8.1f}{cmed[key]:>8.2f}{crate[key]:>8.1f}"
              f"  {unit}")
    print(f"\nratio watched / bare: {med['watched'] / med['bare']:.2f}x the time of a bare step "
          f"({rate['watched'] / rate['bare']:.0%} of its speed); one frame is {size:,} bytes")
    print(f"target >= {TARGET:g} watched steps/s (kernel side): "
          f"{'met' if rate['watched'] >= TARGET else 'NOT met'} in wall time, "
          f"{'met' if crate['watched'] >= TARGET else 'NOT met'} in CPU time "
          "(wall time counts waiting for a core on a busy machine)")
    print(f"playground and bare loop equal to the last bit after every step: {same}")
    three_vs_two(args.steps, args.repeat)
    at_the_bounds(args.repeat)
    return 0 if same else 1


def timed(fn, times):
    """Median wall and CPU milliseconds of fn() over `times` calls."""
    wall, cpu = [], []
    for _ in range(times):
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - t0) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def three_vs_two(steps, repeat):
    """A three-class step against a two-class one, taking turns, same network body."""
    two, three = Playground(lr=0.1), Playground(dataset="blobs", lr=0.1)
    ms = {"two": [], "three": []}
    for _ in range(repeat):
        two.reset()
        three.reset()
        for _k in range(steps):
            for key, pg in (("two", two), ("three", three)):
                t0 = time.process_time()
                pg._train_step()  # the training alone: the frame is timed above
                ms[key].append((time.process_time() - t0) * 1000)
    two_ms, three_ms = (statistics.median(ms[k]) for k in ("two", "three"))
    ratio = three_ms / two_ms
    print(f"\nthree classes (blobs, 2-16-16-3, mean cross-entropy) against two (moons, 2-16-16-1, "
          f"hinge), 100 points, CPU medians: {three_ms:.1f} ms / {two_ms:.1f} ms = {ratio:.2f}x "
          f"a step (target <= 1.5x: {'met' if ratio <= 1.5 else 'NOT met'})")


def at_the_bounds(repeat):
    """One step at the largest work allowed, one frame at the largest grid."""
    pg = Playground(hidden=[64, 40], lr=0.01)  # 272,800: points added up to the bound
    while True:
        try:
            pg.add_point(0.0, 0.0, 1)
        except ValueError:
            break
    work = len(pg.X) * playground_checks.weights_of(pg.hidden, 1)
    wall, cpu = timed(pg.step, max(repeat, 3))
    print(f"\nat the bounds: one step of {len(pg.X)} points x 2-64-40-1 = {work:,} weight uses "
          f"(MAX_WORK {playground_checks.MAX_WORK:,}): {wall:.0f} ms wall, {cpu:.0f} ms CPU")
    pg = Playground(grid=playground_checks.MAX_GRID, hidden=[64, 40])
    pg._make_widget()
    wall, cpu = timed(lambda: (pg._publish(), serialise(pg)), max(repeat, 3))
    print(f"one frame at grid {playground_checks.MAX_GRID} (the largest), 2-64-40-1, "
          f"{serialise(pg):,} bytes: {wall:.0f} ms wall, {cpu:.0f} ms CPU")
    blobs = Playground(dataset="blobs", grid=playground_checks.MAX_GRID, hidden=[64, 40])
    blobs._make_widget()
    wall, cpu = timed(lambda: (blobs._publish(), serialise(blobs)), max(repeat, 3))
    print(f"one frame at grid {playground_checks.MAX_GRID}, three classes: {serialise(blobs):,} "
          f"bytes, {wall:.0f} ms wall, {cpu:.0f} ms CPU")


if __name__ == "__main__":
    sys.exit(main())
