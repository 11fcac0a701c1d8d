"""Tests for engine.py: each op's gradient against finite differences and PyTorch; the contract.

The reference for a gradient is a finite difference of the same function computed on plain
Python floats (the `math` module), so a wrong local derivative in engine.py cannot hide behind
a forward pass that is wrong the same way.
"""
import gc
import math
import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from engine import Value, linear, linear_layer, topological_order

# --- finite differences -----------------------------------------------------------------------

FD_TOL = 1e-6  # relative (and absolute, near zero) tolerance of a gradient vs the difference
TORCH_TOL = 1e-12  # the same expression in float64 PyTorch: only rounding may differ


def finite_difference(f, xs, i, h=1e-4):
    """d f / d xs[i] by the five-point central difference: error ~ h**4, so h can stay large.

    The step is a power of two, so x + step and x - step are (almost always) exact floats and
    the difference is truly symmetric.
    """
    step = 2.0 ** round(math.log2(h * max(1.0, abs(xs[i]))))

    def at(d):
        ys = list(xs)
        ys[i] += d
        return f(ys)

    return (8 * (at(step) - at(-step)) - (at(2 * step) - at(-2 * step))) / (12 * step)


def close(got, want, tol=FD_TOL):
    return math.isclose(got, want, rel_tol=tol, abs_tol=tol)


def floats(lo, hi):
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


def away_from_zero(lo, hi):
    """Numbers with lo <= |x| <= hi: for 1/x, and for relu, whose kink at 0 has no derivative."""
    return st.one_of(floats(-hi, -lo), floats(lo, hi))


def sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


# --- every op on its own ----------------------------------------------------------------------
# name: (the op on Values, the same op on floats, a strategy for each input). The inputs keep
# away from where a derivative does not exist (relu's kink, 1/x at 0, log and sqrt at 0).

UNARY = {
    "-a": (lambda a: -a, lambda x: -x, floats(-5, 5)),
    "exp": (lambda a: a.exp(), math.exp, floats(-5, 5)),
    "log": (lambda a: a.log(), math.log, floats(0.05, 20)),
    "tanh": (lambda a: a.tanh(), math.tanh, floats(-4, 4)),
    "sigmoid": (lambda a: a.sigmoid(), sigmoid, floats(-8, 8)),
    "relu": (lambda a: a.relu(), lambda x: max(x, 0.0), away_from_zero(0.01, 5)),
    "a**0": (lambda a: a**0, lambda x: x**0, away_from_zero(0.01, 5)),
    "a**1": (lambda a: a**1, lambda x: x**1, floats(-5, 5)),
    "a**2": (lambda a: a**2, lambda x: x**2, floats(-5, 5)),
    "a**3": (lambda a: a**3, lambda x: x**3, floats(-5, 5)),
    "a**-1": (lambda a: a**-1, lambda x: x**-1, away_from_zero(0.2, 5)),
    "a**-2": (lambda a: a**-2, lambda x: x**-2, away_from_zero(0.2, 5)),
    "a**0.5": (lambda a: a**0.5, lambda x: x**0.5, floats(0.05, 10)),
    "a**1.5": (lambda a: a**1.5, lambda x: x**1.5, floats(0.05, 10)),
    "a**-0.5": (lambda a: a**-0.5, lambda x: x**-0.5, floats(0.05, 10)),
    "a+2": (lambda a: a + 2, lambda x: x + 2, floats(-5, 5)),
    "a-2": (lambda a: a - 2, lambda x: x - 2, floats(-5, 5)),
    "a*2": (lambda a: a * 2, lambda x: x * 2, floats(-5, 5)),
    "a/2": (lambda a: a / 2, lambda x: x / 2, floats(-5, 5)),
    # reflected: a plain number on the left
    "2+a": (lambda a: 2 + a, lambda x: 2 + x, floats(-5, 5)),
    "2-a": (lambda a: 2 - a, lambda x: 2 - x, floats(-5, 5)),
    "2*a": (lambda a: 2 * a, lambda x: 2 * x, floats(-5, 5)),
    "2/a": (lambda a: 2 / a, lambda x: 2 / x, away_from_zero(0.2, 5)),
    "0.75-a (float)": (lambda a: 0.75 - a, lambda x: 0.75 - x, floats(-5, 5)),
}
OPS = {name: (vf, ff, [xs]) for name, (vf, ff, xs) in UNARY.items()}
OPS.update({
    "a+b": (lambda a, b: a + b, lambda x, y: x + y, [floats(-5, 5)] * 2),
    "a-b": (lambda a, b: a - b, lambda x, y: x - y, [floats(-5, 5)] * 2),
    "a*b": (lambda a, b: a * b, lambda x, y: x * y, [floats(-5, 5)] * 2),
    "a/b": (lambda a, b: a / b, lambda x, y: x / y, [floats(-5, 5), away_from_zero(0.2, 5)]),
})


def linear_v(w0, w1, x0, b):
    """engine.linear with Value weights, one Value input and one plain-number input."""
    return linear([w0, w1], [x0, 0.75], b)


def linear_f(w0, w1, x0, b):
    """The same on floats (or tensors): the chain that linear fuses, in the same order."""
    return b + w0 * x0 + w1 * 0.75


def linear_relu_v(w0, w1, x0, b):
    return linear([w0, w1], [x0, 0.75], b, relu=True)


def linear_relu_f(w0, w1, x0, b):
    z = linear_f(w0, w1, x0, b)
    return z.relu() if hasattr(z, "relu") else max(z, 0.0)


OPS["linear"] = (linear_v, linear_f, [floats(-3, 3)] * 4)
OPS["linear relu"] = (linear_relu_v, linear_relu_f, [floats(-3, 3)] * 4)


def draw_inputs(data, name):
    xs = [data.draw(s, label=f"x{i}") for i, s in enumerate(OPS[name][2])]
    if name == "linear relu":  # keep off the kink: relu has no derivative at 0
        assume(abs(linear_f(*xs)) > 0.01)
    return xs


@pytest.mark.parametrize("name", OPS)
@settings(max_examples=25)
@given(data=st.data())
def test_op_gradient_matches_finite_difference(name, data):
    vf, ff, _ = OPS[name]
    xs = draw_inputs(data, name)
    vals = [Value(x) for x in xs]
    out = vf(*vals)
    out.backward()
    assert close(out.data, ff(*xs), 1e-12)  # forward: the same number as math gives
    for i, v in enumerate(vals):  # backward: each input's gradient
        assert close(v.grad, finite_difference(lambda ys: ff(*ys), xs, i)), f"input {i}"


@pytest.mark.parametrize("name", OPS)
@settings(max_examples=15)
@given(data=st.data())
def test_op_matches_pytorch(torch, name, data):
    vf, ff, _ = OPS[name]
    xs = draw_inputs(data, name)
    vals = [Value(x) for x in xs]
    out = vf(*vals)
    out.backward()
    ts = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in xs]
    tout = (linear_f if name == "linear" else linear_relu_f if name == "linear relu" else vf)(*ts)
    tout.backward()
    # forward pass went well
    assert close(out.data, tout.item(), TORCH_TOL)
    # backward pass went well
    for v, t in zip(vals, ts):
        assert close(v.grad, t.grad.item(), TORCH_TOL)


def test_the_same_value_used_twice_gets_both_contributions():
    # the famous bug: a node feeding two later nodes must sum both paths' gradients
    a = Value(3.0)
    (a + a).backward()
    assert a.grad == 2.0
    b = Value(3.0)
    (b * b + b).backward()  # d(b*b + b)/db = 2b + 1
    assert b.grad == 7.0


# --- random expression graphs, with node reuse ------------------------------------------------
# Each op: (number of operands, op on Values, op on floats, when its derivative is well defined
# and safe to approximate). A program is a list of (op name, operand indices); the operands come
# from all earlier nodes, so one node often feeds several later ones.

BOUND = 30.0  # every node stays within +-BOUND, so finite differences stay accurate


def _off_kink(z):
    return abs(z) >= 0.05


GRAPH_OPS = {
    "+": (2, lambda a, b: a + b, lambda x, y: x + y, None),
    "-": (2, lambda a, b: a - b, lambda x, y: x - y, None),
    "*": (2, lambda a, b: a * b, lambda x, y: x * y, None),
    "/": (2, lambda a, b: a / b, lambda x, y: x / y, lambda x, y: abs(y) >= 0.25),
    "neg": (1, lambda a: -a, lambda x: -x, None),
    "1.5-a": (1, lambda a: 1.5 - a, lambda x: 1.5 - x, None),
    "0.5+a": (1, lambda a: 0.5 + a, lambda x: 0.5 + x, None),
    "-1.5*a": (1, lambda a: -1.5 * a, lambda x: -1.5 * x, None),
    "2/a": (1, lambda a: 2 / a, lambda x: 2 / x, lambda x: abs(x) >= 0.25),
    "a**2": (1, lambda a: a**2, lambda x: x**2, None),
    "a**3": (1, lambda a: a**3, lambda x: x**3, None),
    "a**-1": (1, lambda a: a**-1, lambda x: x**-1, lambda x: abs(x) >= 0.25),
    "a**0.5": (1, lambda a: a**0.5, lambda x: x**0.5, lambda x: x >= 0.1),
    "a**-1.5": (1, lambda a: a**-1.5, lambda x: x**-1.5, lambda x: x >= 0.25),
    "exp": (1, lambda a: a.exp(), math.exp, None),
    "log": (1, lambda a: a.log(), math.log, lambda x: x >= 0.1),
    "tanh": (1, lambda a: a.tanh(), math.tanh, None),
    "sigmoid": (1, lambda a: a.sigmoid(), sigmoid, None),
    "relu": (1, lambda a: a.relu(), lambda x: max(x, 0.0), _off_kink),
    "linear": (4, linear_v, linear_f, None),
    "linear relu": (4, linear_relu_v, linear_relu_f, lambda *a: _off_kink(linear_f(*a))),
}
# the input of every kink, to check that a finite difference's nudges stay on one side of it
KINKS = {"relu": lambda x: x, "linear relu": linear_f}
# in PyTorch, linear is the chain it fuses; every other op is written the same as for Values
TORCH_OPS = {name: (linear_f if name == "linear" else linear_relu_f if name == "linear relu"
                    else vf) for name, (_, vf, _, _) in GRAPH_OPS.items()}


@st.composite
def programs(draw, max_steps=10):
    """Leaf values and a list of steps; every node the program builds stays within +-BOUND."""
    xs = draw(st.lists(floats(-2, 2), min_size=1, max_size=4), label="leaves")
    pool = list(xs)  # the float value of every node so far, to choose only valid ops
    steps = []
    for _ in range(draw(st.integers(1, max_steps), label="number of steps")):
        # operands first (an op takes as many of them as it needs), then an op valid for them:
        # tanh always is, so there is always a choice and no example is thrown away
        idx = draw(st.lists(st.integers(0, len(pool) - 1), min_size=4, max_size=4))
        valid = []
        for name, (arity, _, ff, ok) in GRAPH_OPS.items():
            args = [pool[i] for i in idx[:arity]]
            if (ok is None or ok(*args)) and abs(ff(*args)) <= BOUND:
                valid.append(name)
        name = draw(st.sampled_from(valid), label="op")
        arity, _, ff, _ = GRAPH_OPS[name]
        steps.append((name, tuple(idx[:arity])))
        pool.append(ff(*[pool[i] for i in idx[:arity]]))
    return xs, steps


def run(steps, leaves, which):
    """Every node of the program, leaves first. which: 1 runs the Value op, 2 the float op,
    "torch" the op on tensors."""
    nodes = list(leaves)
    for name, idx in steps:
        f = TORCH_OPS[name] if which == "torch" else GRAPH_OPS[name][which]
        nodes.append(f(*[nodes[i] for i in idx]))
    return nodes


def output(steps, xs):
    """The program's last node, in plain floats, and which side of its kink every relu is on."""
    nodes = run(steps, xs, 2)
    kinks = tuple(KINKS[name](*[nodes[i] for i in idx]) > 0 for name, idx in steps
                  if name in KINKS)
    return nodes[-1], kinks


def program_finite_difference(steps, xs, i):
    _, kinks = output(steps, xs)

    def f(ys):
        try:
            out, k = output(steps, ys)
        except (ValueError, ZeroDivisionError, OverflowError):
            k = None
        # a nudge that crosses a relu's kink (or leaves an op's domain) measures no derivative;
        # the margins in GRAPH_OPS make this rare, and such an example is simply not counted
        assume(k == kinks)
        return out

    return finite_difference(f, xs, i)


@settings(max_examples=150)
@given(programs())
def test_random_graph_gradients_match_finite_differences(program):
    xs, steps = program
    leaves = [Value(x) for x in xs]
    nodes = run(steps, leaves, 1)
    nodes[-1].backward()
    want, _ = output(steps, xs)
    assert close(nodes[-1].data, want, 1e-12)
    for i, leaf in enumerate(leaves):
        assert close(leaf.grad, program_finite_difference(steps, xs, i)), f"leaf {i}"


@settings(max_examples=60)
@given(programs())
def test_backward_twice_doubles_leaves_exactly_and_keeps_interior(program):
    xs, steps = program
    leaves = [Value(x) for x in xs]
    nodes = run(steps, leaves, 1)
    root = nodes[-1]
    root.backward()
    first = [v.grad for v in nodes]
    root.backward()
    for v, g in zip(leaves, first):
        assert v.grad == 2 * g  # leaves accumulate, exactly as in PyTorch
    interior = nodes[len(leaves):]
    for v, g in zip(interior, first[len(leaves):]):
        assert v.grad == g  # recomputed from zero: neither stale nor doubled


@settings(max_examples=60)
@given(programs())
def test_topological_order_puts_children_first_and_is_deterministic(program):
    xs, steps = program
    orders = []
    for _ in range(2):  # the same graph built twice
        nodes = run(steps, [Value(x, label=f"x{i}") for i, x in enumerate(xs)], 1)
        for k, v in enumerate(nodes[len(xs):]):
            v.label = f"n{k}"
        order = topological_order(nodes[-1])
        assert order[-1] is nodes[-1]
        assert len(set(map(id, order))) == len(order)  # each node once
        place = {id(v): i for i, v in enumerate(order)}
        for v in order:
            assert all(place[id(c)] < place[id(v)] for c in v._prev)
        orders.append([v.label for v in order])
    assert orders[0] == orders[1]


@settings(max_examples=60)
@given(programs())
def test_random_graph_matches_pytorch(torch, program):
    xs, steps = program
    leaves = [Value(x) for x in xs]
    nodes = run(steps, leaves, 1)
    nodes[-1].backward()
    ts = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in xs]
    tnodes = run(steps, ts, "torch")
    tnodes[-1].backward()
    # forward pass went well: every node, not only the output
    for v, t in zip(nodes, tnodes):
        assert close(v.data, t.item(), TORCH_TOL)
    # backward pass went well: every leaf (torch leaves no grad on a leaf the output ignores)
    for i, (v, t) in enumerate(zip(leaves, ts)):
        assert close(v.grad, 0.0 if t.grad is None else t.grad.item(), TORCH_TOL), f"leaf {i}"


# --- what a Value is, and the errors it gives ---------------------------------------------------


@pytest.mark.parametrize("given_", [3, 2.5, -0.0, Fraction(1, 4), np.float32(0.5), np.int64(7)])
def test_value_holds_a_float_and_a_zero_grad(given_):
    v = Value(given_)
    assert type(v.data) is float and v.data == float(given_)
    assert v.grad == 0.0 and v.label == ""
    assert v._prev == () and v._op == ""  # an input: no children, no op
    assert Value(1.0, label="w").label == "w"


@pytest.mark.parametrize("given_, named", [
    ("3.0", "str"), (None, "None"), ([1.0, 2.0], "list"), (1 + 2j, "complex"),
    (Value(1.0), "Value"),
])
def test_value_of_a_non_number_is_a_type_error_naming_it(given_, named):
    with pytest.raises(TypeError, match=named):
        Value(given_)


@pytest.mark.parametrize("bad", [lambda: Value(2.0) ** Value(3.0), lambda: 2.0 ** Value(3.0),
                                 lambda: 2 ** Value(3.0)])
def test_value_exponent_is_a_type_error_saying_so(bad):
    with pytest.raises(TypeError) as e:
        bad()
    msg = str(e.value)
    assert "**" in msg and "exponent" in msg and "Value" in msg


@pytest.mark.parametrize("bad", [lambda: Value(1.0) + "a", lambda: "a" * Value(1.0),
                                 lambda: Value(1.0) * None, lambda: [1.0] - Value(1.0)])
def test_arithmetic_with_a_non_number_is_a_type_error(bad):
    with pytest.raises(TypeError):
        bad()


@pytest.mark.parametrize("x", [1000.0, -1000.0])
def test_tanh_sigmoid_relu_are_stable_at_1000(x):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warning either
        a = Value(x)
        t, s, r = a.tanh(), a.sigmoid(), a.relu()
        (t + s + r).backward()
    assert t.data == math.copysign(1.0, x)  # saturated
    assert s.data == (1.0 if x > 0 else 0.0)
    assert r.data == max(x, 0.0)
    assert a.grad == (1.0 if x > 0 else 0.0)  # tanh' and sigmoid' are 0 there; relu' is 1 or 0
    assert math.isfinite(a.grad)


def test_relu_at_its_kink_passes_no_gradient_as_in_pytorch():
    a = Value(0.0)
    a.relu().backward()
    assert a.grad == 0.0
    w, b = Value(2.0), Value(-1.0)
    linear([w], [0.5], b, relu=True).backward()  # exactly 0 before the relu
    assert w.grad == 0.0 and b.grad == 0.0


def test_exp_is_fine_up_to_the_largest_float_and_underflows_quietly():
    assert Value(709.0).exp().data == math.exp(709.0)
    assert Value(-1000.0).exp().data == 0.0


@pytest.mark.parametrize("x", [710.0, 1000.0, 1e300])
def test_exp_overflow_names_exp_and_the_value(x):
    with pytest.raises(OverflowError) as e:
        Value(x).exp()
    assert "exp" in str(e.value) and f"{x:g}" in str(e.value)


@pytest.mark.parametrize("x", [0.0, -2.5, -1000.0])
def test_log_of_non_positive_names_log_and_the_value(x):
    with pytest.raises(ValueError) as e:
        Value(x).log()
    assert "log" in str(e.value) and f"{x:g}" in str(e.value)


@pytest.mark.parametrize("bad, op", [
    (lambda: Value(3.0) / 0, "/"), (lambda: Value(3.0) / Value(0.0), "/"),
    (lambda: 3.0 / Value(0.0), "/"), (lambda: Value(0.0) ** -1, "**"),
    (lambda: Value(0.0) ** -0.5, "**"),
])
def test_division_by_zero_is_a_zero_division_error(bad, op):
    with pytest.raises(ZeroDivisionError) as e:
        bad()
    assert op in str(e.value) and "zero" in str(e.value)


def test_power_errors_name_the_op_and_the_value():
    with pytest.raises(ValueError) as e:
        Value(-2.0) ** 0.5  # not a real number
    assert "**" in str(e.value) and "-2" in str(e.value)
    with pytest.raises(OverflowError) as e:
        Value(10.0) ** 400
    assert "**" in str(e.value) and "10" in str(e.value)


def test_repr_shows_label_data_and_grad_and_no_memory_address():
    a = Value(2.0, label="a")
    r = repr(a)
    assert "a" in r and "2" in r and "grad" in r
    assert " at 0x" not in r and "0x" not in r


def test_prev_and_op_are_readable():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    assert c._prev == (a, b) and c._prev[0] is a and c._prev[1] is b  # ordered, the very nodes
    assert c._op == "*" and (a + b)._op == "+"
    for name in ("exp", "tanh", "sigmoid", "relu"):
        v = getattr(a, name)()
        assert v._prev == (a,) and name in v._op
    assert a.log()._op.startswith("log")
    assert "**" in (a**2)._op
    assert isinstance(c._prev, tuple) and isinstance(c._op, str) and len(c._op) <= 12


# --- backward() -------------------------------------------------------------------------------


def test_backward_twice_doubles_leaf_grads_exactly():
    a, b = Value(0.7, label="a"), Value(-1.3, label="b")
    c = a * b
    d = (c + a).tanh()
    L = d * d + b.exp()
    L.backward()
    first = [v.grad for v in (a, b, c, d, L)]
    L.backward()
    assert [a.grad, b.grad] == [2 * first[0], 2 * first[1]]  # exactly, not approximately
    assert [c.grad, d.grad, L.grad] == first[2:]  # interior: recomputed, not doubled


def test_interior_grads_are_never_stale():
    # c feeds two different outputs; each backward gives c the gradient of *that* output
    a = Value(2.0)
    c = a * 3.0
    L1, L2 = c * 2.0, c * 5.0
    L1.backward()
    assert c.grad == 2.0 and a.grad == 6.0
    L2.backward()
    assert c.grad == 5.0  # not 2 + 5
    assert a.grad == 6.0 + 15.0  # the leaf accumulates, as in PyTorch


def test_backward_through_a_million_node_chain():
    # each + has its own node and the shared leaf c: depth 10**6, far past the recursion limit
    gc.disable()  # the collector would rescan a million fresh nodes many times: time, not
    try:          # correctness (these nodes hold no reference cycles)
        x0, c = Value(0.0, label="x0"), Value(1.0, label="c")
        x = x0
        for _ in range(10**6):
            x = x + c
        x.backward()
        assert x.data == 1e6
        assert c.grad == 1e6 and x0.grad == 1.0
        del x
    finally:
        gc.enable()


def test_topological_order_follows_children_order():
    a, b = Value(1.0, label="a"), Value(2.0, label="b")
    assert [v.label for v in topological_order(a + b)] == ["a", "b", ""]
    assert [v.label for v in topological_order(b + a)] == ["b", "a", ""]
    c = a * b
    c.label = "c"
    d = c + a
    d.label = "d"
    e = d * c
    e.label = "e"
    # depth first, children in _prev order, each node once, after all its children
    assert [v.label for v in topological_order(e)] == ["a", "b", "c", "d", "e"]


def test_topological_order_of_the_same_graph_built_twice_is_the_same():
    def build():
        xs = [Value(float(i), label=f"x{i}") for i in range(4)]
        h = [(xs[i] * xs[(i + 1) % 4]).tanh() for i in range(4)]
        for i, v in enumerate(h):
            v.label = f"h{i}"
        out = linear(h, xs, Value(0.5, label="b"))
        out.label = "out"
        return [v.label for v in topological_order(out)]

    assert build() == build()


# --- linear: one node, the same numbers as the chain it replaces ------------------------------


@st.composite
def linear_cases(draw, shared=False):
    """Weights, inputs and bias of a linear node; inputs are Values or plain numbers.

    With shared=True the inputs are drawn from a pool of one or two Values, so one Value
    appears several times among the inputs (and the weights may repeat too).
    """
    n = draw(st.integers(1, 6), label="n")
    num = floats(-3, 3)
    if shared:
        pool = draw(st.lists(num, min_size=1, max_size=2), label="pool")
        xs = draw(st.lists(st.integers(0, len(pool) - 1), min_size=n, max_size=n))
        wpool = draw(st.lists(num, min_size=1, max_size=n), label="weights")
        ws = draw(st.lists(st.integers(0, len(wpool) - 1), min_size=n, max_size=n))
        return ("shared", pool, xs, wpool, ws, draw(num, label="b"), draw(num, label="upstream"))
    xs = draw(st.lists(st.tuples(num, st.booleans()), min_size=n, max_size=n), label="xs")
    ws = draw(st.lists(num, min_size=n, max_size=n), label="ws")
    return ("plain", xs, ws, draw(num, label="b"), draw(num, label="upstream"))


def linear_both_ways(case, relu=False):
    """The fused node and the unfused chain on fresh, identical Values: (data, leaf grads)."""
    results = []
    for fused in (True, False):
        if case[0] == "plain":
            _, xd, wd, bd, up = case
            xs = [Value(x) if is_value else x for x, is_value in xd]
            ws = [Value(w) for w in wd]
            leaves = ws + [x for x in xs if isinstance(x, Value)]
        else:
            _, pool, xi, wpool, wi, bd, up = case
            xpool, wvals = [Value(x) for x in pool], [Value(w) for w in wpool]
            xs, ws = [xpool[i] for i in xi], [wvals[i] for i in wi]
            leaves = wvals + xpool
        b = Value(bd)
        leaves.append(b)
        if fused:
            out = linear(ws, xs, b, relu=relu)
        else:
            out = b
            for w, x in zip(ws, xs):
                out = out + w * x
            out = out.relu() if relu else out
        (out * up).backward()  # a gradient other than 1 arrives from above
        results.append((out.data, [v.grad for v in leaves]))
    return results


@settings(max_examples=100)
@given(linear_cases(), st.booleans())
def test_linear_is_bit_for_bit_the_chain_it_replaces(case, relu):
    fused, chain = linear_both_ways(case, relu)
    assert fused == chain  # ==: the same floats to the last bit, data and every gradient


@settings(max_examples=100)
@given(linear_cases(shared=True), st.booleans())
def test_linear_matches_the_chain_when_a_value_repeats(case, relu):
    # linear([w0, w1, w2], [x, x, x], b): x gets three contributions, which the node adds in
    # another order than the chain's backward pass does, so only the last bits may differ
    # (engine.linear promises bit-for-bit only when no Value repeats, as in a network).
    # Every number here is within 3 in size and at most 13 contributions meet, so any real
    # error in a local derivative is far above 1e-12.
    (fused_data, fused_grads), (chain_data, chain_grads) = linear_both_ways(case, relu)
    assert fused_data == chain_data  # the forward sum runs in the chain's order: bit for bit
    assert len(fused_grads) == len(chain_grads)
    for f, c in zip(fused_grads, chain_grads):
        assert abs(f - c) <= 1e-12, (f, c)


def test_linear_mixes_values_and_numbers():
    w0, w1, x0, b = Value(2.0), Value(-1.0), Value(3.0), Value(0.5)
    out = linear([w0, w1], [x0, 4], b)
    assert out.data == 0.5 + 6.0 - 4.0
    out.backward()
    assert (w0.grad, w1.grad, x0.grad, b.grad) == (3.0, 4.0, 2.0, 1.0)
    assert all(isinstance(c, Value) for c in out._prev) and len(out._prev) == 4  # the 4 is no child


def test_linear_relu_off_passes_no_gradient():
    w, b = Value(1.0), Value(-5.0)
    out = linear([w], [2.0], b, relu=True)
    out.backward()
    assert out.data == 0.0 and w.grad == 0.0 and b.grad == 0.0


def test_linear_length_mismatch_is_an_error_naming_both_lengths():
    with pytest.raises(ValueError, match=r"linear.*2.*3"):
        linear([Value(1.0), Value(2.0)], [1.0, 2.0, 3.0], Value(0.0))


def test_linear_with_number_weights_is_a_type_error():
    with pytest.raises(TypeError, match="linear"):
        linear([1.0, 2.0], [Value(1.0), Value(2.0)], Value(0.0))
    with pytest.raises(TypeError, match="linear"):
        linear([Value(1.0)], [Value(1.0)], 0.0)


@settings(max_examples=60)
@given(st.integers(1, 5).flatmap(lambda n: st.tuples(
    st.lists(st.tuples(floats(-3, 3), st.booleans()), min_size=n, max_size=n),  # inputs
    st.lists(st.tuples(st.lists(floats(-3, 3), min_size=n, max_size=n), floats(-3, 3)),
             min_size=1, max_size=4))),  # (weights, bias) per neuron
       st.booleans())
def test_a_layer_is_bit_for_bit_its_neurons_one_at_a_time(case, relu):
    # linear_layer reads the inputs once for all neurons and shares one tuple of zeros among
    # its off relus: every node must still be exactly what linear makes for that neuron alone
    xd, rows = case
    built = []
    for together in (True, False):
        xs = [Value(x) if is_value else x for x, is_value in xd]
        neurons = [([Value(w) for w in ws], Value(b)) for ws, b in rows]
        outs = (linear_layer(neurons, xs, relu) if together
                else [linear(ws, xs, b, relu) for ws, b in neurons])
        sum(o * (k + 1.5) for k, o in enumerate(outs)).backward()  # other grads per neuron
        leaves = [x for x in xs if isinstance(x, Value)] + [p for ws, b in neurons
                                                            for p in (*ws, b)]
        ids = {id(v): i for i, v in enumerate(leaves)}
        built.append(([(o.data, o._op, o._local, [ids[id(c)] for c in o._prev]) for o in outs],
                      [repr(v.grad) for v in leaves]))  # repr: a -0.0 would show
        for o in outs:  # one local derivative per child; an off relu's are all 0
            assert len(o._local) == len(o._prev)
            assert o.data != 0.0 or not relu or not any(o._local)
    assert built[0] == built[1]


def test_a_layer_with_a_short_row_is_refused_naming_the_lengths():
    xs = [Value(1.0), Value(2.0)]
    good, short = ([Value(0.5), Value(0.5)], Value(0.0)), ([Value(0.5)], Value(0.0))
    with pytest.raises(ValueError, match=r"linear needs as many weights as inputs, got 1 and 2"):
        linear_layer([good, short], xs)


# --- nan and inf: the same numbers as PyTorch -------------------------------------------------
# Every op of OPS, each input drawn from the special floats or ordinary ones. Where engine.py
# raises, it is one of its documented domain errors (log of x <= 0, division by zero, a
# negative base to a fractional power), at a point where PyTorch's answer is no finite number
# either. Everywhere else data and every gradient agree with float64 PyTorch, nan for nan.

NAN, INF = math.nan, math.inf
# (not -0.0: PyTorch's x**0.5 keeps its sign, slope 1/(2 * -0.0) = -inf; ours is 0.0 there)
SPECIAL = [NAN, INF, -INF, 0.0, 1.0, -1.0, 0.5]
DOMAIN_ERRORS = (ValueError, ZeroDivisionError)


def same(a, b):
    """Equal as floats, nan equal to nan, infinities by sign, others to rounding."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return close(a, b, TORCH_TOL)


def documented_difference(root):
    """Where engine.py gives 0 and PyTorch 0 * inf = nan, by design (engine.py's docstring):
    a grad of 0 into a finite node with an infinite slope (x**0.5 at 0); and an off
    relu(w·x+b) whose sum is -inf, which passes 0 to every child, where PyTorch's chain of *
    and + nodes multiplies that 0 by the infinite inputs."""
    return any(v.grad == 0 and math.isfinite(v.data) and any(map(math.isinf, v._local))
               or v._op == "relu(w·x+b)" and v.data == 0 and any(
                   math.isinf(c.data) for c in v._prev)
               for v in topological_order(root))


def special_or_ordinary():
    return st.one_of(st.sampled_from(SPECIAL), floats(-3, 3).map(lambda x: x + 0.0))


@pytest.mark.parametrize("name", OPS)
@settings(max_examples=60)
@given(data=st.data())
def test_nan_and_inf_match_pytorch(torch, name, data):
    vf, _, strategies = OPS[name]
    xs = [data.draw(special_or_ordinary(), label=f"x{i}") for i in range(len(strategies))]
    tf = linear_f if name == "linear" else linear_relu_f if name == "linear relu" else vf
    ts = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in xs]
    tout = tf(*ts)
    vals = [Value(x) for x in xs]
    try:
        out = vf(*vals)
    except DOMAIN_ERRORS:
        assert not math.isfinite(tout.item()) or name.startswith("a**0"), (xs, tout.item())
        return
    except OverflowError:  # finite inputs, and PyTorch's value, or 1/b in a/b, is inf
        assert all(map(math.isfinite, xs))
        assert not math.isfinite(tout.item()) or name.endswith("/b") and 1 / xs[1] == INF
        return
    assert same(out.data, tout.item()), (out.data, tout.item())  # forward pass went well
    out.backward()
    tout.backward()
    for i, (v, t) in enumerate(zip(vals, ts)):  # backward pass went well
        want = 0.0 if t.grad is None else t.grad.item()
        if not same(v.grad, want):
            assert v.grad == 0.0 and math.isnan(want) and documented_difference(out), (i, xs)


@pytest.mark.parametrize("op", [
    lambda x: x + 1.0, lambda x: 1.0 - x, lambda x: x * 3.0, lambda x: x / 2.0, lambda x: 2.0 / x,
    lambda x: -x, lambda x: x**2, lambda x: x**0.5, lambda x: x.exp(), lambda x: x.log(),
    lambda x: x.tanh(), lambda x: x.sigmoid(), lambda x: x.relu(),
])
def test_nan_propagates_through_every_op_and_back(torch, op):
    x = Value(NAN)
    out = op(x)
    out.backward()
    t = torch.tensor(NAN, dtype=torch.float64, requires_grad=True)
    tout = op(t)
    tout.backward()
    assert math.isnan(out.data)  # never turned into a number, relu included
    assert same(x.grad, t.grad.item()), (x.grad, t.grad.item())  # nan where the slope needs x


@pytest.mark.parametrize("relu", [False, True])
def test_nan_propagates_through_linear(relu):
    w, x, b = Value(0.5), Value(NAN), Value(0.25)
    out = linear([w, Value(-2.0)], [x, 1.0], b, relu=relu)
    out.backward()
    assert math.isnan(out.data) and math.isnan(w.grad)  # d out/d w = x = nan
    assert x.grad == 0.5 and b.grad == 1.0  # slopes that do not involve the nan


def test_relu_of_nan_is_nan_in_a_network_as_in_pytorch(torch):
    import random

    from nn import MLP
    random.seed(3)
    model = MLP(2, [4, 4, 1])
    out = model([NAN, 1.0])
    out.backward()
    assert math.isnan(out.data)  # not 0.0: a relu that sees nan passes it on
    tw = [torch.tensor([[n.w[i].data for i in range(len(n.w))] for n in layer.neurons],
                       dtype=torch.float64, requires_grad=True) for layer in model.layers]
    tb = [torch.tensor([n.b.data for n in layer.neurons], dtype=torch.float64,
                       requires_grad=True) for layer in model.layers]
    h = torch.tensor([NAN, 1.0], dtype=torch.float64)
    for i, (w, b) in enumerate(zip(tw, tb)):
        h = w @ h + b
        h = torch.relu(h) if i < len(tw) - 1 else h
    h.sum().backward()
    want = [g for w, b in zip(tw, tb) for row, gb in zip(w.grad.tolist(), b.grad.tolist())
            for g in (*row, gb)]
    got = [p.grad for p in model.parameters()]
    assert len(got) == len(want)
    assert all(same(a, b) for a, b in zip(got, want)), (got, want)
    assert any(math.isnan(g) for g in got)


@pytest.mark.parametrize("build", [
    lambda x, relu: relu(x) ** 0.5,  # relu off, then an infinite slope above it
    lambda x, relu: relu(x) * INF,  # inf arrives from above
    lambda x, relu: relu(x) * NAN,  # nan arrives from above
    lambda x, relu: relu(x) * 0.0 + (x**0) * INF,  # x**0 is flat by definition too
])
@pytest.mark.parametrize("where", ["relu", "linear relu"])
def test_an_off_relu_passes_on_exactly_zero_whatever_arrives(torch, build, where):
    def ours(x):
        return x.relu() if where == "relu" else linear([Value(1.0)], [x], Value(0.0), relu=True)

    x = Value(-1.0)
    build(x, ours).backward()
    t = torch.tensor(-1.0, dtype=torch.float64, requires_grad=True)
    build(t, torch.relu).backward()
    assert x.grad == 0.0 == t.grad.item()  # exactly 0, not 0 * inf = nan


def test_zero_grad_times_an_infinite_slope_is_the_documented_difference(torch):
    # L = 0 * sqrt(x) at x = 0: L does not depend on x, engine.py says 0; PyTorch 0 * inf = nan
    x = Value(0.0)
    (0.0 * x**0.5).backward()
    assert x.grad == 0.0
    t = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
    (0.0 * t**0.5).backward()
    assert math.isnan(t.grad.item())


def test_zero_grad_over_nan_data_stays_nan_as_in_pytorch(torch):
    a, b = Value(0.0), Value(NAN)
    (a / b).backward()
    t, u = (torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in (0.0, NAN))
    (t / u).backward()
    assert math.isnan(b.grad) and math.isnan(u.grad.item())
    assert same(a.grad, t.grad.item())


# --- one overflow rule: finite inputs, a result too large: OverflowError naming the op -------

OVERFLOWS = [
    ("+", lambda: Value(1e308) + Value(1e308), "1e+308"),
    ("+", lambda: 1e308 + Value(1e308), "1e+308"),
    ("-", lambda: Value(1e308) - Value(-1e308), "1e+308"),
    ("-", lambda: 1e308 - Value(-1e308), "1e+308"),
    ("-", lambda: Value(-1e308) - 1e308, "1e+308"),
    ("*", lambda: Value(1e200) * Value(1e200), "1e+200"),
    ("*", lambda: 1e200 * Value(1e200), "1e+200"),
    ("/", lambda: Value(1.0) / 1e-320, "1e-320"),
    ("/", lambda: Value(1e300) / Value(1e-10), "1e-10"),
    ("/", lambda: 3.0 / Value(1e-320), "1e-320"),
    ("**", lambda: Value(1e200) ** 2, "1e+200"),
    ("**", lambda: Value(10.0) ** 400, "400"),
    ("**", lambda: Value(1e-200) ** -2, "1e-200"),
    ("exp", lambda: Value(710.0).exp(), "710"),
    ("w·x+b", lambda: linear([Value(1e200)], [Value(1e200)], Value(0.0)), "w·x+b"),
    ("w·x+b", lambda: linear([Value(1e200)], [1e200], Value(0.0), relu=True), "w·x+b"),
]


@pytest.mark.parametrize("op, bad, shown", OVERFLOWS)
def test_every_op_raises_on_overflow_naming_itself_and_the_value(op, bad, shown):
    with pytest.raises(OverflowError) as e:
        bad()
    msg = str(e.value)
    assert msg.startswith(f"{op} :") and "overflows" in msg, msg
    assert shown.replace("1e-320", "9.99989e-321") in msg, msg
    if op in ("/", "-"):  # the operator the learner wrote, not the primitive it is made of
        assert "**" not in msg and "+ :" not in msg


@settings(max_examples=100)
@given(st.floats(1e154, 1e308), st.floats(1e154, 1e308), st.sampled_from(["+", "*", "-"]))
def test_overflow_is_an_error_never_a_silent_inf(a, b, op):
    f = {"+": lambda x, y: x + y, "*": lambda x, y: x * y, "-": lambda x, y: x - (-y)}[op]
    exact = f(a, b)  # plain floats: inf when it overflows
    try:
        out = f(Value(a), Value(b))
    except OverflowError as e:
        assert math.isinf(exact) and str(e).startswith(op)
    else:
        assert math.isfinite(out.data) and out.data == exact


@pytest.mark.parametrize("op, want", [
    (lambda x: x + 1.0, INF), (lambda x: x * 2.0, INF), (lambda x: x**2, INF),
    (lambda x: x.exp(), INF), (lambda x: x.log(), INF), (lambda x: (-x).exp(), 0.0),
    (lambda x: x / 2.0, INF), (lambda x: x - 1.0, INF),
])
def test_an_inf_put_in_passes_through_without_an_error(op, want):
    assert op(Value(INF)).data == want


# --- errors that name what the learner wrote ---------------------------------------------------


@pytest.mark.parametrize("op, bad", [
    ("+", lambda x: x + None), ("+", lambda x: None + x), ("-", lambda x: x - None),
    ("-", lambda x: None - x), ("*", lambda x: x * None), ("*", lambda x: None * x),
    ("/", lambda x: x / None), ("/", lambda x: None / x), ("**", lambda x: None**x),
    ("**", lambda x: x**None), ("-", lambda x: x - "2"), ("/", lambda x: [1.0] / x),
])
def test_a_non_number_names_the_operator_and_the_value(op, bad):
    with pytest.raises(TypeError) as e:
        bad(Value(2.0))
    msg = str(e.value)
    assert msg.startswith(op + " "), msg
    assert any(s in msg for s in ("None", "'2'", "[1.0]")), msg
    assert "unary" not in msg and "math.log" not in msg


@settings(max_examples=60)
@given(st.one_of(st.none(), st.text(max_size=5), st.lists(st.floats(), max_size=2),
                 st.dictionaries(st.text(max_size=2), st.integers(), max_size=1)),
       st.sampled_from(["+", "-", "*", "/"]), st.booleans())
def test_any_non_number_on_either_side_is_a_type_error_naming_the_op(other, op, left):
    f = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
         "/": lambda a, b: a / b}[op]
    with pytest.raises(TypeError) as e:
        f(other, Value(1.5)) if left else f(Value(1.5), other)
    assert op in str(e.value) and type(other).__name__ in str(e.value)


def test_numpy_still_handles_an_array_on_either_side():
    # an unknown object is left to its own operator (NotImplemented), as before
    out = Value(2.0) * np.array([1.0, 3.0])
    assert [v.data for v in out] == [2.0, 6.0]


def test_linear_names_a_bad_input_and_a_bad_weight():
    with pytest.raises(TypeError, match=r"linear .*inputs.*str: 'a'"):
        linear([Value(1.0), Value(2.0)], [1.0, "a"], Value(0.0))
    with pytest.raises(TypeError, match=r"linear .*weights.*float: 1.5"):
        linear([Value(1.0), 1.5], [1.0, 2.0], Value(0.0))


# --- grad None, stale data --------------------------------------------------------------------


def test_a_grad_of_none_counts_as_zero_like_pytorchs_zero_grad():
    a, b = Value(2.0), Value(3.0)
    L = a * b + a
    L.backward()
    a.grad = None  # PyTorch's optimizer.zero_grad() sets grads to None
    b.grad = None
    L.backward()
    assert (a.grad, b.grad) == (4.0, 2.0)  # one pass, not two


@pytest.mark.parametrize("junk", ["0", [0.0], object()])
def test_a_grad_that_is_no_number_is_refused_before_anything_changes(junk):
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    c = a * b
    L = c + a
    L.backward()
    before = [v.grad for v in (a, b, c, L)]
    b.grad = junk
    with pytest.raises(TypeError, match=r"backward.*'b'.*not a number"):
        L.backward()
    assert [a.grad, b.grad, c.grad, L.grad] == [before[0], junk, *before[2:]]


def test_backward_uses_the_numbers_of_the_forward_pass():
    # the decision: local derivatives are stored at forward time, so changing a leaf's .data
    # after the forward pass changes nothing until the forward pass runs again
    a, b = Value(2.0), Value(3.0)
    L = a * b
    a.data, b.data = 10.0, 20.0  # after the forward pass
    L.backward()
    assert (a.grad, b.grad) == (3.0, 2.0)  # the slopes at a = 2, b = 3, where L was computed
    a.grad = b.grad = 0.0
    L = a * b  # the forward pass again
    L.backward()
    assert (a.grad, b.grad) == (20.0, 10.0)


# --- the order of a graph, and memory --------------------------------------------------------


def recursive_order(root):
    """The textbook recursive depth-first order: what topological_order must give."""
    order, seen = [], set()

    def visit(v):
        if v not in seen:
            seen.add(v)
            for c in v._prev:
                visit(c)
            order.append(v)

    visit(root)
    return order


@settings(max_examples=100)
@given(programs(max_steps=25))
def test_topological_order_is_the_recursive_depth_first_order(program):
    # drawings number their nodes by this order, so it must never change
    xs, steps = program
    nodes = run(steps, [Value(x) for x in xs], 1)
    assert topological_order(nodes[-1]) == recursive_order(nodes[-1])


def network_graph():
    """Two samples through a 2-3-1 relu network, and a loss that uses an input once more: nodes
    whose children are all in order already (leaves, a layer's second and third neurons, the
    second sample's weights), shared leaves, a node used twice, and a node with one child."""
    w1 = [[Value(0.3 * i - 0.4 * j, label=f"w{i}{j}") for j in range(2)] for i in range(3)]
    b1, b2 = [Value(0.1 * i) for i in range(3)], Value(0.2)
    w2 = [Value(1.0), Value(-2.0), Value(0.5)]
    rows = [[Value(0.5, label="x0"), Value(-1.5)], [Value(-0.25), Value(2.0)]]
    outs = [linear(w2, [linear(w, x, b, relu=True) for w, b in zip(w1, b1)], b2) for x in rows]
    h, x0 = outs[0] * outs[1], rows[0][0]
    return (h * h).tanh() + x0 * outs[0] + x0, [*sum(w1, []), *b1, *w2, b2, *rows[0]]


def test_topological_order_of_a_network_is_the_recursive_order():
    # topological_order puts a node whose children are all in order straight into the order:
    # the order it gives must still be the textbook one, node for node
    root, _ = network_graph()
    assert topological_order(root) == recursive_order(root)
    assert len(set(map(id, topological_order(root)))) == len(topological_order(root))


def test_backward_of_a_network_is_the_chain_rule_in_the_recursive_order_bit_for_bit():
    # backward skips leaves and tests for the exact zeros only when a grad is 0, inf or nan:
    # the grads must be those of the plain loop over every node, to the last bit
    root, leaves = network_graph()
    root.backward()
    got = [v.grad for v in leaves]
    order = recursive_order(root)
    for v in order:
        v.grad = 0.0
    root.grad = 1.0
    for v in reversed(order):
        for c, d in zip(v._prev, v._local):
            c.grad += d * v.grad
    assert list(map(repr, got)) == [repr(v.grad) for v in leaves]  # repr: 0.0 is not -0.0
    assert len(set(got)) > 10  # the leaves get many different grads: the check compares something


def test_a_slope_too_large_is_inf_not_an_error_as_in_pytorch(torch):
    for k, x in [(-2, 1e-103), (-2, -1e-103), (-3, -1e-77), (-2, -1e-110), (-1, 1e-200)]:
        v = Value(x)
        (v**k).backward()
        t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        (t**k).backward()
        assert same(v.grad, t.grad.item()) and math.isinf(v.grad), (k, x, v.grad)
    v = Value(5e-324)
    v.log().backward()
    assert v.grad == INF


# --- issue 18: - and / exact primitives, huge integers, ** with inf and nan, the zero rules ----

any_float = st.floats(allow_nan=False, allow_infinity=False, width=64)


@settings(max_examples=300)
@given(any_float, any_float)
def test_a_minus_b_is_pythons_to_the_bit_and_one_node(a, b):
    try:
        out = Value(a) - Value(b)
    except OverflowError:  # finite inputs, a result too large: named, never a silent inf
        assert math.isinf(a - b)
        return
    assert out.data.hex() == (a - b).hex()  # the very bits, -0.0 included
    assert out._op == "-" and len(out._prev) == 2 and out._local == (1.0, -1.0)
    assert (a - Value(b)).data.hex() == (a - b).hex() == (Value(a) - b).data.hex()


@settings(max_examples=300)
@given(any_float, any_float.filter(lambda b: b != 0.0))
def test_a_over_b_is_pythons_to_the_bit_and_one_node(a, b):
    try:
        out = Value(a) / Value(b)
    except OverflowError:
        assert math.isinf(a / b)
        return
    assert out.data.hex() == (a / b).hex()
    assert out._op == "/" and len(out._prev) == 2
    assert (a / Value(b)).data.hex() == (a / b).hex() == (Value(a) / b).data.hex()


def test_division_is_exact_where_a_times_one_over_b_is_not():
    assert (Value(49.0) / 49).data == 1.0  # 49 * (1/49) is 0.9999999999999999
    assert (1.0 / Value(3.0)).data == 1.0 / 3.0


@pytest.mark.parametrize("x, y", [(3.0, -2.0), (-0.5, 4.0), (1e-200, 1e-150), (7.0, 1e200)])
def test_the_local_derivatives_of_minus_and_over(torch, x, y):
    for f in (lambda a, b: a - b, lambda a, b: a / b):
        a, b = Value(x), Value(y)
        f(a, b).backward()
        t, u = (torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in (x, y))
        f(t, u).backward()
        assert close(a.grad, t.grad.item(), TORCH_TOL) and close(b.grad, u.grad.item(), TORCH_TOL)


HUGE = 10**400


@pytest.mark.parametrize("op, bad", [
    ("Value", lambda: Value(HUGE)),
    ("+", lambda: Value(1.0) + HUGE), ("+", lambda: HUGE + Value(1.0)),
    ("*", lambda: Value(1.0) * HUGE), ("*", lambda: HUGE * Value(1.0)),
    ("-", lambda: Value(1.0) - HUGE), ("-", lambda: HUGE - Value(1.0)),
    ("/", lambda: Value(1.0) / HUGE), ("/", lambda: HUGE / Value(1.0)),
    ("**", lambda: Value(1.0) ** HUGE),
    ("linear", lambda: linear([Value(1.0)], [HUGE], Value(0.0))),
])
def test_an_integer_too_large_for_a_float_is_refused_naming_op_and_value(op, bad):
    with pytest.raises(OverflowError) as e:
        bad()
    msg = str(e.value)
    assert msg.startswith(op) and "integer 100000000000" in msg and "401 digits" in msg, msg
    assert "int too large to convert" not in msg


@pytest.mark.parametrize("x", [-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, INF, -INF, NAN])
@pytest.mark.parametrize("k", [INF, -INF, NAN])
def test_power_with_an_inf_or_nan_exponent_is_pytorchs_float64(torch, x, k):
    v = Value(x)
    out = v**k
    assert same(out.data, x**k)  # Python's float ** too
    out.backward()
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    tout = t**k
    tout.backward()
    assert same(out.data, tout.item()), (out.data, tout.item())
    assert same(v.grad, t.grad.item()), (v.grad, t.grad.item())


def test_the_exact_zero_rules_are_data_not_op_names():
    from engine import EXACT_ZERO_OPS, passes_nothing
    assert EXACT_ZERO_OPS == {"relu", "relu(w·x+b)", "**0"}
    x = Value(-1.0)
    off = x.relu()
    assert passes_nothing(off, INF) and passes_nothing(off, NAN)
    assert not passes_nothing(Value(1.0).relu(), INF)  # an on relu passes inf on
    off._op = "relu, renamed"  # a label is not a rule: renaming the op drops the exact zero
    assert not passes_nothing(off, INF)
    tanh = Value(40.0).tanh()  # slope 1 - 1.0**2 = 0 by rounding, not by definition
    assert tanh._local == (0.0,) and not passes_nothing(tanh, INF)
    assert passes_nothing(Value(0.0) ** 0.5, 0.0)  # 0 into a finite node with an inf slope
    assert not passes_nothing(Value(NAN) * 2.0, 0.0)  # 0 into a nan node: nan, as PyTorch


def test_an_integer_of_more_than_4300_digits_is_refused_by_its_size_never_str():
    # str() itself refuses an int of more than 4300 digits (ValueError): the message must not
    # need it; the digit count comes from bit_length, the first digits from a division
    for x, top, digits in [(10**5000, "100000000000", 5001), (-(10**400) - 7, "-100000000000", 401),
                           (10**400 - 1, "99999999999", 400)]:
        with pytest.raises(OverflowError) as e:
            Value(x)
        msg = str(e.value)
        assert msg.startswith("Value : the integer " + top + "...") and f"({digits} digits)" in msg


def test_the_power_errors_point_to_lesson_06_without_handing_over_exercise_3():
    # exercise 3 asks the learner to build x ** y for a Value y: the message says where, and
    # must not print the answer, (y * x.log()).exp(), or its plain-base cousin
    for build, shown in [(lambda: Value(2.0) ** Value(3.0), "got a Value"),
                         (lambda: 2.0 ** Value(3.0), "2 ** Value")]:
        with pytest.raises(TypeError) as e:
            build()
        msg = str(e.value)
        assert msg.startswith("** needs a plain number as exponent") and shown in msg
        assert "lesson 06" in msg and "log" not in msg and "exp()" not in msg


@pytest.mark.parametrize("n, said", [(1, "w·x+b : b + w*x overflows"),
                                     (3, "w·x+b : b + w*x over 3 inputs overflows")])
def test_linear_overflow_says_what_it_summed_in_good_english(n, said):
    with pytest.raises(OverflowError) as e:
        linear([Value(1e200)] * n, [Value(1e200)] * n, Value(0.0))
    assert str(e.value).startswith(said)
