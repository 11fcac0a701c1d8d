"""playground.py: train a network live, on data you can change with the mouse or the keyboard.

`Playground()` shows the plane with its classes of points, shaded by the network's scores, the
network itself (connections coloured by the sign of their weight or gradient, thickened by its
size), the loss curve and the controls: step, play, reset, learning rate, L2 strength, data
set, hidden sizes and activation. On the plane, the chosen mode decides what a click (or Enter
at the keyboard cursor) does: add a point of a class, delete a point, or show a point's
computation graph through the network.

The training is lesson 09's, on engine.Value and nn.MLP unchanged: one step is a forward pass
over every point, loss = nn.hinge + nn.l2 (two classes, labels -1 and +1) or the mean of
nn.softmax_cross_entropy + nn.l2 (three classes, labels 0, 1, 2), zero_grad, backward,
p.data -= lr * p.grad. Everything else is only looked at: the shading and the accuracy come from
the same weights multiplied out with numpy (playground_forward.py).

Play is driven by the page, one step at a time: it keeps exactly one step request on its way;
when the answer comes it asks for the next and draws this frame while the kernel trains. Each
step is one short message for the kernel, so between steps it answers everything else.

The other files: playground_data.py (the data sets), playground_checks.py (what is accepted,
and the bounds), playground_forward.py (numpy scores), playground_widget.py (the frame and the
widget), playground_palette.py (colours), playground_still.py (the picture without a kernel),
and the page's scripts playground.js, playground_draw.js, playground_plane.js.
"""
import math
import random

import numpy as np

import nn
import playground_checks as check
from playground_data import DATASETS, extent_of, make_data
from playground_forward import (data_loss, numpy_layers, numpy_scores, predictions,
                                sum_of_squares)
from playground_graph import point_term
from playground_still import still_html
from playground_widget import View, config, make_frame
from viz import draw_dot

__all__ = ["Playground", "DATASETS", "make_data", "numpy_scores"]

ACTS = {"relu": "relu", "tanh": "tanh", "linear": None}  # the name shown -> nn's act
YOURS = "your data"  # the menu's name for the points given to Playground(X, y)


class Playground:
    """A network training live on points you can add and delete (see the module's docstring).

        Playground()                       # lesson 09: the moons, 2-16-16-1 from seed 0
        Playground(dataset="blobs")        # three classes, trained with cross-entropy
        Playground(X, y)                   # your points (labels -1 and +1, or 0, 1 and 2)
        Playground(X, y, model=model)      # and your nn.MLP(2, [..., 1 or 3]), trained in place

    Everything the buttons do is a method too: step(n), reset(), add_point(x0, x1, label),
    remove_point(i), rebuild(hidden, act, seed), load(dataset), and lr and alpha can be set.
    reset() keeps every setting and puts the starting weights back.
    """

    def __init__(self, X=None, y=None, model=None, *, dataset="moons", hidden=(16, 16),
                 act="relu", lr=0.1, alpha=1e-4, seed=0, grid=60):
        if (X is None) != (y is None):
            raise ValueError("give both X and y, or neither (then the data set is made)")
        self.grid, self.seed = check.grid_size(grid), check.seed_of(seed)
        self._lr, self._alpha = check.finite("lr", lr, 0), check.finite("alpha", alpha, 0)
        hidden = check.hidden_sizes(hidden)
        if act not in ACTS:
            raise ValueError(f"act must be one of {tuple(ACTS)}, got {act!r}")
        self.widget, self.graph, self.graph_caption = None, "", ""
        self._seq, self._reply, self._message, self._overflowed = 0, None, "", False
        self._yours = None  # the learner's own points, kept for the menu
        if X is None:
            data = self._dataset(dataset)
        else:
            pts = check.points_of(X)
            labels, classes = check.labels_of(y, len(pts))
            data = self._yours = (pts, labels, classes, YOURS)
        if model is None:
            check.affordable(len(data[0]), hidden, self._outputs(data[2]))
            self._use(data)
            self.rebuild(hidden, act)
        else:
            layers = check.layers_of(model, self._outputs(data[2]))
            self._use(data)
            self.hidden = [len(layer) for layer in layers[:-1]]
            self.act = next((k for k, v in ACTS.items() if v == layers[0][0][2]), "relu")
            self.model, self._start = model, [p.data for p in model.parameters()]
            self.reset()

    # --- what the learner changes --------------------------------------------------------------

    @property
    def lr(self):
        """The learning rate: each step moves every parameter by -lr times its gradient."""
        return self._lr

    @lr.setter
    def lr(self, value):
        self._lr = check.finite("lr", value, 0)
        self._publish()

    @property
    def alpha(self):
        """The strength of the L2 penalty: loss = data loss + alpha * sum of squared parameters."""
        return self._alpha

    @alpha.setter
    def alpha(self, value):
        self._alpha = check.finite("alpha", value, 0)
        self._publish()

    @property
    def loss(self):
        """The data loss in use: "hinge" for two classes, "cross_entropy" for three."""
        return "hinge" if len(self.classes) == 2 else "cross_entropy"

    def add_point(self, x0, x1, label):
        """Add a point of class label at (x0, x1), inside the plane. Returns its index."""
        label = check.label_of(label, self.classes)  # every check before any change
        x0, x1 = check.finite("x0", x0), check.finite("x1", x1)
        a, b, c, d = self.extent
        if not (a <= x0 <= b and c <= x1 <= d):
            raise ValueError(f"the point ({x0:g}, {x1:g}) is outside the plane: x0 runs from "
                             f"{a:.2f} to {b:.2f} and x1 from {c:.2f} to {d:.2f}")
        if len(self.X) >= check.MAX_POINTS:
            raise ValueError(f"the plane holds at most {check.MAX_POINTS} points: delete some "
                             "first")
        check.affordable(len(self.X) + 1, self.hidden, self._outputs(self.classes))
        self.X.append([x0, x1])
        self.y.append(label)
        self._publish()
        return len(self.X) - 1

    def remove_point(self, index):
        """Delete point number `index` (refused for the last point of a class)."""
        self._check_index(index)
        if self.y.count(self.y[index]) == 1:
            raise ValueError(f"point {index} is the last of class {self._name(self.y[index])}: "
                             "training needs every class, so it stays")
        del self.X[index], self.y[index]
        self._publish()

    def load(self, dataset):
        """Replace the points by one of DATASETS (or "your data"), and start the network again.

        The network keeps its hidden sizes and activation; it is built anew when the number of
        classes changes, else it goes back to its starting weights.
        """
        data = self._dataset(dataset)
        nout = self._outputs(data[2])
        check.affordable(len(data[0]), self.hidden, nout)
        if nout != self._outputs(self.classes):
            self._use(data)
            self.rebuild()
        else:
            self._use(data)
            self.reset()

    def rebuild(self, hidden=None, act=None, seed=None):
        """A new network with these hidden sizes (a list, or text like "8, 8"), activation and
        seed (each kept as it is when not given); its weights drawn from the seed."""
        hidden = self.hidden if hidden is None else check.hidden_sizes(hidden)
        act = self.act if act is None else act
        if act not in ACTS:
            raise ValueError(f"act must be one of {tuple(ACTS)}, got {act!r}")
        seed = self.seed if seed is None else check.seed_of(seed)
        nout = self._outputs(self.classes)
        check.affordable(len(self.X), hidden, nout)
        kept = random.getstate()  # the learner's own random numbers go on as if untouched
        random.seed(seed)
        model = nn.MLP(2, hidden + [nout], act=ACTS[act])
        random.setstate(kept)
        self.hidden, self.act, self.seed, self.model = hidden, act, seed, model
        self._start = [p.data for p in model.parameters()]
        self.reset()

    def reset(self):
        """The network's starting weights again, gradients and history cleared; the settings
        (learning rate, L2 strength, data, hidden sizes, activation) stay as they are."""
        for p, v in zip(self.model.parameters(), self._start):
            p.data, p.grad = v, 0.0
        self.steps = 0
        self.history = {self.loss: [], "l2": [], "accuracy": []}
        self._show_graph("", "")
        self._message, self._overflowed = "", False
        self._publish()

    # --- training ------------------------------------------------------------------------------

    def step(self, n=1):
        """n steps of lesson 09's gradient descent; returns the loss of the last one.

        Each: scores of every point, loss = data loss + alpha * L2, zero_grad, backward, and
        p.data -= lr * p.grad. The loss and accuracy recorded are those before the update.
        """
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(f"n must be a whole number of steps >= 1, got {n!r}")
        for _ in range(n):
            try:
                loss = self._train_step()
            except (OverflowError, ValueError) as e:  # a number too big for a float, or a
                # softmax of inf: engine.py and nn.py refuse them, and the run stops here
                self._message = (f"the steps were too big for the numbers to stay finite ({e}). "
                                 "Lower the learning rate and press reset.")
                self._overflowed, loss = True, math.inf
                break
        self._publish()
        return loss

    def _train_step(self):
        model, params = self.model, self.model.parameters()
        scores = [model(x) for x in self.X]
        if len(self.classes) == 2:
            data_loss = nn.hinge(scores, self.y)  # lesson 09's
            right = sum(1 for s, t in zip(scores, self.y) if s.data * t > 0)
        else:  # the mean over the points, as F.cross_entropy's default
            data_loss = sum(nn.softmax_cross_entropy(s, t) for s, t in zip(scores, self.y))
            data_loss = data_loss / len(self.y)
            right = sum(1 for s, t in zip(scores, self.y)
                        if max(range(len(s)), key=lambda i: s[i].data) == t)
        penalty = nn.l2(params, self._alpha)
        loss = data_loss + penalty  # lesson 09's total_loss
        model.zero_grad()
        loss.backward()
        lr = self._lr
        for p in params:
            p.data -= lr * p.grad
        self.steps += 1
        self.history[self.loss].append(data_loss.data)
        self.history["l2"].append(penalty.data)
        self.history["accuracy"].append(right / len(self.y))
        if not math.isfinite(loss.data):
            self._message = (f"the loss is {loss.data}: the steps were too big for the "
                             "numbers to stay finite. Lower the learning rate and press reset.")
        return loss.data

    # --- looking at it -------------------------------------------------------------------------

    def scores(self, P=None):
        """The network's scores at each point of P (default: the data), with numpy: one score a
        point for two classes, a row of three for three."""
        return numpy_scores(self.model, self.X if P is None else P)

    def accuracy(self):
        """The fraction of points the network puts in their own class, with the weights now."""
        picked = predictions(self.scores())
        return float(np.mean(picked == np.array(self.y)))

    def boundary(self):
        """The scores on a grid x grid lattice over the plane: rows go up x1, columns along x0
        (and a third axis of three scores for three classes)."""
        a, b, c, d = self.extent
        g0, g1 = np.meshgrid(np.linspace(a, b, self.grid), np.linspace(c, d, self.grid))
        s = self.scores(np.stack([g0.ravel(), g1.ravel()], axis=1))
        return s.reshape(g0.shape + s.shape[1:])

    def plane_shares(self):
        """The fraction of the plane's grid the network gives each class, in self.classes order."""
        b = self.boundary()
        picked = predictions(b.ravel() if b.ndim == 2 else b.reshape(-1, b.shape[-1]))
        return [float(np.mean(picked == c)) for c in self.classes]

    def layers(self):
        """Each layer as (weights matrix, biases, activation), as numpy arrays."""
        return numpy_layers(self.model)

    def inspect(self, index):
        """Point `index`'s computation graph: its scores and its loss term, with gradients,
        on a copy of the network (playground_graph.py), shown under the page. Returns the term.
        """
        self._check_index(index)
        label = self.y[index]
        term, said = point_term(self.model, self.X[index], label, len(self.classes))
        where = (f"point {index} at ({self.X[index][0]:.2f}, {self.X[index][1]:.2f}), class "
                 f"{self._name(label)}, after {self.steps} steps")
        self._show_graph(draw_dot(term).svg(), f"{where}: {said}. Gradients are of this term "
                         "alone.")
        return term

    def state(self):
        """What the page draws, as numbers (playground_widget.make_frame makes the frame)."""
        hist = self.history
        layers = self.layers()
        grads = [np.array([[w.grad for w in n.w] + [n.b.grad] for n in layer.neurons])
                 for layer in self.model.layers]
        return {
            "steps": self.steps, "X": self.X, "y": self.y, "classes": self.classes,
            "extent": self.extent, "grid": self.grid, "boundary": self.boundary(),
            "sizes": [2, *self.hidden, len(layers[-1][1])], "layers": layers, "grads": grads,
            "history": hist, "loss": self.loss, "data_loss": data_loss(self.scores(), self.y),
            "l2": self._alpha * sum_of_squares(self.model), "accuracy": self.accuracy(),
            "lr": self._lr, "alpha": self._alpha, "dataset": self.dataset,
            "datasets": list(DATASETS) + ([YOURS] if self._yours else []),
            "hidden": self.hidden, "act": self.act, "message": self._message,
            "diverged": self._overflowed, "seq": self._seq, "reply": self._reply,
        }

    def __repr__(self):
        sizes = "-".join(map(str, [2, *self.hidden, self._outputs(self.classes)]))
        return (f"<Playground: {sizes} {self.act}, {len(self.X)} points, "
                f"{self.steps} steps>")

    # --- inside ----------------------------------------------------------------------------------

    @staticmethod
    def _outputs(classes):
        return 1 if len(classes) == 2 else len(classes)

    def _name(self, c):
        return f"{c:+d}" if len(self.classes) == 2 else str(c)

    def _check_index(self, index):
        if isinstance(index, bool) or not isinstance(index, int) or \
                not 0 <= index < len(self.X):
            raise IndexError(f"index must be a point number from 0 to {len(self.X) - 1}, "
                             f"got {index!r}")

    def _dataset(self, name):
        """(points, labels, classes, name) of a menu entry; checked, nothing changed."""
        if name == YOURS and self._yours:
            pts, labels, classes, _ = self._yours
            return [list(p) for p in pts], list(labels), classes, YOURS
        X, y = make_data(name)
        labels, classes = check.labels_of(y, len(y))
        return np.asarray(X, dtype=float).tolist(), labels, classes, name

    def _use(self, data):
        pts, labels, self.classes, self.dataset = data
        self.X, self.y = [list(p) for p in pts], list(labels)
        self.extent = extent_of(self.X)

    def _publish(self):
        """Send the page everything it draws (when it is displayed; else keep it for then)."""
        if not hasattr(self, "model"):
            return  # still being built
        self.frame = make_frame(self.state())
        self._seq += 1
        if self.widget is not None:
            self.widget.frame = self.frame

    def _show_graph(self, svg, caption):
        self.graph, self.graph_caption = svg, caption
        if self.widget is not None:
            self.widget.graph, self.widget.graph_caption = svg, caption

    def _make_widget(self):
        if self.widget is None:
            self.widget = View(config=config([*DATASETS, YOURS], ACTS), frame=self.frame,
                               graph=self.graph, graph_caption=self.graph_caption)
            self.widget.on_msg(self._on_message)
        return self.widget

    def _on_message(self, _widget, content, _buffers):
        """What the page asks for: each becomes one method call; an error becomes a message."""
        do = content.get("do")
        self._message, self._reply = "", content.get("id")
        calls = {
            "step": lambda: self.step(),
            "add": lambda: self.add_point(content.get("x0"), content.get("x1"),
                                          content.get("label")),
            "remove": lambda: self.remove_point(content.get("index")),
            "inspect": lambda: (self.inspect(content.get("index")), self._publish()),
            "reset": lambda: self.reset(),
            "load": lambda: self.load(content.get("dataset")),
            "rebuild": lambda: self.rebuild(content.get("hidden"), content.get("act")),
            "lr": lambda: setattr(self, "lr", content.get("value")),
            "alpha": lambda: setattr(self, "alpha", content.get("value")),
        }
        try:
            if do not in calls:
                raise ValueError(f"the playground does not know the request {do!r}")
            calls[do]()
        except Exception as e:  # shown under the controls: a comm handler has no cell to print in
            self._message = f"{type(e).__name__}: {e}"
            self._publish()
        finally:
            self._reply = None

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self._make_widget()._repr_mimebundle_()
        bundle = dict(bundle[0] if isinstance(bundle, tuple) else bundle)
        bundle["text/plain"] = repr(self)  # the widget view's model id is random, and nbval
        bundle["text/html"] = still_html(self)  # skips it; these two it compares
        return bundle
