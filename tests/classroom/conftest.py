"""`make test-classroom`: a real hub on 127.0.0.1 with learners made for the run, as root.

Collected only when named (pytest tests/classroom), never by `make test`. The fixture `hub`
installs the course into /opt/gradbook-test, makes a teacher and three learners (system users
with random names), and starts classroom/hub.py; whatever happens (a failure, Ctrl-C, a
SIGTERM, the time limit), the hub, the proxy and every process of those users are stopped and
the users, their homes, their cgroups and the hub's state are removed. The install is kept, as
a class's own is: the next run updates it the way `make classroom` does after `git pull` (the
course copied afresh, pip only when a pin changed), instead of building and deleting some
30 000 files of venv each run (sudo rm -rf /opt/gradbook-test to drop it).
"""
import asyncio
import concurrent.futures
import contextlib
import fcntl
import os
import pathlib
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field

import pytest

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[1]
CLASSROOM = REPO / "classroom"
sys.path.insert(0, str(CLASSROOM))
import accounts  # noqa: E402
import install  # noqa: E402
from hubclient import Learner  # noqa: E402

CHROMIUM = os.environ.get("GRADBOOK_CHROMIUM", "/usr/bin/chromium")
# The whole run, install included (about 1.5 minutes on an idle 2-core machine); past it the
# run stops and cleans up. A busier machine may allow more: GRADBOOK_CLASSROOM_BUDGET_S=900.
BUDGET_S = int(os.environ.get("GRADBOOK_CLASSROOM_BUDGET_S", "480"))
SERVER_START_S = 150  # side by side on two shared cores: 15-60 s; past the hub's own 120 s
MEMORY = 512 * 2**20  # the learners' limit in this test: small, so a test can go past it
PREFIX = pathlib.Path("/opt/gradbook-test")  # the test's shared install, kept between runs


PHASES = []  # (what, seconds): printed after the run, so a slow stage shows where it went


@contextlib.contextmanager
def phase(what):
    start = time.monotonic()
    try:
        yield
    finally:
        PHASES.append((what, time.monotonic() - start))


def pytest_terminal_summary(terminalreporter):
    if PHASES:
        terminalreporter.write_sep("-", "classroom phases (wall seconds)")
        for what, seconds in PHASES:
            terminalreporter.write_line(f"{seconds:6.1f}  {what}")


def pytest_ignore_collect(collection_path, config):
    if collection_path == HERE or HERE not in collection_path.parents:
        return None
    named = [(config.invocation_params.dir / a.split("::")[0]).resolve() for a in config.args]
    return None if any(p == HERE or HERE in p.parents for p in named) else True


def run_async(coro):
    """Run a hubclient coroutine on its own loop in a thread (Playwright owns this thread's)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Hub:
    base: str
    prefix: pathlib.Path
    teacher: str
    passwords: dict
    log: pathlib.Path
    names: list = field(default_factory=list)

    def learner(self, name):
        return Learner(self.base, name, self.passwords[name])

    def log_tail(self, n=40):
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])


class OutOfTime(Exception):
    pass


def _raise(signum, frame):
    raise OutOfTime(f"signal {signum}: stopping and cleaning up")


@pytest.fixture(scope="session")
def hub():
    if os.geteuid() != 0:
        pytest.exit("make test-classroom runs as root (sudo): it makes system users", 3)
    proxy = CLASSROOM / "node_modules" / ".bin" / "configurable-http-proxy"
    if not proxy.exists():
        pytest.exit(f"{proxy} is missing: run `make test-classroom`, which installs it", 3)
    old = {s: signal.signal(s, _raise) for s in (signal.SIGTERM, signal.SIGALRM)}
    signal.alarm(BUDGET_S)
    tag = secrets.token_hex(2)
    teacher, names = f"gbt{tag}t", [f"gbt{tag}{k}" for k in "abc"]
    prefix = PREFIX
    prefix.mkdir(mode=0o755, exist_ok=True)
    lock = open(prefix.parent / (prefix.name + ".lock"), "w")
    try:  # one run at a time may update and use the install
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        pytest.exit(f"another make test-classroom is using {prefix}: wait for it to end", 3)
    state = pathlib.Path(tempfile.mkdtemp(prefix="gradbook-hub-test-"))
    log = state.parent / (state.name + ".log")
    proc = None
    try:
        prefix.chmod(0o755)
        venv_python = prefix / "venv" / "bin" / "python"
        if venv_python.exists() and subprocess.run([str(venv_python), "-c", ""]).returncode:
            shutil.rmtree(prefix / "venv")  # its Python is gone: made afresh below
        with phase("users made"):
            passwords = accounts.add([teacher], group=None) | accounts.add(names)
        port = free_port()
        started = time.monotonic()
        with open(log, "wb") as out:  # the hub starts while the course is installed: it
            proc = subprocess.Popen(  # reads the install only when a learner's server starts
                [sys.executable, str(CLASSROOM / "hub.py"), "--teacher", teacher,
                 "--port", str(port), "--hub-api-port", str(free_port()),
                 "--proxy-api-port", str(free_port()), "--prefix", str(prefix),
                 "--state", str(state), "--memory", str(MEMORY), "--idle-minutes", "30",
                 "--no-install"],
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        h = Hub(f"http://127.0.0.1:{port}", prefix, teacher, passwords, log, names)
        with phase("shared install updated (the hub starting meanwhile)"):
            install.install(prefix, seed=REPO / ".venv")  # pins met: no pip at all
            expose_lab_app(prefix / "venv")
            trim_course(prefix / "course" / "notebooks")
        with phase("hub answers"):
            wait_for_hub(h, proc, started + 60)
        with phase("three servers started"):
            start_servers(h)
        yield h
    finally:
        signal.alarm(0)
        with phase("cleanup: hub and proxy stopped"):
            stop(proc, state / "proxy.pid", [teacher, *names])
        with phase("cleanup: users and their homes removed"):
            for name in [teacher, *names]:
                if accounts.exists(name):
                    accounts.remove(name, delete_files=True)
        with phase("cleanup: cgroups removed"):
            remove_cgroups([teacher, *names])
        shutil.rmtree(state, ignore_errors=True)
        lock.close()
        for s, handler in old.items():
            signal.signal(s, handler)
        if log.exists():
            print(f"\nhub log ({log}), last lines:\n" + log.read_text(errors="replace")[-3000:])
            log.unlink()


def wait_for_hub(h, proc, deadline):
    while True:
        if proc.poll() is not None:
            pytest.fail(f"the hub exited with {proc.returncode}:\n{h.log_tail()}")
        try:
            urllib.request.urlopen(f"{h.base}/hub/api/", timeout=2)
            return
        except OSError:
            if time.monotonic() > deadline:
                pytest.fail(f"the hub did not answer within 60 s:\n{h.log_tail()}")
            time.sleep(0.3)  # polling interval of the readiness check


# What the tests open (00_index), one lesson and its worked answers: every kind of file the
# workspace copy handles, without the other lessons' megabytes of stored outputs, which each
# server start (four here) would read and clear, on two cores shared by three learners.
KEPT = {"00_index.ipynb", "01_derivatives.ipynb", "solutions/01_derivatives.ipynb"}


def trim_course(notebooks):
    """The test's own install only: the course's notebooks cut down to KEPT."""
    for path in sorted(notebooks.rglob("*.ipynb")):
        if path.relative_to(notebooks).as_posix() not in KEPT:
            path.unlink()


def expose_lab_app(venv):
    """The test's own install only: JupyterLab puts its app at window.jupyterapp, so the browser
    test drives it by its commands (as tests/browser does) rather than by keystrokes."""
    folder = venv / "etc" / "jupyter"  # LabApp reads jupyter_lab_config (not server config.d)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "jupyter_lab_config.json").unlink(missing_ok=True)  # never write through a link
    (folder / "jupyter_lab_config.json").write_text('{"LabApp": {"expose_app_in_browser": true}}')
    for path in (venv / "etc", folder, folder / "jupyter_lab_config.json"):
        path.chmod(0o755 if path.is_dir() else 0o644)


def start_servers(h):
    """Every learner's server at once (the hub spawns them side by side), before any test."""
    async def start(name):
        learner = h.learner(name)
        await learner.login()
        await learner.start_server(timeout=SERVER_START_S)

    async def all_of_them():
        await asyncio.gather(*(start(name) for name in h.names))
    try:
        run_async(all_of_them())
    except Exception as e:
        pytest.fail(f"the learners' servers did not start: {e}\n{h.log_tail()}")


def stop(proc, proxy_pid_file, users):
    """Every process of the test's own users first (their servers and kernels: the hub need not
    wait for each to shut down), then the hub (SIGTERM: it stops the proxy), then the proxy by
    its pid file if it outlived the hub, then the users' processes again."""
    kill_users(users)
    if proc is not None and proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
    try:
        os.kill(int(proxy_pid_file.read_text()), signal.SIGKILL)
    except (OSError, ValueError):
        pass  # stopped with the hub, as it should be
    kill_users(users)


def kill_users(users):
    uids = set()
    for name in users:
        try:
            uids.add(pwd.getpwnam(name).pw_uid)
        except KeyError:
            pass
    for entry in pathlib.Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and entry.stat().st_uid in uids:
                os.kill(int(entry.name), signal.SIGKILL)
        except OSError:
            pass  # gone already


def remove_cgroups(names):
    import spawner  # JupyterHub's: imported only when the hub test runs, never by `make test`
    version, root = spawner.memory_cgroup_root()
    if version is None:
        return
    for name in names:
        group = root / spawner.GROUP / name
        for _ in range(50):  # a killed process leaves its cgroup a moment later
            try:
                group.rmdir()
                break
            except FileNotFoundError:
                break
            except OSError:
                time.sleep(0.1)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            yield b
        finally:
            b.close()
