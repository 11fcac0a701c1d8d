"""engine.py: a scalar autograd engine, the `Value` that lessons 02-06 build.

Lesson 06's two things to know: each node keeps its local derivatives as numbers in `_local`
(no `_backward` closure), and backward() adds into the leaves only, as PyTorch does. A first
read can skip the small helpers after `linear_layer`: they are lesson 06's "At the edges":
- finite inputs whose result is too large for a float raise OverflowError naming op and inputs;
- an inf or nan passes through every op that is defined there, and backward(), as in PyTorch;
- two zeros are exact: a zero gradient at a finite node passes back 0, even along an infinite
  slope (PyTorch: nan), and an off relu or x**0 passes back 0 even when inf or nan arrives.
"""
import math
from numbers import Real  # isinstance(x, Real): x is a real number (int, float, Fraction, ...)
from operator import mul  # mul(w, x) is w * x


class Value:
    """One number in a computation graph, with the gradient of the output with respect to it."""

    __slots__ = ("data", "grad", "label", "_prev", "_op", "_local")  # no __dict__: small, quick

    def __init__(self, data, label="", _prev=(), _op="", _local=()):
        self.data = data if type(data) is float else _as_float(data, "Value")  # ops pass floats
        self.grad, self.label = 0.0, label
        self._prev, self._op, self._local = _prev, _op, _local  # children, op, d self / d child

    def __repr__(self):  # !r: as repr() shows it, so a label "a" shows as 'a'
        name = f"label={self.label!r}, " if self.label else ""
        return f"Value({name}data={self.data!r}, grad={self.grad!r})"

    # --- the primitives: each computes its result and its local derivatives ------------------
    # (`other := ...` names other and tests it; a numpy array gets NotImplemented: numpy's runs)
    def __add__(self, other):  # a + b: d/da = 1, d/db = 1
        if (other := _value(other, "+")) is NotImplemented:
            return other
        return _node(self.data + other.data, "+", (self, other), (1.0, 1.0))

    def __sub__(self, other):  # a - b: d/da = 1, d/db = -1
        if (other := _value(other, "-")) is NotImplemented:
            return other
        return _node(self.data - other.data, "-", (self, other), (1.0, -1.0))

    def __mul__(self, other):  # a * b: d/da = b, d/db = a
        if (other := _value(other, "*")) is NotImplemented:
            return other
        return _node(self.data * other.data, "*", (self, other), (other.data, self.data))

    def __truediv__(self, other):  # a / b: d/da = 1/b, d/db = -a/b**2 = -(a/b)/b: b*b may be 0
        if (other := _value(other, "/")) is NotImplemented:
            return other
        if (b := other.data) == 0.0:
            raise ZeroDivisionError(f"/ : division of {self.data:g} by zero")
        return _node(self.data / b, "/", (self, other), (1.0 / b, -(self.data / b) / b))

    def __pow__(self, k):  # x ** k for a plain number k: d/dx = k * x**(k-1)
        if isinstance(k, Value):  # lesson 06's exercise 3 builds x ** y for a Value y
            raise TypeError("** needs a plain number as exponent, got a Value (lesson 06, ex. 3)")
        x, k = self.data, _as_float(k, "** (exponent)") + 0.0  # + 0.0: -0 becomes 0, op "**0"
        if x == 0.0 and -math.inf < k < 0:
            raise ZeroDivisionError(f"** : 0.0 ** {k:g} divides by zero")
        if x < 0 and math.isfinite(k) and not k.is_integer():  # is_integer: 2.0 yes, 2.5 no
            raise ValueError(f"** : {x:g} ** {k:g} is not a real number (negative base)")
        try:
            y = x**k  # an inf or nan k gives what Python and PyTorch give
        except OverflowError:  # from None: our error alone, not Python's bare one with it
            raise _overflow("**", f"{x:g} ** {k:g}") from None
        try:  # x**0 = 1 is flat everywhere, even at x = 0
            d = 0.0 if k == 0 else k * x ** (k - 1)
        except ZeroDivisionError:  # x = 0 and 0 < k < 1: the slope there is vertical
            d = k * math.inf
        except OverflowError:  # only the slope is too large: it is inf, with the sign
            d = k * math.inf * (-1.0 if x < 0 and k % 2 == 0 else 1.0)  # of k * x**(k-1)
        return Value(y, "", (self,), f"**{k:g}", (d,))

    def exp(self):  # d(e**x)/dx = e**x
        try:
            e = math.exp(self.data)  # inf and nan pass; only a finite x can overflow
        except OverflowError:
            raise _overflow("exp", f"exp({self.data:g})") from None
        return Value(e, "", (self,), "exp", (e,))

    def log(self):  # d(ln x)/dx = 1/x
        if self.data <= 0:  # nan is not <= 0: it passes, as in every op
            raise ValueError(f"log is defined only for x > 0, got x = {self.data:g}")
        return Value(math.log(self.data), "", (self,), "log", (1.0 / self.data,))

    def tanh(self):  # d(tanh x)/dx = 1 - tanh(x)**2
        t = math.tanh(self.data)  # math.tanh saturates to +-1.0 without overflow
        return Value(t, "", (self,), "tanh", (1.0 - t * t,))

    def sigmoid(self):  # d(s(x))/dx = s(x) * (1 - s(x))
        e = math.exp(-abs(self.data))  # e**-|x| never overflows; for x < 0, 1 / (1 + e**-x)
        s = 1.0 / (1.0 + e) if self.data >= 0 else e / (1.0 + e)  # is that times e**x / e**x
        return Value(s, "", (self,), "sigmoid", (s * (1.0 - s),))

    def relu(self):  # d(max(0, x))/dx = 1 if x > 0 else 0
        on = not self.data <= 0  # nan is not <= 0: it passes through, as in PyTorch
        return Value(self.data if on else 0.0, "", (self,), "relu", (1.0,) if on else (0.0,))

    # --- the rest: negation, and a plain number on the left (lesson 06's one-liners) ---------
    def __neg__(self):  # -a
        return self * -1.0

    __radd__ = __add__  # 2 + a is a + 2: the same method, as order does not matter for +
    __rmul__ = __mul__  # 2 * a is a * 2

    def __rsub__(self, other):  # 2 - a
        return _value(other, "-") - self

    def __rtruediv__(self, other):  # 2 / a
        return _value(other, "/") / self

    def __rpow__(self, base):  # 2 ** a: refused, as lesson 06 refuses a Value as exponent
        base = _as_float(base, "**")  # a base that is no number is named as such first
        raise TypeError(f"** needs a plain number as exponent, got {base:g} ** Value (lesson 06)")

    # --- backpropagation --------------------------------------------------------------------
    def backward(self):
        """Set .grad = d self / d node on every node; leaves accumulate, as in PyTorch."""
        topo = topological_order(self)
        kept = {v: 0.0 if v.grad is None else v.grad for v in topo if not v._prev}  # None is 0
        for v, g in kept.items():  # all checked before any grad changes
            if type(g) is not float and not isinstance(g, Real):  # (type(g) is float: quicker)
                raise TypeError(f"backward: {v!r} has a grad that is not a number; set it to 0.0")
        for v in topo:  # every grad from 0, so none is stale; the leaves' kept ones come back last
            v.grad = 0.0
        self.grad = 1.0
        # A node passes g on unless every d * g would be exactly 0: for a finite g != 0, when all
        # its local derivatives d are 0 (a leaf, an off relu); for g = 0, inf, nan: passes_nothing.
        for v in reversed(topo):  # every node's grad is complete before it is passed on
            g = v.grad
            if (any(v._local) if g and math.isfinite(g) else not passes_nothing(v, g)):
                for child, d in zip(v._prev, v._local):
                    child.grad += d * g  # chain rule; += because a child may feed several nodes
        for v, g in kept.items():
            v.grad += g  # added last, so backward twice gives exactly twice the grads


def topological_order(root):
    """Every node of the graph behind `root`, each after all its children, root last: depth-first
    in `_prev` order (the same every run), without recursion (a million-node chain is fine)."""
    order, seen = [], {root}
    path, todo = [root], [iter(root._prev)]  # the nodes on the way down; for each, its children
    while todo:  # iter() keeps its place: each for loop below goes on where the last one stopped
        for c in todo[-1]:
            if c not in seen:  # the first child not yet visited
                seen.add(c)
                if not seen.issuperset(c._prev):  # some of its children are not: go down into it
                    path.append(c)
                    todo.append(iter(c._prev))
                    break
                order.append(c)  # all its children are in order (a leaf has none): so is it
        else:  # (for ... else: no break) all children of the last node on path are in order
            todo.pop()
            order.append(path.pop())
    return order


def linear(ws, xs, b, relu=False):  # one neuron's w·x + b (relu=True: relu(w·x + b)), one node
    return linear_layer([(ws, b)], xs, relu)[0]


def linear_layer(neurons, xs, relu=False):
    """For each (weights ws, bias b): sum(w * x for w, x in zip(ws, xs)) + b as one node (relu=True:
    its relu), with the data and gradients of that chain; inputs that are numbers are constants."""
    xd, kids = [x.data for x in xs if type(x) is Value], None  # type(x) is: quicker than isinstance
    if len(xd) != len(xs):  # plain numbers are constants: no child, no gradient
        xd = [x.data if isinstance(x, Value) else _as_float(x, "linear (inputs)") for x in xs]
        kids = [i for i, x in enumerate(xs) if isinstance(x, Value)]  # the inputs that are Values
        xs = [xs[i] for i in kids]  # from here on, xs holds only the inputs that are children
    nodes, off = [], (0.0,) * (len(xd) + len(xs) + 1)  # off: an off relu's derivatives, all 0
    for ws, b in neurons:
        if len(ws) != len(xd):
            raise ValueError(f"linear needs as many weights as inputs, got {len(ws)} and {len(xd)}")
        try:  # no isinstance per weight
            wd, acc = [w.data for w in ws], b.data
        except AttributeError:  # a weight or the bias is no Value: the first such is named
            bad = next(f"{type(v).__name__}: {v!r:.40}" for v in [*ws, b] if not hasattr(v, "data"))
            raise TypeError(f"linear needs Values as weights and bias, got {bad}") from None
        for p in map(mul, wd, xd):  # p = w * x, added one at a time and in order: exactly what
            acc += p  # the chain b + w0*x0 + w1*x1 + ... gives
        if not math.isfinite(acc) and all(math.isfinite(v) for v in [b.data, *wd, *xd]):
            raise _overflow("w·x+b", "b + w*x" + f" over {len(wd)} inputs" * (len(wd) > 1))
        prev, on = (*ws, *xs, b), not (relu and acc <= 0)  # relu off (nan is not <= 0): output 0
        wx = wd if kids is None else [wd[i] for i in kids]  # and all derivatives 0; on: d/dw_i =
        local = (*xd, *wx, 1.0) if on else off  # x_i, d/dx_i = w_i, d/db = 1
        nodes.append(Value(acc if on else 0.0, "", prev, "relu(w·x+b)" if relu else "w·x+b", local))
    return nodes


EXACT_ZERO_OPS = {"relu", "relu(w·x+b)", "**0"}  # _local all 0 here: exactly 0, not by rounding


def passes_nothing(v, g):
    """True when backward() passes exactly 0 from node v, holding grad g, to every child:
    1. g is 0 and v is finite: 0 times any slope is 0, even an infinite one (PyTorch: nan);
    2. g is inf or nan and v an off relu or x**0 (an op in EXACT_ZERO_OPS, all `_local` 0)."""
    if g == 0:
        return math.isfinite(v.data)
    return not math.isfinite(g) and v._op in EXACT_ZERO_OPS and not any(v._local)


def _node(y, op, children, local):  # the node a op b of + - * /, unless it overflowed
    if not math.isfinite(y) and all(math.isfinite(c.data) for c in children):
        raise _overflow(op, f"{children[0].data:g} {op} {children[1].data:g}")
    return Value(y, "", children, op, local)


def _overflow(op, what):  # the error when finite inputs give a result too large for a float
    return OverflowError(f"{op} : {what} overflows a float (largest about 1.8e308)")


def _value(other, op):  # other as a Value (a number becomes a constant); an array: NotImplemented
    if isinstance(other, Value):
        return other
    if isinstance(other, Real) or not hasattr(other, "__array_ufunc__"):  # not an array
        return Value(other if type(other) is float else _as_float(other, op))
    return NotImplemented


def _as_float(x, op):  # a real number as a float, or an error naming the op and the value
    if not isinstance(x, Real):  # !r:.40: as repr() shows it, cut to 40 characters
        raise TypeError(f"{op} needs a real number, got {type(x).__name__}: {x!r:.40}")
    try:
        return float(x)
    except OverflowError:  # an integer too large, told by its size: str() refuses an integer
        n = abs(int(x))  # of more than 4300 digits, and n // 10**drop keeps 11 or 12 of them
        drop = int(n.bit_length() * math.log10(2)) - 11
        top = str(n // 10**drop)
        raise OverflowError(f"{op} : the integer {'-' if x < 0 else ''}{top}... ({drop + len(top)} "
                            "digits) is too large for a float (largest about 1.8e308)") from None
