"""The checks of lesson 06's exercises (06_more_operations.ipynb)."""
import math
import random

from engine import Value, linear, topological_order
from exercises import Exercise

CUBE = Exercise("06.1", [
    "a primitive is one node that knows its own local derivative: look back at `exp` and "
    "`__pow__` under 'exp and powers' and give `cube` the same shape (make the output node, "
    "give it its own backward closure, hand the node back)",
    "one new node, with self as its only child and the op name \"cube\", holding self.data "
    "cubed; its closure adds (+=) into self.grad the local derivative of x³, which is 3x², "
    "times the output's own gradient",
    "copy `exp` and change three things: the data (x³, from self.data), the op name, and the "
    "local derivative in the closure's one line, which for a cube is 3x², written from "
    "self.data where exp had out.data",
])

SOFTPLUS = Exercise("06.2", [
    "softplus needs no derivative of its own: build ln(1 + eˣ) out of operations an engine "
    "Value already has, as 'tanh, rebuilt from exp' built tanh from exp, -, + and /",
    "work from the inside out: e to the x is a method of x, then add the plain number 1, then "
    "take the natural logarithm of that sum (another method); return the Value you built",
    "three steps on x: its exp, plus the plain number 1, then the log of that sum; return the"
    " Value they build"
])

POWER = Exercise("06.3", [
    "xʸ = e^(y·ln x), and the engine differentiates log, * and exp already: `power` builds "
    "that chain from the Values x and y; `power_grads` walks the same chain backwards by hand, "
    "one operation at a time, as lesson 04 did",
    "power: the log of x, times y, then exp of the product. By hand: exp passes back its own "
    "output, xʸ; the product y·ln x passes each side the other side's value; log passes back "
    "1/x. Return the two derivatives as a list, x's first",
    "power: call .log() on x, multiply by y, call .exp() on the product. power_grads: each "
    "derivative is xʸ, what exp passes back, times what y·ln x passes to that input: y times "
    "1/x for x, ln x for y",
])


def _sigmoid(v):
    return 1 / (1 + math.exp(-v)) if v >= 0 else math.exp(v) / (1 + math.exp(v))


def _engine_ops():
    """The op names the engine's own operations give their nodes: anything else is new."""
    a, b = Value(1.5), Value(0.5)
    made = [a + b, a * b, a ** 2, a.exp(), a.log(), a.tanh(), a.sigmoid(), a.relu(), -a,
            a - b, a / b, 1 - a, 2 / a, linear([a], [b], b)]
    return {node._op for m in made for node in topological_order(m)}


def _backward_of_others(OurValue):
    """The code of every _backward the class already makes: a cube must bring its own."""
    a = OurValue(1.5)
    found = {getattr(a._backward, "__code__", None): "the do-nothing one every new node starts "
             "with (is the cube's own attached to the node?)"}
    for name in ["+", "*", "**", "exp", "tanh", "relu", "sigmoid", "log"]:
        try:
            node = a + a if name == "+" else a * a if name == "*" else a ** 3 if name == "**" \
                else getattr(a, name)()
        except Exception:  # an op the class does not have here
            continue
        found.setdefault(getattr(node._backward, "__code__", None), f"the one `{name}` makes")
    return found


def check_cube(OurValue):
    """06 exercise 1: cube(self) as one primitive node of OurValue with its own _backward."""
    with CUBE as t:
        x = OurValue(1.7)
        c = t.answer(x.cube(), OurValue, "a new OurValue node", what="x.cube()")
        t.expect(c is not x, "x.cube() returned x itself; return a new node holding x³")
        children = tuple(c._prev)
        t.expect(len(children) == 1 and children[0] is x,
                 f"x.cube() should be one node whose only child is x; its children are "
                 f"{list(children)}: a chain of other operations is not a primitive")
        t.expect(c._op == "cube", f"x.cube()'s op is {c._op!r}; name it \"cube\", so a "
                 "drawing shows the node for what it is")
        t.expect(x.data == 1.7 and x.grad == 0.0, "x.cube() changed x; leave the input as it "
                 "was and put the result in the new node")
        borrowed = _backward_of_others(OurValue).get(getattr(c._backward, "__code__", None))
        t.expect(borrowed is None, f"x.cube()'s _backward is {borrowed}; give the cube node a "
                 "_backward of its own, with the cube's local derivative")
        rng = random.Random(6001)  # inputs the learner has never seen, negative ones too
        for v in [1.7, -1.3] + [round(rng.uniform(-3, 3), 3) for _ in range(3)]:
            x = OurValue(v)
            c = x.cube()
            t.same(c.data, v ** 3, f"the data of x.cube() at x = {v}")
            x.grad, c.grad = 1.0, 2.0  # x already holds a gradient; 2 arrives from above
            c._backward()
            t.expect(x.grad != 1.0, "the cube's _backward changed nothing in x.grad: does the "
                     "node have a _backward of its own, attached to it?")
            t.same(x.grad, 1.0 + 2.0 * 3 * v ** 2,
                   f"x.grad after the cube's _backward at x = {v} (x.grad was 1 before and 2 "
                   "arrived from above, so 1 + 2 · 3x² is expected)")
            x = OurValue(v)  # 2·x³ + x through backward(): x is used twice
            (x.cube() * 2 + x).backward()
            t.same(x.grad, 6 * v ** 2 + 1, f"the gradient of 2·x³ + x at x = {v}")


def check_softplus(softplus):
    """06 exercise 2: softplus(x) = ln(1 + e^x) built from the engine's own operations."""
    with SOFTPLUS as t:
        x = Value(0.3)
        out = t.answer(softplus(x), Value, "an engine Value built from x",
                       what="softplus(Value(0.3))")
        graph = topological_order(out)
        t.expect(any(node is x for node in graph), "softplus(x) does not depend on x: build "
                 "it from x's operations, so backward() can reach x")
        known = _engine_ops()
        new = sorted({node._op for node in graph} - known)
        t.expect(not new, f"the graph holds an op the engine does not have, {new}; build "
                 "softplus from the engine's existing operations, no new derivative")
        rng = random.Random(6002)
        for v in [0.3] + [round(rng.uniform(-4, 4), 3) for _ in range(3)]:
            x = Value(v)
            out = softplus(x)
            t.same(out, math.log1p(math.exp(v)), f"softplus at x = {v}")
            out.backward()
            t.same(x.grad, _sigmoid(v), f"the gradient of softplus at x = {v} (the sigmoid "
                   "of x)")


def check_power(power, power_grads):
    """06 exercise 3: x ** y for Values through e^(y ln x), and its two derivatives by hand."""
    with POWER as t:
        x, y = Value(1.5), Value(2.5)
        out = t.answer(power(x, y), Value, "an engine Value built from x and y",
                       what="power(x, y)")
        rng = random.Random(6003)
        cases = [(1.5, 2.5)] + [(round(rng.uniform(0.2, 3), 3), round(rng.uniform(-2, 3), 3))
                                for _ in range(3)]
        for a, b in cases:
            x, y = Value(a), Value(b)
            out = power(x, y)
            t.same(out, a ** b, f"power at x = {a}, y = {b}")
            out.backward()
            t.same([x.grad, y.grad], [b * a ** (b - 1), a ** b * math.log(a)],
                   f"the gradients of power(x, y) at x = {a}, y = {b}",
                   names=("∂/∂x", "∂/∂y"))
        got = t.answer(power_grads(1.5, 2.5), (list, tuple), "a list of two numbers, "
                       "[∂(xʸ)/∂x, ∂(xʸ)/∂y]", what="power_grads(1.5, 2.5)")
        t.expect(len(got) == 2, f"power_grads(1.5, 2.5) has {len(got)} items; return two, "
                 "[∂(xʸ)/∂x, ∂(xʸ)/∂y]")
        for a, b in cases:
            t.same(list(power_grads(a, b)), [b * a ** (b - 1), a ** b * math.log(a)],
                   f"power_grads({a}, {b})", names=("∂(xʸ)/∂x", "∂(xʸ)/∂y"))
