"""engine.py: a scalar autograd engine.

A `Value` wraps one float. Arithmetic on Values records a graph; `backward()` walks it from
the output back to the inputs and fills in every `.grad` by the chain rule.

This is the engine the notebooks arrive at. It differs from the one they build first in one
way: each node stores its local derivatives (d out / d child) as plain numbers when it is
created, instead of a `_backward` closure. No closure means no reference cycle per node, so
Python's garbage collector has nothing to chase, and the backward pass is one short loop.
"""
import math
from numbers import Real

__all__ = ["Value", "linear", "topological_order"]


class Value:
    """One number in a computation graph, with the gradient of the output with respect to it."""

    __slots__ = ("data", "grad", "label", "_prev", "_op", "_local")

    def __init__(self, data, label="", _prev=(), _op="", _local=()):
        if type(data) is not float:  # fast path: every op below passes a float
            data = _as_float(data)
        self.data = data
        self.grad = 0.0
        self.label = label
        self._prev = _prev  # children, in order
        self._op = _op  # short name of the op that made this node ("" for an input)
        self._local = _local  # d self / d child, one number per child, same order

    def __repr__(self):
        name = f"label={self.label!r}, " if self.label else ""
        return f"Value({name}data={self.data!r}, grad={self.grad!r})"

    # --- the primitives: each computes its result and its local derivatives ------------------

    def __add__(self, other):  # d(a+b)/da = 1, d(a+b)/db = 1
        other = _wrap(other)
        if other is NotImplemented:
            return other
        return Value(self.data + other.data, "", (self, other), "+", (1.0, 1.0))

    def __mul__(self, other):  # d(a*b)/da = b, d(a*b)/db = a
        other = _wrap(other)
        if other is NotImplemented:
            return other
        return Value(self.data * other.data, "", (self, other), "*", (other.data, self.data))

    def __pow__(self, k):  # d(x**k)/dx = k * x**(k-1), for a number k
        if isinstance(k, Value) or not isinstance(k, Real):
            raise TypeError(
                f"** needs a plain number as exponent, got {type(k).__name__}; "
                "for a Value exponent write (k * x.log()).exp()"
            )
        x, k = self.data, float(k)
        if x == 0.0 and k < 0:
            raise ZeroDivisionError(f"** : 0.0 ** {k:g} divides by zero")
        if x < 0 and not k.is_integer():
            raise ValueError(f"** : {x:g} ** {k:g} is not a real number (negative base)")
        try:
            if x == 0.0 and k < 1:  # at 0 the slope of x**k is flat (k = 0) or vertical
                d = 0.0 if k == 0 else math.inf
            else:
                d = k * x ** (k - 1)
            return Value(x**k, "", (self,), f"**{k:g}", (d,))
        except OverflowError:
            raise OverflowError(f"** : {x:g} ** {k:g} overflows a float") from None

    def exp(self):  # d(e**x)/dx = e**x
        x = self.data
        if x > 709.78:  # math.exp(709.79) no longer fits in a float
            raise OverflowError(f"exp overflows for x = {x:g} (largest is about 709.78)")
        e = math.exp(x)
        return Value(e, "", (self,), "exp", (e,))

    def log(self):  # d(ln x)/dx = 1/x
        x = self.data
        if not x > 0:
            raise ValueError(f"log is defined only for x > 0, got x = {x:g}")
        return Value(math.log(x), "", (self,), "log", (1.0 / x,))

    def tanh(self):  # d(tanh x)/dx = 1 - tanh(x)**2
        t = math.tanh(self.data)  # math.tanh saturates to +-1.0 without overflow
        return Value(t, "", (self,), "tanh", (1.0 - t * t,))

    def sigmoid(self):  # d(s(x))/dx = s(x) * (1 - s(x))
        x = self.data
        if x >= 0:  # written so that exp only ever sees a negative number: never overflows
            s = 1.0 / (1.0 + math.exp(-x))
        else:
            e = math.exp(x)
            s = e / (1.0 + e)
        return Value(s, "", (self,), "sigmoid", (s * (1.0 - s),))

    def relu(self):  # d(max(0, x))/dx = 1 if x > 0 else 0
        x = self.data
        return Value(x if x > 0 else 0.0, "", (self,), "relu", (1.0 if x > 0 else 0.0,))

    # --- everything else is built from the primitives ---------------------------------------

    def __neg__(self):  # -a
        return self * -1.0

    def __sub__(self, other):  # a - b
        return self + (-other)

    def __truediv__(self, other):  # a / b
        other = _wrap(other)
        if other is NotImplemented:
            return other
        if other.data == 0.0:
            raise ZeroDivisionError(f"/ : division of {self.data:g} by zero")
        return self * other**-1

    def __radd__(self, other):  # 2 + a
        return self + other

    def __rmul__(self, other):  # 2 * a
        return self * other

    def __rsub__(self, other):  # 2 - a
        return (-self) + other

    def __rtruediv__(self, other):  # 2 / a
        if self.data == 0.0:
            raise ZeroDivisionError(f"/ : division of {other!r} by zero")
        return self**-1 * other

    def __rpow__(self, base):  # 2 ** a
        raise TypeError(
            f"** needs a plain number as exponent, got Value; for {base!r} ** x write "
            f"(x * math.log({base!r})).exp()"
        )

    # --- backpropagation --------------------------------------------------------------------

    def backward(self):
        """Fill in d self / d node as `.grad` on every node of the graph that made self.

        Inputs (leaves) accumulate across calls, as in PyTorch; every other node's grad is
        recomputed from zero, so it is never stale.
        """
        topo = topological_order(self)
        kept = []
        for v in topo:
            if not v._prev:
                kept.append((v, v.grad))  # leaves keep what earlier passes gave them
            v.grad = 0.0
        self.grad = 1.0
        for v in reversed(topo):  # every node's grad is complete before it is passed on
            g = v.grad
            if g:  # a zero gradient (a relu that was off, say) has nothing to pass on
                for child, d in zip(v._prev, v._local):
                    child.grad += d * g  # chain rule; += because a child may feed several nodes
        for v, old in kept:
            v.grad += old  # added last, so backward twice gives exactly twice the grads


def topological_order(root):
    """Every node of the graph behind `root`, each after all its children, root last.

    Depth-first, children in `_prev` order, so the order is the same on every run. Iterative
    rather than recursive: a chain of a million nodes is fine. Works on any object with a
    `_prev` tuple, so it also orders the Values the notebooks build themselves.
    """
    order, seen = [], {root}
    stack = [(root, iter(root._prev))]  # each node on the path down, with its unvisited children
    while stack:
        v, children = stack[-1]
        for c in children:
            if c not in seen:  # go down into the first child not yet visited
                seen.add(c)
                stack.append((c, iter(c._prev)))
                break
        else:  # all of v's children are in order: v can follow them
            stack.pop()
            order.append(v)
    return order


def linear(ws, xs, b, relu=False):
    """sum(w * x for w, x in zip(ws, xs)) + b as a single node; with relu=True, its relu too.

    The weights `ws` and the bias `b` are Values; the inputs `xs` may be Values or plain
    numbers (numbers are constants: no gradient). Children are the weights, the Value inputs,
    then b. Data and gradients are the same, to the last bit, as the chain of * and + nodes
    (and the relu node) this one node replaces: relu's derivative is 1 or 0, and multiplying
    by 1 or 0 rounds nothing. The graph is just smaller. (If one Value appears twice among the
    inputs, its two contributions are added in another order than the chain adds them, so the
    last bit of its gradient may differ; in a network no input repeats within a neuron.)
    """
    if len(ws) != len(xs):
        raise ValueError(f"linear needs as many weights as inputs, got {len(ws)} and {len(xs)}")
    try:  # no isinstance per weight: this is the hot path of every network
        wd = [w.data for w in ws]
        acc = b.data
    except AttributeError:
        raise TypeError("linear needs Values for the weights and the bias") from None
    xv = [x for x in xs if isinstance(x, Value)]
    if len(xv) == len(xs):  # the usual case inside a network: every input is a Value
        xd = [x.data for x in xs]
        prev, local = (*ws, *xs, b), (*xd, *wd, 1.0)  # d/dw_i = x_i, d/dx_i = w_i, d/db = 1
    else:  # plain-number inputs are constants: no child, no gradient
        xd = [x.data if isinstance(x, Value) else _as_float(x) for x in xs]
        prev = (*ws, *xv, b)
        local = (*xd, *(w for w, x in zip(wd, xs) if isinstance(x, Value)), 1.0)
    for w, x in zip(wd, xd):
        acc += w * x  # one at a time, in order: exactly what b + w0*x0 + w1*x1 + ... gives
    if not relu:
        return Value(acc, "", prev, "w·x+b", local)
    if acc > 0:  # relu is on: output and derivatives pass through unchanged
        return Value(acc, "", prev, "relu(w·x+b)", local)
    return Value(0.0, "", prev, "relu(w·x+b)", (0.0,) * len(prev))  # off: all derivatives 0


def _wrap(other):
    """`other` as a Value; NotImplemented (Python then raises its usual TypeError) if no number."""
    if isinstance(other, Value):
        return other
    if isinstance(other, Real):
        return Value(float(other))
    return NotImplemented


def _as_float(data):
    if type(data) is float:
        return data
    if isinstance(data, Value):
        raise TypeError(f"Value needs a number, got another Value ({data!r}); use it directly")
    if not isinstance(data, Real):
        raise TypeError(f"Value needs a real number, got {type(data).__name__}: {data!r:.40}")
    return float(data)
