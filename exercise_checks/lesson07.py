"""The checks of lesson 07's exercises (07_pytorch.ipynb). They need PyTorch, as the lesson does."""
import inspect
import math
import random

import torch

from exercises import Exercise

NODE_TWICE = Exercise("07.1", [
    "build f from two leaves as the lesson built its neuron (the `leaf` helper, float64), call "
    "backward() on f, and read each leaf's gradient; PyTorch adds the two paths through b "
    "itself, as our engine does",
    "make the leaves from the arguments a and b (not from fixed numbers), so the answer holds "
    "for any a and b; f is a times b plus b cubed; .item() turns a one-number tensor into the "
    "Python float to return",
    "a, b = leaf(a), leaf(b); f = a * b + b**3; f.backward(); "
    "return a.grad.item(), b.grad.item()",
])

SIGMOID = Exercise("07.2", [
    "lesson 04's neuron in PyTorch, as in 'One neuron, two engines', with one change: "
    "torch.sigmoid where the lesson used torch.tanh",
    "five fresh float64 leaves from the five arguments (leaves made earlier still hold their "
    "old gradients), the sigmoid of x1·w1 + x2·w2 + b, backward(), then each leaf's gradient "
    "as a Python float, in the order x1, x2, w1, w2, b",
    "leaves = [leaf(v) for v in (x1, x2, w1, w2, b)]; unpack them, call "
    "torch.sigmoid(x1 * w1 + x2 * w2 + b).backward(), return [t.grad.item() for t in leaves]",
])

STEP = Exercise("07.3", [
    "an update must not be recorded in the graph: look back at 'Switching the recording off: "
    "no_grad', where w1_t moved by -lr times its gradient and stayed a leaf",
    "forward and backward once on fresh leaves, then, inside a torch.no_grad() block, change "
    "each of w1, w2 and b in place (an augmented assignment changes the tensor itself; "
    "`p = p - ...` makes a new one) by minus lr times its .grad; return the three tensors",
    "with torch.no_grad(): for p in (w1, w2, b): p -= lr * p.grad; then return [w1, w2, b]",
])

BIAS = 6.8813735870195432


def _is_tensor(x):
    return isinstance(x, torch.Tensor)


def _floats(t, got, count, what, order):
    """Guard the kind: a list or tuple of `count` Python numbers, not tensors."""
    if _is_tensor(got):
        t.fail(f"{what} is one tensor; return {count} Python floats, {order}")
    got = t.answer(got, (list, tuple), f"{count} Python floats, {order}", what=what)
    t.expect(len(got) == count, f"{what} has {len(got)} items; return {count}, {order}")
    for i, item in enumerate(got):
        if _is_tensor(item):
            t.fail(f"item {i} of {what} is a tensor; return Python floats (.item() takes the "
                   "number out of a one-number tensor)")
    return list(got)


def _same64(t, got, want, what, names):
    """Like t.same, but an answer right only to float32's 7 digits is named as such."""
    t.same(got, want, what, names=names)  # to about 6 digits: the formula is right
    for name, g, w in zip(names, got, want):
        t.expect(abs(g - w) <= 1e-12 * max(1.0, abs(w)), f"{what}: {name} is {g!r}, right "
                 f"only to about 7 digits ({w!r} in float64); make the leaves float64, as "
                 "`leaf` does, not PyTorch's default float32")


def _takes(t, fn, names):
    count = len(inspect.signature(fn).parameters)
    t.expect(count == len(names), f"{fn.__name__} takes {count} arguments; it takes "
             f"{len(names)} now: def {fn.__name__}({', '.join(names)})")


def check_torch_grads(torch_grads):
    """07 exercise 1: df/da and df/db of f = a·b + b³ from PyTorch, as floats."""
    with NODE_TWICE as t:
        _takes(t, torch_grads, ["a", "b"])
        got = _floats(t, torch_grads(2.0, -2.0), 2, "torch_grads(2.0, -2.0)",
                      "(df/da, df/db)")
        rng = random.Random(7001)
        cases = [(2.0, -2.0)] + [(round(rng.uniform(-3, 3), 3), round(rng.uniform(-3, 3), 3))
                                 for _ in range(3)]
        for a, b in cases:
            got = got if (a, b) == (2.0, -2.0) else \
                _floats(t, torch_grads(a, b), 2, f"torch_grads({a}, {b})", "(df/da, df/db)")
            _same64(t, got, [b, a + 3 * b * b], f"torch_grads({a}, {b})", ("df/da", "df/db"))


def check_sigmoid_neuron(sigmoid_neuron_grads):
    """07 exercise 2: the five gradients of sigmoid(x1·w1 + x2·w2 + b) from PyTorch."""
    names = ("∂o/∂x1", "∂o/∂x2", "∂o/∂w1", "∂o/∂w2", "∂o/∂b")
    with SIGMOID as t:
        _takes(t, sigmoid_neuron_grads, ["x1", "x2", "w1", "w2", "b"])
        rng = random.Random(7002)
        cases = [(2.0, 0.0, -3.0, 1.0, BIAS)] + [
            tuple(round(rng.uniform(-2, 2), 3) for _ in range(5)) for _ in range(3)]
        for x1, x2, w1, w2, b in cases:
            what = f"sigmoid_neuron_grads({x1}, {x2}, {w1}, {w2}, {b})"
            got = _floats(t, sigmoid_neuron_grads(x1, x2, w1, w2, b), 5, what,
                          "in the order x1, x2, w1, w2, b")
            s = 1 / (1 + math.exp(-(x1 * w1 + x2 * w2 + b)))
            d = s * (1 - s)  # σ'(z) = σ(z)(1 - σ(z))
            _same64(t, got, [w1 * d, w2 * d, x1 * d, x2 * d, d], what, names)


def check_torch_step(torch_step):
    """07 exercise 3: one in-place gradient step inside no_grad, leaves kept."""
    with STEP as t:
        got = torch_step(0.1)
        if _is_tensor(got):
            t.fail("torch_step(0.1) is one tensor; return the list of the three tensors "
                   "[w1, w2, b]")
        got = t.answer(got, (list, tuple), "the list of tensors [w1, w2, b]",
                       what="torch_step(0.1)")
        t.expect(len(got) == 3, f"torch_step(0.1) has {len(got)} items; return three, "
                 "[w1, w2, b]")
        names = ("w1", "w2", "b")
        for name, p in zip(names, got):
            t.expect(_is_tensor(p), f"{name} is {type(p).__name__}, not a tensor; return the "
                     "tensors themselves, updated in place")
        for name, p in zip(names, got):
            t.expect(p.dtype == torch.float64, f"{name} is {p.dtype}; make the leaves "
                     "float64, as `leaf` does")
        for lr in [0.1, 0.37, 1.5]:
            got = torch_step(lr) if lr != 0.1 else got
            d = 1 - math.tanh(2.0 * -3.0 + 0.0 * 1.0 + BIAS) ** 2  # ∂o/∂z
            want = [-3.0 - lr * 2.0 * d, 1.0 - lr * 0.0 * d, BIAS - lr * d]
            t.same([p.detach().tolist() for p in got], want,
                   f"the numbers of [w1, w2, b] after one step with lr = {lr}", rel=1e-12,
                   abs_=1e-12, names=names)
            for name, p in zip(names, got):
                t.expect(p.requires_grad, f"{name} does not require a gradient: a new tensor "
                         "made inside no_grad; change the leaf itself in place instead")
                t.expect(p.is_leaf, f"{name} is not a leaf: a new tensor made while PyTorch "
                         "was recording; change the leaf itself in place, inside no_grad")
