"""Lesson 11's playground in JupyterLab, in headless chromium at 1366x768, as a learner uses it.

Run: the lesson from the workspace (outputs cleared) with Restart Kernel and Run All Cells, once:
that run gets every check test_lab.py makes of a lesson run (cells, pictures, axe-core); then,
on the first playground: a click on the plane adds a point, play moves the step count and the
boundary, pause stops them, in "delete a point" mode a click on a point deletes it, and "show a
point's graph" shows a drawn graph. Then, on a small playground of its own, in one page: the same
by keyboard only, its accessibility tree, and screenshots at 1366x768, under forced colours and
at 200 % (a viewport of half the CSS pixels, as zooming gives).
The measured steps per second while playing are printed, never asserted (speed
is a benchmark's business: benchmarks/bench_playground.py). Stored: the original,
opened untrusted and not run, shows the still picture and the line about the kernel.
"""
import re
import time

import pytest
from checks import after_run_all

# The helpers come with the browser suite's conftest, which also keeps these tests out of a
# plain `pytest tests`; where they are missing, say so instead of failing to import.
browsing = pytest.importorskip("browsing", reason="tests/browser/browsing.py is missing")
REPORT, open_stored, run_all, screenshot = (browsing.REPORT, browsing.open_stored,
                                            browsing.run_all, browsing.screenshot)

expect = pytest.importorskip("playwright.sync_api").expect

LESSON = "11_playground.ipynb"
VIEW = ".gbp"  # the playground's root element (playground.js)


def status(page, view):
    """The step count, the point count and the measured steps/s the view shows."""
    data = view.locator("[data-testid=status]").evaluate("e => ({...e.dataset})")
    return int(data["step"]), int(data["points"]), float(data["rate"])


def drawn(view):
    """How many frames the view has drawn so far."""
    return int(view.locator("[data-testid=status]").evaluate("e => e.dataset.drawn"))


def picture(view):
    """The plane's pixels, to see the boundary change."""
    return view.locator("[data-testid=plane]").evaluate("c => c.toDataURL()")


def test_playground_live(page, lab, axe):
    start = time.monotonic()
    cells = run_all(page, lab, f"workspace/{LESSON}")
    problems = after_run_all(page, LESSON, cells, start)
    assert not problems, "\n".join(problems)
    view = page.locator(VIEW).first
    view.locator("[data-testid=status]").wait_for()
    view.scroll_into_view_if_needed()
    step0, n0, _ = status(page, view)
    assert (step0, n0) == (0, 100), "the lesson leaves its playground at the start"

    # it fits a 900 px notebook column: the plane and the network side by side, nothing cut
    box, out = view.bounding_box(), page.locator(".jp-OutputArea-output", has=view).first
    assert box["width"] <= 900, f"the playground is {box['width']} px wide"
    assert out.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), "it runs past its output"
    plane_box = view.locator("[data-testid=plane]").bounding_box()
    net_box = view.locator("[data-testid=network]").bounding_box()
    assert net_box["y"] < plane_box["y"] + plane_box["height"], "the network fell under the plane"

    # a click on an empty part of the plane (top left: no moon there) adds a point of class -1
    plane = view.locator("[data-testid=plane]")
    plane.click(position={"x": 25, "y": 25})
    page.wait_for_function(
        "e => e.dataset.points === '101'", arg=view.locator("[data-testid=status]")
        .element_handle(), timeout=20_000)
    view.screenshot(path=str(screenshot(page, "playground-added-point")))

    # play: the step count and the boundary move; pause stops them
    before, drawn0 = picture(view), drawn(view)
    view.locator("[data-testid=play]").click()
    t0 = time.monotonic()
    status_el = view.locator("[data-testid=status]").element_handle()
    page.wait_for_function("e => Number(e.dataset.step) >= 20", arg=status_el,
                           timeout=60_000, polling=100)
    # a click while playing (bottom left, empty too) adds a point and play goes on
    plane.click(position={"x": 25, "y": 290})
    page.wait_for_function("e => e.dataset.points === '102'", arg=status_el, timeout=20_000)
    page.wait_for_function("e => Number(e.dataset.step) >= 40", arg=status_el,
                           timeout=60_000, polling=100)
    rate = status(page, view)[2]  # the page's own count, over its last 20 frames
    view.locator("[data-testid=play]").click()  # pause
    seconds = time.monotonic() - t0
    # a step already asked for may still arrive; after it, none
    page.wait_for_function("e => e.dataset.rate === '0.00'", arg=status_el)
    page.wait_for_timeout(500)  # the window in which a step after pause would show
    steps, frames = status(page, view)[0], drawn(view) - drawn0
    page.wait_for_timeout(700)
    assert status(page, view)[0] == steps, "the steps go on after pause"
    assert picture(view) != before, "the boundary did not change while playing"
    wall = steps / seconds
    line = (f"{LESSON}: played {steps} steps in {seconds:.1f} s from the click on play: "
            f"{wall:.1f} steps/s, {frames / seconds:.1f} frames/s drawn ({frames} frames); "
            f"the page's own count over its last 20 steps: {rate:.1f} steps/s")
    print(line)
    REPORT.append(line)
    view.screenshot(path=str(screenshot(page, "playground-after-play")))
    view.locator("[data-testid=show-grads]").check()  # the switch redraws from the same frame
    view.screenshot(path=str(screenshot(page, "playground-gradients")))

    # in delete mode a click on a point deletes it: the two added above
    view.locator("[data-testid=mode-delete]").check()
    plane.click(position={"x": 25, "y": 25})
    page.wait_for_function("e => e.dataset.points === '101'", arg=status_el, timeout=20_000)
    plane.click(position={"x": 25, "y": 290})
    page.wait_for_function("e => e.dataset.points === '100'", arg=status_el, timeout=20_000)

    # show a point's graph: click where point 0 is drawn
    view.locator("[data-testid=mode-graph]").check()
    target = plane.evaluate("c => JSON.parse(c.dataset.first)")  # where point 0 is drawn
    plane.click(position={"x": target[0], "y": target[1]})
    graph = view.locator("[data-testid=graph] svg")
    graph.wait_for(timeout=60_000)
    # the graph and its caption are two traits, synced one after the other: wait for both
    caption_el = view.locator("[data-testid=graph-caption]")
    page.wait_for_function("e => e.textContent.length > 0", arg=caption_el.element_handle(),
                           timeout=20_000)
    caption = caption_el.inner_text()
    assert caption.startswith("point 0 at"), caption
    view.locator("[data-testid=graph]").screenshot(path=str(screenshot(page,
                                                                        "playground-graph")))
    # JupyterLab's debugger complains when Restart cancels its request: not the playground's
    errors = [e for e in page.errors if "debugger state" not in e]
    assert not errors, errors


def test_playground_stored_untrusted(reader, lab):
    page = reader
    open_stored(page, lab, f"notebooks/{LESSON}")
    out = page.locator(".jp-OutputArea-output", has_text="needs a running kernel").first
    out.wait_for(timeout=30_000)
    img = out.locator("img").first
    assert img.evaluate("i => i.complete && i.naturalWidth > 0"), "the still picture is broken"
    assert page.locator(VIEW).count() == 0, "an untrusted notebook ran the widget"
    img.scroll_into_view_if_needed()
    assert img.bounding_box()["width"] <= 900
    screenshot(page, "playground-stored")


# --- by keyboard only, and how it reads and looks (issue 20) -----------------------------------

WALK = "playground_walk.ipynb"
WALK_CODE = "from playground import Playground\npg = Playground(hidden=[4])\npg"


@pytest.fixture(scope="module")
def walk(browser, lab):
    """One page, one kernel, for the walk by keyboard and at 200 %: a notebook of one small
    playground (in the server's temporary copy, never notebooks/), run once."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    try:
        yield page, open_walk(page, lab)
    finally:
        page.evaluate("() => window.jupyterapp && "
                      "window.jupyterapp.serviceManager.sessions.shutdownAll()")
        context.close()


def open_walk(page, lab):
    import nbformat
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(WALK_CODE)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, lab.root / "workspace" / WALK)
    run_all(page, lab, f"workspace/{WALK}")
    view = page.locator(VIEW).first
    view.locator("[data-testid=status]").wait_for()
    view.scroll_into_view_if_needed()
    return view


def focused(page):
    """The data-testid (or tag) of the focused element, and whether its focus ring shows."""
    return page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
      return [e.dataset.testid || e.getAttribute('data-testid') || e.tagName.toLowerCase(),
              s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2]; }""")


def wait_points(page, view, n):
    page.wait_for_function(f"e => e.dataset.points === '{n}'",
                           arg=view.locator("[data-testid=status]").element_handle(),
                           timeout=30_000)


def test_playground_by_keyboard_only_and_at_200_percent(walk):
    page, view = walk
    live = view.locator("[data-testid=live]")
    # into the playground from the cell above it: Tab through every control, in order
    view.locator("[data-testid=step]").focus()
    order, ring = [], {}
    for _ in range(20):
        name, shows = focused(page)
        if name in order:
            break
        order.append(name)
        ring[name] = shows
        if name == "show-grads":
            break
        page.keyboard.press("Tab")
    assert order[:8] == ["step", "play", "reset", "dataset", "hidden", "act", "lr", "alpha"], order
    assert order[8].startswith("mode-") and order[9:] == ["plane", "show-grads"], order
    assert all(ring.values()), f"no visible focus ring on {[k for k, v in ring.items() if not v]}"

    # the plane: a cursor moved by arrows, Enter adds a point of the chosen class
    page.keyboard.press("Shift+Tab")
    assert focused(page)[0] == "plane"
    for key in ["ArrowLeft"] * 12 + ["ArrowUp"] * 8:  # towards the top left: no points there
        page.keyboard.press(key)
    assert "cursor at (" in live.inner_text()
    page.keyboard.press("Enter")
    wait_points(page, view, 101)
    assert "added a point of class −1" in live.inner_text(), live.inner_text()
    page.keyboard.press("2")  # the second class, +1
    assert view.locator("[data-testid=mode-add1]").is_checked()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    wait_points(page, view, 102)
    labels = view.locator("[data-testid=status]").inner_text()
    assert "51 of −1, 51 of +1" in labels, labels
    # Delete removes the point nearest the cursor: the +1 just added
    page.keyboard.press("Delete")
    wait_points(page, view, 101)
    assert "deleted point 101" in live.inner_text()
    assert "51 of −1, 50 of +1" in view.locator("[data-testid=status]").inner_text()
    view.screenshot(path=str(screenshot(page, "playground-keyboard-cursor")))

    # play and pause by keyboard; the live region speaks at most about once a second
    while focused(page)[0] != "play":
        page.keyboard.press("Shift+Tab")
    said0 = int(live.evaluate("e => e.dataset.count || 0"))
    page.keyboard.press("Enter")
    status_el = view.locator("[data-testid=status]").element_handle()
    page.wait_for_function("e => Number(e.dataset.step) >= 1", arg=status_el, timeout=60_000)
    t0 = time.monotonic()
    page.wait_for_timeout(3000)
    said = int(live.evaluate("e => e.dataset.count || 0")) - said0
    playing_s = time.monotonic() - t0 + 1
    assert view.locator("[data-testid=play]").inner_text().endswith("pause")
    page.keyboard.press("Enter")  # pause
    steps = int(view.locator("[data-testid=status]").evaluate("e => e.dataset.step"))
    assert steps >= 1
    assert 1 <= said <= playing_s + 1, f"{said} announcements in about {playing_s:.0f} s of play"
    page.wait_for_timeout(1500)  # a step already on its way may land; after it, none
    steps = int(view.locator("[data-testid=status]").evaluate("e => e.dataset.step"))
    page.wait_for_timeout(1000)
    assert int(view.locator("[data-testid=status]").evaluate("e => e.dataset.step")) == steps
    assert re.search(r"step \d+: loss [0-9.]+, accuracy \d+ %", live.inner_text()), \
        live.inner_text()
    REPORT.append(f"playground by keyboard: Tab order {order}; {said} announcements in "
                  f"{playing_s:.0f} s of play")

    # the accessibility tree: names contain what is shown
    tree = view.aria_snapshot()
    print(tree)
    for line in ['button "step"', 'button "▶ play"', 'button "reset"', 'combobox "data"',
                 'textbox "hidden"', 'combobox "activation"', 'slider "learning rate"',
                 'slider "L2 strength"', 'group "on the plane:"', 'radio "add class −1 ●"',
                 'radio "add class +1 ■"', 'radio "delete a point"',
                 'radio "show a point\'s graph"', 'application "plane: moons, 101 points"',
                 'checkbox "show gradients instead of weights"', 'status']:
        assert line in tree, f"{line!r} not in the accessibility tree:\n{tree}"
    assert re.search(r'img "the network 2-4-1, relu', tree), tree
    expect(view.locator("[data-testid=modes]")).to_match_aria_snapshot(
        '- group "on the plane:":\n'
        '  - radio "add class −1 ●"\n  - radio "add class +1 ■" [checked]\n'
        '  - radio "delete a point"\n  - radio "show a point\'s graph"')
    screenshot(page, "playground-1366x768")
    page.emulate_media(forced_colors="active")
    page.wait_for_timeout(300)
    view.screenshot(path=str(screenshot(page, "playground-forced-colors")))
    page.emulate_media(forced_colors="none")
    errors = [e for e in page.errors if "debugger state" not in e]
    assert not errors, errors
    at_200_percent(page, view)


def at_200_percent(page, view):
    """200 % zoom: half the CSS pixels (683x384); nothing runs off, the plane works; then
    prefers-reduced-motion. On the walk's page, after the keyboard walk (which it does not
    need: it adds its own point to whatever is there). Part of the walk's test, so that the
    two share one page and one kernel whatever worker runs them."""
    page.set_viewport_size({"width": 683, "height": 384})
    try:
        plane = view.locator("[data-testid=plane]")
        plane.scroll_into_view_if_needed()
        box = plane.bounding_box()
        assert box["width"] <= 683, box
        out = page.locator(".jp-OutputArea-output", has=view).first
        wide = out.evaluate("""e => { const r = e.getBoundingClientRect().right + 1;
          return [...e.querySelectorAll('*')].filter(c => c.getBoundingClientRect().right > r)
            .map(c => (c.dataset.testid || c.tagName) + ' ' + c.getBoundingClientRect().right);
          }""")
        assert not wide, f"past its output ({out.bounding_box()}): {wide}"
        assert box["x"] + box["width"] <= out.bounding_box()["x"] + out.bounding_box()["width"] + 1
        points = int(view.locator("[data-testid=status]").evaluate("e => e.dataset.points"))
        view.locator("[data-testid=mode-add1]").check()
        plane.focus()
        page.keyboard.press("Enter")
        wait_points(page, view, points + 1)
        plane.scroll_into_view_if_needed()
        screenshot(page, "playground-200-percent")
        view.locator("[data-testid=step]").scroll_into_view_if_needed()
        screenshot(page, "playground-200-percent-controls")
        # prefers-reduced-motion: play still trains, but the page redraws at most once a second
        page.emulate_media(reduced_motion="reduce")
        status_el = view.locator("[data-testid=status]").element_handle()
        steps0, drawn0 = int(status_el.evaluate("e => e.dataset.step")), drawn(view)
        view.locator("[data-testid=play]").press("Enter")
        t0 = time.monotonic()
        page.wait_for_function("([e, s]) => Number(e.dataset.step) > s", arg=[status_el, steps0],
                               timeout=60_000)
        page.wait_for_timeout(4000)
        frames, seconds = drawn(view) - drawn0, time.monotonic() - t0
        view.locator("[data-testid=play]").press("Enter")
        assert 1 <= frames <= seconds + 2, f"{frames} frames drawn in {seconds:.1f} s"
        REPORT.append(f"reduced motion: {frames} frames drawn in {seconds:.1f} s of play")
    finally:
        page.emulate_media(reduced_motion="no-preference")
        page.set_viewport_size({"width": 1366, "height": 768})
