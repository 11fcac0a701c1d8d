"""Helpers for the browser tests (and any later one): paths, the learner's workspace, opening a
notebook in JupyterLab, Restart Kernel and Run All Cells, measuring what the page shows."""
import json
import pathlib
import os
import socket

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[1]
# The lessons under test: the repository's, or GRADBOOK_NOTEBOOKS=folder (say, a copy re-run
# with changed modules, to measure them before the notebooks are stored again).
NOTEBOOKS = pathlib.Path(os.environ.get("GRADBOOK_NOTEBOOKS", REPO / "notebooks")).resolve()
CHROMIUM = os.environ.get("GRADBOOK_CHROMIUM", "/usr/bin/chromium")
# Flags for a quiet, offline-friendly headless chromium: nothing of its own on the network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
VIEWPORT = {"width": 1366, "height": 768}
SCREENS = REPO / "build" / "browser-screens"  # CI keeps this folder (git-ignored: build/)
MIN_TEXT_PX = 10  # the smallest label text a learner can read on a laptop screen
SERVER_START_S = 90  # bounds, not sleeps: a wait ends as soon as its condition holds
NOTEBOOK_RUN_S = float(os.environ.get("GRADBOOK_RUN_TIMEOUT", 300))

# One summary line per notebook and per site page, printed at the end of the session.
REPORT = []
# How much was done: JupyterLab pages loaded, notebooks run, opened without a kernel, ...
WORK = {}


def count(what):
    WORK[what] = WORK.get(what, 0) + 1
# The notebook on show in JupyterLab (measure and the player checks look only inside it).
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"


def lessons():
    """Every numbered lesson, as the name of its file (00_index.ipynb, ...)."""
    return sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def live(name):
    """Whether a lesson's stored outputs hold anything drawn by script once its kernel has run
    (a player's script, a widget: 04's explorer, 11's playground). Only those lessons are run in
    the browser: what the others show after Run All equals what they store (nbval in `make test`
    compares every output, HTML and SVG included), so their stored form is what is audited."""
    nb = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            html = "".join(data.get("text/html", ""))
            if ("application/vnd.jupyter.widget-view+json" in data or "<script" in html
                    or "application/javascript" in data):
                return True
    return False


def needs(name):
    """What a lesson's metadata says it needs beyond requirements.txt (e.g. ["torch"])."""
    nb = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
    return nb.get("metadata", {}).get("gradbook", {}).get("requires", [])


def make_workspace(src, dest):
    """The learner's workspace: every notebook under src copied to dest with outputs cleared.

    Stands in for the workspace tool of `make lab` (tools/workspace.py) until it lands; then this
    body becomes a call to it.
    """
    import nbformat
    for path in sorted(src.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        nb.metadata.pop("widgets", None)
        out = dest / path.relative_to(src)
        out.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, out)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A running JupyterLab: its base URL, token and the folder it serves."""

    def __init__(self, base, token, root, log):
        self.base, self.token, self.root, self.log = base, token, root, log

    def url(self, path):
        """The URL that opens `path` (relative to the server root) in a fresh JupyterLab."""
        return f"{self.base}/lab/tree/{path}?reset&token={self.token}"

    def log_tail(self, n=30):
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])


# The notebook panel of `path` in the page's JupyterLab (null until it is open).
_PANEL = """(path) => { const app = window.jupyterapp; if (!app) return null;
  for (const w of app.shell.widgets('main')) if (w.context && w.context.path === path) return w;
  return null; }"""

_READY = f"""(path) => {{ const w = ({_PANEL})(path);
  return !!(w && w.context.isReady && w.content.widgets.length && w.sessionContext.session
            && w.sessionContext.session.kernel
            && w.sessionContext.kernelDisplayStatus === 'idle'
            && w.content.widgets.every(c => c.model.type !== 'code'
                                       || c.outputArea.widgets.length === c.model.outputs.length)
            && [...w.content.node.querySelectorAll('img')].every(i => i.complete)); }}"""

# Every code cell: index, execution count, running or not, tags, errors, first line of source.
_CELLS = f"""(path) => {{ const w = ({_PANEL})(path);
  return w.content.widgets.map((c, i) => {{ const m = c.model;
    if (m.type !== 'code') return null;
    const outs = m.outputs.toJSON();
    return {{i, count: m.executionCount, running: m.executionState === 'running',
      prompt: (c.node.querySelector('.jp-InputPrompt') || {{}}).textContent || '',
      tags: m.getMetadata('tags') || [],
      errors: outs.filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue),
      head: m.sharedModel.getSource().split('\\n').find(l => l && !l.startsWith('#')) || ''}};
  }}).filter(c => c); }}"""

# Done when the kernel is idle and no cell is running or queued, and either every code cell
# has run or that has held for 3 s: between two cells the kernel can be idle for a moment with
# nothing marked queued (seen in 06, after a cell that raises on purpose), and a run that
# stopped early must be reported as stopped, not as still going.
_DONE = f"""(path) => {{ const w = ({_PANEL})(path); if (!w) return false;
  const cells = ({_CELLS})(path);
  const quiet = w.sessionContext.kernelDisplayStatus === 'idle'
    && cells.every(c => !c.running && !c.prompt.includes('*'))
    && cells.some(c => c.count !== null || c.errors.length);
  if (!quiet) {{ window._gbQuietSince = null; return false; }}
  if (cells.every(c => c.count !== null)) return true;
  window._gbQuietSince = window._gbQuietSince || Date.now();
  return Date.now() - window._gbQuietSince > 3000; }}"""


def open_notebook(page, lab, path, timeout_s=120):
    """Open `path` (relative to the server root) and wait until its kernel is idle."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    count("JupyterLab pages loaded")
    page.goto(lab.url(path))
    try:
        page.wait_for_function(_READY, arg=path, timeout=timeout_s * 1000, polling=200)
    except PlaywrightTimeout:
        raise AssertionError(f"{path}: JupyterLab did not open it with an idle kernel within "
                             f"{timeout_s} s\nserver log:\n{lab.log_tail()}") from None


# A notebook opened with no kernel: its model, every output attached and every image loaded.
_SHOWN = f"""(path) => {{ const w = ({_PANEL})(path);
  return !!(w && w.context.isReady && w.content.widgets.length
            && w.content.widgets.every(c => c.model.type !== 'code'
                                       || c.outputArea.widgets.length === c.model.outputs.length)
            && [...w.content.node.querySelectorAll('img')].every(i => i.complete)); }}"""


def lab_page(page, lab):
    """Load JupyterLab once in `page` (an empty workspace); notebooks are then opened in it with
    open_stored, one after another, without reloading the application."""
    count("JupyterLab pages loaded")
    page.goto(f"{lab.base}/lab?reset&token={lab.token}")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell"
                           " && document.querySelector('#jp-main-dock-panel')",
                           timeout=SERVER_START_S * 1000, polling=200)
    page.evaluate("() => window.jupyterapp.restored")


def open_stored(page, lab, path, timeout_s=120):
    """Open `path` in the JupyterLab already loaded in `page` (lab_page) without starting a
    kernel, as stored and not trusted, after closing whatever notebook was open there."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    page.evaluate("""async (path) => { const app = window.jupyterapp;
      for (const w of [...app.shell.widgets('main')]) if (w.context) w.dispose();
      await app.commands.execute('docmanager:open', {path, factory: 'Notebook',
        kernelPreference: {shouldStart: false, canStart: false}}); }""", path)
    try:
        page.wait_for_function(_SHOWN, arg=path, timeout=timeout_s * 1000, polling=200)
    except PlaywrightTimeout:
        raise AssertionError(f"{path}: JupyterLab did not show it within {timeout_s} s\n"
                             f"server log:\n{lab.log_tail()}") from None
    count("notebooks opened without a kernel")
    kernel = page.evaluate(f"(path) => !!({_PANEL})(path).sessionContext.session", path)
    assert not kernel, f"{path}: opening it to read started a kernel"


def cells(page, path):
    return page.evaluate(_CELLS, path)


def run_all(page, lab, path, timeout_s=NOTEBOOK_RUN_S):
    """Open `path` and run Restart Kernel and Run All Cells, as the menu does; wait until the
    kernel is idle and no cell is queued. Returns the code cells (see _CELLS). A hung kernel
    fails within timeout_s with the notebook and the cell it hangs in.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    open_notebook(page, lab, path)
    count("notebooks run (Run All)")
    page.evaluate("() => { window._gbQuietSince = null;"
                  " window.jupyterapp.commands.execute('notebook:restart-run-all'); }")
    try:
        page.locator(".jp-Dialog .jp-mod-accept").click(timeout=30_000)  # the dialog's "Restart"
    except PlaywrightTimeout:
        raise AssertionError(f"{path}: Restart Kernel and Run All Cells showed no restart dialog "
                             "within 30 s") from None
    try:
        page.wait_for_function(_DONE, arg=path, timeout=timeout_s * 1000, polling=250)
    except PlaywrightTimeout:
        stuck = [c for c in cells(page, path) if c["running"]]
        where = f"cell {stuck[0]['i']} ({stuck[0]['head'][:60]!r})" if stuck else "no cell"
        raise AssertionError(f"{path}: Run All did not finish within {timeout_s} s; still "
                             f"running: {where}\nserver log:\n{lab.log_tail(10)}") from None
    return cells(page, path)


MEASURE_S = 120  # measuring a page takes seconds; past this something in it hangs


def measure(page, scope, name=""):
    """Every picture and player inside `scope` (a CSS selector): see tests/browser/measure.js.
    Bounded: a page where it hangs fails with the picture it was at."""
    try:
        return page.evaluate(f"""(scope) => Promise.race([({MEASURE_JS})(scope),
          new Promise((_, fail) => setTimeout(() => fail(new Error(
            'measuring took over {MEASURE_S} s, at ' + window._gbAt)), {MEASURE_S * 1000}))])""",
                             scope)
    except Exception as e:
        raise AssertionError(f"{name}: {str(e).splitlines()[0][:300]}") from None


MEASURE_JS = (HERE / "measure.js").read_text(encoding="utf-8")


def screenshot(page, name):
    SCREENS.mkdir(parents=True, exist_ok=True)
    path = SCREENS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def _frames(some, pictures):
    """Which frames of a player `some` are, or nothing for a lone picture."""
    if len(pictures) == 1 and "frame" not in pictures[0]:
        return ""
    return f" (frames {', '.join(str(p['frame'] + 1) for p in some)})"


def picture_problems(name, seen):
    """What is wrong with the pictures and players measured in one page, in words (a player's
    frames are summed up in one line per kind of problem)."""
    out = []
    groups = [(f"{name} cell {p['cell']}", [p]) for p in seen["pictures"]]
    groups += [(f"{name} player in cell {pl['cell']}", pl["pictures"]) for pl in seen["players"]]
    for where, pictures in groups:
        dead = [p for p in pictures if not p["loaded"]]
        small = [p for p in pictures if p["loaded"] and p["svg"] and p["px"] is not None
                 and p["px"] < MIN_TEXT_PX]
        cut = [p for p in pictures if p["cut"]]
        if dead:
            out.append(f"{where}: the picture does not load{_frames(dead, pictures)}")
        if small:
            p = min(small, key=lambda p: p["px"])
            out.append(f"{where}: label text {p['px']} px (< {MIN_TEXT_PX}), drawn "
                       f"{p['width']} px wide{_frames(small, pictures)}")
        if cut:
            out.append(f"{where}: the picture runs past its output box, {cut[0]['width']} px "
                       f"wide{_frames(cut, pictures)}")
        out += alt_problems(where, pictures)
    for c in seen["asText"]:
        out.append(f"{name} cell {c}: a graph shows as text (<Graph: ...>), not as a picture")
    return out


# What nbconvert's sanitiser and JupyterLab 4 write into an <img> that has no alt: it hides the
# missing alternative from axe-core's image-alt rule, so it counts as none here.
NO_ALT = {"No description has been provided for this image", "Image"}


def alt_problems(where, pictures):
    """A picture without a text alternative, or a graph's that does not name its values."""
    out = []
    for p in pictures:
        at = where + (f" frame {p['frame'] + 1}" if "frame" in p else "")
        if not p["loaded"]:
            continue
        if not (p.get("alt") or "").strip() or p["alt"].strip() in NO_ALT:
            out.append(f"{at}: a picture ({p['kind']}) with no text alternative")
        elif p.get("graph") and "frame" not in p:  # a frame's alternative is its caption
            listed = "nearest the output" not in p["alt"]
            missing = [lb for lb in p["labels"] if lb.rstrip("…") not in p["alt"]]
            if missing and (listed or len(missing) == len(p["labels"])):
                out.append(f"{at}: the graph's text alternative does not name "
                           f"{', '.join(missing[:5])}: {p['alt'][:80]!r}")
    return out[:3]


def smallest(seen):
    px = [p["px"] for p in seen["pictures"] + [q for pl in seen["players"]
                                                for q in pl["pictures"]] if p["px"] is not None]
    return min(px) if px else None


def graphs(seen):
    return sum(1 for p in seen["pictures"] if p["svg"]) + len(seen["players"])


def check_play(page, name, scope=NOTEBOOK):
    """Press play in every player; each must move off its first frame, then pause it again."""
    count = page.evaluate(f"""() => {{
      const players = [...document.querySelectorAll('{scope} .gb-player')];
      window._gbPlay = players.map(pl => {{
        const b = [...pl.querySelectorAll('button')].find(b => /play/i.test(
          (b.getAttribute('aria-label') || '') + b.textContent));
        const before = pl.querySelector('.gb-frame:not([style*="none"])');
        if (b) b.click();
        return {{pl, b, before}};
      }});
      return players.length; }}""")
    if not count:
        return []
    try:
        page.wait_for_function("""() => window._gbPlay.every(({pl, b, before}) => b && [...pl
          .querySelectorAll('.gb-frame')].find(f => f.getClientRects().length) !== before)""",
                               timeout=10_000, polling=100)
        problems = []
    except Exception:
        stuck = page.evaluate("""() => window._gbPlay.map((p, i) => [i, !!p.b, [...p.pl
          .querySelectorAll('.gb-frame')].find(f => f.getClientRects().length) === p.before])
          .filter(([i, b, same]) => !b || same)""")
        problems = [f"{name} player {i + 1}: " + ("no play button" if not b else
                                                   "play did not advance within 10 s")
                    for i, b, _ in stuck]
    page.evaluate("""() => window._gbPlay.forEach(({b}) => {
      if (b && /pause|stop/i.test((b.getAttribute('aria-label') || '') + b.textContent))
        b.click(); })""")
    return problems
