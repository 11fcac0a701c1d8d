"""nn.py: a small neural-network library on top of engine.Value.

Neuron, Layer and MLP are the network the notebooks arrive at; the losses are the ones they
train with; make_moons is their toy data set, made with numpy alone.
"""
import random

import numpy as np

from engine import Value, linear

__all__ = [
    "Module", "Neuron", "Layer", "MLP",
    "squared_error", "hinge", "softmax_cross_entropy", "l2", "make_moons",
]

ACTIVATIONS = ("relu", "tanh", None)  # None: a linear neuron, w·x + b as it is


class Module:
    """Anything with parameters."""

    def parameters(self):
        return []

    def zero_grad(self):
        for p in self.parameters():
            p.grad = 0.0


class Neuron(Module):
    """act(w·x + b): n weights drawn uniformly from [-1, 1] (the `random` module), bias 0."""

    def __init__(self, nin, act="relu"):
        if act not in ACTIVATIONS:
            raise ValueError(f"act must be one of {ACTIVATIONS}, got {act!r}")
        self.w = [Value(random.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(0.0)
        self.act = act

    def __call__(self, x):
        if len(x) != len(self.w):
            raise ValueError(f"this neuron takes {len(self.w)} inputs, got {len(x)}")
        if self.act == "relu":
            return linear(self.w, x, self.b, relu=True)  # one node for relu(w·x + b)
        out = linear(self.w, x, self.b)  # one node for w·x + b
        return out.tanh() if self.act == "tanh" else out

    def parameters(self):
        return self.w + [self.b]

    def __repr__(self):
        return f"Neuron({len(self.w)}, act={self.act!r})"


class Layer(Module):
    """nout neurons, each seeing all nin inputs."""

    def __init__(self, nin, nout, act="relu"):
        self.neurons = [Neuron(nin, act) for _ in range(nout)]

    def __call__(self, x):
        out = [n(x) for n in self.neurons]
        return out[0] if len(out) == 1 else out

    def parameters(self):
        return [p for n in self.neurons for p in n.parameters()]

    def __repr__(self):
        return f"Layer([{', '.join(map(repr, self.neurons))}])"


class MLP(Module):
    """Layers of sizes nouts after nin inputs; `act` between layers, `out_act` on the last."""

    def __init__(self, nin, nouts, act="relu", out_act=None):
        sizes = [nin] + list(nouts)
        n = len(nouts)
        self.layers = [
            Layer(sizes[i], sizes[i + 1], act if i < n - 1 else out_act) for i in range(n)
        ]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
            x = x if isinstance(x, list) else [x]
        return x[0] if len(x) == 1 else x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self):
        return f"MLP of [{', '.join(map(repr, self.layers))}]"


# --- losses: each returns one Value to call backward() on ------------------------------------


def squared_error(preds, targets):
    """sum((p - t)**2): the loss of the four-example network in the notebooks."""
    _same_length(preds, targets, "squared_error")
    return sum((p - t) ** 2 for p, t in zip(preds, targets))


def hinge(scores, labels):
    """mean(max(0, 1 - y * s)) for labels y in {-1, +1}: the max-margin loss."""
    _same_length(scores, labels, "hinge")
    if any(y not in (-1, 1) for y in labels):
        raise ValueError("hinge needs labels of -1 or +1")
    return sum((1 - float(y) * s).relu() for s, y in zip(scores, labels)) * (1.0 / len(labels))


def softmax_cross_entropy(logits, target):
    """-log(softmax(logits)[target]), computed as log(sum(exp(z - m))) - (z[target] - m).

    m is the largest logit, a constant: subtracting it keeps every exp at most 1, so large
    logits never overflow, and it changes neither the loss nor its gradients.
    """
    if not 0 <= target < len(logits):
        raise IndexError(f"target {target} is not an index into {len(logits)} logits")
    logits = [z if isinstance(z, Value) else Value(z) for z in logits]
    m = max(z.data for z in logits)
    shifted = [z - m for z in logits]
    return sum(z.exp() for z in shifted).log() - shifted[target]


def l2(params, alpha):
    """alpha * sum(p**2): a penalty on large weights (L2 regularisation)."""
    return alpha * sum(p * p for p in params)


def _same_length(a, b, name):
    if len(a) != len(b):
        raise ValueError(f"{name} needs as many predictions as targets, got {len(a)} and {len(b)}")


# --- toy data ---------------------------------------------------------------------------------


def make_moons(n=100, noise=0.1, seed=0):
    """Two interleaving half circles: X of shape (n, 2), labels y of -1 (upper) and +1 (lower)."""
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
