"""explorer.py: sliders on a small graph's inputs; the graph, with its gradients, follows them.

Needs a running kernel and ipywidgets; without one (static site, untrusted notebook) the
output is a picture of the graph at the sliders' starting values. Each slider is a Slider: a
native, labelled <input type="range"> drawn by explorer_slider.js (ipywidgets' own slider
has no accessible name and no way to give it one).
"""
import html
import math
import pathlib

import anywidget
import ipywidgets as widgets
import traitlets

from arguments import is_real
from graph_text import describe
from players import draw_steps
from replay import Replay, backward_steps
from viz import MAX_NODES, check_rankdir, img_html

__all__ = ["Explorer", "Slider", "explore"]
SLIDER_JS = pathlib.Path(__file__).with_name("explorer_slider.js")


def digits(step):
    """Decimals the readout shows: enough for the step (0.25 -> 2), at least 2, at most 6."""
    return min(6, max(2, len(f"{step:.12f}".rstrip("0").partition(".")[2])))


class Slider(anywidget.AnyWidget):
    """One input of the explorer: its name, its range and its value, synced with the page."""

    _esm = traitlets.Unicode(SLIDER_JS.read_text(encoding="utf-8")).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    min = traitlets.Float(0.0).tag(sync=True)
    max = traitlets.Float(1.0).tag(sync=True)
    step = traitlets.Float(0.1).tag(sync=True)
    digits = traitlets.Int(2).tag(sync=True)  # decimals of the readout and aria-valuetext
    value = traitlets.Float(0.0).tag(sync=True)

    @traitlets.validate("value")
    def _clamp(self, proposal):  # as FloatSlider does: a value beyond an end becomes that end
        return min(self.max, max(self.min, proposal["value"]))

class Explorer:
    """Sliders for a graph's inputs and the graph they make, redrawn as the sliders move.

    In a notebook with a live kernel this shows the widgets; where widgets cannot run (no
    kernel, an untrusted notebook, the static site) the same output falls back to a picture of
    the graph at the sliders' starting values, with a line saying where the sliders come from.
    """

    def __init__(self, widget, sliders, first_html):
        self.widget, self.sliders, self._first_html = widget, sliders, first_html

    def __repr__(self):
        return f"<Explorer: sliders for {', '.join(self.sliders)}>"

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_()  # the widget view: its model id is random,
        bundle["text/plain"] = repr(self)  # and nbval skips it; these two it compares
        bundle["text/html"] = self._first_html
        return bundle


def explore(build, rankdir=None, **ranges):
    """Sliders for the inputs of a small graph; the graph, with its gradients, follows them.

    `build(**inputs)` gets the slider values as plain numbers and returns the root Value made
    from them; each range is (min, max, step, start):

        explore(lambda a, b: Value(a, "a") * Value(b, "b"), a=(-3, 3, 0.5, 2), b=(-3, 3, 0.5, 1))

    Gradients are worked out as backward_player does, without calling backward(), so inputs
    that build() keeps between calls never pile up gradients. The graph is redrawn whole on
    every move, so it may have at most MAX_NODES values. `rankdir` as for draw_dot.
    """
    rankdir = check_rankdir(rankdir, auto=True)
    if not ranges:
        raise ValueError("explore needs at least one input range, such as a=(-3, 3, 0.1, 1)")
    sliders = {}
    for name, r in ranges.items():
        lo, hi, step, start = _range(name, r)
        sliders[name] = Slider(min=lo, max=hi, step=step, value=start, description=name,
                               digits=digits(step))
    view = widgets.HTML()

    def draw():
        root = build(**{name: s.value for name, s in sliders.items()})
        if not hasattr(root, "_prev"):
            raise TypeError(f"build() should return a Value, got {type(root).__name__}")
        view.value = _explorer_picture(root, rankdir)

    def redraw(_):
        try:
            draw()
        except Exception as e:  # log(0), say: say so where the graph was, and keep going
            view.value = f"<pre>{html.escape(type(e).__name__)}: {html.escape(str(e))}</pre>"

    draw()  # at the start an error is the cell's error, with its traceback
    for s in sliders.values():
        s.observe(redraw, names="value")
    note = ("<p><i>Sliders for " + ", ".join(html.escape(n) for n in sliders) + " appear when "
            "this cell runs in Jupyter; this is the graph at their starting values.</i></p>")
    return Explorer(widgets.VBox([*sliders.values(), view]), sliders, view.value + note)


def _range(name, r):
    """(min, max, step, start) as floats, or an error that names the slider and the range."""
    ok = isinstance(r, (tuple, list)) and len(r) == 4 and all(
        is_real(x) and math.isfinite(x) for x in r)
    if not ok or not r[0] <= r[3] <= r[1] or r[2] <= 0:
        raise ValueError(f"{name}: a range is (min, max, step, start), finite numbers with "
                         f"min <= start <= max and step > 0, got {r!r:.80}")
    return tuple(map(float, r))


def _explorer_picture(root, rankdir):
    """The graph behind root with every gradient, as the last frame of its backward pass, with
    the graph's text alternative as its alt text (the gradients as that pass found them)."""
    p = Replay(root, "explore", limit=MAX_NODES, why="redraws the whole graph as a slider moves")
    last = backward_steps(p)[-1]
    svg = draw_steps(p, [last], rankdir, focus=False)[0].svg
    title, description = describe(p.topo, grads=last[2])
    return img_html(svg, f"{title}. {description}")
