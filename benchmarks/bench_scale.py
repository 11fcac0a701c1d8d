"""bench_scale.py: how engine.py copes with big graphs: time, peak memory, bytes per node.

Two graphs of about a million nodes each, the sizes the lessons promise work:

    chain  x = x + c, 10**6 times: a graph 10**6 deep, 10**6 + 2 nodes (c is one shared leaf)
    sum    sum(leaves) of 10**6 leaves: as deep, 2 * 10**6 + 1 nodes (a new leaf every step)

Each case runs in a fresh process, so each has its own heap. Time is wall time of building the
graph and of backward(). Memory is the peak resident size of the process (what the machine
sees) above what it was before the graph, and the peak that tracemalloc sees Python allocate
(a second, slower run: tracemalloc itself costs time). Bytes per node is that peak divided by
the nodes in the graph.

    python benchmarks/bench_scale.py                    # both cases, 10**6
    python benchmarks/bench_scale.py --n 200000         # smaller
    python benchmarks/bench_scale.py --engine old.py    # another engine.py, to compare

Prints figures; fails only if a gradient is wrong.
"""
import argparse
import gc
import importlib.util
import multiprocessing
import pathlib
import platform
import resource
import sys
import time
import tracemalloc

ROOT = pathlib.Path(__file__).resolve().parent.parent


def load_engine(path):
    spec = importlib.util.spec_from_file_location("engine", path)
    engine = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(engine)
    return engine


def peak_rss():
    """The process's peak resident size in bytes (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def build(engine, case, n):
    """The graph's output, the leaves whose gradients are known, and those gradients."""
    Value = engine.Value
    if case == "chain":
        x0, c = Value(0.0), Value(1.0)
        x = x0
        for _ in range(n):
            x = x + c
        return x, n + 2, [(x0, 1.0), (c, float(n))]
    leaves = [Value(1.0) for _ in range(n)]
    return sum(leaves), 2 * n + 1, [(leaves[0], 1.0), (leaves[-1], 1.0)]


def run_case(conn, engine_path, case, n, traced):
    engine = load_engine(engine_path)
    gc.collect()
    if traced:
        tracemalloc.start()
    base = peak_rss()
    t0 = time.perf_counter()
    root, nodes, known = build(engine, case, n)
    t1 = time.perf_counter()
    built = peak_rss()
    root.backward()
    t2 = time.perf_counter()
    ok = all(v.grad == g for v, g in known)
    traced_peak = tracemalloc.get_traced_memory()[1] if traced else None
    conn.send(dict(nodes=nodes, build_s=t1 - t0, backward_s=t2 - t1, graph=built - base,
                   peak=peak_rss() - base, traced=traced_peak, ok=ok))


def measure(engine_path, case, n, traced):
    ctx = multiprocessing.get_context("spawn")
    here, there = ctx.Pipe()
    p = ctx.Process(target=run_case, args=(there, str(engine_path), case, n, traced))
    p.start()
    result = here.recv()
    p.join()
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10**6, help="steps in each graph (10**6)")
    ap.add_argument("--engine", default=ROOT / "engine.py", help="the engine.py to measure")
    ap.add_argument("--no-trace", action="store_true", help="skip the tracemalloc runs")
    args = ap.parse_args()
    if args.n < 1:
        ap.error("--n must be at least 1")
    print(f"engine {args.engine}; Python {platform.python_version()}; cyclic GC on; "
          f"n = {args.n:,}\n")
    print(f"{'case':<6} {'nodes':>10} {'build s':>8} {'backward s':>10} {'graph MB':>9} "
          f"{'peak MB':>8} {'B/node':>7} {'traced MB':>9} {'B/node':>7}")
    ok = True
    for case in ("chain", "sum"):
        r = measure(args.engine, case, args.n, traced=False)
        t = None if args.no_trace else measure(args.engine, case, args.n, traced=True)
        ok = ok and r["ok"] and (t is None or t["ok"])
        traced = (f"{t['traced'] / 1e6:>9.0f} {t['traced'] / r['nodes']:>7.0f}" if t
                  else f"{'-':>9} {'-':>7}")
        print(f"{case:<6} {r['nodes']:>10,} {r['build_s']:>8.2f} {r['backward_s']:>10.2f} "
              f"{r['graph'] / 1e6:>9.0f} {r['peak'] / 1e6:>8.0f} {r['peak'] / r['nodes']:>7.0f} "
              f"{traced}")
    print("\ngraph MB: resident memory the built graph added; peak MB: the peak during "
          "build and backward; traced: Python's own allocations (tracemalloc)")
    print(f"every gradient checked: {'right' if ok else 'WRONG'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
