"""The class's hub as learners meet it: log in, run a lesson, keep their work, reach nobody
else's. Run by `make test-classroom` (as root; see conftest.py for what it makes and removes)."""
import json
import os
import pathlib
import pwd
import re

from conftest import MEMORY, run_async

import spawner

INDEX = "workspace/00_index.ipynb"
CELL = ".jp-Notebook .jp-CodeCell"


def test_three_learners_run_a_lesson_in_the_browser(hub, browser):
    """Each logs in with their password, lands on their own workspace/00_index.ipynb, runs its
    first three cells (the course's modules, from the shared install) and sees the graph."""
    for name in hub.names:
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        try:
            page = context.new_page()
            page.goto(f"{hub.base}/hub/login")
            page.fill("#username_input", name)
            page.fill("#password_input", hub.passwords[name])
            page.click("#login_submit")
            page.wait_for_url(re.compile(f"/user/{name}/lab/tree/{INDEX}"), timeout=120_000)
            page.wait_for_selector(CELL, timeout=180_000)
            page.locator(CELL).first.locator(".jp-InputArea-editor").click()
            for _ in range(4):  # code, markdown, code, code: Shift+Enter runs or renders each
                page.keyboard.press("Shift+Enter")
            graph = page.locator(CELL).nth(2).locator(".jp-OutputArea-output svg, "
                                                       ".jp-OutputArea-output img")
            graph.first.wait_for(timeout=180_000)
            assert not page.locator(f"{CELL} .jp-OutputArea-output[data-mime-type*=error]"
                                    ).count(), f"{name}: a cell raised"
            page.keyboard.press("Control+s")
            page.wait_for_function("() => !document.title.startsWith('*')", timeout=30_000)
            listing = page.locator(".jp-DirListing-content").inner_text(timeout=30_000)
            assert "00_index.ipynb" in listing, f"{name}'s file browser: {listing[:200]}"
        finally:
            context.close()
        saved = json.loads(pathlib.Path(pwd.getpwnam(name).pw_dir, INDEX).read_text())
        code = [c for c in saved["cells"] if c["cell_type"] == "code"]
        assert code[2]["outputs"], f"{name}: the graph was not saved in their own workspace"


def test_no_learner_reaches_another(hub, browser):
    """A's token and A's browser get nothing of B's server; A's kernel cannot read B's home nor
    change the shared course; A is no admin. The teacher, admin, can open A's notebook."""
    a, b = hub.names[0], hub.names[1]
    prefix = hub.prefix

    async def as_a():
        owner = hub.learner(b)  # B's server runs: else the hub, not B's server, would answer
        await owner.login()
        await owner.start_server()
        learner = hub.learner(a)
        await learner.login()
        await learner.start_server()
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
        page.goto(f"{hub.base}/hub/login")
        page.fill("#username_input", a)
        page.fill("#password_input", hub.passwords[a])
        page.click("#login_submit")
        page.wait_for_url(re.compile(f"/user/{a}/"), timeout=120_000)
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
        await learner.stop_server()
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
