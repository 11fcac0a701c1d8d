"""plots.py: the pictures of training, each with a text alternative.

`show(alt)` is plt.show() for a notebook that everyone can read: the figure as an SVG <img>
whose alt text says what it shows (JupyterLab's own PNG output has no alt text, and a screen
reader meets a nameless image), drawn the same on every run so nbval can compare it; the alt
text is also the text/plain form. `describe(fig)` writes a one-line alt text from the figure's
titles, axis labels and legend when none is given.

plot_decision_boundary colours the plane by a two-input classifier's answer and scatters the
labelled points on it. Wherever a number is expected, a Value does too (its .data is plotted).
"""
import html
import io
import base64

import matplotlib.pyplot as plt
from matplotlib.patches import Patch
import numpy as np

from arguments import is_real

__all__ = ["plot_decision_boundary", "show", "describe", "figure_svg", "Figure"]


class Figure:
    """A figure as a notebook shows it: an SVG <img> with its alt text, and the alt text as
    text/plain (what nbval compares: both the same on every run)."""

    def __init__(self, svg, alt):
        self.svg, self.alt = svg, alt

    def __repr__(self):
        return self.alt

    def _repr_mimebundle_(self, include=None, exclude=None):
        uri = "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()
        return {"text/html": f'<img src="{uri}" alt="{html.escape(self.alt, quote=True)}" '
                             'style="max-width:100%;height:auto">',
                "text/plain": self.alt}


def show(alt=None, fig=None):
    """Show `fig` (the current figure by default) with the text alternative `alt` (one line
    saying what it shows; by default describe(fig)), and close it: plt.show() with alt text."""
    fig = plt.gcf() if fig is None else fig
    if alt is None:
        alt = describe(fig)
    elif not isinstance(alt, str) or not alt.strip():
        raise TypeError(f"show: alt is the text a screen reader reads instead of the plot, "
                        f"a non-empty str, got {type(alt).__name__}: {alt!r:.60}")
    from IPython.display import display  # only a notebook shows things
    picture = Figure(figure_svg(fig), " ".join(alt.split()))
    plt.close(fig)
    display(picture)
    return None


def describe(fig):
    """A one-line text alternative for a figure, from what it says about itself: each plot's
    title, axes and the names in its legend ("Plot: loss against step; lines: train, test")."""
    said = []
    for ax in fig.get_axes():
        if not ax.get_visible() or not ax.has_data():
            continue
        what = ax.get_title() or "plot"
        x, y = ax.get_xlabel(), ax.get_ylabel()
        if y and x:
            what += f" of {y} against {x}"
        elif x or y:
            what += f" against {x or y}"
        legend = ax.get_legend()
        names = [t.get_text() for t in legend.get_texts()] if legend else [
            h.get_label() for h in ax.get_lines() + ax.collections
            if not h.get_label().startswith("_")]
        if names:
            what += "; showing " + ", ".join(names)
        said.append(what)
    return "Figure: " + ("; ".join(said) if said else "an empty figure") + "."


def figure_svg(fig):
    """A matplotlib figure as SVG text that is the same on every run (no date, fixed ids)."""
    out = io.StringIO()
    with plt.rc_context({"svg.hashsalt": "gradbook", "svg.fonttype": "path"}):
        fig.savefig(out, format="svg", bbox_inches="tight",
                    metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    return out.getvalue()


def plot_decision_boundary(model, X, y, ax=None, title=None, steps=40):
    """Colour the plane by the sign of model([x0, x1]) and scatter the labelled points on it.

    `model` takes a list of two floats and returns a Value or a number. With `ax`, draw into
    that Axes (for a row of snapshots); without, make a figure and show it, with its alt text.
    """
    X = np.array([[_number(v, f"X[{i}][{j}]") for j, v in enumerate(_listed(row, f"X[{i}]"))]
                  for i, row in enumerate(_listed(X, "X"))], dtype=float)
    y = [_number(v, f"y[{i}]") for i, v in enumerate(_listed(y, "y"))]
    if X.ndim != 2 or X.shape[1] != 2 or len(y) != len(X):
        raise ValueError(f"plot_decision_boundary needs X as rows of two numbers and one label "
                         f"in y per row, got X of shape {X.shape} and {len(y)} labels")
    x0 = np.linspace(X[:, 0].min() - 0.5, X[:, 0].max() + 0.5, steps)
    x1 = np.linspace(X[:, 1].min() - 0.5, X[:, 1].max() + 0.5, steps)
    scores = np.array([[_number(model([a, b]), f"model([{a:.3g}, {b:.3g}])") for a in x0]
                       for b in x1])
    alone = ax is None
    if alone:
        fig, ax = plt.subplots(figsize=(5, 4))
    ax.contourf(x0, x1, scores > 0, levels=[-0.5, 0.5, 1.5], colors=["#fdb863", "#b2abd2"],
                alpha=0.6)
    y = np.asarray(y)
    plus_minus = set(y.tolist()) <= {-1.0, 1.0}  # the course's labels; name others by sign
    for side, colour in ((y <= 0, "#e66101"), (y > 0, "#5e3c99")):  # orange, purple: as regions
        name = ("y = +1" if plus_minus else "y > 0") if colour == "#5e3c99" else \
            ("y = -1" if plus_minus else "y <= 0")
        ax.scatter(X[side, 0], X[side, 1], color=colour, edgecolors="black", s=20,
                   label=f"points, {name}")
    regions = [Patch(facecolor=c, alpha=0.6, label=t) for c, t in
               (("#fdb863", "score < 0: says -1"), ("#b2abd2", "score > 0: says +1"))]
    ax.legend(handles=regions + ax.get_legend_handles_labels()[0], fontsize=8,
              loc="lower left", framealpha=0.85)  # a corner the moons leave empty
    if title:
        ax.set_title(title)
    if alone:
        show(f"The decision boundary: the plane coloured by the sign of the model's score, "
             f"orange where it says -1, purple where it says +1, with the {len(y)} points "
             "on it in the colour of their labels.", fig)


def _number(v, what):
    """A float from a number (numpy's too) or a Value's data; else an error naming `what`."""
    x = v if is_real(v) else getattr(v, "data", None)  # (numpy numbers have a .data)
    if not is_real(x):
        raise TypeError(f"{what} should be a number or a Value, got {type(v).__name__}: "
                        f"{v!r:.60}")
    return float(x)


def _listed(xs, what):
    """xs as a list, or an error naming `what` when it is a single thing, not a sequence."""
    if isinstance(xs, (str, bytes)) or not hasattr(xs, "__iter__"):
        raise TypeError(f"{what} should be a list of numbers or Values, got "
                        f"{type(xs).__name__}: {xs!r:.60}")
    return list(xs)
