"""Lesson 11's playground in JupyterLab, in headless chromium at 1366x768, as a learner uses it.

Run: the lesson from the workspace (outputs cleared) with Restart Kernel and Run All Cells; then,
on the first playground: a click on the plane adds a point, play moves the step count and the
boundary, pause stops them, a click on a point deletes it, and "show a point's graph" shows a
drawn graph. The measured steps per second while playing are printed, never asserted (speed
is a benchmark's business: benchmarks/bench_playground.py). Stored: the original,
opened untrusted and not run, shows the still picture and the line about the kernel.
"""
import time

import pytest

# The helpers come with the browser suite's conftest, which also keeps these tests out of a
# plain `pytest tests`; where they are missing, say so instead of failing to import.
browsing = pytest.importorskip("browsing", reason="tests/browser/browsing.py is missing")
REPORT, open_notebook, run_all, screenshot = (browsing.REPORT, browsing.open_notebook,
                                              browsing.run_all, browsing.screenshot)

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


def test_playground_live(page, lab):
    cells = run_all(page, lab, f"workspace/{LESSON}")
    errors = [(c["i"], c["errors"]) for c in cells if c["errors"] and
              "raises-exception" not in c["tags"]]
    assert not errors, f"{LESSON}: cells raised {errors}"
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

    # a click on a point deletes it: the two added above
    plane.click(position={"x": 25, "y": 25})
    page.wait_for_function("e => e.dataset.points === '101'", arg=status_el, timeout=20_000)
    plane.click(position={"x": 25, "y": 290})
    page.wait_for_function("e => e.dataset.points === '100'", arg=status_el, timeout=20_000)

    # show a point's graph: click where point 0 is drawn
    view.locator("[data-testid=tool-graph]").check()
    target = plane.evaluate("c => JSON.parse(c.dataset.first)")  # where point 0 is drawn
    plane.click(position={"x": target[0], "y": target[1]})
    graph = view.locator("[data-testid=graph] svg")
    graph.wait_for(timeout=60_000)
    caption = view.locator("[data-testid=graph-caption]").inner_text()
    assert caption.startswith("point 0 at"), caption
    view.locator("[data-testid=graph]").screenshot(path=str(screenshot(page,
                                                                        "playground-graph")))
    # JupyterLab's debugger complains when Restart cancels its request: not the playground's
    errors = [e for e in page.errors if "debugger state" not in e]
    assert not errors, errors


def test_playground_stored_untrusted(page, lab):
    open_notebook(page, lab, f"notebooks/{LESSON}")
    out = page.locator(".jp-OutputArea-output", has_text="needs a running kernel").first
    out.wait_for(timeout=30_000)
    img = out.locator("img").first
    assert img.evaluate("i => i.complete && i.naturalWidth > 0"), "the still picture is broken"
    assert page.locator(VIEW).count() == 0, "an untrusted notebook ran the widget"
    img.scroll_into_view_if_needed()
    assert img.bounding_box()["width"] <= 900
    screenshot(page, "playground-stored")
