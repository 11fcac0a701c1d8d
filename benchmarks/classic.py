"""classic.py: the closure-per-node autograd engine, the baseline bench_moons.py compares against.

This is the engine as it is usually first written (and as the notebooks first teach it): every
op makes a new Value and gives it a `_backward` closure that knows how to pass the node's grad
on to its children. It is correct and easy to read, but each closure refers to the node that
owns it, so every node is a reference cycle that only Python's cyclic garbage collector can
free. A neuron is a chain of separate * and + nodes. engine.py and nn.py do the same maths
without either cost; this file exists only so the benchmark can show by how much.

Two baselines: `Value` (children in a tuple, an iterative sort: the old baseline) and
`LectureValue`, closer still to the lecture's engine: children in a set and a recursive sort.
Both build `-` and `/` from `+`, `*` and `**`, as the lecture does.
"""

import math
import random


class Value:
    """One number in a computation graph, with a closure that backpropagates through it."""

    children = tuple  # how a node keeps its children

    def __init__(self, data, _prev=(), _op="", label=""):
        self.data = data
        self.grad = 0.0
        self._prev = self.children(_prev)
        self._op = _op
        self.label = label
        self._backward = lambda: None  # a leaf has no children to pass its grad to

    def __repr__(self):
        return f"Value(data={self.data}, grad={self.grad})"

    def __add__(self, other):
        other = other if isinstance(other, Value) else type(self)(other)
        out = type(self)(self.data + other.data, (self, other), "+")

        def _backward():  # d(a+b)/da = d(a+b)/db = 1
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward  # out -> _backward -> out: the cycle the GC must find
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else type(self)(other)
        out = type(self)(self.data * other.data, (self, other), "*")

        def _backward():  # d(a*b)/da = b, d(a*b)/db = a
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def __pow__(self, k):
        assert isinstance(k, (int, float)), "only a number exponent"
        out = type(self)(self.data**k, (self,), f"**{k}")

        def _backward():  # d(x**k)/dx = k * x**(k-1)
            self.grad += k * self.data ** (k - 1) * out.grad

        out._backward = _backward
        return out

    def relu(self):
        out = type(self)(self.data if self.data > 0 else 0.0, (self,), "relu")

        def _backward():  # 1 where the input was positive, 0 elsewhere
            self.grad += (1.0 if self.data > 0 else 0.0) * out.grad

        out._backward = _backward
        return out

    def tanh(self):
        out = type(self)(math.tanh(self.data), (self,), "tanh")

        def _backward():  # d(tanh x)/dx = 1 - tanh(x)**2
            self.grad += (1.0 - out.data * out.data) * out.grad

        out._backward = _backward
        return out

    def exp(self):
        out = type(self)(math.exp(self.data), (self,), "exp")

        def _backward():  # d(e**x)/dx = e**x
            self.grad += out.data * out.grad

        out._backward = _backward
        return out

    # derived ops: built from the ones above, so they need no _backward of their own
    def __neg__(self):  # -a
        return self * -1.0

    def __sub__(self, other):  # a - b
        return self + (-other)

    def __rsub__(self, other):  # 2 - a
        return (-self) + other

    def __radd__(self, other):  # 2 + a
        return self + other

    def __rmul__(self, other):  # 2 * a
        return self * other

    def __truediv__(self, other):  # a / b
        return self * other**-1

    def __rtruediv__(self, other):  # 2 / a
        return self**-1 * other

    def backward(self):
        """Set .grad on every node behind self: topological order, then each closure in reverse."""
        topo, seen = [], set()
        stack = [(self, False)]
        while stack:  # depth-first without recursion; a node goes in after all its children
            v, children_done = stack.pop()
            if children_done:
                topo.append(v)
            elif v not in seen:
                seen.add(v)
                stack.append((v, True))
                stack.extend((c, False) for c in reversed(v._prev))
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()


class LectureValue(Value):
    """As the lecture writes it: children in a set, and a recursive topological sort."""

    children = set

    def backward(self):
        topo, visited = [], set()

        def build_topo(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build_topo(child)
                topo.append(v)

        build_topo(self)
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()


class Module:
    def zero_grad(self):
        for p in self.parameters():
            p.grad = 0.0

    def parameters(self):
        return []


class Neuron(Module):
    """relu(w·x + b), or w·x + b when linear, built from one * and one + node per input."""

    def __init__(self, nin, nonlin=True, value=Value):
        self.w = [value(random.uniform(-1, 1)) for _ in range(nin)]
        self.b = value(0.0)
        self.nonlin = nonlin

    def __call__(self, x):
        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return act.relu() if self.nonlin else act

    def parameters(self):
        return self.w + [self.b]


class Layer(Module):
    def __init__(self, nin, nout, nonlin=True, value=Value):
        self.neurons = [Neuron(nin, nonlin, value) for _ in range(nout)]

    def __call__(self, x):
        out = [n(x) for n in self.neurons]
        return out[0] if len(out) == 1 else out

    def parameters(self):
        return [p for n in self.neurons for p in n.parameters()]


class MLP(Module):
    """relu hidden layers and a linear output layer."""

    def __init__(self, nin, nouts, value=Value):
        sizes = [nin] + list(nouts)
        self.layers = [
            Layer(sizes[i], sizes[i + 1], i != len(nouts) - 1, value) for i in range(len(nouts))
        ]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]
