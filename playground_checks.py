"""playground_checks.py: what the playground accepts, and the bounds that keep it responsive.

Every check returns the cleaned value or raises an error naming the argument and the value;
it never changes anything, so a refused call leaves the playground as it was.

The bounds: one training step runs the scalar engine over every point and every weight, so its
time grows with points x weights. MAX_WORK keeps one step under about a second on a 2-core
machine (benchmarks/bench_playground.py --bounds measures it); MAX_GRID does the same for one
frame (the numpy shading of a grid x grid lattice, and its bytes on the wire).
"""
import math
from numbers import Integral, Real

import numpy as np

MAX_HIDDEN = 64  # neurons per hidden layer
MAX_LAYERS = 6  # hidden layers
MAX_POINTS = 400  # points on the plane
MAX_WORK = 300_000  # points x weights a step (the lesson's: 100 x 304 = 30,400)
MIN_GRID, MAX_GRID = 10, 150  # the shading's lattice, grid x grid
TWO, THREE = (-1, 1), (0, 1, 2)  # the labels of two and of three classes


def finite(name, value, low=None):
    """value as a float, or an error naming the argument and the value."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}: {value!r:.40}")
    value = float(value)
    if not math.isfinite(value) or (low is not None and value < low):
        need = "a finite number" + ("" if low is None else f" >= {low:g}")
        raise ValueError(f"{name} must be {need}, got {value!r}")
    return value


def whole(name, value, low, high):
    """value as an int from low to high: 10.9 is refused, never rounded."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be a whole number (an int), got {type(value).__name__}: "
                        f"{value!r:.40}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be from {low} to {high}, got {value}")
    return int(value)


def grid_size(grid):
    return whole("grid", grid, MIN_GRID, MAX_GRID)


def seed_of(seed):
    return whole("seed", seed, 0, 2 ** 32 - 1)


def hidden_sizes(sizes):
    """Hidden layer sizes as a list of ints: from a list, or from text such as "16, 16"."""
    if isinstance(sizes, str):
        parts = [s.strip() for s in sizes.replace(" ", ",").split(",") if s.strip()]
        if parts in ([], ["none"], ["0"]):
            return []
        if not all(p.isdigit() for p in parts):
            raise ValueError(f"hidden: sizes are whole numbers separated by commas, such as "
                             f"'16, 16' (or 'none'), got {sizes!r}")
        sizes = [int(p) for p in parts]
    try:
        sizes = list(sizes)
    except TypeError:
        raise TypeError(f"hidden must be a list of sizes or text such as '16, 16', got "
                        f"{type(sizes).__name__}: {sizes!r:.40}") from None
    for s in sizes:
        if isinstance(s, bool) or not isinstance(s, Integral) or not 1 <= s <= MAX_HIDDEN:
            raise ValueError(f"hidden: each layer has 1 to {MAX_HIDDEN} neurons, got {sizes!r}")
    if len(sizes) > MAX_LAYERS:
        raise ValueError(f"hidden: at most {MAX_LAYERS} hidden layers (each step would take "
                         f"seconds), got {len(sizes)}: {sizes!r}")
    return [int(s) for s in sizes]


def weights_of(hidden, n_out):
    """How many weights a 2-input network with these hidden sizes and n_out outputs has."""
    sizes = [2, *hidden, n_out]
    return sum(a * b for a, b in zip(sizes, sizes[1:]))


def affordable(n_points, hidden, n_out):
    """Refuse a network and data whose step would take more than about a second."""
    work = n_points * weights_of(hidden, n_out)
    if work > MAX_WORK:
        raise ValueError(f"hidden {hidden!r} with {n_points} points is {work:,} weight uses a "
                         f"step, over the {MAX_WORK:,} that keep a step under about a "
                         "second: use fewer or smaller layers, or fewer points")


def labels_of(y, n):
    """(labels as ints, the classes): -1/+1 labels give two classes, 0/1/2 give three."""
    y = np.asarray(y)
    if y.shape != (n,):
        raise ValueError(f"y must hold one label per point of X ({n}), got shape {y.shape}")
    seen = set(y.tolist())
    for classes in (TWO, THREE):
        if seen <= set(classes):
            missing = [c for c in classes if c not in seen]
            if missing:
                raise ValueError(f"y: every class needs at least one point, class {missing[0]} "
                                 "has none")
            return [int(v) for v in y.tolist()], classes
    bad = sorted(seen - set(TWO) - set(THREE), key=repr) or sorted(seen, key=repr)
    raise ValueError(f"y: labels are -1 and +1 (two classes) or 0, 1 and 2 (three classes), "
                     f"got {bad[0]!r}")


def label_of(label, classes):
    """One new point's label, one of classes."""
    if isinstance(label, bool) or not isinstance(label, Integral) or label not in classes:
        names = [f"{c:+d}" if len(classes) == 2 else str(c) for c in classes]
        raise ValueError(f"label must be one of {', '.join(names)}, got {label!r:.40}")
    return int(label)


def points_of(X):
    """X as a list of [x0, x1] floats, or an error saying what shape and values it needs."""
    try:
        X = np.asarray(X, dtype=float)
    except (TypeError, ValueError):
        raise TypeError("X must be points of two numbers each, shape (n, 2)") from None
    if X.ndim != 2 or X.shape[1] != 2 or len(X) == 0:
        raise ValueError(f"X must be points of two coordinates, shape (n, 2), got {X.shape}")
    if len(X) > MAX_POINTS:
        raise ValueError(f"X: at most {MAX_POINTS} points (each step goes through all of "
                         f"them), got {len(X)}")
    if not np.isfinite(X).all():
        raise ValueError("X: every coordinate must be a finite number, got nan or inf")
    return X.tolist()  # plain floats: the engine is faster on them than on numpy's numbers


def layers_of(model, n_out=None):
    """The model's layers as lists of (weights, bias, act), or an error saying what is needed."""
    try:
        layers = [[(n.w, n.b, n.act) for n in layer.neurons] for layer in model.layers]
        nin, nout = len(layers[0][0][0]), len(layers[-1])
    except (AttributeError, IndexError, TypeError):
        raise TypeError(f"model must be an nn.MLP, got {type(model).__name__}") from None
    want = "1 score" if n_out == 1 else f"{n_out} scores (one a class)"
    if nin != 2 or (n_out is not None and nout != n_out):
        raise ValueError(f"model must take 2 inputs and give {want}, got {nin} inputs and "
                         f"{nout} outputs")
    return layers
