"""tensor_models.py: lesson 12's moons workload written three ways, for bench_tensors.py.

The workload: make_moons(100, noise=0.1), an MLP 2-16-16-1 (relu hidden layers, linear output),
loss = hinge + 1e-4 * L2 over all 100 points every step, SGD with lr = 1.0 - 0.9 * k / 100.
One step = forward, loss, zero the gradients, backward, update; `step(k)` returns the loss
before the update, so a run's returned losses are its loss trajectory.

- Scalar: engine.py through nn.MLP, one Value per number.
- Numpy: one matrix multiply per layer for the whole batch; the backward pass is written out
  by hand as matrix expressions (lesson 12 derives each one from the scalar rule it batches),
  arranged to make few numpy calls (see the class), since on this workload calls are the cost.
- Torch: torch.nn.Module and torch.optim.SGD, float64 so it can agree with the other two.

All three start from the same parameters, given as arrays [W1, b1, W2, b2, W3, b3]: row i of W
is neuron i's weights, in nn.MLP's order (layer by layer, neuron by neuron), the same layout as
torch.nn.Linear's weight. Lesson 12 builds its own, plainer numpy model in its cells, for the
learner to read; this module is the benchmark's version of the same maths.
"""

import random

import numpy as np

import nn
from engine import topological_order

SIZES = [16, 16, 1]
ALPHA = 1e-4  # weight of the L2 penalty


def learning_rate(k):
    return 1.0 - 0.9 * k / 100


def workload(data_seed=1, weight_seed=0):
    """The data and the starting parameters (as arrays) every implementation copies.

    The default seeds are lessons 09's and 10's: make_moons(seed=1), random.seed(0).
    """
    X, y = nn.make_moons(100, noise=0.1, seed=data_seed)
    random.seed(weight_seed)
    return X, y, to_arrays(nn.MLP(2, SIZES))


def to_arrays(model):
    """[W1, b1, W2, b2, ...] from an nn.MLP: W has one row per neuron, b one entry per neuron."""
    arrays = []
    for layer in model.layers:
        arrays.append(np.array([[w.data for w in n.w] for n in layer.neurons]))
        arrays.append(np.array([n.b.data for n in layer.neurons]))
    return arrays


class Scalar:
    """The scalar engine: nn.MLP from engine.Value, the graph rebuilt every step."""

    name = "scalar engine"

    def __init__(self, arrays, X, y):
        self.model = nn.MLP(2, SIZES)  # its random weights are overwritten just below
        for layer, W, b in zip(self.model.layers, arrays[::2], arrays[1::2]):
            for n, row, bias in zip(layer.neurons, W, b):
                for w, value in zip(n.w, row):
                    w.data = float(value)
                n.b.data = float(bias)
        self.X = X.tolist()  # plain floats: the inputs are constants, they get no gradient
        self.y = [int(t) for t in y]

    def loss(self):
        scores = [self.model(x) for x in self.X]
        return nn.hinge(scores, self.y) + nn.l2(self.model.parameters(), ALPHA)

    def step(self, k):
        loss = self.loss()
        self.model.zero_grad()
        loss.backward()
        lr = learning_rate(k)
        for p in self.model.parameters():
            p.data -= lr * p.grad
        return loss.data

    def nodes_per_step(self):
        """Values in one step's graph: each is a Python object made, then visited backwards."""
        return len(topological_order(self.loss()))


class Numpy:
    """The whole batch at once: each layer is one matrix multiply, the backward pass by hand.

    The maths is lesson 12's. Two things are arranged for speed, because on this workload each
    numpy call costs more than the arithmetic in it:
    - the bias is one more weight, on an input that is always 1: a layer is the matrix
      A = [W | b] (one row per neuron, its weights then its bias) applied to its input with a
      column of ones on the right, so the layer and its gradient are one matrix multiply each;
    - all 337 parameters live in one flat array, in nn.MLP's order (each neuron's weights, then
      its bias), with each layer's A a view into it; their gradients likewise. The penalty, its
      gradient and the update are then one call each.
    """

    name = "numpy"

    def __init__(self, arrays, X, y):
        blocks = [np.hstack([W, b[:, None]]) for W, b in zip(arrays[::2], arrays[1::2])]
        self.flat = np.concatenate([a.ravel() for a in blocks])  # all the parameters
        self.gflat = np.zeros_like(self.flat)  # and their gradients, in the same order
        self.layers, self.grads = _views(self.flat, blocks), _views(self.gflat, blocks)
        X = np.asarray(X, dtype=float)
        # each layer's input, with the column of ones its bias multiplies; the forward pass
        # writes layers 2 and 3's inputs (H1, H2) into the first columns
        self.inputs = [np.ones((len(X), a.shape[1])) for a in blocks]
        self.inputs[0][:, :-1] = X
        self.y = np.asarray(y, dtype=float).reshape(-1, 1)  # a column, like the scores
        self.dmargin = -self.y / len(X)  # d loss / d s where an example's margin is > 0

    def loss_and_grads(self):
        """The loss; its gradient is written into self.grads (views of self.gflat)."""
        A1, A2, A3 = self.layers
        G1, G2, G3 = self.grads
        I1, I2, I3 = self.inputs
        Z1 = I1 @ A1.T  # (n, 16): every neuron of layer 1 on every example, bias included
        np.maximum(Z1, 0.0, out=I2[:, :-1])  # H1 = relu(Z1), written where layer 2 reads it
        Z2 = I2 @ A2.T
        np.maximum(Z2, 0.0, out=I3[:, :-1])  # H2
        s = I3 @ A3.T  # (n, 1): the scores
        margin = 1.0 - self.y * s
        loss = np.maximum(margin, 0.0).mean() + ALPHA * (self.flat @ self.flat)
        # backward, each line the batched form of a scalar rule
        ds = self.dmargin * (margin > 0)  # hinge's relu', times d margin/ds = -y, times 1/n
        np.matmul(ds.T, I3, out=G3)  # d(w·x+b)/dw = x, summed over the examples (b: x = 1)
        dZ2 = ds @ A3[:, :-1]  # d(w·x+b)/dx = w, summed over the neurons x feeds
        dZ2 *= Z2 > 0  # relu'
        np.matmul(dZ2.T, I2, out=G2)
        dZ1 = dZ2 @ A2[:, :-1]
        dZ1 *= Z1 > 0
        np.matmul(dZ1.T, I1, out=G1)
        self.gflat += (2 * ALPHA) * self.flat  # d(alpha p²)/dp = 2 alpha p, for all at once
        return float(loss)

    def step(self, k):
        loss = self.loss_and_grads()
        self.flat -= learning_rate(k) * self.gflat  # in place: the views see the new values
        return loss


def _views(flat, arrays):
    """Arrays shaped like `arrays`, each a view into the next part of `flat`."""
    views, at = [], 0
    for a in arrays:
        views.append(flat[at : at + a.size].reshape(a.shape))
        at += a.size
    return views


class Torch:
    """The same model in PyTorch: torch.nn.Linear layers and torch.optim.SGD, in float64."""

    name = "PyTorch CPU"

    def __init__(self, arrays, X, y):
        import torch  # only here: the benchmark still runs the other two without torch

        self.torch = torch
        f64 = torch.float64
        self.model = torch.nn.Sequential(
            torch.nn.Linear(2, 16, dtype=f64), torch.nn.ReLU(),
            torch.nn.Linear(16, 16, dtype=f64), torch.nn.ReLU(),
            torch.nn.Linear(16, 1, dtype=f64),
        )  # fmt: skip
        with torch.no_grad():
            for p, a in zip(self.model.parameters(), arrays):  # weight, bias, weight, bias...
                p.copy_(torch.from_numpy(a))
        self.opt = torch.optim.SGD(self.model.parameters(), lr=learning_rate(0))
        self.X = torch.as_tensor(X, dtype=torch.float64)
        self.y = torch.as_tensor(y, dtype=torch.float64).reshape(-1, 1)

    def loss(self):
        s = self.model(self.X)
        reg = sum((p * p).sum() for p in self.model.parameters())
        return self.torch.relu(1.0 - self.y * s).mean() + ALPHA * reg

    def step(self, k):
        loss = self.loss()
        self.opt.zero_grad()
        loss.backward()
        for group in self.opt.param_groups:
            group["lr"] = learning_rate(k)
        self.opt.step()
        return loss.item()
