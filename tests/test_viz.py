"""Tests for viz.py: what draw_dot draws, that it renders the same everywhere, and the plots."""
import html
import math
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import graphviz
import matplotlib
import pytest

matplotlib.use("Agg")  # before pyplot is imported (by viz): no window, no display needed
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402

import plots  # noqa: E402
import viz  # noqa: E402
from engine import Value, topological_order  # noqa: E402
from nn import MLP, make_moons  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def expression():
    """A small graph with a node used twice, labels, and gradients filled in."""
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    c.label = "c"
    d = (c + a).tanh()
    d.label = "d"
    L = d * 4.0 + b.exp()
    L.label = "L"
    L.backward()
    return L


def nodes_and_edges(source):
    """{node id: its attribute text} and [(tail, head)] from DOT source, in source order."""
    nodes, edges = {}, []
    for line in source.splitlines():
        line = line.strip()
        m = re.fullmatch(r"(\w+) -> (\w+)(?: \[.*\])?", line)
        if m:
            edges.append(m.groups())
            continue
        m = re.fullmatch(r"(\w+) \[(.*)\]", line)
        if m and m.group(1) not in ("graph", "node", "edge"):
            nodes[m.group(1)] = m.group(2)
    return nodes, edges


# --- draw_dot: what is drawn ------------------------------------------------------------------


def test_draw_dot_returns_a_digraph_with_every_value_and_op():
    L = expression()
    g = viz.draw_dot(L)
    assert isinstance(g, graphviz.Digraph)
    nodes, edges = nodes_and_edges(g.source)
    topo = topological_order(L)
    for i, v in enumerate(topo):
        attrs = nodes[f"n{i}"]  # a value's id is its place in topological order
        # label over data over grad (in a left-to-right record: no braces), numbers as drawn
        fmt = viz.format_number
        assert f'label="{v.label}|data {fmt(v.data)}|grad {fmt(v.grad)}"' in attrs
        assert "shape=record" in attrs
    assert len([a for a in nodes.values() if "shape=record" in a]) == len(topo)
    # each op is its own node: op -> value, children -> op, in the children's order
    index = {v: i for i, v in enumerate(topo)}
    for i, v in enumerate(topo):
        into = [t for t, h in edges if h == f"n{i}"]
        if not v._op:
            assert into == []  # an input: nothing points at it
            continue
        assert len(into) == 1
        op = into[0]
        assert re.search(rf'label="?{re.escape(v._op)}"?( |$)', nodes[op])
        assert [t for t, h in edges if h == op] == [f"n{index[c]}" for c in v._prev]
    assert "more values" not in g.source  # small graphs are drawn whole


def test_node_ids_are_topological_indices_not_memory_addresses():
    L = expression()
    g = viz.draw_dot(L)
    nodes, edges = nodes_and_edges(g.source)
    assert all(re.fullmatch(r"n\d+(op)?", n) for n in nodes)
    for v in topological_order(L):
        assert str(id(v)) not in g.source and hex(id(v)) not in g.source
    assert viz.draw_dot(expression()).source == g.source  # a second build: identical source


def test_draw_dot_reads_the_graph_and_never_changes_it():
    L = expression()
    before = [(v.data, v.grad, v.label, v._op, v._prev) for v in topological_order(L)]
    viz.draw_dot(L).svg()
    assert [(v.data, v.grad, v.label, v._op, v._prev) for v in topological_order(L)] == before


def test_draw_dot_draws_a_learners_own_value_class():
    # the early lessons' Value: data, children and op, but no grad or label yet
    class Tiny:
        def __init__(self, data, _prev=(), _op=""):
            self.data, self._prev, self._op = data, _prev, _op

    a, b = Tiny(2.0), Tiny(3.0)
    g = viz.draw_dot(Tiny(6.0, (a, b), "*"))
    assert "|data 6|grad 0" in g.source
    assert "<svg" in g.svg()


def test_labels_with_record_characters_are_escaped():
    a = Value(1.0, label='x{1}|<y> "z"')
    g = viz.draw_dot(a.tanh())
    svg = html.unescape(g.svg())
    assert 'x{1}|<y> "z"' in svg  # drawn as written, not taken as record syntax


@pytest.mark.parametrize("rankdir", ["LR", "TB", "RL", "BT"])
def test_rankdir_is_passed_on(rankdir):
    assert f"rankdir={rankdir}" in viz.draw_dot(expression(), rankdir=rankdir).source


@pytest.mark.parametrize("rankdir", ["XY", "lr", "", 0])
def test_a_bad_rankdir_is_a_clear_error(rankdir):
    with pytest.raises(ValueError) as e:
        viz.draw_dot(expression(), rankdir=rankdir)
    assert "rankdir" in str(e.value) and repr(rankdir) in str(e.value)


def test_graph_repr_has_no_memory_address():
    r = repr(viz.draw_dot(expression()))
    assert "0x" not in r and " at " not in r


# --- rendering ---------------------------------------------------------------------------------


def test_renders_with_no_graphviz_on_path(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty directory: no `dot` anywhere
    assert shutil.which("dot") is None
    L = expression()
    bundle = viz.draw_dot(L)._repr_mimebundle_()  # what JupyterLab asks for
    svg = bundle["image/svg+xml"]
    assert svg.lstrip().startswith("<?xml") and "</svg>" in svg
    text = html.unescape(svg)
    for v in topological_order(L):
        fmt = viz.format_number
        assert f"data {fmt(v.data)}" in text and f"grad {fmt(v.grad)}" in text


def test_two_renders_are_byte_identical():
    g = viz.draw_dot(expression())
    first = g.svg()
    assert g.svg() == first
    assert viz.draw_dot(expression()).svg() == first  # and a second build of the same graph
    assert not re.search(r"0x[0-9a-f]{6,}", first)


def test_another_process_draws_the_same_svg():
    # a fresh interpreter, with its own hash seed: nothing in the drawing may depend on either
    code = "import sys, test_viz, viz; sys.stdout.write(viz.draw_dot(test_viz.expression()).svg())"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT / "tests", capture_output=True,
                          text=True, timeout=60, env={**os.environ, "PYTHONHASHSEED": "12345"})
    assert done.returncode == 0, done.stderr
    assert done.stdout == viz.draw_dot(expression()).svg()


def chain_source(kind, n):
    """Python that builds a chain of n additions: of a constant each time, or of one input."""
    step = "x = x + 1.0" if kind == "constant" else "x = x + c"
    return textwrap.dedent(f"""\
        from engine import Value
        x, c = Value(0.0, label="x0"), Value(1.0, label="c")
        for _ in range({n}):
            {step}
        x.backward()
        """)


@pytest.mark.parametrize("kind", ["constant", "shared input"])
def test_a_5000_node_chain_is_summarised(kind):
    scope = {}
    exec(chain_source(kind, 5000), scope)
    x = scope["x"]
    g = viz.draw_dot(x)
    nodes, _ = nodes_and_edges(g.source)
    records = [n for n, a in nodes.items() if "shape=record" in a]
    assert 0 < len(records) <= viz.MAX_NODES  # bounded, whatever the size of the graph
    m = re.search(r"(\d+) more values", g.source)
    assert m, "no note saying what was left out"
    assert int(m.group(1)) == len(topological_order(x)) - len(records)
    assert f"data {viz.format_number(x.data)}" in g.source  # the output itself is drawn


# Rendering runs in a child process so that a layout that takes minutes fails the test after
# RENDER_LIMIT seconds instead of hanging the suite (Graphviz in WebAssembly cannot be interrupted
# from a thread). The limit includes starting Python and Graphviz, about 2 s.
RENDER_LIMIT = 10


@pytest.mark.parametrize("kind", ["constant", "shared input"])
def test_a_5000_node_chain_renders_quickly(kind):
    code = chain_source(kind, 5000) + "import viz\nprint(len(viz.draw_dot(x).svg()))\n"
    try:
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                              text=True, timeout=RENDER_LIMIT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"drawing a summarised 5000-node chain ({kind}) took over {RENDER_LIMIT} s")
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 0


# --- colours ---------------------------------------------------------------------------------


def rgb(colour):
    assert re.fullmatch(r"#[0-9a-f]{6}", colour)
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def test_grad_color():
    assert viz.grad_color(0.0, 1.0) == "#ffffff"  # white: no gradient
    assert viz.grad_color(1.0, 0.0) == "#ffffff"  # nothing to compare with
    assert viz.grad_color(math.nan, 1.0) == "#ffffff"
    r, g, b = rgb(viz.grad_color(0.5, 1.0))
    assert b > r  # blue-ish for positive
    r, g, b = rgb(viz.grad_color(-0.5, 1.0))
    assert r > b  # orange-ish for negative
    for sign in (1, -1):  # deeper (darker) as |g| grows, up to the scale
        shades = [sum(rgb(viz.grad_color(sign * m, 1.0))) for m in (0.01, 0.2, 0.6, 1.0)]
        assert shades == sorted(shades, reverse=True) and len(set(shades)) == 4
        assert rgb(viz.grad_color(sign * 5.0, 1.0)) == rgb(viz.grad_color(sign * 1.0, 1.0))


def test_the_drawing_colours_each_value_by_its_gradient():
    L = expression()
    nodes, _ = nodes_and_edges(viz.draw_dot(L).source)
    topo = topological_order(L)
    scale = max(abs(v.grad) for v in topo)
    for i, v in enumerate(topo):
        assert f'fillcolor="{viz.grad_color(v.grad, scale)}"' in nodes[f"n{i}"]


# --- plots -------------------------------------------------------------------------------------


@pytest.fixture
def displayed(monkeypatch):
    """What plots.show displayed (instead of sending it to a notebook)."""
    import IPython.display

    out = []
    monkeypatch.setattr(IPython.display, "display", out.append)
    yield out
    plt.close("all")


def test_show_gives_a_figure_its_text_alternative(displayed):
    plt.close("all")  # figures another test on this worker left open are not this one's
    plt.figure()
    plt.plot([0, 1, 2], [3.0, 2.0, 1.5], label="loss")
    plt.plot([0, 1, 2], [0.5, 0.7, 0.9], label="accuracy")
    plt.xlabel("step")
    plt.legend()
    plots.show()
    (fig,) = displayed
    assert fig.alt == "Figure: plot against step; showing loss, accuracy."
    bundle = fig._repr_mimebundle_()
    assert bundle["text/plain"] == fig.alt and plt.get_fignums() == []  # shown once, closed
    m = re.fullmatch(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)" '
                     r'style="max-width:100%;height:auto">', bundle["text/html"])
    assert m and html.unescape(m.group(2)) == fig.alt
    plots.show("Two curves:\n loss falls,  accuracy rises.", plt.figure())
    assert displayed[1].alt == "Two curves: loss falls, accuracy rises."  # one line


def test_show_is_the_same_on_every_run(displayed):
    for _ in range(2):
        fig, ax = plt.subplots()
        ax.plot([1, 2, 3], [1, 4, 9])
        ax.set(title="squares", xlabel="x", ylabel="x²")
        plots.show(fig=fig)
    a, b = displayed
    assert a._repr_mimebundle_() == b._repr_mimebundle_()
    assert a.alt == "Figure: squares of x² against x."


@pytest.mark.parametrize("bad", ["", "   ", 3, b"bytes"])
def test_show_wants_a_real_alt_text(displayed, bad):
    plt.figure()
    with pytest.raises(TypeError, match="alt"):
        plots.show(bad)
    assert displayed == []


def test_plot_decision_boundary(displayed):
    X, y = make_moons(30, seed=0)
    plots.plot_decision_boundary(MLP(2, [4, 1]), X, y, title="start", steps=10)
    (fig,) = displayed  # shown alone, with what it shows in words
    assert fig.alt.startswith("The decision boundary: the plane coloured by the sign of the ")
    assert "the 30 points" in fig.alt
    fig, ax = plt.subplots()
    plots.plot_decision_boundary(MLP(2, [4, 1]), X, y, ax=ax, title="start", steps=10)
    assert ax.get_title() == "start"
    # the data, over the filled contour: one scatter per class, in the regions' colours
    scatters = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert sum(len(c.get_offsets()) for c in scatters) == len(X)
    assert [tuple(c.get_offsets()[0]) in map(tuple, X[y == label]) for c, label in
            zip(scatters, (-1, 1))] == [True, True]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["score < 0: says -1", "score > 0: says +1", "points, y = -1",
                      "points, y = +1"]


def test_plot_decision_boundary_into_given_axes(shown):
    X, y = make_moons(20, seed=0)
    fig, axes = plt.subplots(1, 2)
    plots.plot_decision_boundary(lambda p: p[0] - p[1], X, y, ax=axes[1], steps=10)
    assert shown == []  # the caller shows the row of snapshots
    assert axes[1].collections and not axes[0].collections


# --- the palette: WCAG AA contrast ------------------------------------------------------------


def contrast(a, b):
    """WCAG 2.1's contrast ratio of two colours given as #rrggbb."""
    def luminance(c):
        rgb = [int(c[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4 for x in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_is_measured_as_wcag_does():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast("#999999", "#ffffff") < 3  # Graphviz's gray60, which the drawings left


@pytest.mark.parametrize("g", [math.inf, -math.inf, 1.0, -1.0, 0.5, -0.5, 0.01, -0.01, 0.0])
def test_text_on_every_gradient_fill_reads_at_4_5_to_1(g):
    fill = viz.grad_color(g, 1.0)
    assert contrast(viz.TEXT, fill) >= 4.5, fill  # label, data and grad on the box
    assert contrast(viz.LINE, fill) >= 3  # the box's border against its own fill


def test_lines_and_faded_values_keep_their_contrast_on_the_background():
    assert contrast(viz.LINE, viz.BACKGROUND) >= 3  # arrows, op circles, borders
    assert contrast(viz.TEXT, viz.BACKGROUND) >= 4.5
    assert contrast(viz.FADED, viz.BACKGROUND) >= 4.5  # "data ?" of a value not computed yet
    assert contrast(viz.FADED, viz.grad_color(0.0, 1.0)) >= 4.5


def test_the_sign_of_a_gradient_is_in_the_number_not_only_the_colour():
    a, b = Value(2.0, "a"), Value(-3.0, "b")
    L = a * b
    L.label = "L"
    L.backward()  # a.grad = -3 (orange), b.grad = 2 (blue)
    source = viz.draw_dot(L).source
    assert "grad -3" in source and "grad 2" in source
    assert "grad -3" in viz.draw_dot(L).alt_text()
