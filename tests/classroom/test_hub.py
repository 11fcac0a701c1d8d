"""The class's hub as learners meet it: log in, run a lesson, keep their work, reach nobody
else's. Run by `make test-classroom` (as root; see conftest.py for what it makes and removes)."""
import json
import os
import pathlib
import pwd
import re

from conftest import MEMORY, phase, run_async

import spawner

INDEX = "workspace/00_index.ipynb"
CELL = ".jp-Notebook .jp-CodeCell"


# The open notebook's panel in JupyterLab (window.jupyterapp: the test's install exposes it).
PANEL = """(path) => { const app = window.jupyterapp; if (!app) return null;
  for (const w of app.shell.widgets('main')) if (w.context && w.context.path === path) return w;
  return null; }"""
# Open, its cells shown, its kernel connected and idle: ready to run a cell.
READY = f"""(path) => {{ const w = ({PANEL})(path);
  return !!(w && w.context.isReady && w.content.widgets.length && w.sessionContext.session
            && w.sessionContext.session.kernel
            && w.sessionContext.kernelDisplayStatus === 'idle'); }}"""
# Select the first three code cells (imports, a small graph, draw_dot) and run them, as
# Run > Run Selected Cells does.
RUN = f"""(path) => {{ const w = ({PANEL})(path); const nb = w.content;
  const code = nb.widgets.map((c, i) => c.model.type === 'code' ? i : -1).filter(i => i >= 0);
  nb.activeCellIndex = code[0]; nb.deselectAll(); nb.extendContiguousSelectionTo(code[2]);
  window.jupyterapp.commands.execute('notebook:run-cell'); return code[2]; }}"""
# The three cells have run (or one raised), the kernel is idle and the graph's <img> loaded.
DONE = f"""([path, last]) => {{ const w = ({PANEL})(path);
  const cells = w.content.widgets.slice(0, last + 1).filter(c => c.model.type === 'code');
  const raised = cells.some(c => c.model.outputs.toJSON().some(o => o.output_type === 'error'));
  const img = cells[2].node.querySelector('.jp-OutputArea-output img');
  return raised || (w.sessionContext.kernelDisplayStatus === 'idle'
    && cells.every(c => c.model.executionCount !== null) && !!img && img.complete
    && img.naturalWidth > 0); }}"""
ERRORS = f"""(path) => ({PANEL})(path).content.widgets.flatMap(c => c.model.type !== 'code' ? []
  : c.model.outputs.toJSON().filter(o => o.output_type === 'error')
     .map(o => o.ename + ': ' + o.evalue))"""


def wait(page, what, arg, timeout_s, message, hub):
    """Wait for a JS condition; past timeout_s, fail with what was awaited and the hub's log."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    try:
        page.wait_for_function(what, arg=arg, timeout=timeout_s * 1000, polling=200)
    except PlaywrightTimeout:
        if not page.evaluate("() => !!window.jupyterapp"):
            message += " (no window.jupyterapp: is JupyterLab's expose_app_in_browser set?)"
        raise AssertionError(f"{message} within {timeout_s} s (page: {page.url})\n"
                             f"hub log:\n{hub.log_tail(15)}") from None


def log_in(page, hub, name, then=""):
    page.goto(f"{hub.base}/hub/login{then}")
    page.fill("#username_input", name)
    page.fill("#password_input", hub.passwords[name])
    page.click("#login_submit")


def test_three_learners_run_a_lesson_in_the_browser(hub, browser):
    """Each logs in with their password, lands on their own workspace/00_index.ipynb, runs its
    first three code cells (the course's modules, from the shared install) and sees the graph.
    The three log in side by side, as a class does; their servers run already (conftest)."""
    contexts = [browser.new_context(viewport={"width": 1366, "height": 768})
                for _ in hub.names]
    try:
        pages = [context.new_page() for context in contexts]
        with phase("browser: three log in, land on their lab URL"):
            for page, name in zip(pages, hub.names):
                log_in(page, hub, name)
            for page, name in zip(pages, hub.names):
                page.wait_for_url(re.compile(f"/user/{name}/lab/tree/{INDEX}"), timeout=60_000)
        lasts = []
        with phase("browser: JupyterLab open, kernels idle"):
            for page, name in zip(pages, hub.names):
                wait(page, READY, INDEX, 60, f"{name}: JupyterLab did not open {INDEX} with an "
                     "idle kernel", hub)
                lasts.append(page.evaluate(RUN, INDEX))
        with phase("browser: three cells run, graph shown, saved"):
            for page, name, last in zip(pages, hub.names, lasts):
                wait(page, DONE, [INDEX, last], 60, f"{name}: the first three code cells did "
                     "not run and show the graph", hub)
                assert not page.evaluate(ERRORS, INDEX), f"{name}: {page.evaluate(ERRORS, INDEX)}"
                page.evaluate(f"(path) => ({PANEL})(path).context.save()", INDEX)
                listing = page.locator(".jp-DirListing-content").inner_text(timeout=10_000)
                assert "00_index.ipynb" in listing, f"{name}'s file browser: {listing[:200]}"
    finally:
        for context in contexts:
            context.close()
    for name in hub.names:
        saved = json.loads(pathlib.Path(pwd.getpwnam(name).pw_dir, INDEX).read_text())
        code = [c for c in saved["cells"] if c["cell_type"] == "code"]
        assert code[2]["outputs"], f"{name}: the graph was not saved in their own workspace"


def test_no_learner_reaches_another(hub, browser):
    """A's token and A's browser get nothing of B's server; A's kernel cannot read B's home nor
    change the shared course; A is no admin. The teacher, admin, can open A's notebook."""
    a, b = hub.names[0], hub.names[1]
    prefix = hub.prefix

    async def as_a():
        learner = hub.learner(a)  # B's server runs (conftest): else the hub would answer
        await learner.login()
        r = await learner.notebook(INDEX, owner=b, ok=None)
        users = await learner.fetch("/hub/api/users", ok=None)
        kernel = await learner.kernel(INDEX)
        try:
            probe = await kernel.run(
                "import os\nfor path in [os.path.expanduser('~%s/workspace/00_index.ipynb'),\n"
                "             '%s/course/engine.py']:\n"
                "    try:\n        open(path, 'a').close(); print('open', path)\n"
                "    except PermissionError:\n        print('refused', path)" % (b, prefix))
        finally:
            await kernel.close()
        return r.code, users.code, probe

    code, users_code, (status, out, _) = run_async(as_a())
    assert code in (403, 404), f"A read B's notebook through the contents API: {code}"
    assert users_code == 403, f"A, a learner, listed the hub's users: {users_code}"
    assert status == "ok" and out.count("refused") == 2, f"A's kernel: {out}"

    context = browser.new_context()
    try:
        page = context.new_page()
        log_in(page, hub, a, then="?next=%2Fhub%2Fhome")  # the hub's page, not A's JupyterLab
        page.wait_for_url(re.compile("/hub/home"), timeout=30_000)
        response = page.goto(f"{hub.base}/user/{b}/lab/tree/{INDEX}")
        page.wait_for_load_state()
        assert response.status == 403 or "403" in page.content(), \
            f"A's browser opened B's notebook URL: {response.status} {page.url}"
        assert not page.locator(CELL).count(), "B's notebook showed in A's browser"
        api = context.request.get(f"{hub.base}/user/{b}/api/contents/{INDEX}")
        assert api.status in (403, 404) or "application/json" not in api.headers.get(
            "content-type", ""), f"A's browser cookies read B's notebook: {api.status}"
    finally:
        context.close()

    async def as_teacher():
        teacher = hub.learner(hub.teacher)
        await teacher.login()
        return (await teacher.notebook(INDEX, owner=a, ok=None)).code
    assert run_async(as_teacher()) == 200, "the teacher could not open a learner's notebook"


def test_restart_keeps_edits_and_an_update_arrives(hub):
    """C edits a lesson; the course gains a lesson; after C's server restarts, C's edit is
    there and the new lesson is copied in, as `make workspace` does."""
    c = hub.names[2]
    new_lesson = hub.prefix / "course" / "notebooks" / "99_update.ipynb"

    async def flow():
        learner = hub.learner(c)
        await learner.login()
        await learner.start_server()
        nb = json.loads((await learner.notebook(INDEX)).body)["content"]
        nb["cells"][0]["source"] = "# my own note, kept across restarts"
        await learner.fetch(learner.server_path(f"api/contents/{INDEX}"), "PUT",
                            {"type": "notebook", "format": "json", "content": nb})
        new_lesson.write_text((hub.prefix / "course" / "notebooks" / "00_index.ipynb").read_text())
        os.chmod(new_lesson, 0o644)
        with phase("restart: C's server stopped"):
            await learner.stop_server()
        with phase("restart: C's server started again"):
            await learner.start_server()
        again = json.loads((await learner.notebook(INDEX)).body)["content"]
        arrived = await learner.notebook("workspace/99_update.ipynb", ok=None)
        return again["cells"][0]["source"], arrived.code

    try:
        source, arrived = run_async(flow())
    finally:
        new_lesson.unlink(missing_ok=True)
    assert source == "# my own note, kept across restarts"
    assert arrived == 200, "the course update did not reach the learner's workspace"


def test_memory_limit_stops_the_kernel_not_the_server(hub):
    """B's server is in B's own cgroup with the limit; a kernel that goes past it is killed."""
    b = hub.names[1]
    version, root = spawner.memory_cgroup_root()
    assert version is not None, "no cgroup memory controller on this machine"
    group = root / spawner.GROUP / b
    limit = "memory.limit_in_bytes" if version == "v1" else "memory.max"

    async def flow():
        learner = hub.learner(b)
        await learner.login()
        await learner.start_server()
        assert int((group / limit).read_text()) == MEMORY
        kernel = await learner.kernel(INDEX)
        _, pid, _ = await kernel.run("import os; print(os.getpid())")
        members = (group / "cgroup.procs").read_text().split()
        try:
            await kernel.run(f"hog = b'x' * {MEMORY + 200 * 2**20}", timeout=60)
        except Exception:
            pass  # the kernel is killed mid-cell: no reply comes
        alive = await learner.fetch("/hub/api/users/" + b)
        return int(pid), members, json.loads(alive.body)["servers"][""]["ready"]

    pid, members, server_ready = run_async(flow())
    assert str(pid) in members, f"the kernel {pid} is not in {group}"
    assert not pathlib.Path(f"/proc/{pid}").exists() or \
        pathlib.Path(f"/proc/{pid}/status").read_text().count("State:\tZ"), \
        "the kernel went past the memory limit and lived"
    assert server_ready, "the learner's server died with the kernel"
