"""nn.py: a small neural-network library on top of engine.Value.

Neuron, Layer and MLP are the network the notebooks arrive at; the losses are the ones they
train with; make_moons is their toy data set, made with numpy alone.
"""
import math
import random
from collections.abc import Mapping, Set
from numbers import Integral

import numpy as np

from arguments import is_real, real, whole
from engine import Value, linear_layer

__all__ = [
    "Module", "Neuron", "Layer", "MLP",
    "squared_error", "hinge", "softmax_cross_entropy", "l2", "make_moons", "make_blobs",
]

ACTIVATIONS = ("relu", "tanh", None)  # None: a linear neuron, w·x + b as it is


class Module:
    """Anything with parameters."""

    def parameters(self):
        return []

    def zero_grad(self):
        for p in self.parameters():
            p.grad = 0.0


def _once(params):
    """Each parameter once, in first-seen order, as PyTorch lists them: a module used twice
    (tied weights) must not get its L2 counted twice or two SGD steps a step."""
    return list(dict.fromkeys(params))


def _fire(neurons, x):
    """act(w·x + b) of neurons that share one act: one engine.linear_layer call, which reads the
    inputs x once for all of them, makes one node each (relu(w·x+b) with relu), then tanh."""
    act = neurons[0].act
    out = linear_layer([(n.w, n.b) for n in neurons], x, relu=act == "relu")
    return [o.tanh() for o in out] if act == "tanh" else out


class Neuron(Module):
    """act(w·x + b): n weights drawn uniformly from [-1, 1] (the `random` module), bias 0."""

    def __init__(self, nin, act="relu"):
        _size("nin", nin)
        _activation("act", act)
        self.w = [Value(random.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(0.0)
        self.act = act

    def __call__(self, x):  # linear_layer checks that x has one number per weight
        return _fire([self], x)[0]

    def parameters(self):
        return _once(self.w + [self.b])

    def __repr__(self):
        return f"Neuron({len(self.w)}, act={self.act!r})"


class Layer(Module):
    """nout neurons, each seeing all nin inputs."""

    def __init__(self, nin, nout, act="relu"):
        _size("nout", nout)
        self.neurons = [Neuron(nin, act) for _ in range(nout)]

    def __call__(self, x):  # unless an act was changed by hand, one _fire for all neurons
        ns = self.neurons
        out = _fire(ns, x) if len({n.act for n in ns}) == 1 else [n(x) for n in ns]
        return out[0] if len(out) == 1 else out

    def parameters(self):
        return _once(p for n in self.neurons for p in n.parameters())

    def __repr__(self):
        return f"Layer([{', '.join(map(repr, self.neurons))}])"


class MLP(Module):
    """Layers of sizes nouts after nin inputs; `act` between layers, `out_act` on the last."""

    def __init__(self, nin, nouts, act="relu", out_act=None):
        _size("nin", nin)
        if isinstance(nouts, (str, bytes)) or not hasattr(nouts, "__iter__"):
            raise TypeError(f"nouts must be a list of layer sizes such as [16, 16, 1], got "
                            f"{type(nouts).__name__}: {nouts!r:.40}")
        nouts = list(nouts)
        if not nouts:
            raise ValueError("nouts must list at least one layer size, such as [1], got []")
        for k in nouts:
            _size(f"each size in nouts={nouts}", k)
        _activation("act", act)  # checked even when there is no hidden layer to use it
        _activation("out_act", out_act)
        self.nin = nin
        sizes = [nin] + nouts
        n = len(nouts)
        self.layers = [
            Layer(sizes[i], sizes[i + 1], act if i < n - 1 else out_act) for i in range(n)
        ]

    def __call__(self, x):
        _check_row(x, self.nin)
        for layer in self.layers:
            x = layer(x)
            x = x if isinstance(x, list) else [x]
        return x[0] if len(x) == 1 else x

    def parameters(self):
        return _once(p for layer in self.layers for p in layer.parameters())

    def __repr__(self):
        return f"MLP of [{', '.join(map(repr, self.layers))}]"


# --- losses: each returns one Value to call backward() on ------------------------------------


def squared_error(preds, targets):
    """sum((p - t)**2): the loss of the four-example network in the notebooks."""
    _check_pairs("squared_error", preds, targets)
    return sum((p - t) ** 2 for p, t in zip(preds, targets))


def hinge(scores, labels):
    """mean(max(0, 1 - y * s)) for labels y in {-1, +1}: the max-margin loss."""
    _check_pairs("hinge", scores, labels)
    for i, y in enumerate(labels):
        if not (is_real(y) and y in (-1, 1)):
            raise ValueError(f"hinge needs labels of -1 or +1, got labels[{i}] = {y!r:.40} "
                             f"({type(y).__name__})")
    return sum((1 - float(y) * s).relu() for s, y in zip(scores, labels)) * (1.0 / len(labels))


def softmax_cross_entropy(logits, target):
    """-log(softmax(logits)[target]) for ONE example: log(sum(exp(z - m))) - (z[target] - m).

    `logits` are one example's scores, one per class (Values or numbers); `target` is the index
    of the right class. Its gradient with respect to the scores is softmax(logits) - onehot(target).
    m is the largest logit, a constant: subtracting it keeps every exp at most 1, so large
    logits never overflow, and it changes neither the loss nor its gradients; and no probability
    that rounds to 0 is ever passed to log. A batch's loss is the mean of this over its examples
    (as PyTorch's F.cross_entropy by default): sum(...) / len(targets).
    """
    _check_list("softmax_cross_entropy", "logits", logits)
    if isinstance(target, bool) or not isinstance(target, Integral):
        raise TypeError(f"softmax_cross_entropy needs target to be a class index (an int), got "
                        f"{type(target).__name__}: {target!r:.40}")
    if not 0 <= target < len(logits):
        raise IndexError(f"target {target} is not an index into {len(logits)} logits")
    logits = [z if isinstance(z, Value) else Value(z) for z in logits]
    for i, z in enumerate(logits):
        if not math.isfinite(z.data):  # nan or inf has no softmax: say so before any log
            raise ValueError(f"softmax_cross_entropy needs finite logits, got logits[{i}] = "
                             f"{z.data} (did training diverge?)")
    m = max(z.data for z in logits)
    shifted = [z - m for z in logits]
    return sum(z.exp() for z in shifted).log() - shifted[target]


def l2(params, alpha):
    """alpha * sum(p**2): a penalty on large weights (L2 regularisation)."""
    _check_list("l2", "params", params, values=True)
    alpha = real("l2: alpha", alpha, least=0, finite=True)
    return alpha * sum(p * p for p in params)


# --- checks with messages that name the argument and the value ------------------------------


def _size(name, n):
    whole(name, n, least=1)


def _activation(name, act):
    if act not in ACTIVATIONS:
        raise ValueError(f"{name} must be one of {ACTIVATIONS}, got {act!r:.40}")


def _check_row(x, n):
    """One input row for a network of n inputs: n numbers or Values."""
    if isinstance(x, (str, bytes, Value, Mapping, Set)) or not hasattr(x, "__len__"):
        raise TypeError(f"the network takes a list of {n} numbers, got "
                        f"{type(x).__name__}: {x!r:.60}")
    if len(x) != n:
        raise ValueError(f"the network takes {n} inputs, got {len(x)}: {x!r:.60}")
    for i, v in enumerate(x):
        if not _is_value(v) and not is_real(v):
            raise TypeError(f"the network's input {i} must be a number or a Value, got "
                            f"{type(v).__name__}: {v!r:.40}")


def _check_list(fn, name, xs, values=False):
    """A non-empty list (or array); with values=True, of Values (what backward() needs)."""
    if isinstance(xs, (str, bytes, Value, Mapping, Set)) or not hasattr(xs, "__len__"):
        raise TypeError(f"{fn} needs a list for {name}, got {type(xs).__name__}: {xs!r:.40}")
    if len(xs) == 0:
        raise ValueError(f"{fn} needs at least one item in {name}, got an empty list")
    for i, x in enumerate(xs):
        if not _is_value(x) and (values or not is_real(x)):
            want = "a Value (made by the network)" if values else "a number or a Value"
            raise TypeError(f"{fn} needs {want} in {name}[{i}], got "
                            f"{type(x).__name__}: {x!r:.40}")


def _is_value(x):
    """Any Value: the engine's, or one a learner or a benchmark built (a number that backprops)."""
    return hasattr(x, "data") and hasattr(x, "backward")


def _check_pairs(fn, preds, targets):
    _check_list(fn, "predictions", preds, values=True)
    _check_list(fn, "targets", targets)
    if len(preds) != len(targets):
        raise ValueError(f"{fn} needs as many predictions as targets, "
                         f"got {len(preds)} and {len(targets)}")


# --- toy data ---------------------------------------------------------------------------------


def make_moons(n=100, noise=0.1, seed=0):
    """Two interleaving half circles: X of shape (n, 2), labels y of -1 (upper) and +1 (lower)."""
    whole("make_moons: n", n, least=2)  # one point a moon at least
    noise = real("make_moons: noise", noise, least=0, finite=True)
    rng = np.random.default_rng(seed)
    n_up = n // 2
    t_up = np.linspace(0, np.pi, n_up)
    t_down = np.linspace(0, np.pi, n - n_up)
    up = np.stack([np.cos(t_up), np.sin(t_up)], axis=1)
    down = np.stack([1 - np.cos(t_down), 0.5 - np.sin(t_down)], axis=1)
    X = np.concatenate([up, down]) + rng.normal(scale=noise, size=(n, 2))
    y = np.concatenate([-np.ones(n_up, dtype=int), np.ones(n - n_up, dtype=int)])
    order = rng.permutation(n)
    return X[order], y[order]


def make_blobs(n=150, noise=0.6, seed=0):
    """Three round clouds of points: X of shape (n, 2), labels y of 0, 1 and 2 (n/3 each or so).

    The clouds' centres are the corners of a triangle, 1.5 from the origin (class 0 at the top,
    1 lower left, 2 lower right); `noise` is the spread of each cloud, so with the default 0.6
    the clouds touch and a few points sit among another class's.
    """
    whole("make_blobs: n", n, least=3)  # one point a class at least
    noise = real("make_blobs: noise", noise, least=0, finite=True)
    rng = np.random.default_rng(seed)
    angles = np.radians([90.0, 210.0, 330.0])
    centres = 1.5 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    y = np.arange(n) % 3  # 0, 1, 2, 0, 1, 2, ...: the classes differ in size by one at most
    X = centres[y] + rng.normal(scale=noise, size=(n, 2))
    order = rng.permutation(n)
    return X[order], y[order]
