"""engine.py: a scalar autograd engine, the `Value` that lessons 02-06 build.

Arithmetic on Values records a graph; `backward()` fills in every `.grad` by the chain rule.
Of the ways it differs from the lessons' class (lesson 06 lists them) the main one: each node
stores its local derivatives as numbers in `_local`, not a `_backward` closure: no cycles.

Numbers, in three lines:
- finite inputs whose result is too large for a float raise OverflowError naming op and inputs;
- an inf or nan you put in passes through every op and backward(), as in PyTorch float64;
- two zeros are exact (see `passes_nothing`): there 0 * inf is 0, not PyTorch's nan.
"""
import math
from numbers import Real

__all__ = ["Value", "linear", "topological_order", "passes_nothing", "EXACT_ZERO_OPS"]


class Value:
    """One number in a computation graph, with the gradient of the output with respect to it."""

    __slots__ = ("data", "grad", "label", "_prev", "_op", "_local")

    def __init__(self, data, label="", _prev=(), _op="", _local=()):
        if type(data) is not float:  # fast path: every op below passes a float
            data = _as_float(data, "Value")
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
    def __add__(self, other):  # a + b: d/da = 1, d/db = 1
        if (other := _value(other, "+")) is NotImplemented:
            return other  # an object such as a numpy array does the op itself
        return _node(self.data + other.data, "+", (self, other), (1.0, 1.0))

    def __sub__(self, other):  # a - b: d/da = 1, d/db = -1
        if (other := _value(other, "-")) is NotImplemented:
            return other
        return _node(self.data - other.data, "-", (self, other), (1.0, -1.0))

    def __mul__(self, other):  # a * b: d/da = b, d/db = a
        if (other := _value(other, "*")) is NotImplemented:
            return other
        return _node(self.data * other.data, "*", (self, other), (other.data, self.data))

    def __truediv__(self, other):  # a / b: d/da = 1/b, d/db = -a/b**2, written -(a/b)/b
        if (other := _value(other, "/")) is NotImplemented:
            return other
        a, b = self.data, other.data
        if b == 0.0:
            raise ZeroDivisionError(f"/ : division of {a:g} by zero")
        return _node(a / b, "/", (self, other), (1.0 / b, -(a / b) / b))

    def __pow__(self, k):  # x ** k for a number k: d/dx = k * x**(k-1)
        x, k = self.data, _as_float(k, "** (exponent)") + 0.0  # + 0.0 makes -0.0 a plain 0.0
        if x == 0.0 and -math.inf < k < 0:
            raise ZeroDivisionError(f"** : 0.0 ** {k:g} divides by zero")
        if x < 0 and math.isfinite(k) and not k.is_integer():
            raise ValueError(f"** : {x:g} ** {k:g} is not a real number (negative base)")
        try:
            y = x**k  # an inf or nan k gives what Python and PyTorch give
        except OverflowError:
            _overflow("**", x, k)
        try:  # x**0 is flat everywhere; at x = 0 a power 0 < k < 1 has a vertical slope
            d = 0.0 if k == 0 else k * math.inf if x == 0.0 and k < 1 else k * x ** (k - 1)
        except OverflowError:  # only the slope is too large: inf, as a slope may be
            d = k * math.inf * (-1.0 if x < 0 and k % 2 == 0 else 1.0)
        return Value(y, "", (self,), f"**{k:g}", (d,))

    def exp(self):  # d(e**x)/dx = e**x
        try:
            e = math.exp(self.data)  # inf and nan pass; only a finite x can overflow
        except OverflowError:
            _overflow("exp", self.data)
        return Value(e, "", (self,), "exp", (e,))

    def log(self):  # d(ln x)/dx = 1/x
        if self.data <= 0:  # nan is not <= 0: it passes, as in every op
            raise ValueError(f"log is defined only for x > 0, got x = {self.data:g}")
        return Value(math.log(self.data), "", (self,), "log", (1.0 / self.data,))

    def tanh(self):  # d(tanh x)/dx = 1 - tanh(x)**2
        t = math.tanh(self.data)  # math.tanh saturates to +-1.0 without overflow
        return Value(t, "", (self,), "tanh", (1.0 - t * t,))

    def sigmoid(self):  # d(s(x))/dx = s(x) * (1 - s(x))
        e = math.exp(-abs(self.data))  # exp only ever sees a number <= 0: it never overflows
        s = 1.0 / (1.0 + e) if self.data >= 0 else e / (1.0 + e)
        return Value(s, "", (self,), "sigmoid", (s * (1.0 - s),))

    def relu(self):  # d(max(0, x))/dx = 1 if x > 0 else 0
        if self.data <= 0:  # off (nan is not <= 0: it passes through, as in PyTorch)
            return Value(0.0, "", (self,), "relu", (0.0,))
        return Value(self.data, "", (self,), "relu", (1.0,))

    # --- the rest: negation, and a plain number on the left ---------------------------------
    def __neg__(self):  # -a
        return self * -1.0

    __radd__ = __add__  # 2 + a is a + 2
    __rmul__ = __mul__  # 2 * a is a * 2

    def __rsub__(self, other):  # 2 - a
        return _value(other, "-") - self

    def __rtruediv__(self, other):  # 2 / a
        return _value(other, "/") / self

    def __rpow__(self, base):  # 2 ** a
        raise TypeError(f"** needs a plain number as exponent, got Value: {base!r:.40} ** "
                        "Value; write b ** x as (x * log(b)).exp()")

    # --- backpropagation --------------------------------------------------------------------
    def backward(self):
        """Fill in d self / d node as `.grad` on every node of the graph: leaves accumulate, as in
        PyTorch (a grad of None counts as 0); inner grads are recomputed, so never stale."""
        topo = topological_order(self)
        kept = [(v, 0.0 if v.grad is None else v.grad) for v in topo if not v._prev]  # leaves
        bad = [v for v, g in kept if type(g) is not float and not isinstance(g, Real)]
        if bad:  # checked before any grad changes
            raise TypeError(f"backward: {bad[0]!r} has a grad that is not a number; set it to 0.0")
        for v in topo:
            v.grad = 0.0
        self.grad = 1.0
        for v in reversed(topo):  # every node's grad is complete before it is passed on
            g = v.grad
            if (not g or g - g) and passes_nothing(v, g):  # g is 0, inf or nan: the two zeros
                continue
            for child, d in zip(v._prev, v._local):
                child.grad += d * g  # chain rule; += because a child may feed several nodes
        for v, g in kept:
            v.grad += g  # added last, so backward twice gives exactly twice the grads


# The ops whose local derivatives, when all 0, are 0 by definition rather than by arithmetic.
EXACT_ZERO_OPS = frozenset({"relu", "relu(w·x+b)", "**0"})


def passes_nothing(v, g):
    """True when backward() passes exactly 0 from node v, holding grad g, to every child:
    1. g is 0 and v is finite: 0 times any slope is 0, even an infinite one (PyTorch: nan);
    2. g is inf or nan and v an off relu or x**0 (an op in EXACT_ZERO_OPS, all `_local` 0)."""
    if g == 0:
        return v.data - v.data == 0.0  # 0.0 unless v.data is inf or nan
    return g - g != 0 and v._op in EXACT_ZERO_OPS and not any(v._local)


def topological_order(root):
    """Every node of the graph behind `root`, each after all its children, root last: depth-first
    in `_prev` order (the same every run), without recursion (a million-node chain is fine)."""
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
    """sum(w * x for w, x in zip(ws, xs)) + b as one node (relu=True: its relu too), with the
    data and gradients of the * and + nodes it replaces. Plain-number inputs are constants."""
    if len(ws) != len(xs):
        raise ValueError(f"linear needs as many weights as inputs, got {len(ws)} and {len(xs)}")
    try:  # no isinstance per weight: this is the hot path of every network
        wd, acc = [w.data for w in ws], b.data
    except AttributeError:
        bad = next(v for v in (*ws, b) if not hasattr(v, "data"))
        raise TypeError(f"linear needs Values for the weights and the bias, got "
                        f"{type(bad).__name__}: {bad!r:.40}") from None
    xd = [x.data for x in xs if type(x) is Value]
    if len(xd) == len(xs):  # the usual case in a network: every input is a Value
        prev, local = (*ws, *xs, b), (*xd, *wd, 1.0)  # d/dw_i = x_i, d/dx_i = w_i, d/db = 1
    else:  # plain numbers are constants: no child, no gradient
        xd = [x.data if isinstance(x, Value) else _as_float(x, "linear (inputs)") for x in xs]
        xv = [(x, w) for x, w in zip(xs, wd) if isinstance(x, Value)]
        prev, local = (*ws, *(x for x, _ in xv), b), (*xd, *(w for _, w in xv), 1.0)
    for w, x in zip(wd, xd):
        acc += w * x  # one at a time, in order: exactly what b + w0*x0 + w1*x1 + ... gives
    if acc - acc:  # 0.0 unless acc is inf or nan
        _overflow("w·x+b", b.data, *wd, *xd)
    if relu and acc <= 0:  # relu is off: output 0, all derivatives 0 (nan is not <= 0)
        return Value(0.0, "", prev, "relu(w·x+b)", (0.0,) * len(prev))
    return Value(acc, "", prev, "relu(w·x+b)" if relu else "w·x+b", local)  # relu on: unchanged


def _node(y, op, children, local):  # the result of + - * /, checked for overflow
    if y - y:  # 0.0 unless y is inf or nan
        _overflow(op, *(c.data for c in children))
    return Value(y, "", children, op, local)


def _overflow(op, *inputs):
    """The overflow rule of every op whose result is inf or nan: raise if its inputs are finite."""
    if all(map(math.isfinite, inputs)):
        shown = {1: f"{op}({inputs[0]:g})", 2: f" {op} ".join(f"{x:g}" for x in inputs[:2])}
        what = shown.get(len(inputs), f"the sum of {len(inputs) // 2} products w*x and b")
        raise OverflowError(f"{op} : {what} overflows a float (largest about 1.8e308)")


def _value(other, op):  # other as a Value (a number becomes a constant); numpy does its own op
    if isinstance(other, Value):
        return other
    if isinstance(other, Real) or not hasattr(other, "__array_ufunc__"):
        return Value(other if type(other) is float else _as_float(other, op))
    return NotImplemented  # numpy then makes an array of Values itself


def _as_float(x, op):  # a real number as a float, or an error naming the op and the value
    if not isinstance(x, Real):
        raise TypeError(f"{op} needs a real number, got {type(x).__name__}: {x!r:.40}")
    try:
        return float(x)
    except OverflowError:  # an int too large for a float
        raise OverflowError(f"{op} : the integer {str(x)[:12]}... ({len(str(x))} digits) is "
                            "too large for a float (largest about 1.8e308)") from None
