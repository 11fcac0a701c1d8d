"""playground_forward.py: the network's forward pass again, with numpy, for looking only.

The shading of the plane needs the score at thousands of grid points every frame; through the
scalar engine that would take seconds. These are the same sums from the same weights, in
another order, so equal to the engine's to rounding (1e-15 or so). Training never uses them.
"""
import numpy as np

from playground_checks import layers_of


def numpy_layers(model):
    """Each layer as (W, b, act): weights (neurons x inputs), biases, activation name."""
    out = []
    for layer in layers_of(model):
        W = np.array([[w.data for w in ws] for ws, _, _ in layer])
        b = np.array([b.data for _, b, _ in layer])
        out.append((W, b, layer[0][2]))
    return out


def numpy_scores(model, P):
    """The model's scores at each row of P: shape (len(P),) for one output, else (len(P), k)."""
    h = np.asarray(P, dtype=float)
    with np.errstate(all="ignore"):  # a diverged network gives inf and nan: shown, not raised
        for W, b, act in numpy_layers(model):
            h = h @ W.T + b
            if act == "relu":
                h = np.maximum(h, 0.0)
            elif act == "tanh":
                h = np.tanh(h)
    return h[:, 0] if h.shape[1] == 1 else h


def predictions(scores):
    """The class each row of scores picks: the sign for one score (-1, +1), else the largest."""
    scores = np.asarray(scores)
    if scores.ndim == 1:
        return np.where(scores > 0, 1, -1)
    return np.argmax(np.nan_to_num(scores, nan=-np.inf), axis=1)


def sum_of_squares(model):
    """sum of p.data ** 2 over every parameter, with numpy (inf rather than a warning)."""
    with np.errstate(all="ignore"):
        return float(sum((W ** 2).sum() + (b ** 2).sum() for W, b, _ in numpy_layers(model)))


def data_loss(scores, y):
    """The data loss from numpy scores: the hinge's mean for one score a point (labels -1, +1),
    the mean softmax cross-entropy for several (labels are class indices). inf, never a warning,
    where the scores are not finite."""
    y = np.asarray(y)
    with np.errstate(all="ignore"):
        if np.ndim(scores) == 1:
            return float(np.maximum(0.0, 1 - y * scores).mean())
        z = scores - scores.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-logp[np.arange(len(y)), y].mean())
