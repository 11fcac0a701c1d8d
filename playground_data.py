"""playground_data.py: the playground's toy data sets, and the plane they are drawn on.

Two-class sets have labels -1 and +1 (lesson 09's hinge); the three-class set "blobs" has
labels 0, 1 and 2 (class indices, as cross-entropy takes them). Every set is seeded.
"""
import numpy as np

import nn

TWO_CLASS = ("moons", "circles", "xor", "line")
THREE_CLASS = ("blobs",)
DATASETS = TWO_CLASS + THREE_CLASS
ASPECT = 4 / 3  # width / height of the plane, drawn with equal scales on both axes


def make_data(name, n=100, seed=1):
    """One of DATASETS: X of shape (n, 2) and its labels y, the classes in equal shares, seeded."""
    if name not in DATASETS:
        raise ValueError(f"dataset must be one of {DATASETS}, got {name!r}")
    if name == "moons":
        return nn.make_moons(n, noise=0.1, seed=seed)  # lesson 09's data
    if name == "blobs":
        return make_blobs(n, seed=seed)
    rng = np.random.default_rng(seed)
    y = np.where(np.arange(n) < n // 2, -1, 1)
    if name == "circles":  # a ring of -1 around a disc of +1
        r = np.where(y > 0, 0.5, 1.2) + rng.normal(scale=0.1, size=n)
        t = rng.uniform(0, 2 * np.pi, n)
        X = np.stack([r * np.cos(t), r * np.sin(t)], axis=1)
    elif name == "xor":  # +1 where both coordinates have the same sign
        X = rng.uniform(0.15, 1.0, size=(n, 2)) * rng.choice([-1, 1], size=(n, 1))
        X[:, 1] *= np.where(y > 0, 1, -1)
    else:  # "line": two groups a straight line separates, with a gap
        X = rng.normal(scale=0.35, size=(n, 2)) + np.where(y > 0, 0.6, -0.6)[:, None] * [1, 0.5]
    order = rng.permutation(n)
    return X[order], y[order]


def make_blobs(n=100, seed=1):
    """Lesson 10's three clouds (nn.make_blobs), spread so that they touch a little: a straight
    line gets most points right and a hidden layer a few more."""
    return nn.make_blobs(n, noise=0.75, seed=seed)


def extent_of(X):
    """x0 min, x0 max, x1 min, x1 max: the data plus a margin, widened to ASPECT."""
    X = np.asarray(X, dtype=float)
    lo, hi = X.min(axis=0) - 0.5, X.max(axis=0) + 0.5
    w, h = hi - lo
    if w < h * ASPECT:
        grow = (h * ASPECT - w) / 2
        lo[0], hi[0] = lo[0] - grow, hi[0] + grow
    else:
        grow = (w / ASPECT - h) / 2
        lo[1], hi[1] = lo[1] - grow, hi[1] + grow
    return [float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1])]
