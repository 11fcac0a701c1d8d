"""Bad input and edge values for draw_dot, render_svg, format_number and the plots: a clear
error that names the argument and the value, or a drawing that says what is there."""
import html
import math
from decimal import Decimal
import re
import subprocess
import sys
from pathlib import Path

import matplotlib
import pytest
from hypothesis import given
from hypothesis import strategies as st

matplotlib.use("Agg")  # before pyplot is imported: no window, no display needed

import plots  # noqa: E402
import viz  # noqa: E402
from engine import Value, linear, topological_order  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def drawn_text(g):
    """Everything a drawing writes, as a reader sees it (entities and padding undone)."""
    return html.unescape(g.svg()).replace("\xa0", " ")


# --- numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("x, text", [
    (0.0, "0"), (-0.0, "0"), (2.0, "2"), (-6.0, "-6"), (0.70710678, "0.7071"),
    (6.8813735870195432, "6.881"), (-1.5, "-1.5"), (0.001234, "0.001234"), (9999.4, "9999"),
    (12345.0, "1.234e4"), (1e300, "1e300"), (1.5e-5, "1.5e-5"), (-1e-20, "-1e-20"),
    (math.inf, "inf"), (-math.inf, "-inf"), (math.nan, "nan"), (3, "3"), (10**400, "1e400")])
def test_format_number(x, text):
    assert viz.format_number(x) == text


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_numbers_stay_short_keep_4_digits_and_their_sign(x):
    text = viz.format_number(x)
    assert len(text) <= 11  # "-1.234e-300" at worst: a box never grows with the magnitude
    assert text != "-0" and not text.startswith("-0e")
    assert (text.startswith("-")) == (x < 0)  # the sign reads without colour
    assert Decimal(text) == pytest.approx(Decimal(x), rel=Decimal("5e-4"))  # 4 digits kept


@pytest.mark.parametrize("bad", [None, "3", [1.0], True])
def test_format_number_refuses_what_is_not_a_number(bad):
    with pytest.raises(TypeError, match=re.escape(repr(bad))):
        viz.format_number(bad)


def test_an_infinite_gradient_is_drawn_and_said():
    x = Value(0.0, "x")
    y = x**0.5  # the slope of the square root at 0 is infinite
    y.label = "y"
    y.backward()
    text = drawn_text(viz.draw_dot(y))
    assert "grad inf" in text and "data 0" in text
    assert viz.grad_color(math.inf, 1.0) == viz.grad_color(1.0, 1.0)  # the deepest blue
    assert viz.grad_color(-math.inf, 0.0) == viz.grad_color(-1.0, 1.0)


def test_nan_is_drawn_and_said():
    n = Value(math.nan, "n")
    m = n * 2.0
    m.label = "m"
    m.backward()
    text = drawn_text(viz.draw_dot(m))
    assert "data nan" in text and "grad nan" in text
    assert viz.grad_color(math.nan, 1.0) == "#ffffff"
    assert viz.grad_color(1.0, math.nan) == "#ffffff"  # a nan scale compares with nothing


def test_a_huge_or_tiny_number_keeps_its_box_small():
    big, tiny = Value(1e300, "big"), Value(-1e-300, "tiny")
    text = drawn_text(viz.draw_dot(big * tiny))
    assert "data 1e300" in text and "data -1e-300" in text and "data -1" in text
    assert viz.draw_dot(big * tiny).width_pt() < 400


# --- what draw_dot accepts ---------------------------------------------------------------------


@pytest.mark.parametrize("bad", [None, 3.0, "L", [Value(1.0)]])
def test_draw_dot_needs_a_value(bad):
    with pytest.raises(TypeError) as e:
        viz.draw_dot(bad)
    assert "draw_dot needs a Value" in str(e.value)
    assert type(bad).__name__ in str(e.value) and repr(bad)[:20] in str(e.value)


@pytest.mark.parametrize("bad, error", [(0, ValueError), (-3, ValueError), (2.5, TypeError),
                                        (True, TypeError), ("30", TypeError)])
def test_a_bad_max_nodes_is_a_clear_error(bad, error):
    with pytest.raises(error) as e:
        viz.draw_dot(Value(1.0) + 2.0, max_nodes=bad)
    assert "max_nodes" in str(e.value) and str(bad) in str(e.value)


def test_max_nodes_1_draws_the_output_and_a_note():
    x = Value(1.0, "x")
    L = (x * 2.0 + x).tanh()
    L.label = "L"
    g = viz.draw_dot(L, max_nodes=1)
    text = drawn_text(g)
    assert g.values == 1 and g.left_out == len(topological_order(L)) - 1
    assert "|data" in g.source and f"{g.left_out} more values not drawn" in text
    assert "(max_nodes=1)" in text


def test_a_cut_drawings_text_lists_only_the_values_it_draws():
    """A screen reader hears what the picture shows: the drawn values, and how many are not."""
    x = Value(1.0, "x")
    y = Value(2.0, "y")
    L = ((x * y).tanh() + x).relu()
    L.label = "L"
    g = viz.draw_dot(L, max_nodes=2)
    drawn = topological_order(L)[g.left_out:]
    assert g.description.startswith(f"Drawn: the 2 values nearest the output; a note stands "
                                    f"for the {g.left_out} left out.")
    assert "x, an input" not in g.description and "y, an input" not in g.description
    assert len(drawn) == 2 and "L = relu" in g.description
    full = viz.draw_dot(L)
    assert "x, an input" in full.description and "Drawn:" not in full.description


class Learner:
    """A learner's own Value, as lesson 02 writes it: any data, any label."""

    def __init__(self, data, prev=(), op="", label=""):
        self.data, self._prev, self._op, self.label = data, prev, op, label


@pytest.mark.parametrize("label, shown", [
    (3, "3"), (None, ""), (2.5, "2.5"), ("a\nb", "a\\nb"), ("tab\there", "tab\\there"),
    ("bell\x07", "bell\\x07"), ("x" * 40, "x" * 23 + "…"), ("{a|b}", "{a|b}")])
def test_any_label_is_drawn_as_text_on_one_line(label, shown):
    v = Learner(1.0, label=label)
    g = viz.draw_dot(Learner(2.0, (v,), "neg", label="out"))
    assert f"{viz.label_text(label)}|data 1|" in g.source
    if shown:
        assert f">{shown}</text>" in drawn_text(g)
    assert "\x07" not in g.svg() and "a\nb" not in g.svg()


def test_a_value_whose_data_is_not_a_number_is_named():
    a = Learner(None, label="a")
    with pytest.raises(TypeError) as e:
        viz.draw_dot(Learner(1.0, (a,), "+", label="L"))
    assert "'a'" in str(e.value) and "data None" in str(e.value)


def test_an_op_name_of_any_kind_is_drawn():
    g = viz.draw_dot(Learner(1.0, (Learner(2.0),), 7))
    assert ">7</text>" in g.svg()


# --- rendering ------------------------------------------------------------------------------


def dot(body):
    g = viz.Graph()
    g.body.append(body)
    return g


@pytest.mark.parametrize("bad", ["a -> }", "not dot at all {"])
def test_malformed_dot_is_a_clear_error(bad):
    with pytest.raises(ValueError) as e:
        dot(bad).svg()
    assert "Graphviz could not draw this DOT source" in str(e.value)


def test_dot_that_traps_graphviz_is_a_clear_error_and_the_next_render_works():
    nested = 'a [shape=record label="' + "{" * 5000 + '"]'
    with pytest.raises(ValueError) as e:
        dot(nested).svg()
    assert "ran out of stack" in str(e.value) and "characters" in str(e.value)
    fresh = dot("a -> b").svg()
    assert fresh.rstrip().endswith("</svg>")


# --- scale ----------------------------------------------------------------------------------------


def wide_node(n):
    ws = [Value(0.001 * i) for i in range(n)]
    xs = [Value(1.0) for _ in range(n)]
    out = linear(ws, xs, Value(0.5, "b")).tanh()
    out.label = "out"
    return out


def test_one_wide_node_gets_one_dashed_arrow_not_one_per_hidden_input():
    out = wide_node(20_000)
    n = len(topological_order(out))  # 40,000 inputs, b, the fused node, its tanh
    g = viz.draw_dot(out)
    dashed = [line for line in g.source.splitlines() if "style=dashed" in line]
    assert dashed == [f"\tmore -> n{n - 2}op [style=dashed]"]  # one: the fused node's op
    assert g.values == viz.MAX_NODES and g.left_out == n - viz.MAX_NODES


# Rendering runs in a child process so that a layout that takes minutes fails the test after
# RENDER_LIMIT seconds instead of hanging the suite. It includes starting Python, about 2 s.
RENDER_LIMIT = 20


@pytest.mark.parametrize("build", [
    "test_viz_edges.wide_node(20_000)",
    "__import__('nn').MLP(784, [16, 10])([0.5] * 784)[0]"])
def test_a_wide_graph_draws_in_seconds(build):
    code = f"import test_viz_edges, viz\nprint(len(viz.draw_dot({build}).svg()))"
    try:
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT / "tests",
                              capture_output=True, text=True, timeout=RENDER_LIMIT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"drawing {build} took over {RENDER_LIMIT} s")
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 0


def test_by_default_a_big_graph_is_cut_until_it_is_legible():
    import nn

    out = nn.MLP(784, [16, 10])([0.5] * 784)
    loss = sum((o - 1.0) ** 2 for o in out)
    g = viz.draw_dot(loss)
    assert g.width_pt() <= viz.WIDEST_PT and 0 < g.values < viz.MAX_NODES
    assert f"(max_nodes={g.values})" in drawn_text(g)
    assert viz.draw_dot(loss, max_nodes=60).values == 60  # asked for: drawn as asked


# --- plots given Values ------------------------------------------------------------------------


def test_plot_decision_boundary_takes_values(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", shown.append)
    X = [[Value(0.0), Value(1.0)], [Value(1.0), Value(0.0)]]
    plots.plot_decision_boundary(lambda p: Value(p[0] - p[1]), X, [Value(1.0), -1], steps=5)
    assert len(shown) == 1 and "the 2 points" in shown[0].alt


@pytest.mark.parametrize("call, names", [
    (lambda: plots.plot_decision_boundary(lambda p: p[0], [[1.0, None]], [1]), ["X[0][1]", "None"]),
    (lambda: plots.plot_decision_boundary(lambda p: p[0], [[1.0, 2.0, 3.0]], [1]), ["(1, 3)"]),
])
def test_plots_name_the_bad_argument_and_its_value(shown, call, names):
    with pytest.raises((TypeError, ValueError)) as e:
        call()
    for name in names:
        assert name in str(e.value)
