"""Tests for nn.py: the network's shape and parameters, the losses, the data, and PyTorch parity."""
import math
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import Value
from nn import MLP, Layer, Neuron, hinge, l2, make_moons, softmax_cross_entropy, squared_error

TORCH_TOL = 1e-10  # PyTorch sums a layer with a matrix product, in its own order: a few ulps


@pytest.fixture(autouse=True)
def seeded():
    random.seed(1234)  # nn draws its weights from `random`


# --- the network ------------------------------------------------------------------------------


def test_mlp_2_16_16_1_has_337_parameters_in_order():
    model = MLP(2, [16, 16, 1])
    params = model.parameters()
    assert len(params) == 337 == (2 + 1) * 16 + (16 + 1) * 16 + (16 + 1) * 1
    # layer by layer, neuron by neuron, each neuron's weights then its bias: the very objects
    expected = [p for layer in model.layers for n in layer.neurons for p in (*n.w, n.b)]
    assert len(expected) == len(params)
    assert all(p is q for p, q in zip(params, expected))
    assert len({id(p) for p in params}) == 337  # no parameter listed twice
    assert [len(layer.neurons) for layer in model.layers] == [16, 16, 1]
    assert [len(layer.neurons[0].w) for layer in model.layers] == [2, 16, 16]


def test_weights_start_in_minus_1_to_1_and_biases_at_0_and_follow_the_seed():
    random.seed(7)
    a = [p.data for p in MLP(3, [4, 2]).parameters()]
    random.seed(7)
    b = [p.data for p in MLP(3, [4, 2]).parameters()]
    assert a == b
    model = MLP(3, [4, 2])
    for layer in model.layers:
        for n in layer.neurons:
            assert all(-1 <= w.data <= 1 for w in n.w) and n.b.data == 0.0
            assert all(isinstance(w, Value) for w in n.w) and isinstance(n.b, Value)


def test_one_output_is_a_value_several_are_a_list():
    x = [0.5, -1.0]
    out = MLP(2, [3, 1])(x)
    assert isinstance(out, Value)
    outs = MLP(2, [3, 4])(x)
    assert isinstance(outs, list) and len(outs) == 4 and all(isinstance(o, Value) for o in outs)
    assert isinstance(Layer(2, 1)(x), Value)
    assert isinstance(Layer(2, 3)(x), list) and len(Layer(2, 3)(x)) == 3
    assert isinstance(MLP(2, [1, 1])(x), Value)  # a one-neuron hidden layer still feeds on


def test_the_network_takes_values_as_inputs_too():
    # then the inputs get gradients: checked against a central difference of the network
    model = MLP(2, [3, 1], act="tanh")
    x = [Value(0.5), Value(-1.0)]
    model(x).backward()
    h = 1e-6
    for i in range(2):
        up = [v.data + (h if j == i else 0.0) for j, v in enumerate(x)]
        down = [v.data - (h if j == i else 0.0) for j, v in enumerate(x)]
        slope = (model(up).data - model(down).data) / (2 * h)
        assert x[i].grad == pytest.approx(slope, rel=1e-6, abs=1e-9)


@pytest.mark.parametrize("act, f", [
    ("relu", lambda z: max(z, 0.0)), ("tanh", math.tanh), (None, lambda z: z),
])
def test_neuron_activation(act, f):
    n = Neuron(3, act=act)
    n.b.data = 0.3
    for x in ([0.5, -1.0, 2.0], [-0.5, 1.0, -2.0]):  # both sides of relu's kink
        z = n.b.data + sum(w.data * xi for w, xi in zip(n.w, x))
        assert n(x).data == pytest.approx(f(z), rel=1e-12, abs=1e-15)


def test_mlp_uses_act_between_layers_and_out_act_on_the_last():
    model = MLP(2, [4, 4, 1], act="tanh", out_act=None)
    assert [n.act for layer in model.layers for n in layer.neurons] == ["tanh"] * 8 + [None]
    model = MLP(2, [4, 1])  # the defaults: relu inside, a linear output (it can be negative)
    assert [layer.neurons[0].act for layer in model.layers] == ["relu", None]


@pytest.mark.parametrize("make", [
    lambda: Neuron(2, act="sigmoid"), lambda: Layer(2, 3, act="sigmoid"),
    lambda: MLP(2, [3, 1], act="sigmoid"), lambda: MLP(2, [3, 1], out_act="sigmoid"),
])
def test_a_bad_activation_is_a_clear_error(make):
    with pytest.raises(ValueError) as e:
        make()
    msg = str(e.value)
    assert "sigmoid" in msg and "relu" in msg and "tanh" in msg  # what was given, what is allowed


def test_a_neuron_given_the_wrong_number_of_inputs_says_so():
    with pytest.raises(ValueError, match=r"3.*2"):
        Neuron(3)([1.0, 2.0])


def test_zero_grad_zeros_every_parameter():
    model = MLP(2, [4, 4, 1], act="tanh")
    X, y = make_moons(10, seed=0)
    hinge([model(list(x)) for x in X], y).backward()
    assert any(p.grad != 0.0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())


def test_a_few_steps_of_gradient_descent_lower_the_loss():
    # the whole pipeline the moons notebook runs, in miniature
    X, y = make_moons(30, seed=1)
    model = MLP(2, [8, 8, 1])
    losses = []
    for _ in range(15):
        loss = hinge([model(list(x)) for x in X], y) + l2(model.parameters(), 1e-4)
        model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data -= 0.1 * p.grad
        losses.append(loss.data)
    assert losses[-1] < 0.8 * losses[0]


# --- losses -----------------------------------------------------------------------------------


def test_squared_error():
    p = [Value(1.0), Value(-2.0)]
    loss = squared_error(p, [0.5, 1.0])
    assert loss.data == 0.25 + 9.0
    loss.backward()
    assert [v.grad for v in p] == [2 * (1.0 - 0.5), 2 * (-2.0 - 1.0)]  # d/dp (p - t)**2
    with pytest.raises(ValueError, match="squared_error"):
        squared_error(p, [1.0])


def test_hinge():
    s = [Value(0.5), Value(2.0), Value(-3.0), Value(-0.25)]
    loss = hinge(s, [1, 1, -1, 1])
    # margins 1 - y*s: 0.5, -1 (met), -2 (met), 1.25; the mean of the positive parts
    assert loss.data == pytest.approx((0.5 + 1.25) / 4, rel=1e-15)
    loss.backward()
    assert [v.grad for v in s] == pytest.approx([-0.25, 0.0, 0.0, -0.25], rel=1e-15)


@pytest.mark.parametrize("labels", [[0, 1], [1, 2], [-1, 0.5]])
def test_hinge_needs_labels_of_minus_1_and_plus_1(labels):
    with pytest.raises(ValueError, match=r"-1.*\+1"):
        hinge([Value(0.0), Value(1.0)], labels)


def test_hinge_length_mismatch():
    with pytest.raises(ValueError, match="hinge"):
        hinge([Value(0.0)], [1, -1])


def softmax(zs):
    m = max(zs)
    es = [math.exp(z - m) for z in zs]
    return [e / sum(es) for e in es]


@settings(max_examples=50)
@given(st.lists(st.floats(-50, 50, allow_nan=False), min_size=2, max_size=6), st.data())
def test_softmax_cross_entropy_value_and_gradient_is_softmax_minus_onehot(zs, data):
    target = data.draw(st.integers(0, len(zs) - 1), label="target")
    logits = [Value(z) for z in zs]
    loss = softmax_cross_entropy(logits, target)
    m = max(zs)
    want = math.log(sum(math.exp(z - m) for z in zs)) - (zs[target] - m)  # -log softmax
    assert loss.data == pytest.approx(want, rel=1e-12, abs=1e-12)
    p = softmax(zs)
    loss.backward()
    onehot = [1.0 if i == target else 0.0 for i in range(len(zs))]
    assert [v.grad for v in logits] == pytest.approx(
        [pi - oi for pi, oi in zip(p, onehot)], rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("zs, target, want", [
    ([1000.0, 0.0, -1000.0], 0, 0.0),
    ([1000.0, 0.0, -1000.0], 1, 1000.0),
    ([1000.0, 1000.0, 999.0], 2, math.log(2 + math.exp(-1)) + 1.0),
    ([-1000.0, -1000.0], 0, math.log(2.0)),
])
def test_softmax_cross_entropy_is_stable_for_huge_logits(zs, target, want):
    logits = [Value(z) for z in zs]
    loss = softmax_cross_entropy(logits, target)
    assert loss.data == pytest.approx(want, rel=1e-12, abs=1e-12)
    loss.backward()
    p = softmax(zs)
    for i, v in enumerate(logits):
        assert math.isfinite(v.grad)
        assert v.grad == pytest.approx(p[i] - (i == target), rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("target", [3, -1])
def test_softmax_cross_entropy_target_out_of_range(target):
    with pytest.raises(IndexError, match=str(target)):
        softmax_cross_entropy([Value(0.0), Value(1.0), Value(2.0)], target)


def test_l2():
    ps = [Value(1.0), Value(-2.0), Value(0.5)]
    loss = l2(ps, 0.1)
    assert loss.data == pytest.approx(0.1 * (1 + 4 + 0.25), rel=1e-15)
    loss.backward()
    assert [p.grad for p in ps] == pytest.approx([0.2, -0.4, 0.1], rel=1e-15)  # 2 * alpha * p


# --- make_moons -------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [2, 100, 101])
def test_make_moons_shape_labels_balance(n):
    X, y = make_moons(n, seed=0)
    assert X.shape == (n, 2) and y.shape == (n,)
    assert np.isfinite(X).all()
    assert set(y.tolist()) == {-1, 1}
    assert (y == -1).sum() == n // 2 and (y == 1).sum() == n - n // 2  # balanced


def test_make_moons_is_deterministic_per_seed_and_differs_across_seeds():
    X1, y1 = make_moons(50, seed=3)
    X2, y2 = make_moons(50, seed=3)
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)
    X3, y3 = make_moons(50, seed=4)
    assert not np.array_equal(X1, X3)
    assert not np.array_equal(y1, y3)  # shuffled differently too


def test_make_moons_without_noise_lies_on_two_half_circles():
    X, y = make_moons(40, noise=0.0, seed=0)
    up, down = X[y == -1], X[y == 1]  # -1: the upper moon, +1: the lower one
    assert np.allclose(np.hypot(up[:, 0], up[:, 1]), 1.0) and (up[:, 1] >= -1e-12).all()
    assert np.allclose(np.hypot(down[:, 0] - 1, down[:, 1] - 0.5), 1.0)
    assert (down[:, 1] <= 0.5 + 1e-12).all()


# --- PyTorch parity -----------------------------------------------------------------------------


def torch_layers(torch, model):
    """Each layer's weights (out x in) and biases as float64 tensors, copied from the model."""
    out = []
    for layer in model.layers:
        W = torch.tensor([[w.data for w in n.w] for n in layer.neurons], dtype=torch.float64,
                         requires_grad=True)
        b = torch.tensor([n.b.data for n in layer.neurons], dtype=torch.float64,
                         requires_grad=True)
        out.append((W, b, layer.neurons[0].act))
    return out


def torch_forward(torch, layers, X):
    h = torch.tensor(np.asarray(X), dtype=torch.float64)
    for W, b, act in layers:
        h = h @ W.T + b
        h = h.relu() if act == "relu" else h.tanh() if act == "tanh" else h
    return h


def assert_grads_match(model, layers):
    for layer, (W, b, _) in zip(model.layers, layers):
        for j, n in enumerate(layer.neurons):
            for i, w in enumerate(n.w):
                assert w.grad == pytest.approx(W.grad[j, i].item(), rel=TORCH_TOL, abs=1e-13)
            assert n.b.grad == pytest.approx(b.grad[j].item(), rel=TORCH_TOL, abs=1e-13)


def test_mlp_with_hinge_and_l2_matches_pytorch(torch):
    X, y = make_moons(20, seed=2)
    model = MLP(2, [16, 16, 1])
    alpha = 1e-4
    loss = hinge([model(list(x)) for x in X], y) + l2(model.parameters(), alpha)
    loss.backward()

    layers = torch_layers(torch, model)
    scores = torch_forward(torch, layers, X)[:, 0]
    yt = torch.tensor(y, dtype=torch.float64)
    tloss = (1 - yt * scores).relu().mean()
    tloss = tloss + alpha * sum((p * p).sum() for W, b, _ in layers for p in (W, b))
    tloss.backward()
    # forward pass went well
    assert loss.data == pytest.approx(tloss.item(), rel=TORCH_TOL)
    # backward pass went well: all 337
    assert_grads_match(model, layers)


def test_mlp_with_softmax_cross_entropy_matches_pytorch(torch):
    X, _ = make_moons(12, seed=5)
    targets = np.random.default_rng(0).integers(0, 3, size=len(X))
    model = MLP(2, [8, 3])
    loss = sum(softmax_cross_entropy(model(list(x)), int(t)) for x, t in zip(X, targets))
    loss = loss * (1.0 / len(X))
    loss.backward()

    layers = torch_layers(torch, model)
    logits = torch_forward(torch, layers, X)
    tloss = torch.nn.functional.cross_entropy(logits, torch.tensor(targets))
    tloss.backward()
    assert loss.data == pytest.approx(tloss.item(), rel=TORCH_TOL)
    assert_grads_match(model, layers)


def test_tanh_mlp_with_squared_error_matches_pytorch(torch):
    X = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
    ys = [1.0, -1.0, -1.0, 1.0]
    model = MLP(3, [4, 4, 1], act="tanh", out_act="tanh")
    loss = squared_error([model(x) for x in X], ys)
    loss.backward()

    layers = torch_layers(torch, model)
    preds = torch_forward(torch, layers, X)[:, 0]
    tloss = ((preds - torch.tensor(ys, dtype=torch.float64)) ** 2).sum()
    tloss.backward()
    assert loss.data == pytest.approx(tloss.item(), rel=TORCH_TOL)
    assert_grads_match(model, layers)


@pytest.mark.parametrize("zs", [[1000.0, 0.0, -1000.0], [3.0, 2.5, -1.0, 0.0]])
def test_softmax_cross_entropy_matches_pytorch(torch, zs):
    for target in range(len(zs)):
        logits = [Value(z) for z in zs]
        loss = softmax_cross_entropy(logits, target)
        loss.backward()
        t = torch.tensor([zs], dtype=torch.float64, requires_grad=True)
        tloss = torch.nn.functional.cross_entropy(t, torch.tensor([target]))
        tloss.backward()
        assert loss.data == pytest.approx(tloss.item(), rel=1e-12, abs=1e-12)
        assert [v.grad for v in logits] == pytest.approx(t.grad[0].tolist(), rel=1e-12,
                                                         abs=1e-12)


# --- bad input: a clear error naming the argument and the value ------------------------------

BAD = [
    (lambda: MLP(2, []), ValueError, ["nouts", "[]"]),
    (lambda: MLP(2, [0]), ValueError, ["nouts", "0"]),
    (lambda: MLP(2, [4, -3, 1]), ValueError, ["nouts", "-3"]),
    (lambda: MLP(-1, [2]), ValueError, ["nin", "-1"]),
    (lambda: MLP(0, [2]), ValueError, ["nin", "0"]),
    (lambda: MLP(2.5, [2]), TypeError, ["nin", "2.5"]),
    (lambda: MLP(2, 3), TypeError, ["nouts", "3"]),
    (lambda: MLP(2, "16"), TypeError, ["nouts", "'16'"]),
    (lambda: MLP(2, [16.0, 1]), TypeError, ["nouts", "16.0"]),
    (lambda: MLP(2, [True]), TypeError, ["nouts", "True"]),
    (lambda: MLP(2, [1], act="sigmoid"), ValueError, ["act", "'sigmoid'"]),  # no hidden layer
    (lambda: MLP(2, [3, 1], out_act="softmax"), ValueError, ["out_act", "'softmax'"]),
    (lambda: Layer(2, 0), ValueError, ["nout", "0"]),
    (lambda: Neuron(0), ValueError, ["nin", "0"]),
    (lambda: MLP(2, [3, 1])([1.0]), ValueError, ["2 inputs", "[1.0]"]),
    (lambda: MLP(2, [3, 1])([1.0, 2.0, 3.0]), ValueError, ["2 inputs", "3"]),
    (lambda: MLP(2, [3, 1])("ab"), TypeError, ["list of 2", "'ab'"]),
    (lambda: MLP(2, [3, 1])(0.5), TypeError, ["list of 2", "0.5"]),
    (lambda: MLP(2, [3, 1])(Value(0.5)), TypeError, ["list of 2", "Value"]),
    (lambda: MLP(2, [3, 1])([1.0, None]), TypeError, ["input 1", "None"]),
    (lambda: MLP(2, [3, 1])([1.0, "2"]), TypeError, ["input 1", "'2'"]),
    (lambda: squared_error([], []), ValueError, ["squared_error", "empty"]),
    (lambda: squared_error([0.5], [1.0]), TypeError, ["squared_error", "predictions[0]", "0.5"]),
    (lambda: squared_error(Value(1.0), [1.0]), TypeError, ["squared_error", "Value(data=1.0"]),
    (lambda: squared_error([Value(1.0)], 1.0), TypeError, ["squared_error", "targets", "1.0"]),
    (lambda: squared_error([Value(1.0)], [1.0, 2.0]), ValueError, ["squared_error", "1 and 2"]),
    (lambda: squared_error([Value(1.0)], [None]), TypeError, ["targets[0]", "None"]),
    (lambda: hinge([], []), ValueError, ["hinge", "empty"]),
    (lambda: hinge([1.0, -2.0], [1, -1]), TypeError, ["hinge", "predictions[0]", "1.0"]),
    (lambda: hinge(Value(1.0), 1), TypeError, ["hinge", "Value(data=1.0"]),
    (lambda: hinge([Value(1.0)], [0]), ValueError, ["hinge", "-1 or +1", "0"]),
    (lambda: hinge([Value(1.0)], [math.nan]), ValueError, ["hinge", "nan"]),
    (lambda: softmax_cross_entropy([], 0), ValueError, ["softmax_cross_entropy", "empty"]),
    (lambda: softmax_cross_entropy([Value(1.0), Value(2.0)], 1.0), TypeError, ["target", "1.0"]),
    (lambda: softmax_cross_entropy([Value(1.0), Value(2.0)], [1]), TypeError, ["target", "[1]"]),
    (lambda: softmax_cross_entropy([Value(1.0), Value(2.0)], None), TypeError,
     ["target", "None"]),
    (lambda: softmax_cross_entropy([Value(1.0), Value(math.nan)], 0), ValueError,
     ["logits[1]", "nan"]),
    (lambda: softmax_cross_entropy([math.inf, 1.0], 1), ValueError, ["logits[0]", "inf"]),
    (lambda: softmax_cross_entropy([Value(1.0), None], 1), TypeError, ["logits[1]", "None"]),
    (lambda: softmax_cross_entropy(Value(1.0), 0), TypeError, ["logits", "Value(data=1.0"]),
    (lambda: l2([], 0.1), ValueError, ["l2", "empty"]),
    (lambda: l2([0.5], 0.1), TypeError, ["l2", "params[0]", "0.5"]),
    (lambda: l2([Value(1.0)], None), TypeError, ["alpha", "None"]),
    (lambda: make_moons(1), ValueError, ["n", "1"]),
    (lambda: make_moons(-5), ValueError, ["n", "-5"]),
    (lambda: make_moons(2.5), TypeError, ["n", "2.5"]),
    (lambda: make_moons(10, noise=-0.1), ValueError, ["noise", "-0.1"]),
    (lambda: make_moons(10, noise=math.nan), ValueError, ["noise", "nan"]),
    (lambda: make_moons(10, noise=math.inf), ValueError, ["noise", "inf"]),
    (lambda: make_moons(10, noise="a"), TypeError, ["noise", "'a'"]),
]


@pytest.mark.parametrize("bad, error, named", BAD)
def test_bad_input_is_a_clear_error_naming_argument_and_value(bad, error, named):
    with pytest.raises(error) as e:
        bad()
    msg = str(e.value)
    for part in named:
        assert part in msg, (part, msg)
    assert "log is defined" not in msg  # never blames a log the learner did not write


@settings(max_examples=60)
@given(st.one_of(st.integers(-5, 0), st.floats(allow_nan=True), st.text(max_size=3),
                 st.none(), st.lists(st.integers(1, 3), max_size=2)))
def test_any_bad_layer_size_is_refused_naming_it(k):
    with pytest.raises((TypeError, ValueError)) as e:
        MLP(2, [k])
    assert "nouts" in str(e.value)


@settings(max_examples=60)
@given(st.lists(st.one_of(st.floats(-3, 3), st.none(), st.text(max_size=2)), max_size=4))
def test_any_input_row_is_either_run_or_refused_clearly(row):
    model = MLP(2, [3, 1])
    ok = len(row) == 2 and all(isinstance(x, float) for x in row)
    if ok:
        assert isinstance(model(row), Value)
    else:
        with pytest.raises((TypeError, ValueError)) as e:
            model(row)
        assert "input" in str(e.value) or "network" in str(e.value)


def test_rows_from_numpy_and_values_still_work():
    X, y = make_moons(4, seed=0)
    model = MLP(2, [3, 1])
    assert all(isinstance(model(x), Value) for x in X)  # a numpy row
    loss = hinge([model(x) for x in X], y)  # numpy labels
    assert isinstance(loss, Value)


def test_nan_in_a_loss_propagates_where_the_loss_is_an_op():
    loss = squared_error([Value(math.nan)], [1.0])
    assert math.isnan(loss.data)
    loss = hinge([Value(math.nan)], [1])
    assert math.isnan(loss.data)  # relu(nan) is nan, not 0


def test_the_losses_take_any_value_class_with_data_and_backward():
    # a learner's own Value (or the benchmark's closure engine) is a Value too
    class Mine:
        def __init__(self, data):
            self.data, self.grad = data, 0.0

        def backward(self):
            pass

        def __sub__(self, t):
            return Mine(self.data - t)

        def __pow__(self, k):
            return Mine(self.data**k)

        def __radd__(self, other):
            return Mine(other + self.data)

    assert squared_error([Mine(2.0)], [1.0]).data == 1.0


# --- issue 18: shared modules, rows that are not rows, l2 and hinge arguments ------------------


def test_a_shared_layer_lists_its_parameters_once_in_first_seen_order():
    model = MLP(2, [2, 2, 1])
    model.layers[1] = model.layers[0]  # tied: the same layer twice
    params = model.parameters()
    assert len(params) == 9 == len({id(p) for p in params})  # not 15
    first = model.layers[0].parameters()
    assert params[:6] == first and params[6:] == model.layers[2].parameters()
    layer = Layer(2, 1)
    layer.neurons.append(layer.neurons[0])  # a neuron used twice inside one layer
    assert len(layer.parameters()) == 3


def test_a_tied_weight_gets_one_sgd_step_and_its_l2_once():
    model = MLP(2, [2, 2, 1])
    model.layers[1] = model.layers[0]
    loss = l2(model.parameters(), 0.5)
    want = 0.5 * sum(p.data ** 2 for p in {id(p): p for p in model.parameters()}.values())
    assert loss.data == pytest.approx(want, rel=1e-15)
    model.zero_grad()
    loss.backward()
    p = model.layers[0].neurons[0].w[0]
    before = p.data
    for q in model.parameters():
        q.data -= 0.1 * q.grad
    assert p.data == before - 0.1 * (2 * 0.5 * before)  # one step, not two


@pytest.mark.parametrize("row", [{0: 1.0, 1: 2.0}, {1.0, 2.0}, frozenset({1.0, 2.0})])
def test_a_dict_or_set_row_is_refused(row):
    model = MLP(2, [3, 1])
    with pytest.raises(TypeError, match=type(row).__name__):
        model(row)


@pytest.mark.parametrize("alpha, error", [
    (-1, ValueError), (-1e-9, ValueError), (math.inf, ValueError), (math.nan, ValueError),
    (True, TypeError), ("0.1", TypeError), (None, TypeError),
])
def test_l2_refuses_a_negative_or_non_finite_alpha_naming_it(alpha, error):
    with pytest.raises(error, match="alpha"):
        l2([Value(1.0)], alpha)


@pytest.mark.parametrize("labels", [[True, -1], [1, False], [1, "1"], [1, None], [1.0, 2.0]])
def test_hinge_refuses_labels_that_are_not_plus_or_minus_one_numbers(labels):
    with pytest.raises((TypeError, ValueError), match="labels|targets"):
        hinge([Value(0.0), Value(1.0)], labels)


def test_hinge_takes_numpy_and_float_labels():
    s = [Value(0.5), Value(-0.5)]
    assert hinge(s, np.array([1, -1])).data == hinge(s, [1.0, -1.0]).data == 0.5


@pytest.mark.parametrize("act", ["relu", "tanh", None])
def test_a_layer_gives_what_its_neurons_give_one_at_a_time(act):
    # Layer builds all its nodes in one engine.linear_layer call: the same nodes as each
    # neuron's own call, data and op, to the bit
    random.seed(3)
    layer = Layer(3, 4, act)
    x = [Value(0.5), -1.25, Value(2.0)]
    together, alone = layer(x), [n(x) for n in layer.neurons]
    assert [(o.data, o._op) for o in together] == [(o.data, o._op) for o in alone]


def test_a_neuron_whose_act_was_changed_by_hand_keeps_its_own_act_in_a_layer():
    random.seed(4)
    layer = Layer(2, 3, "relu")
    layer.neurons[1].act = "tanh"
    out = layer([Value(0.3), Value(-0.7)])
    assert [o._op for o in out] == ["relu(w·x+b)", "tanh", "relu(w·x+b)"]
    assert [o.data for o in out] == [n([Value(0.3), Value(-0.7)]).data for n in layer.neurons]
