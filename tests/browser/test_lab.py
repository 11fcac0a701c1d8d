"""Each lesson in JupyterLab as a learner meets it, in headless chromium at 1366x768.

Run: a lesson from the workspace (outputs cleared) with Restart Kernel and Run All Cells; every
code cell runs, errors only where a cell is tagged to raise, every graph and player frame is
legible and fits, every player steps and plays. Stored: the original with its outputs, opened
without running and not trusted; its graphs show as pictures and its players degrade to the
first frame and the list of steps, with no buttons that do nothing.
"""
import time

import nbcheck
import pytest
from auditing import audit, serious
from browsing import (NOTEBOOK, NOTEBOOK_RUN_S, REPORT, check_play, graphs, lessons, measure,
                      needs, open_notebook, picture_problems, run_all, screenshot, smallest)

OUTPUTS = f"{NOTEBOOK} .jp-OutputArea-output"  # the course's outputs; JupyterLab's UI is not ours
EXPLORER = "04_backprop_by_hand.ipynb"  # the lesson whose explorer's slider is walked


def lesson_params():
    """Every lesson; one that needs what this venv (the lessons' kernel) lacks is skipped."""
    return [pytest.param(name, marks=pytest.mark.skip(reason=nbcheck.skip_reason(missing)))
            if (missing := nbcheck.unavailable(needs(name))) else name for name in lessons()]


def show_for_screenshot(page, cell=None):
    """Scroll the notebook to cell number `cell` (the first problem), else to its first player,
    else to its first picture, for the screenshot."""
    page.evaluate(f"""(i) => {{ const n = document.querySelector('{NOTEBOOK}'); if (!n) return;
      const e = i !== null ? n.querySelectorAll('.jp-Cell')[i]
        : n.querySelector('.gb-player') || n.querySelector('.jp-OutputArea-output img, svg');
      if (e) e.scrollIntoView({{block: 'start'}}); }}""", cell)


@pytest.mark.parametrize("name", lesson_params())
def test_run_all(page, lab, name, axe):
    """Restart Kernel and Run All Cells in the learner's workspace copy of the lesson; then,
    on that one run, everything that needs it: pictures, players, axe-core on the outputs, and
    in 04 the explorer's slider."""
    start = time.monotonic()
    path = f"workspace/{name}"
    code = run_all(page, lab, path, timeout_s=NOTEBOOK_RUN_S)
    seen = measure(page, NOTEBOOK, name)
    problems = []
    unrun = [c for c in code if c["count"] is None and not c["errors"]]
    if unrun:
        c = unrun[0]
        problems.append(f"{name}: {len(unrun)} of {len(code)} code cells did not run, the first "
                        f"is cell {c['i']} ({c['head'][:60]!r})")
    for c in code:
        if c["errors"] and "raises-exception" not in c["tags"]:
            problems.append(f"{name} cell {c['i']} ({c['head'][:50]!r}) raised "
                            f"{c['errors'][0][:80]} without the raises-exception tag")
    problems += picture_problems(name, seen)
    for k, pl in enumerate(seen["players"]):
        if not pl["controls"]:
            problems.append(f"{name} player {k + 1} (cell {pl['cell']}): no prev/play/next, "
                            "slider and counter after running")
        problems += [f"{name} player in cell {pl['cell']}: {p}" for p in pl["problems"]]
    problems += check_play(page, name)
    problems += serious(f"{name} (after Run All)", audit(page, OUTPUTS, "run", name))
    if name == EXPLORER:
        problems += explorer_follows_the_slider(page, name)
    broken = [c["i"] for c in code if c["errors"] and "raises-exception" not in c["tags"]]
    show_for_screenshot(page, broken[0] if broken else None)
    screenshot(page, name.removesuffix(".ipynb") + "-run")
    errors = sum(1 for c in code if c["errors"])
    px = smallest(seen)
    REPORT.append(f"run    {name:28} cells {len(code) - len(unrun):3}/{len(code):<3} errors "
                  f"{errors} graphs {graphs(seen):2} smallest "
                  f"{'-' if px is None else f'{px:.1f}'} px  {time.monotonic() - start:5.1f} s")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", lessons())
def test_stored(page, lab, name, axe):
    """The original lesson with its stored outputs, opened without running (not trusted)."""
    start = time.monotonic()
    open_notebook(page, lab, f"notebooks/{name}")
    seen = measure(page, NOTEBOOK, name)
    problems = picture_problems(name, seen)
    problems += serious(f"{name} (stored)", audit(page, OUTPUTS, "stored", name))
    for k, pl in enumerate(seen["players"]):
        where = f"{name} player {k + 1} (cell {pl['cell']}), not trusted"
        if pl["first"] != 0:
            problems.append(f"{where}: the first frame does not show")
        if pl["list"] != pl["frames"]:
            problems.append(f"{where}: {pl['list']} of {pl['frames']} steps listed")
        if pl["buttons"] and not pl["controls"]:
            problems.append(f"{where}: {pl['buttons']} buttons or inputs that do nothing")
    show_for_screenshot(page)
    screenshot(page, name.removesuffix(".ipynb") + "-stored")
    px = smallest(seen)
    REPORT.append(f"stored {name:28} graphs {graphs(seen):2} as text {len(seen['asText']):2} "
                  f"smallest {'-' if px is None else f'{px:.1f}'} px  "
                  f"{time.monotonic() - start:5.1f} s")
    assert not problems, "\n".join(problems)


def explorer_follows_the_slider(page, name):
    """04's live explorer, after Run All: each slider is a native range input named by its
    label; arrow keys on a focused one move it, its readout and aria-valuetext follow, and the
    graph is redrawn."""
    sliders = f"{NOTEBOOK} .gb-explorer-slider input[type=range]"
    handle = page.locator(sliders).first
    try:
        handle.wait_for(timeout=10_000)
    except Exception:
        return [f"{name}: no slider of the explorer showed within 10 s after Run All"]
    problems = []
    names = page.evaluate(f"""() => [...document.querySelectorAll('{sliders}')].map(
        i => i.labels.length ? i.labels[0].querySelector('.gb-name').textContent : '')""")
    if not names or not all(names):
        problems.append(f"{name}: explorer sliders without a label naming them: {names}")
    readout = page.locator(f"{NOTEBOOK} .gb-explorer-slider output").first
    view = page.locator(f"{NOTEBOOK} .widget-html img").first
    before, shown = view.get_attribute("src"), readout.inner_text()
    handle.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    try:
        page.wait_for_function(
            f"""(before) => {{ const i = document.querySelector('{NOTEBOOK} .widget-html img');
              return i && i.src !== before; }}""", arg=before, timeout=15_000, polling=100)
    except Exception:
        return problems + [f"{name}: the slider moved from {shown} to {readout.inner_text()} "
                           "but the graph did not change within 15 s"]
    if not handle.evaluate("i => i === document.activeElement"):
        problems.append(f"{name}: arrow keys took the focus away from the explorer's slider")
    handle.evaluate("i => i.scrollIntoView({block: 'center'})")
    screenshot(page, name.removesuffix(".ipynb") + "-explorer")  # the focus ring, the readout
    page.emulate_media(forced_colors="active")  # and as a high-contrast theme shows them
    screenshot(page, name.removesuffix(".ipynb") + "-explorer-forced")
    page.emulate_media(forced_colors="none")
    if readout.inner_text() == shown:
        problems.append(f"{name}: arrow keys on the focused slider did not move its readout")
    if handle.get_attribute("aria-valuetext") != readout.inner_text():
        problems.append(f"{name}: the slider's aria-valuetext "
                        f"{handle.get_attribute('aria-valuetext')!r} is not its readout "
                        f"{readout.inner_text()!r}")
    return problems
