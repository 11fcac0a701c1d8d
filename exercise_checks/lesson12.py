"""The checks of lesson 12's exercises (12_tensors.ipynb). They need PyTorch, as the lesson does:
PyTorch's autograd is the independent computation the numpy answers are compared with."""
import numpy as np
import torch

from exercises import Exercise

RELU = Exercise("12.1", [
    "relu's rule from lesson 06 ('relu, sigmoid and log'), applied to every entry at once: "
    "its local derivative is 1 where its input was positive and 0 elsewhere, and the chain "
    "rule multiplies that by the gradient arriving from above; see the 'relu.' step of the "
    "backward pass in this lesson",
    "a comparison on Z gives an array of True/False of Z's shape, which multiplies as 1/0; "
    "keep dH where Z is above 0 and put 0 everywhere else, at exactly 0 too. Return a new "
    "array: dH and Z may still be needed by the caller",
    "dZ is dH * (Z > 0)",
])

LINEAR = Exercise("12.2", [
    "the rule under 'The hidden layers' and the worked 2 × 2 examples: each weight adds up its "
    "contributions over the examples, the bias too, and each input over the neurons it feeds; "
    "each gradient has the shape of what it is the gradient of",
    "dW has W's shape (m × k): a product of dZ, transposed, and H; db has m numbers: dZ summed "
    "down its rows (over the examples, not averaged); dH has H's shape (n × k): a product of "
    "dZ and W",
    "return dZ.T @ H, dZ.sum(axis=0), dZ @ W",
])

MSE = Exercise("12.3", [
    "three scalar rules in a chain, entry by entry, as under 'The loss.' in the backward "
    "pass: the mean gives each term 1/n, the square of u gives 2u, and s - t passes 1 back to s",
    "multiply the three together for each score: 2 times (its score minus its target), "
    "divided by n, the number of examples (the length of the column, whatever it is); the "
    "result is a column of s's shape",
    "return 2 * (s - t) / len(s)",
])


def _array(t, got, shape, what):
    """Guard the kind: a numpy array of the given shape, not a tensor, list or number."""
    if isinstance(got, torch.Tensor):
        t.fail(f"{what} is a PyTorch tensor; return a numpy array (the lesson's backward "
               "pass is numpy)")
    got = t.answer(got, np.ndarray, f"a numpy array of shape {shape}", what=what)
    t.expect(got.shape == shape, f"{what} has shape {got.shape}; it should have shape {shape}")
    return got


def _same_array(t, got, want, what, beside=None):
    """Fail naming the entry that is furthest off (and what `beside` holds there)."""
    t.expect(got.shape == want.shape, f"{what} has shape {got.shape}; it should have shape "
             f"{want.shape}")
    if got.dtype == bool:
        t.fail(f"{what} holds True/False; return the gradients, numbers")
    off = np.abs(got - want) - 1e-9 - 1e-6 * np.abs(want)
    if (off > 0).any() or np.isnan(got).any():
        at = np.unravel_index(np.argmax(np.where(np.isnan(got), np.inf, off)), got.shape)
        where = f"[{', '.join(map(str, at))}]"
        there = f" (there {beside[0]} is {beside[1][at]:.4g})" if beside else ""
        t.fail(f"{what}: entry {where} is {got[at]:.6g}, expected {want[at]:.6g}{there}")


def _same_inputs(t, before, after, names):
    for b, a, name in zip(before, after, names):
        t.expect(np.array_equal(b, a), f"the function changed its input {name} in place; "
                 "leave the arrays it is given as they are and return a new array")


def check_relu_backward(relu_backward):
    """12 exercise 1: the gradient through relu, for an array of any shape."""
    with RELU as t:
        Z = np.array([[-1.0, 2.0, 0.5], [3.0, -0.5, 0.0]])
        dH = np.array([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]])
        _array(t, relu_backward(Z.copy(), dH.copy()), Z.shape, "relu_backward on the 2 × 3 "
               "example")
        rng = np.random.default_rng(12001)
        cases = [(Z, dH)]
        for shape in [(4, 5), (7,), (2, 3, 4)]:
            z = rng.normal(size=shape).round(1)
            z.flat[::3] = 0.0  # relu's corner: the gradient stops at exactly 0 too
            cases.append((z, rng.normal(size=shape)))
        for z, dh in cases:
            what = f"relu_backward on a {' × '.join(map(str, z.shape))} array"
            zi, dhi = z.copy(), dh.copy()
            got = _array(t, relu_backward(zi, dhi), z.shape, what)
            _same_inputs(t, (z, dh), (zi, dhi), ("Z", "dH"))
            z_t = torch.tensor(z, requires_grad=True)
            (want,) = torch.autograd.grad(torch.relu(z_t), z_t, grad_outputs=torch.tensor(dh))
            _same_array(t, got, want.numpy(), what, ("Z", z))


def check_linear_backward(linear_backward):
    """12 exercise 2: dW, db, dH of Z = H @ W.T + b, each named when it is wrong."""
    names = ("dW", "db", "dH")
    with LINEAR as t:
        rng = np.random.default_rng(12002)
        cases = [(np.linspace(-1.0, 1.0, 15).reshape(5, 3), np.linspace(-0.5, 0.7, 12)
                  .reshape(4, 3), np.linspace(0.3, -0.4, 20).reshape(5, 4))]
        for n, k, m in [(7, 2, 3), (3, 6, 4), (1, 3, 2)]:
            cases.append((rng.normal(size=(n, k)), rng.normal(size=(m, k)),
                          rng.normal(size=(n, m))))
        for H, W, dZ in cases:
            (n, k), m = H.shape, W.shape[0]
            what = f"linear_backward with {n} examples, {k} inputs, {m} neurons"
            Hi, Wi, dZi = H.copy(), W.copy(), dZ.copy()
            got = linear_backward(Hi, Wi, dZi)
            if isinstance(got, (torch.Tensor, np.ndarray)):
                t.fail(f"{what} returned one array; return the three gradients dW, db, dH")
            got = t.answer(got, (tuple, list), "the three arrays dW, db, dH", what=what)
            t.expect(len(got) == 3, f"{what} returned {len(got)} items; return three: "
                     "dW, db, dH")
            shapes = {"dW": W.shape, "db": (m,), "dH": H.shape}
            for name, g in zip(names, got):
                if isinstance(g, torch.Tensor):
                    t.fail(f"{name} is a PyTorch tensor; return numpy arrays")
                t.expect(isinstance(g, np.ndarray), f"{name} is {type(g).__name__} "
                         f"({g!r:.40}); return a numpy array of shape {shapes[name]}")
            _same_inputs(t, (H, W, dZ), (Hi, Wi, dZi), ("H", "W", "dZ"))
            H_t, W_t = torch.tensor(H, requires_grad=True), torch.tensor(W, requires_grad=True)
            b_t = torch.zeros(m, dtype=torch.float64, requires_grad=True)
            want = torch.autograd.grad(H_t @ W_t.T + b_t, (W_t, b_t, H_t),
                                       grad_outputs=torch.tensor(dZ))
            for name, g, w in zip(names, got, want):
                t.expect(g.shape == w.shape, f"{what}: {name} has shape {g.shape}; it should "
                         f"have the shape of {name[1:]}, {tuple(w.shape)}")
            for name, g, w in zip(names, got, want):
                _same_array(t, g, w.numpy(), f"{what}, {name}")


def check_mse_backward(mse_backward):
    """12 exercise 3: the gradient of the mean squared error in the scores, for any n."""
    with MSE as t:
        s = np.array([[0.5], [-1.0], [2.0]])
        target = np.array([[1.0], [-1.0], [0.0]])
        _array(t, mse_backward(s.copy(), target.copy()), s.shape, "mse_backward on the "
               "example")
        rng = np.random.default_rng(12003)
        cases = [(s, target)] + [(rng.normal(size=(n, 1)), rng.normal(size=(n, 1)))
                                 for n in (5, 1, 8)]
        for s, target in cases:
            what = f"mse_backward on {len(s)} examples"
            si, ti = s.copy(), target.copy()
            got = _array(t, mse_backward(si, ti), s.shape, what)
            _same_inputs(t, (s, target), (si, ti), ("s", "t"))
            s_t = torch.tensor(s, requires_grad=True)
            (want,) = torch.autograd.grad(((s_t - torch.tensor(target)) ** 2).mean(), s_t)
            _same_array(t, got, want.numpy(), what)
