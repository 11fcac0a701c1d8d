"""plots.py: the pictures of training: a function with its tangent, loss curves, and the
decision boundary of a two-input classifier. Each shows its figure (plt.show()), so a notebook
cell ending in one shows the plot, not a matplotlib object. Wherever a number is expected, a
Value does too (its .data is plotted): a list of loss Values plots as well as their numbers.
"""
import math
from numbers import Integral, Real

import matplotlib.pyplot as plt
from matplotlib.patches import Patch
import numpy as np

__all__ = ["plot_function", "plot_curves", "plot_decision_boundary", "plot_classes"]


def plot_function(f, lo=-5.0, hi=5.0, tangent_at=None, h=1e-6):
    """Plot y = f(x) on [lo, hi]; with tangent_at=x0, also the tangent line there."""
    lo, hi = _number(lo, "lo"), _number(hi, "hi")
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise ValueError(f"plot_function needs finite lo < hi, got lo = {lo}, hi = {hi}")
    xs = np.linspace(lo, hi, 201)
    fig, ax = plt.subplots(figsize=(5, 3.5))

    def y(x):
        return _number(f(float(x)), f"f({float(x):g})")

    ax.plot(xs, [y(x) for x in xs], label="f(x)")
    if tangent_at is not None:
        x0 = _number(tangent_at, "tangent_at")
        slope = (y(x0 + h) - y(x0 - h)) / (2 * h)  # symmetric difference: see notebook 01
        ax.plot(xs, y(x0) + slope * (xs - x0), "--", label=f"tangent at x = {x0:.3g}")
        ax.plot([x0], [y(x0)], "o", color="black")
        ax.legend()
    ax.set_xlabel("x")
    ax.grid(alpha=0.3)
    plt.show()


def plot_curves(xlabel="step", **curves):
    """One small plot per named curve, side by side: plot_curves(loss=[...], accuracy=[...])."""
    if not curves:
        raise ValueError("plot_curves needs at least one curve, such as loss=[...]")
    curves = {name: [_number(v, f"{name}[{i}]") for i, v in enumerate(_listed(ys, name))]
              for name, ys in curves.items()}
    fig, axes = plt.subplots(1, len(curves), figsize=(4.5 * len(curves), 3.2), squeeze=False)
    for ax, (name, ys) in zip(axes[0], curves.items()):
        ax.plot(range(len(ys)), ys)
        ax.set_title(name.replace("_", " "))
        ax.set_xlabel(xlabel)
        ax.grid(alpha=0.3)
    fig.tight_layout()
    plt.show()


def plot_decision_boundary(model, X, y, ax=None, title=None, steps=40):
    """Colour the plane by the sign of model([x0, x1]) and scatter the labelled points on it.

    `model` takes a list of two floats and returns a Value or a number. With `ax`, draw into
    that Axes (for a row of snapshots); without, make a figure and show it.
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
    show = ax is None
    if show:
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
    if show:
        plt.show()


def _number(v, what):
    """A float from a number (numpy's too) or a Value's data; else an error naming `what`."""
    x = v if isinstance(v, Real) else getattr(v, "data", None)  # (numpy numbers have a .data)
    if isinstance(x, bool) or not isinstance(x, Real):
        raise TypeError(f"{what} should be a number or a Value, got {type(v).__name__}: "
                        f"{v!r:.60}")
    return float(x)


def _listed(xs, what):
    """xs as a list, or an error naming `what` when it is a single thing, not a sequence."""
    if isinstance(xs, (str, bytes)) or not hasattr(xs, "__iter__"):
        raise TypeError(f"{what} should be a list of numbers or Values, got "
                        f"{type(xs).__name__}: {xs!r:.60}")
    return list(xs)


# Three classes (lesson 10): colours told apart with every common colour blindness (checked in
# simulated deuteranopia, protanopia and tritanopia), and never needed: each class has its own
# marker, and each region its own hatching.
CLASSES = (("#e66101", "#fdb863", "o", "circles", ""),  # point, region, marker, its name, hatch
           ("#5e3c99", "#b2abd2", "s", "squares", "//"),
           ("#009e73", "#99d8c9", "^", "triangles", ".."))


def plot_classes(model, X, y, ax=None, title=None, steps=40):
    """Colour the plane by the class of model([x0, x1])'s largest score; scatter the points.

    `model` takes a list of two floats and returns one score (a Value or a number) per class,
    two or three classes; `y` holds class indices 0, 1 (and 2). With `ax`, draw into that Axes
    (a row of snapshots, a player's frame); without, make a figure and show it.
    """
    X = np.array([[_number(v, f"X[{i}][{j}]") for j, v in enumerate(_listed(row, f"X[{i}]"))]
                  for i, row in enumerate(_listed(X, "X"))], dtype=float)
    y = _listed(y, "y")
    if X.ndim != 2 or X.shape[1] != 2 or len(y) != len(X):
        raise ValueError(f"plot_classes needs X as rows of two numbers and one label in y per "
                         f"row, got X of shape {X.shape} and {len(y)} labels")
    for i, t in enumerate(y):
        if isinstance(t, bool) or not isinstance(t, Integral) or not 0 <= t < len(CLASSES):
            raise ValueError(f"plot_classes needs class indices 0 to {len(CLASSES) - 1} in y, "
                             f"got y[{i}] = {t!r:.40}")
    x0 = np.linspace(X[:, 0].min() - 0.5, X[:, 0].max() + 0.5, steps)
    x1 = np.linspace(X[:, 1].min() - 0.5, X[:, 1].max() + 0.5, steps)
    grid = np.array([[_best(model, [a, b]) for a in x0] for b in x1])
    show = ax is None
    if show:
        fig, ax = plt.subplots(figsize=(6.5, 4))
    n = len(CLASSES)
    ax.contourf(x0, x1, grid, levels=np.arange(n + 1) - 0.5, colors=[c[1] for c in CLASSES],
                hatches=[c[4] for c in CLASSES], alpha=0.7)
    y = np.asarray(y)
    for k, (colour, _, marker, name, _) in enumerate(CLASSES):
        if (y == k).any():
            ax.scatter(X[y == k, 0], X[y == k, 1], color=colour, marker=marker, s=24,
                       edgecolors="black", linewidths=0.6, label=f"class {k} ({name})")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1))  # beside: no point hidden
    ax.set_aspect("equal")
    if title:
        ax.set_title(title)
    if show:
        plt.show()


def _best(model, point):
    """The class of the largest score model(point) gives (the first, if two are equal)."""
    scores = _listed(model(point), f"model({point})")
    numbers = [_number(s, f"model({point})[{k}]") for k, s in enumerate(scores)]
    if not 2 <= len(numbers) <= len(CLASSES):
        raise ValueError(f"plot_classes needs 2 or 3 scores from the model, one per class, got "
                         f"{len(numbers)} from model({point})")
    return numbers.index(max(numbers))
