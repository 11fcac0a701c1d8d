"""playground.py: train a network live, on data you can change with the mouse.

`Playground()` shows the plane with two classes of points, shaded by the network's score, the
network itself (connections coloured by the sign of their weight or gradient, thickened by its
size), the loss curve and the controls: step, play, reset, learning rate, L2 strength, data
set, hidden sizes and activation. Clicking the plane adds a point; clicking a point deletes it,
or shows its computation graph through the network.

The training is lesson 09's, on engine.Value and nn.MLP unchanged: one step is a forward pass
over every point, loss = nn.hinge + nn.l2, zero_grad, backward, p.data -= lr * p.grad.
Everything else is only looked at: the shading and the accuracy come from the same weights
multiplied out with numpy (a grid of thousands of points through the scalar engine would take
seconds a frame), and the browser draws each frame from a few arrays of numbers
(playground.js, an anywidget module kept beside this file; nothing loads from the network).

Play is driven by the page, one step at a time: it keeps exactly one step request on its way;
when the answer comes it asks for the next and draws this frame while the kernel trains. Each
step is one short message for the kernel, so between steps it answers everything else (a
click, pause, another cell); nothing loops in the kernel, and nothing piles up in its queue.

Without a kernel (an untrusted notebook, the static site) the output is a still picture of the
playground as it was displayed, with a line saying it needs a running kernel.
"""
import copy
import math
import pathlib
import random
from numbers import Real

import anywidget
import matplotlib.pyplot as plt
from matplotlib.collections import LineCollection
import numpy as np
import traitlets

import nn
from engine import Value
from players import _figure_svg
from viz import NEGATIVE, POSITIVE, _data_uri, _h, draw_dot

__all__ = ["Playground", "DATASETS", "make_data"]

DATASETS = ("moons", "circles", "xor", "line")
ACTS = {"relu": "relu", "tanh": "tanh", "linear": None}  # the name shown -> nn's act
ASPECT = 4 / 3  # width / height of the plane, drawn with equal scales on both axes
MAX_HIDDEN = 64  # neurons per hidden layer; more only makes each step slower
MAX_CURVE = 400  # points of the loss curve sent to the browser; longer runs are thinned out


# --- data --------------------------------------------------------------------------------------


def make_data(name, n=100, seed=1):
    """One of DATASETS: X of shape (n, 2) and labels y of -1 and +1, half of each, seeded."""
    if name not in DATASETS:
        raise ValueError(f"dataset must be one of {DATASETS}, got {name!r}")
    if name == "moons":
        return nn.make_moons(n, noise=0.1, seed=seed)  # lesson 09's data
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


def _extent(X):
    """x0 min, x0 max, x1 min, x1 max: the data plus a margin, widened to ASPECT."""
    lo, hi = X.min(axis=0) - 0.5, X.max(axis=0) + 0.5
    w, h = hi - lo
    if w < h * ASPECT:
        grow = (h * ASPECT - w) / 2
        lo[0], hi[0] = lo[0] - grow, hi[0] + grow
    else:
        grow = (w / ASPECT - h) / 2
        lo[1], hi[1] = lo[1] - grow, hi[1] + grow
    return [float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1])]


# --- checking what comes in ----------------------------------------------------------------------


def _finite(name, value, low=None):
    """value as a float, or a ValueError naming the argument and the value."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}: {value!r:.40}")
    value = float(value)
    if not math.isfinite(value) or (low is not None and value < low):
        need = "a finite number" + ("" if low is None else f" >= {low:g}")
        raise ValueError(f"{name} must be {need}, got {value!r}")
    return value


def _hidden(sizes):
    """Hidden layer sizes as a list of ints: from a list, or from text such as "16, 16"."""
    if isinstance(sizes, str):
        parts = [s.strip() for s in sizes.replace(" ", ",").split(",") if s.strip()]
        if parts in ([], ["none"], ["0"]):
            return []
        if not all(p.isdigit() for p in parts):
            raise ValueError(f"hidden: sizes are whole numbers separated by commas, such as "
                             f"'16, 16' (or 'none'), got {sizes!r}")
        sizes = [int(p) for p in parts]
    sizes = list(sizes)
    for s in sizes:
        if isinstance(s, bool) or not isinstance(s, int) or not 1 <= s <= MAX_HIDDEN:
            raise ValueError(f"hidden: each layer has 1 to {MAX_HIDDEN} neurons, got {sizes!r}")
    return sizes


def _labels(y, n):
    y = np.asarray(y)
    if y.shape != (n,):
        raise ValueError(f"y must hold one label per point of X ({n}), got shape {y.shape}")
    bad = [v for v in y.tolist() if v not in (-1, 1)]
    if bad:
        raise ValueError(f"y: labels are -1 or +1, got {bad[0]!r}")
    for c in (-1, 1):
        if not (y == c).any():
            raise ValueError(f"y: both classes need at least one point, class {c:+d} has none")
    return [int(v) for v in y]


def _points(X):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2 or len(X) == 0:
        raise ValueError(f"X must be points of two coordinates, shape (n, 2), got {X.shape}")
    if not np.isfinite(X).all():
        raise ValueError("X: every coordinate must be a finite number, got nan or inf")
    return X.tolist()  # plain floats: the engine is faster on them than on numpy's numbers


def _layers_of(model):
    """The model's layers as (weights, bias, act) lists, or a TypeError saying what is needed."""
    try:
        layers = [[(n.w, n.b, n.act) for n in layer.neurons] for layer in model.layers]
        nin, nout = len(layers[0][0][0]), len(layers[-1])
    except (AttributeError, IndexError, TypeError):
        raise TypeError(f"model must be an nn.MLP, got {type(model).__name__}") from None
    if nin != 2 or nout != 1:
        raise ValueError(f"model must take 2 inputs and give 1 score, got {nin} inputs and "
                         f"{nout} outputs")
    return layers


def _numpy_layers(model):
    """Each layer's weights as a matrix (neurons x inputs), biases and activation."""
    out = []
    for layer in _layers_of(model):
        W = np.array([[w.data for w in ws] for ws, _, _ in layer])
        b = np.array([b.data for _, b, _ in layer])
        out.append((W, b, layer[0][2]))
    return out


def numpy_scores(model, P):
    """The model's score at each row of P, from its current weights, with numpy.

    The same sums as the engine's, in another order, so equal to it to rounding (1e-15 or so).
    """
    h = np.asarray(P, dtype=float)
    with np.errstate(all="ignore"):  # a diverged network gives inf and nan: shown, not raised
        for W, b, act in _numpy_layers(model):
            h = h @ W.T + b
            if act == "relu":
                h = np.maximum(h, 0.0)
            elif act == "tanh":
                h = np.tanh(h)
    return h[:, 0]


def _f32(a):
    return np.ascontiguousarray(a, dtype="<f4").tobytes()


# --- the playground ----------------------------------------------------------------------------


class _View(anywidget.AnyWidget):
    """The browser half's partner in the kernel: the synced state playground.js draws."""

    _esm = pathlib.Path(__file__).with_name("playground.js")
    frame = traitlets.Dict().tag(sync=True)  # what the browser draws, as compact arrays
    graph = traitlets.Unicode("").tag(sync=True)  # SVG of the inspected point's graph
    graph_caption = traitlets.Unicode("").tag(sync=True)


class Playground:
    """A network training live on points you can add and delete (see the module's docstring).

        Playground()                       # lesson 09: the moons, 2-16-16-1 from seed 0
        Playground(X, y)                   # your points (labels -1 and +1)
        Playground(X, y, model=model)      # and your nn.MLP(2, [..., 1]), trained in place

    Everything the buttons do is a method too: step(n), reset(), add_point(x0, x1, label),
    remove_point(i), rebuild(hidden, act), load(dataset), and lr and alpha can be set.
    The widget itself (`.widget`) is made the first time the playground is displayed, so a
    playground that is only used from code opens no connection to the browser.
    """

    def __init__(self, X=None, y=None, model=None, *, dataset="moons", hidden=(16, 16),
                 act="relu", lr=0.1, alpha=1e-4, seed=0, grid=60):
        self.widget, self.frame, self.graph, self.graph_caption = None, {}, "", ""
        self._seq, self._reply = 0, None  # frame number; the page's request it answers
        if (X is None) != (y is None):
            raise ValueError("give both X and y, or neither (then the data set is made)")
        self.grid = int(_finite("grid", grid, 10))
        self.seed = seed
        self._lr, self._alpha = _finite("lr", lr, 0), _finite("alpha", alpha, 0)
        self._message, self._overflowed = "", False
        if X is None:
            self._set_data(*make_data(dataset), dataset)
        else:
            pts = _points(X)
            self._set_data(pts, _labels(y, len(pts)), "your data")
        if model is None:
            self.rebuild(hidden, act)
        else:
            layers = _layers_of(model)
            self.hidden = [len(layer) for layer in layers[:-1]]
            self.act = next((k for k, v in ACTS.items() if v == layers[0][0][2]), "relu")
            self.model = model
            self._start = [p.data for p in model.parameters()]  # what reset() goes back to
            self.reset()

    # --- what the learner changes --------------------------------------------------------------

    @property
    def lr(self):
        """The learning rate: each step moves every parameter by -lr times its gradient."""
        return self._lr

    @lr.setter
    def lr(self, value):
        self._lr = _finite("lr", value, 0)
        self._publish()

    @property
    def alpha(self):
        """The strength of the L2 penalty: loss = hinge + alpha * sum of squared parameters."""
        return self._alpha

    @alpha.setter
    def alpha(self, value):
        self._alpha = _finite("alpha", value, 0)
        self._publish()

    def add_point(self, x0, x1, label):
        """Add a point of class label (-1 or +1) at (x0, x1), inside the plane. Its index."""
        x0, x1 = _finite("x0", x0), _finite("x1", x1)
        if label not in (-1, 1) or isinstance(label, bool):
            raise ValueError(f"label must be -1 or +1, got {label!r}")
        a, b, c, d = self.extent
        if not (a <= x0 <= b and c <= x1 <= d):
            raise ValueError(f"the point ({x0:g}, {x1:g}) is outside the plane: x0 runs from "
                             f"{a:.2f} to {b:.2f} and x1 from {c:.2f} to {d:.2f}")
        self.X.append([x0, x1])
        self.y.append(int(label))
        self._publish()
        return len(self.X) - 1

    def remove_point(self, index):
        """Delete point number `index` (refused for the last point of a class)."""
        if isinstance(index, bool) or not isinstance(index, int) or \
                not 0 <= index < len(self.X):
            raise IndexError(f"index must be a point number from 0 to {len(self.X) - 1}, "
                             f"got {index!r}")
        if self.y.count(self.y[index]) == 1:
            raise ValueError(f"point {index} is the last of class {self.y[index]:+d}: training "
                             "needs both classes, so it stays")
        del self.X[index], self.y[index]
        self._publish()

    def load(self, dataset):
        """Replace the points by one of DATASETS, and start the network again from the seed."""
        self._set_data(*make_data(dataset), dataset)
        self.reset()

    def rebuild(self, hidden=None, act=None):
        """A new network with these hidden sizes (a list, or text like "8, 8") and activation."""
        hidden = self.hidden if hidden is None else _hidden(hidden)
        act = self.act if act is None else act
        if act not in ACTS:
            raise ValueError(f"act must be one of {tuple(ACTS)}, got {act!r}")
        self.hidden, self.act = hidden, act
        kept = random.getstate()  # the learner's own random numbers go on as if untouched
        random.seed(self.seed)
        self.model = nn.MLP(2, hidden + [1], act=ACTS[act])
        random.setstate(kept)
        self._start = [p.data for p in self.model.parameters()]
        self.reset()

    def reset(self):
        """The network's starting weights again (from the seed), gradients and history cleared."""
        for p, v in zip(self.model.parameters(), self._start):
            p.data, p.grad = v, 0.0
        self.steps = 0
        self.history = {"hinge": [], "l2": [], "accuracy": []}
        self._show_graph("", "")
        self._message, self._overflowed = "", False
        self._publish()

    # --- training ------------------------------------------------------------------------------

    def step(self, n=1):
        """n steps of lesson 09's gradient descent; returns the loss of the last one.

        Each: scores of every point, loss = hinge + alpha * L2, zero_grad, backward, and
        p.data -= lr * p.grad. The loss and accuracy recorded are those before the update.
        """
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(f"n must be a whole number of steps >= 1, got {n!r}")
        for _ in range(n):
            try:
                loss = self._train_step()
            except OverflowError as e:  # engine.py refuses a number too big for a float
                self._message = (f"the steps were too big for the numbers to stay finite ({e}). "
                                 "Lower the learning rate and press reset.")
                self._overflowed, loss = True, math.inf
                break
        self._publish()
        return loss

    def _train_step(self):
        model, params = self.model, self.model.parameters()
        scores = [model(x) for x in self.X]
        hinge = nn.hinge(scores, self.y)
        penalty = nn.l2(params, self._alpha)
        loss = hinge + penalty  # lesson 09's total_loss
        model.zero_grad()
        loss.backward()
        lr = self._lr
        for p in params:
            p.data -= lr * p.grad
        self.steps += 1
        right = sum(1 for s, t in zip(scores, self.y) if s.data * t > 0)
        self.history["hinge"].append(hinge.data)
        self.history["l2"].append(penalty.data)
        self.history["accuracy"].append(right / len(self.y))
        if not math.isfinite(loss.data):
            self._message = (f"the loss is {loss.data}: the steps were too big for the "
                             "numbers to stay finite. Lower the learning rate and press reset.")
        return loss.data

    # --- looking at it -------------------------------------------------------------------------

    def scores(self, P=None):
        """The network's score at each point of P (default: the data), with numpy."""
        return numpy_scores(self.model, self.X if P is None else P)

    def accuracy(self):
        """The fraction of points whose score has their label's sign, with the weights now."""
        return float(np.mean(self.scores() * np.array(self.y) > 0))

    def boundary(self):
        """The score on a grid x grid lattice over the plane: rows go up x1, columns along x0."""
        a, b, c, d = self.extent
        g0, g1 = np.meshgrid(np.linspace(a, b, self.grid), np.linspace(c, d, self.grid))
        return self.scores(np.stack([g0.ravel(), g1.ravel()], axis=1)).reshape(g0.shape)

    def inspect(self, index):
        """Point `index`'s computation graph: its score and its hinge term, with gradients.

        Drawn on a copy of the network, so the real parameters and their gradients stay as
        they are. Values are labelled: x0, x1, w<layer>.<neuron>.<input>, b<layer>.<neuron>,
        h<layer>.<neuron> for a hidden neuron's output.
        """
        if isinstance(index, bool) or not isinstance(index, int) or \
                not 0 <= index < len(self.X):
            raise IndexError(f"index must be a point number from 0 to {len(self.X) - 1}, "
                             f"got {index!r}")
        net, label = copy.deepcopy(self.model), self.y[index]
        h = [Value(v, f"x{i}") for i, v in enumerate(self.X[index])]
        for li, layer in enumerate(net.layers, 1):
            outs = []
            for ni, neuron in enumerate(layer.neurons, 1):
                for wi, w in enumerate(neuron.w, 1):
                    w.label = f"w{li}.{ni}.{wi}"
                neuron.b.label = f"b{li}.{ni}"
                out = neuron(h)
                out.label = f"h{li}.{ni}"
                outs.append(out)
            h = outs
        score = h[0]
        score.label = "score"
        term = (1 - label * score).relu()  # this point's part of the hinge loss (times n)
        term.label = "hinge term"
        term.backward()
        self._show_graph(draw_dot(term).svg(), (
            f"point {index} at ({self.X[index][0]:.2f}, {self.X[index][1]:.2f}), class "
            f"{label:+d}, after {self.steps} steps: score {score.data:.4f}, hinge term "
            f"max(0, 1 - y·score) = {term.data:.4f}. Gradients are of this term alone."))
        return term

    def __repr__(self):
        sizes = "-".join(map(str, [2, *self.hidden, 1]))
        return (f"<Playground: {sizes} {self.act}, {len(self.X)} points, "
                f"{self.steps} steps>")

    # --- the browser -----------------------------------------------------------------------------

    def _set_data(self, X, y, name):
        X = np.asarray(X, dtype=float)
        self.X, self.y = _points(X), [int(v) for v in y]
        self.dataset = name
        self.extent = _extent(X)

    def _publish(self):
        """Send the browser everything it draws, as a few arrays of numbers."""
        if not hasattr(self, "model"):
            return  # still being built
        scores = self.scores()
        labels = np.array(self.y)
        net = _numpy_layers(self.model)
        grads = [np.array([[w.grad for w in n.w] + [n.b.grad] for n in layer.neurons])
                 for layer in self.model.layers]
        hist = self.history
        keep = np.unique(np.linspace(0, len(hist["hinge"]) - 1,
                                     min(len(hist["hinge"]), MAX_CURVE)).round().astype(int))
        with np.errstate(all="ignore"):
            penalty = self._alpha * sum(float((W ** 2).sum() + (b ** 2).sum()) for W, b, _ in net)
            hinge = float(np.maximum(0.0, 1 - labels * scores).mean())
        frame = {
            "step": self.steps,
            "points": _f32(self.X),
            "labels": np.asarray(self.y, dtype="<i1").tobytes(),
            "extent": self.extent,
            "grid": self.grid,
            "scores": _f32(self.boundary()),
            "sizes": [2, *self.hidden, 1],
            "weights": [_f32(np.column_stack([W, b])) for W, b, _ in net],
            "grads": [_f32(g) for g in grads],
            "curve_steps": _f32(keep),
            "curve_hinge": _f32(np.array(hist["hinge"])[keep]) if len(keep) else b"",
            "curve_l2": _f32(np.array(hist["l2"])[keep]) if len(keep) else b"",
            "curve_accuracy": _f32(np.array(hist["accuracy"])[keep]) if len(keep) else b"",
            "hinge": hinge, "l2": penalty,
            "accuracy": float(np.mean(scores * labels > 0)),
            "lr": self._lr, "alpha": self._alpha, "dataset": self.dataset,
            "hidden": ", ".join(map(str, self.hidden)) or "none", "act": self.act,
            "message": self._message,
            "diverged": self._overflowed or not all(
                map(math.isfinite, hist["hinge"][-1:] + hist["l2"][-1:])),
            "seq": self._seq,  # every frame differs, so every one reaches the page
            "reply": self._reply,  # the id of the page's step request this frame answers
        }
        self._seq += 1
        self.frame = frame
        if self.widget is not None:
            self.widget.frame = frame

    def _show_graph(self, svg, caption):
        self.graph, self.graph_caption = svg, caption
        if self.widget is not None:
            self.widget.graph, self.widget.graph_caption = svg, caption

    def _make_widget(self):
        if self.widget is None:
            self.widget = _View(frame=self.frame, graph=self.graph,
                                graph_caption=self.graph_caption)
            self.widget.on_msg(self._on_message)
        return self.widget

    def _on_message(self, _widget, content, _buffers):
        """What the page asks for: each becomes one method call; an error becomes a message."""
        do = content.get("do")
        self._message, self._reply = "", content.get("id")
        try:
            if do == "step":
                self.step()
            elif do == "add":
                self.add_point(content.get("x0"), content.get("x1"), content.get("label"))
            elif do == "remove":
                self.remove_point(content.get("index"))
            elif do == "inspect":
                self.inspect(content.get("index"))
                self._publish()  # clears the message of an earlier request
            elif do == "reset":
                self.reset()
            elif do == "load":
                self.load(content.get("dataset"))
            elif do == "rebuild":
                self.rebuild(content.get("hidden"), content.get("act"))
            elif do == "lr":
                self.lr = content.get("value")
            elif do == "alpha":
                self.alpha = content.get("value")
            else:
                raise ValueError(f"the playground does not know the request {do!r}")
        except Exception as e:  # shown under the controls: a comm handler has no cell to print in
            self._message = f"{type(e).__name__}: {e}"
            self._publish()
        finally:
            self._reply = None

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self._make_widget()._repr_mimebundle_()
        bundle = dict(bundle[0] if isinstance(bundle, tuple) else bundle)
        bundle["text/plain"] = repr(self)  # the widget view's model id is random, and nbval
        bundle["text/html"] = self._still_html()  # skips it; these two it compares
        return bundle

    def _still_html(self):
        """A picture of the playground now, and a line saying where the live one runs."""
        svg = _still_svg(self)
        n_neg, n_pos = self.y.count(-1), self.y.count(1)
        return (f'<img src="{_data_uri(svg)}" alt="the playground: points, decision boundary '
                f'and network" style="max-width:100%"><p><i>The playground needs a running '
                f'kernel: run this cell in JupyterLab to train it live. This picture is its '
                f'state when the cell ran: {_h(self.dataset)}, {n_neg} points of class -1 and '
                f'{n_pos} of class +1, {self.steps} steps.</i></p>')


# --- the still picture ---------------------------------------------------------------------------


def _rgb(c):
    return tuple(v / 255 for v in c)


def _still_svg(pg):
    """The plane and the network as the browser draws them, in matplotlib, as SVG text."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4), width_ratios=[1.1, 1])
    a, b, c, d = pg.extent
    s = np.tanh(np.nan_to_num(pg.boundary()))
    left.imshow(s, origin="lower", extent=pg.extent, cmap="PuOr", vmin=-2.5, vmax=2.5,
                aspect="equal", interpolation="bilinear")
    left.contour(np.linspace(a, b, pg.grid), np.linspace(c, d, pg.grid), s, levels=[0],
                 colors="0.3", linewidths=1)
    X, y = np.array(pg.X), np.array(pg.y)
    left.scatter(X[:, 0], X[:, 1], c=np.where(y > 0, "#542788", "#e08214"), edgecolors="white",
                 linewidths=0.6, s=18)
    left.set_xlim(a, b)
    left.set_ylim(c, d)
    sizes = "-".join(map(str, [2, *pg.hidden, 1]))
    left.set_title(f"{pg.dataset}, step {pg.steps}, accuracy {pg.accuracy():.0%}", fontsize=10)
    _draw_network(right, _numpy_layers(pg.model))
    right.set_title(f"the network {sizes} ({pg.act}): blue weights > 0, orange < 0",
                    fontsize=10)
    fig.tight_layout()
    svg = _figure_svg(fig)
    plt.close(fig)
    return svg


def _draw_network(ax, layers):
    sizes = [2] + [len(b) for _, b, _ in layers]
    xs = np.linspace(0, 1, len(sizes))
    ys = [np.linspace(0, 1, n + 2)[1:-1] for n in sizes]
    big = max(float(np.abs(W).max()) for W, _, _ in layers) or 1.0
    segments, widths, colors = [], [], []
    for k, (W, _, _) in enumerate(layers):
        for j, i in np.ndindex(W.shape):
            w = W[j, i]
            segments.append([(xs[k], ys[k][i]), (xs[k + 1], ys[k + 1][j])])
            widths.append(0.2 + 2.5 * abs(w) / big)
            colors.append(_rgb(POSITIVE if w > 0 else NEGATIVE) + (0.8,))
    ax.add_collection(LineCollection(segments, linewidths=widths, colors=colors, zorder=1))
    for x, col in zip(xs, ys):
        ax.scatter(np.full(len(col), x), col, s=40, color="white", edgecolors="0.3", zorder=2)
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(0, 1)
    ax.axis("off")
