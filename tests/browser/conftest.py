"""Browser tests: the course in JupyterLab and the static site, driven in Debian's chromium.

They run only when named (`make test-browser`, or `pytest tests/browser`): the learner's
`make test` collects tests/ and never imports Playwright. Shared fixtures for any browser test:
`lab` (one JupyterLab for the session, serving a temporary copy of the course), `browser` (one
chromium), `reader` (one JupyterLab page in which stored notebooks are opened without a kernel),
and `run_all(page, lab, path)`, which opens a notebook and runs Restart Kernel and Run All Cells
the way a learner does, waiting for conditions, never for a fixed time.

With pytest-xdist (`make test-browser` runs two workers) each worker has its own JupyterLab and
chromium; the static site and axe-core are made once, before the workers start, and what each
worker saw (the report lines, axe's tally) is gathered into the one summary.
"""
import json
import os
import pathlib
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

import pytest
import auditing
from browsing import (CHROMIUM, CHROMIUM_ARGS, HERE, NOTEBOOKS, REPO, REPORT, SCREENS,
                      SERVER_START_S, VIEWPORT, WORK, Lab, free_port, lab_page, make_workspace)


def pytest_ignore_collect(collection_path, config):
    """Collect these tests only when the command line names this folder or a file in it."""
    if collection_path == HERE or HERE not in collection_path.parents:
        return None
    where = config.invocation_params.dir
    named = [(where / a.split("::")[0]).resolve() for a in config.args]
    if any(p == HERE or HERE in p.parents for p in named):
        return None
    return True


# The long tests (a lesson run by Run All) first, so that two workers end near each other.
LONG_FIRST = ("test_run_all", "test_playground_live", "test_playground_by")


def pytest_collection_modifyitems(items):
    rank = {name: k for k, name in enumerate(LONG_FIRST)}
    items.sort(key=lambda it: next((rank[n] for n in LONG_FIRST if it.name.startswith(n)),
                                   len(LONG_FIRST)))


def pytest_sessionstart(session):
    if not any(HERE == p or HERE in p.parents for p in
               ((session.config.invocation_params.dir / a.split("::")[0]).resolve()
                for a in session.config.args)):
        return
    if not os.access(CHROMIUM, os.X_OK):
        pytest.exit(f"the browser tests need chromium at {CHROMIUM}, which is missing: install "
                    "it with `sudo apt-get install -y chromium` (Debian/Ubuntu), then run "
                    "`make test-browser` again", returncode=3)
    try:
        import playwright  # noqa: F401
    except ImportError:
        pytest.exit("the browser tests need Playwright for Python: "
                    ".venv/bin/pip install -r requirements-browser.txt", returncode=3)
    if hasattr(session.config, "workerinput") or not session.config.getoption("numprocesses",
                                                                               None):
        return
    # Before xdist starts its workers (its own hook runs last): make what they share, once, and
    # hand it to them in the environment they inherit.
    try:
        auditing.install_axe()
    except RuntimeError as e:
        pytest.exit(str(e), returncode=3)
    if not os.environ.get("GRADBOOK_SITE"):
        # Built while the workers start JupyterLab and run lessons: the `site` fixture of a
        # worker waits for it (its log says when it is done, and how).
        tmp = pathlib.Path(tempfile.mkdtemp(prefix="gradbook-site-"))
        log = open(tmp / "build.log", "wb")
        build = subprocess.Popen(
            ["sh", "-c", _BUILD, sys.executable, str(REPO / "tools" / "build_site.py"),
             str(NOTEBOOKS), str(tmp / "site")], cwd=REPO, stdout=log, stderr=subprocess.STDOUT)

        def clean():
            if build.poll() is None:
                build.kill()
            build.wait()
            log.close()
            shutil.rmtree(tmp, ignore_errors=True)
        session.config.add_cleanup(clean)
        os.environ["GRADBOOK_SITE"] = str(tmp / "site")
        os.environ["GRADBOOK_SITE_LOG"] = str(tmp / "build.log")


# tools/build_site.py, then one last line in its log saying how it ended.
_BUILD = '"$0" "$1" "$2" "$3"; echo "gradbook-site-build-exit $?"'
SITE_BUILD_S = 300


def pytest_sessionfinish(session):
    if hasattr(session.config, "workerinput"):  # an xdist worker: hand what it saw over
        session.config.workeroutput["gradbook"] = json.dumps(
            {"report": REPORT, "tally": auditing.TALLY, "work": WORK})


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """xdist, in the controller: a worker is done; add what it saw to the session's summary."""
    seen = json.loads(getattr(node, "workeroutput", {}).get("gradbook", "null") or "null")
    if not seen:
        return
    REPORT.extend(seen["report"])
    for where, rules in seen["tally"].items():
        mine = auditing.TALLY.setdefault(where, {})
        for rule, r in rules.items():
            m = mine.setdefault(rule, {"impact": r["impact"], "nodes": 0, "pages": []})
            m["nodes"] += r["nodes"]
            m["pages"] += r["pages"]
    for k, v in seen["work"].items():
        WORK[k] = WORK.get(k, 0) + v


def pytest_terminal_summary(terminalreporter):
    if any(WORK.values()):
        REPORT.append("work: " + ", ".join(f"{v} {k}" for k, v in sorted(WORK.items())))
    if REPORT:
        terminalreporter.section("what the browser saw")
        for line in REPORT:
            terminalreporter.write_line(line)
    lines = auditing.report()
    if lines:
        terminalreporter.section("accessibility (axe-core), violations by rule")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def site():
    """`make html` into a temporary folder (tools/build_site.py NOTEBOOKS DEST), for the session;
    GRADBOOK_SITE=folder reuses a site made before (while working on the browser tests)."""
    if os.environ.get("GRADBOOK_SITE_LOG"):  # being built by the session (xdist's controller)
        log = pathlib.Path(os.environ["GRADBOOK_SITE_LOG"])
        deadline = time.monotonic() + SITE_BUILD_S
        while "gradbook-site-build-exit" not in log.read_text(errors="replace"):
            if time.monotonic() > deadline:
                pytest.fail(f"tools/build_site.py did not finish within {SITE_BUILD_S} s")
            time.sleep(0.2)  # polling interval of the condition, not a wait
        text = log.read_text(errors="replace")
        if "gradbook-site-build-exit 0" not in text:
            pytest.fail(f"tools/build_site.py failed:\n{text[-3000:]}")
    if os.environ.get("GRADBOOK_SITE"):
        yield pathlib.Path(os.environ["GRADBOOK_SITE"]).resolve()
        return
    with tempfile.TemporaryDirectory(prefix="gradbook-site-") as tmp:
        yield build_site(pathlib.Path(tmp) / "site")


def build_site(dest):
    """tools/build_site.py NOTEBOOKS dest; dest."""
    build = str(REPO / "tools" / "build_site.py")
    done = subprocess.run([sys.executable, build, str(NOTEBOOKS), str(dest)], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    if done.returncode:
        pytest.fail(f"tools/build_site.py failed:\n{done.stderr[-3000:]}")
    return dest


@pytest.fixture(scope="session")
def axe():
    """axe-core, installed from npm into build/axe at its pinned version if it is not there."""
    try:
        return auditing.install_axe()
    except RuntimeError as e:
        pytest.fail(str(e))


@pytest.fixture(scope="session")
def lab():
    """The project's JupyterLab on 127.0.0.1, a free port and a random token, serving a
    temporary copy of the course (originals in notebooks/, cleared copies in workspace/):
    JupyterLab autosaves, and nothing here may write into the repository's notebooks/.
    Its config, runtime, data and settings folders are private; the kernel comes from the
    project's .venv (installed there with --sys-prefix, found through JUPYTER_PREFER_ENV_PATH).
    """
    jupyter = REPO / ".venv" / "bin" / "jupyter"
    if not jupyter.exists():
        pytest.exit(f"{jupyter} is missing: run `make .venv/.ready` first", returncode=3)
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="gradbook-lab-"))
    root = tmp / "root"
    shutil.copytree(NOTEBOOKS, root / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    make_workspace(root / "notebooks", root / "workspace")
    private = {name: tmp / folder for name, folder in [
        ("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("JUPYTER_DATA_DIR", "data"), ("IPYTHONDIR", "ipython"),
        ("JUPYTERLAB_SETTINGS_DIR", "settings"), ("JUPYTERLAB_WORKSPACES_DIR", "workspaces")]}
    for folder in private.values():
        folder.mkdir()
    # No news toast asking to go online over the notebook (and no request for it).
    news = private["JUPYTERLAB_SETTINGS_DIR"] / "@jupyterlab" / "apputils-extension"
    news.mkdir(parents=True)
    (news / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    # Every cell in the page, not only those near the screen (the default attaches cells as
    # they scroll into view): measuring a notebook must see all of it, whatever the timing.
    tracker = private["JUPYTERLAB_SETTINGS_DIR"] / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    env = {**os.environ, **{k: str(v) for k, v in private.items()},
           "JUPYTER_PREFER_ENV_PATH": "1", "JUPYTER_PLATFORM_DIRS": "1"}
    env.pop("JUPYTER_PATH", None)
    token, port = secrets.token_hex(16), free_port()
    log = tmp / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [str(jupyter), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
             "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
             f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
             "--LabApp.news_url=None", "--ServerApp.terminals_enabled=False"]
            + (["--allow-root"] if os.geteuid() == 0 else []),  # CI runs as root
            cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    server = Lab(f"http://127.0.0.1:{port}", token, root, log)
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"JupyterLab exited with {proc.returncode}:\n{server.log_tail()}")
            try:
                urllib.request.urlopen(f"{server.base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not answer within {SERVER_START_S} s:\n"
                                f"{server.log_tail()}")
                time.sleep(0.2)  # polling interval of the readiness check, not a wait
        yield server
    finally:
        _stop(proc)
        text = log.read_text(errors="replace") if log.exists() else ""
        WORK["kernels started"] = WORK.get("kernels started", 0) + text.count("Kernel started")
        WORK["JupyterLab servers"] = WORK.get("JupyterLab servers", 0) + 1
        SCREENS.mkdir(parents=True, exist_ok=True)  # kept for CI's artifacts, one per worker
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        shutil.copyfile(log, SCREENS / f"jupyterlab-{worker}.log") if log.exists() else None
        shutil.rmtree(tmp, ignore_errors=True)


def _stop(proc):
    """Stop the server and every kernel it started: they share its process group."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # a server that did not stop, or kernels it left
    except ProcessLookupError:
        pass
    proc.wait(5)


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the session (Debian's; Playwright's own download is not used)."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def reader(browser, lab):
    """One JupyterLab page for the session in which stored notebooks are opened one after
    another without a kernel (browsing.open_stored): loaded once, not once per notebook."""
    context = browser.new_context(viewport=VIEWPORT)
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    try:
        lab_page(pg, lab)
        yield pg
    finally:
        context.close()


@pytest.fixture
def page(browser):
    """A fresh page at 1366x768 whose console errors and uncaught exceptions are collected."""
    context = browser.new_context(viewport=VIEWPORT)
    pg = context.new_page()
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    try:
        yield pg
    finally:
        try:  # the kernels this page started, so they do not pile up over the session
            pg.evaluate("() => window.jupyterapp && "
                        "window.jupyterapp.serviceManager.sessions.shutdownAll()")
        except Exception:
            pass  # a page that is not JupyterLab, or that is gone already
        context.close()


