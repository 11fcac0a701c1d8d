"""How many learners one server carries: N simulated learners at once, measured by hand.

usage (as root, against a hub on this machine only):
  python classroom/loadtest.py --hub http://127.0.0.1:8000 --teacher NAME --sizes 1 5 10

For each N it makes N learner accounts (lt01, lt02, ...; removed at the end), and all N at once
log in through the hub's login form, start their server, open lesson 09 (their workspace copy)
and run every code cell in order in a kernel, as Run All does. It reports, per N: the time to
the first notebook (login to the notebook's contents), the time of lesson 09's Run All, the
memory each learner's processes use at the end (resident, summed over their processes) and the
failures. Talks only to the hub it is given, which must be on 127.0.0.1; every wait is bounded;
each round stops every server it started.
"""
import argparse
import asyncio
import json
import os
import pathlib
import pwd
import statistics
import sys
import time
import urllib.parse
import urllib.request

import accounts
from hubclient import Learner

LESSON = "workspace/09_moons.ipynb"


def usage_of_user(name):
    """(resident bytes, CPU seconds) summed over every process the user runs: the CPU time is
    what the learner cost the machine, whatever else ran beside them."""
    uid, rss, ticks = pwd.getpwnam(name).pw_uid, 0, 0
    for entry in pathlib.Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and entry.stat().st_uid == uid:
                for line in (entry / "status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        rss += int(line.split()[1]) * 1024
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                ticks += int(fields[11]) + int(fields[12])  # utime, stime
        except OSError:
            pass  # the process ended meanwhile
    return rss, ticks / os.sysconf("SC_CLK_TCK")


async def one_learner(base, name, password, cells):
    learner, t0 = Learner(base, name, password), time.monotonic()
    result = {"name": name}
    try:
        await learner.login()
        await learner.start_server(timeout=600)
        await learner.notebook(LESSON)
        result["first_notebook_s"] = time.monotonic() - t0
        kernel = await learner.kernel(LESSON)
        t1 = time.monotonic()
        for code in cells:
            status, _, error = await kernel.run(code, timeout=900)
            if status != "ok" and error != "NotImplementedError":
                raise RuntimeError(f"cell failed with {error}: {code[:60]!r}")
        result["run_all_s"] = time.monotonic() - t1
        result["memory"], result["cpu_s"] = usage_of_user(name)
        await kernel.close()
    except Exception as e:  # a failure is a result here, counted and named
        result["failure"] = f"{type(e).__name__}: {e}"[:200]
    finally:
        try:
            await learner.stop_server()
        except Exception:
            pass
    return result


def lesson_cells(prefix):
    """Lesson 09's code cells as the learner's copy has them (exercise cells unfilled)."""
    nb = json.loads((pathlib.Path(prefix) / "course" / "notebooks" / "09_moons.ipynb").read_text())
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"
            and "raises-exception" not in c.get("metadata", {}).get("tags", [])]


async def one_round(base, n, cells, limit_s):
    names = [f"lt{k:02d}" for k in range(1, n + 1)]
    passwords = accounts.add(names)  # a run stopped early may have left some: new passwords
    passwords |= {n: accounts.set_password(n) for n in names if n not in passwords}
    try:
        results = await asyncio.wait_for(asyncio.gather(
            *(one_learner(base, name, passwords[name], cells) for name in names)), limit_s)
    finally:
        for name in names:
            accounts.remove(name, delete_files=True)
    return results


def summary(n, results):
    ok = [r for r in results if "failure" not in r]
    def spread(key, scale=1.0, unit="s"):
        xs = [r[key] / scale for r in ok if key in r]
        return f"{statistics.median(xs):.0f} {unit} (max {max(xs):.0f})" if xs else "-"
    return (f"| {n} | {spread('first_notebook_s')} | {spread('run_all_s')} | "
            f"{spread('memory', 2**20, 'MiB')} | {spread('cpu_s')} | {len(results) - len(ok)} |")


def wait_for_hub(base, timeout=180):
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(f"{base}/hub/api/", timeout=5)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(f"loadtest: no hub at {base} within {timeout} s") from None
            time.sleep(1)  # polling interval


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--hub", default="http://127.0.0.1:8000")
    p.add_argument("--prefix", default="/opt/gradbook")
    p.add_argument("--sizes", type=int, nargs="+", default=[1, 5, 10])
    p.add_argument("--round-minutes", type=int, default=30, help="stop a round after this")
    a = p.parse_args(argv)
    host = urllib.parse.urlparse(a.hub).hostname
    if host not in ("127.0.0.1", "localhost"):
        raise SystemExit(f"loadtest: only a hub on this machine (127.0.0.1), not {host}")
    if os.geteuid() != 0 or max(a.sizes) > 40 or min(a.sizes) < 1:
        raise SystemExit("loadtest: run as root, with 1 to 40 learners a round")
    cells = lesson_cells(a.prefix)
    wait_for_hub(a.hub)
    rows = ["| learners | time to first notebook | lesson 09 Run All | memory per learner "
            "| CPU per learner | failures |", "|---|---|---|---|---|---|"]
    for n in a.sizes:
        try:
            results = asyncio.run(one_round(a.hub, n, cells, a.round_minutes * 60))
        except TimeoutError:
            rows.append(f"| {n} | round stopped after {a.round_minutes} min | | | | all |")
            print(rows[-1], flush=True)
            continue
        for r in results:
            if "failure" in r:
                print(f"  {r['name']}: {r['failure']}", file=sys.stderr)
        rows.append(summary(n, results))
        print(rows[-1], flush=True)
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
