"""Each lesson in JupyterLab as a learner meets it, in headless chromium at 1366x768.

Run: a lesson whose outputs are live (a player's script, 04's explorer: browsing.live), but
SAME_PLAYERS (below), from the workspace (outputs cleared) with Restart Kernel and Run All
Cells; every code cell runs, errors only where a cell is tagged to raise, every graph and player
frame is legible and fits, every player steps and plays, axe-core finds nothing serious. Lesson
11 is run once, by test_playground.py, which makes the same checks on that run. The other
lessons are not run here: what Run All shows of them equals what they store (nbval in `make
test`, every output compared), and that stored form is audited below.

Stored: every lesson's original with its outputs, opened without a kernel and not trusted, one
after another in one JupyterLab page; its graphs show as pictures with text alternatives, axe-core
finds nothing serious, and its players degrade to the first frame and the list of steps, with no
buttons that do nothing.
"""
import time

import nbcheck
import pytest
from auditing import audit, serious
from browsing import (NOTEBOOK, NOTEBOOK_RUN_S, REPORT, graphs, lessons, live, measure, needs,
                      open_stored, picture_problems, run_all, screenshot, smallest)
from checks import OUTPUTS, after_run_all, show_for_screenshot

EXPLORER = "04_backprop_by_hand.ipynb"  # the lesson whose explorer's slider is walked
PLAYGROUND = "11_playground.ipynb"  # run by test_playground.py::test_playground_live
# Lessons whose only live outputs are players, served by the same players.js as the players of
# 04, 05 and 09, which are run here: their players are played on the static site (test_site.py)
# and their outputs equal a fresh run's (`make test`), so a Run All here proves nothing new.
# test_lessons_not_run_hold_only_players keeps that true as the lessons change.
SAME_PLAYERS = {"03_drawing_graphs.ipynb", "10_cross_entropy.ipynb"}


def live_params():
    """The lessons with live outputs, but 11; one that needs what this venv (the lessons'
    kernel) lacks is skipped."""
    return [pytest.param(name, marks=pytest.mark.skip(reason=nbcheck.skip_reason(missing)))
            if (missing := nbcheck.unavailable(needs(name))) else name
            for name in lessons() if live(name) and name not in SAME_PLAYERS | {PLAYGROUND}]


def test_lessons_not_run_hold_only_players():
    """No widget and no script but a player's in the lessons test_run_all leaves out."""
    import nbformat
    from browsing import NOTEBOOKS
    for name in SAME_PLAYERS:
        for cell in nbformat.read(NOTEBOOKS / name, as_version=4).cells:
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                html = "".join(data.get("text/html", ""))
                assert "application/vnd.jupyter.widget-view+json" not in data, (name, cell.id)
                assert "application/javascript" not in data, (name, cell.id)
                assert "<script" not in html or "gb-player" in html, (name, cell.id)


@pytest.mark.parametrize("name", live_params())
def test_run_all(page, lab, name, axe):
    """Restart Kernel and Run All Cells in the learner's workspace copy of the lesson; then,
    on that one run, everything that needs it: pictures, players, axe-core on the outputs, and
    in 04 the explorer's slider."""
    start = time.monotonic()
    code = run_all(page, lab, f"workspace/{name}", timeout_s=NOTEBOOK_RUN_S)
    problems = after_run_all(page, name, code, start)
    if name == EXPLORER:
        problems += explorer_follows_the_slider(page, name)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", lessons())
def test_stored(reader, lab, name, axe):
    """The original lesson with its stored outputs, opened without a kernel (not trusted)."""
    start = time.monotonic()
    page = reader
    open_stored(page, lab, f"notebooks/{name}")
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
