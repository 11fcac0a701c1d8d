"""engine.py: a scalar autograd engine.

A `Value` wraps one float. Arithmetic on Values records a graph; `backward()` walks it from
the output back to the inputs and fills in every `.grad` by the chain rule.

This is the engine the notebooks arrive at. It differs from the one they build first in one
way: each node stores its local derivatives (d out / d child) as plain numbers when it is
created, instead of a `_backward` closure. No closure means no reference cycle per node, so
Python's garbage collector has nothing to chase, and the backward pass is one short loop.
It also means backward() uses the numbers of the forward pass: change a `.data`, then run the
forward pass again before backward().

Numbers too large for a float follow one rule in every op:
- An op whose inputs are finite but whose result does not fit a float raises OverflowError
  naming the op and its inputs: no op turns finite numbers into inf silently.
- nan and inf that you put in pass through every op as floats do, as in PyTorch.
- Slopes and gradients are plain floats, as in PyTorch: inf where a slope is vertical or too
  steep, nan from 0 * inf; backward() never raises over a number. Two zeros stay exact: an
  off relu (and x**0) passes on 0 whatever arrives, as in PyTorch; and a node with a finite
  value and a grad of 0 passes on nothing, so 0 times an infinite slope below it gives 0
  (PyTorch: nan).
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
        if type(other) is not Value:  # a number becomes a Value (a constant)
            other = _wrap(other, "+")
            if other is NotImplemented:
                return other
        a, b = self.data, other.data
        y = a + b
        if y - y != 0.0 and _finite(a, b):  # y - y is 0.0 unless y is inf or nan
            raise _overflow("+", f"{a:g} + {b:g}")
        return Value(y, "", (self, other), "+", (1.0, 1.0))

    def __mul__(self, other):  # d(a*b)/da = b, d(a*b)/db = a
        if type(other) is not Value:
            other = _wrap(other, "*")
            if other is NotImplemented:
                return other
        a, b = self.data, other.data
        y = a * b
        if y - y != 0.0 and _finite(a, b):
            raise _overflow("*", f"{a:g} * {b:g}")
        return Value(y, "", (self, other), "*", (b, a))

    def __pow__(self, k):  # d(x**k)/dx = k * x**(k-1), for a number k
        if isinstance(k, Value) or not isinstance(k, Real):
            raise TypeError(f"** needs a plain number as exponent, got {type(k).__name__}: "
                            f"{k!r:.40}; for a Value exponent write (k * x.log()).exp()")
        x, k = self.data, float(k) + 0.0  # + 0.0 makes -0.0 a plain 0.0
        if x == 0.0 and k < 0:
            raise ZeroDivisionError(f"** : 0.0 ** {k:g} divides by zero")
        if x < 0 and not k.is_integer():
            raise ValueError(f"** : {x:g} ** {k:g} is not a real number (negative base)")
        try:
            y = x**k
        except OverflowError:
            raise _overflow("**", f"{x:g} ** {k:g}") from None
        if k == 0 or x == 0.0 and k < 1:  # x**0 is flat everywhere; at 0, x**0.5 is vertical
            d = 0.0 if k == 0 else math.inf
        else:
            try:
                d = k * x ** (k - 1)
            except OverflowError:  # only the slope is too large: inf, as a slope may be
                d = k * math.inf * (-1.0 if x < 0 and k % 2 == 0 else 1.0)
        return Value(y, "", (self,), f"**{k:g}", (d,))

    def exp(self):  # d(e**x)/dx = e**x
        try:
            e = math.exp(self.data)  # inf and nan pass; only a finite x can overflow
        except OverflowError:
            raise _overflow("exp", f"exp({self.data:g})", "; exp needs x <= 709.78") from None
        return Value(e, "", (self,), "exp", (e,))

    def log(self):  # d(ln x)/dx = 1/x
        x = self.data
        if x <= 0:  # nan is not <= 0: it passes, as in every op
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
        if x <= 0:  # off (nan is not <= 0: it passes through, as in PyTorch)
            return Value(0.0, "", (self,), "relu", (0.0,))
        return Value(x, "", (self,), "relu", (1.0,))

    # --- everything else is built from the primitives ---------------------------------------
    # An error names the operator you wrote (-, /), not the primitive it is made of.

    def __neg__(self):  # -a
        return self * -1.0

    def __sub__(self, other):  # a - b
        if not isinstance(other, (Value, Real)):
            return _wrap(other, "-")  # a TypeError naming -, or NotImplemented
        try:
            return self + (-other)
        except OverflowError:
            raise _overflow("-", f"{self.data:g} - {getattr(other, 'data', other):g}") from None

    def __truediv__(self, other):  # a / b
        other = _wrap(other, "/")
        if other is NotImplemented:
            return other
        if other.data == 0.0:
            raise ZeroDivisionError(f"/ : division of {self.data:g} by zero")
        try:
            return self * other**-1
        except OverflowError:
            raise _overflow("/", f"{self.data:g} / {other.data:g}") from None

    def __radd__(self, other):  # 2 + a
        return self + other

    def __rmul__(self, other):  # 2 * a
        return self * other

    def __rsub__(self, other):  # 2 - a
        other = _wrap(other, "-")
        if other is NotImplemented:
            return other
        try:
            return (-self) + other
        except OverflowError:
            raise _overflow("-", f"{other.data:g} - {self.data:g}") from None

    def __rtruediv__(self, other):  # 2 / a
        other = _wrap(other, "/")
        if other is NotImplemented:
            return other
        if self.data == 0.0:
            raise ZeroDivisionError(f"/ : division of {other.data:g} by zero")
        try:
            return self**-1 * other
        except OverflowError:
            raise _overflow("/", f"{other.data:g} / {self.data:g}") from None

    def __rpow__(self, base):  # 2 ** a
        if not isinstance(base, Real):
            raise TypeError(f"** needs numbers, got {type(base).__name__}: {base!r:.40} ** Value")
        raise TypeError(f"** needs a plain number as exponent, got Value; for {base!r} ** x "
                        f"write (x * math.log({base!r})).exp()")

    # --- backpropagation --------------------------------------------------------------------

    def backward(self):
        """Fill in d self / d node as `.grad` on every node of the graph that made self.

        Inputs (leaves) accumulate across calls, as in PyTorch (a grad of None counts as 0);
        every other node's grad is recomputed from zero, so it is never stale. The local
        derivatives are those of the forward pass: after changing a `.data`, run it again.
        """
        topo = topological_order(self)
        kept = [(v, v.grad) for v in topo if not v._prev and v.grad is not None]
        for v, old in kept:  # checked before any grad changes
            if type(old) is not float and not isinstance(old, Real):
                raise TypeError(f"backward: {v!r} has a grad that is not a number; "
                                "set it to 0.0 (or None) first")
        for v in topo:
            v.grad = 0.0
        self.grad = 1.0
        for v in reversed(topo):  # every node's grad is complete before it is passed on
            g = v.grad
            if not g and v.data - v.data == 0.0:  # 0 into a finite node: nothing to pass on
                continue  # (a nan or inf node passes on 0 * its slopes: nan, as in PyTorch)
            if g - g != 0.0 and _flat(v):  # inf or nan into an off relu (or x**0) passes on
                continue  # exactly 0, as in PyTorch, and not 0 * inf = nan
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
    path, todo = [root], [iter(root._prev)]  # the nodes on the way down; their unseen children
    while todo:
        for c in todo[-1]:
            if c not in seen:  # go down into the first child not yet visited
                seen.add(c)
                path.append(c)
                todo.append(iter(c._prev))
                break
        else:  # all children of the last node on the path are in order: it can follow them
            todo.pop()
            order.append(path.pop())
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
        bad = next((w for w in (*ws, b) if not hasattr(w, "data")), None)
        raise TypeError(f"linear needs Values for the weights and the bias, got "
                        f"{type(bad).__name__}: {bad!r:.40}") from None
    xv = [x for x in xs if isinstance(x, Value)]
    if len(xv) == len(xs):  # the usual case inside a network: every input is a Value
        xd = [x.data for x in xs]
        prev, local = (*ws, *xs, b), (*xd, *wd, 1.0)  # d/dw_i = x_i, d/dx_i = w_i, d/db = 1
    else:  # plain-number inputs are constants: no child, no gradient
        try:
            xd = [x.data if isinstance(x, Value) else _as_float(x) for x in xs]
        except TypeError:
            bad = next(x for x in xs if not isinstance(x, (Value, Real)))
            raise TypeError(f"linear needs numbers or Values as inputs, got "
                            f"{type(bad).__name__}: {bad!r:.40}") from None
        prev = (*ws, *xv, b)
        local = (*xd, *(w for w, x in zip(wd, xs) if isinstance(x, Value)), 1.0)
    for w, x in zip(wd, xd):
        acc += w * x  # one at a time, in order: exactly what b + w0*x0 + w1*x1 + ... gives
    if acc - acc and _finite(b.data, *wd, *xd):
        raise _overflow("w·x+b", f"the sum of {len(wd)} products w*x and b")
    if not relu:
        return Value(acc, "", prev, "w·x+b", local)
    if acc <= 0:  # relu is off: output 0, all derivatives 0 (nan is not <= 0: it passes)
        return Value(0.0, "", prev, "relu(w·x+b)", (0.0,) * len(prev))
    return Value(acc, "", prev, "relu(w·x+b)", local)  # on: passes through unchanged


def _flat(v):
    """An off relu, or x**0: a slope that is 0 by definition, not by arithmetic."""
    return v._op == "**0" or v._op.startswith("relu") and v.data == 0.0


def _finite(*numbers):
    return all(map(math.isfinite, numbers))


def _overflow(op, what, hint=""):
    return OverflowError(f"{op} : {what} overflows a float (largest about 1.8e308{hint})")



def _wrap(other, op):
    """`other` as a Value; NotImplemented for an object that may know the op itself (numpy)."""
    if isinstance(other, Value):
        return other
    if isinstance(other, Real):
        return Value(float(other))
    if other is None or isinstance(other, (str, bytes, list, tuple, dict, set, complex)):
        raise TypeError(f"{op} needs numbers or Values on both sides, got "
                        f"{type(other).__name__}: {other!r:.40}")
    return NotImplemented


def _as_float(data):
    if type(data) is float:
        return data
    if isinstance(data, Value):
        raise TypeError(f"Value needs a number, got another Value ({data!r}); use it directly")
    if not isinstance(data, Real):
        raise TypeError(f"Value needs a real number, got {type(data).__name__}: {data!r:.40}")
    return float(data)
