"""plots.py: the pictures of training: a function with its tangent, loss curves, and the
decision boundary of a two-input classifier. Each shows its figure (plt.show()), so a notebook
cell ending in one shows the plot, not a matplotlib object.
"""
from numbers import Real

import matplotlib.pyplot as plt
import numpy as np

__all__ = ["plot_function", "plot_curves", "plot_decision_boundary"]



def plot_function(f, lo=-5.0, hi=5.0, tangent_at=None, h=1e-6):
    """Plot y = f(x) on [lo, hi]; with tangent_at=x0, also the tangent line there."""
    xs = np.linspace(lo, hi, 201)
    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.plot(xs, [f(x) for x in xs], label="f(x)")
    if tangent_at is not None:
        x0 = tangent_at
        slope = (f(x0 + h) - f(x0 - h)) / (2 * h)  # symmetric difference: see notebook 01
        ax.plot(xs, f(x0) + slope * (xs - x0), "--", label=f"tangent at x = {x0:.3g}")
        ax.plot([x0], [f(x0)], "o", color="black")
        ax.legend()
    ax.set_xlabel("x")
    ax.grid(alpha=0.3)
    plt.show()


def plot_curves(xlabel="step", **curves):
    """One small plot per named curve, side by side: plot_curves(loss=[...], accuracy=[...])."""
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
    X = np.asarray(X, dtype=float)
    x0 = np.linspace(X[:, 0].min() - 0.5, X[:, 0].max() + 0.5, steps)
    x1 = np.linspace(X[:, 1].min() - 0.5, X[:, 1].max() + 0.5, steps)
    scores = np.array([[_number(model([a, b])) for a in x0] for b in x1])
    show = ax is None
    if show:
        fig, ax = plt.subplots(figsize=(5, 4))
    ax.contourf(x0, x1, scores > 0, levels=[-0.5, 0.5, 1.5], colors=["#fdb863", "#b2abd2"],
                alpha=0.6)
    ax.scatter(X[:, 0], X[:, 1], c=np.asarray(y) > 0, cmap="PuOr", edgecolors="black", s=20)
    if title:
        ax.set_title(title)
    if show:
        plt.show()


def _number(v):
    """A model's output as a float: a Value's data, or the number itself (numpy's too)."""
    return float(v) if isinstance(v, Real) else v.data
