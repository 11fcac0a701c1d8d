"""bench_tensors.py: the scalar engine, numpy and PyTorch CPU on lesson 12's moons workload.

The workload: make_moons(100, noise=0.1), an MLP 2-16-16-1, hinge + 1e-4 * L2 over all 100
points every step, SGD with lr = 1.0 - 0.9 * k / 100 (see tensor_models.py). One step = forward,
loss, zero the gradients, backward, update. All three start from the same parameters, so their
loss trajectories must agree (to rounding: they add the same terms in different orders).

They take turns, one whole run each, several times, so that noise from anything else on the
machine hits all alike; each speed is the median over every step of every run, and the table
gives it as ms per step and as ratios to numpy. PyTorch is timed on one thread: numpy (at this
size) and the scalar engine use one, so that is the fair race, and a second thread has little
to share out in a 100 x 16 matrix but must be woken and waited for. (On the 2-core machine this
was written on, it broke even when the machine was idle and was far slower when it was busy.)
Where PyTorch would use more threads by default, that is measured too, on a row of its own.

    python benchmarks/bench_tensors.py [--steps 100] [--repeat 3] [--data-seed 1] [--weight-seed 0]

Exits 1 if any loss trajectory differs from the scalar engine's by more than 1e-9 (relative):
that is a bug. A missed speed target is only reported, never a failure: timings depend on the
machine. Without PyTorch, its rows are reported as skipped and the other two still run.
"""

import os

# One thread for numpy's matrix multiplies too, set before numpy loads (at 100 x 16 OpenBLAS
# would use one anyway): every implementation runs on one core.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import gc  # noqa: E402
import importlib.util  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

import tensor_models as tm  # noqa: E402

RTOL = 1e-9  # largest relative difference allowed between loss trajectories
TARGETS = {"numpy": 300.0, "torch": 2.0}  # hoped for: scalar / numpy, torch (1 thread) / numpy


class Runner:
    """One implementation, made afresh from the starting parameters for every run."""

    def __init__(self, name, make, threads=None):
        self.name, self.make, self.threads = name, make, threads
        self.losses, self.ms = [], []  # one list per run

    def run(self, steps):
        if self.threads is not None:
            import torch

            torch.set_num_threads(self.threads)
        impl = self.make()  # untimed: building the model is not a training step
        gc.collect()  # untimed: the previous run's garbage is not this one's to collect
        losses, ms = [], []
        for k in range(steps):
            t0 = time.perf_counter()
            losses.append(impl.step(k))
            ms.append((time.perf_counter() - t0) * 1000)
        self.losses.append(losses)
        self.ms.append(ms)

    def median_ms(self):
        return statistics.median(t for run in self.ms for t in run)


def rel_diff(a, b):
    return abs(a - b) / max(abs(a), abs(b), 1e-300)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--steps", type=int, default=100, help="training steps per run (100)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each, taking turns (3)")
    ap.add_argument("--data-seed", type=int, default=1, help="make_moons' seed (1, as lesson 12)")
    ap.add_argument(
        "--weight-seed",
        type=int,
        default=0,
        help="random.seed for the starting weights (0, as lesson 12)",
    )
    args = ap.parse_args()
    if not 1 <= args.steps <= 100 or args.repeat < 1:
        ap.error("--steps must be 1 to 100 (the learning rate's schedule) and --repeat >= 1")

    X, y, start = tm.workload(args.data_seed, args.weight_seed)
    runners = [Runner(C.name, lambda C=C: C(start, X, y)) for C in (tm.Scalar, tm.Numpy)]
    have_torch = importlib.util.find_spec("torch") is not None
    if have_torch:
        import torch

        default_threads = torch.get_num_threads()  # before anything changes it
        runners.append(Runner("PyTorch CPU, 1 thread", lambda: tm.Torch(start, X, y), 1))
        if default_threads > 1:
            runners.append(
                Runner(
                    f"PyTorch CPU, {default_threads} threads (its default)",
                    lambda: tm.Torch(start, X, y),
                    default_threads,
                )
            )
    scalar, numpy_ = runners[0], runners[1]
    nodes = tm.Scalar(start, X, y).nodes_per_step()

    for r in range(args.repeat):  # rotate who goes first, so no one always follows the same
        for runner in runners[r % len(runners) :] + runners[: r % len(runners)]:
            runner.run(args.steps)

    versions = f"Python {platform.python_version()}, numpy {np.__version__}"
    versions += f", torch {torch.__version__}" if have_torch else ", torch not installed"
    print(
        "lesson 12's moons workload: make_moons(100, noise=0.1), MLP(2, [16, 16, 1]), "
        f"{sum(a.size for a in start)} parameters, hinge + {tm.ALPHA:g} * L2, SGD lr 1.0 -> 0.1"
    )
    print(
        f"seeds {args.data_seed} (data), {args.weight_seed} (weights); "
        f"{args.steps} steps x {args.repeat} runs of each, taking turns; {versions}"
    )
    print(
        "one step = forward + loss + zero grads + backward + update; "
        "ms = median over every step of every run\n"
    )

    base = numpy_.median_ms()
    width = max(len(r.name) for r in runners) + 2
    print(f"{'':<{width}}{'ms per step':>12}{'this / numpy':>14}{'scalar / this':>15}")
    for runner in runners:
        ms = runner.median_ms()
        print(
            f"{runner.name:<{width}}{ms:>12.3f}{ms / base:>13.1f}x{scalar.median_ms() / ms:>14.1f}x"
        )
    print(
        f"\nthe scalar engine builds and walks back {nodes:,} Values per step; numpy and "
        "PyTorch do the same arithmetic in a few dozen calls on whole arrays"
    )
    if not have_torch:
        print("PyTorch rows skipped: PyTorch is not installed (pip install torch)")

    print("\ntargets (reported, never enforced: timings depend on the machine)")
    ratio = scalar.median_ms() / base
    print(
        f"  scalar engine / numpy >= {TARGETS['numpy']:g}x: {ratio:.1f}x, "
        f"{'met' if ratio >= TARGETS['numpy'] else 'NOT met'}"
    )
    if have_torch:
        ratio = runners[2].median_ms() / base
        print(
            f"  PyTorch CPU (1 thread) / numpy >= {TARGETS['torch']:g}x: {ratio:.1f}x, "
            f"{'met' if ratio >= TARGETS['torch'] else 'NOT met'}"
        )
    else:
        print(f"  PyTorch CPU (1 thread) / numpy >= {TARGETS['torch']:g}x: not measured")

    reference = scalar.losses[0]
    print(
        f"\nloss trajectories against the scalar engine's ({args.steps} steps, every run; "
        f"first loss {reference[0]:.6f}, last {reference[-1]:.6f}):"
    )
    worst = 0.0
    for runner in runners:
        d = max(rel_diff(a, b) for run in runner.losses for a, b in zip(run, reference))
        worst = max(worst, d)
        same = all(run == runner.losses[0] for run in runner.losses)
        print(
            f"  {runner.name:<{width}}largest relative difference {d:.1e}; "
            f"runs identical to each other: {same}"
        )
    ok = worst <= RTOL
    print(f"  target <= {RTOL:g}: {'met' if ok else 'NOT met: the implementations disagree'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
