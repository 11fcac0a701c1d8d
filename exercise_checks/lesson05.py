"""The checks of lesson 05's exercises (05_automatic_backward.ipynb): backward() by itself."""
import random
import sys

from exercise_checks.lesson02 import random_graph, walk_order
from exercise_checks.lesson03 import is_stub
from exercise_checks.lesson04 import nudged_slopes
from exercises import Exercise

SUB = Exercise("05.1", [
    "write __sub__ the way the lesson writes __add__ (in 'The fix: += instead of ='): one new "
    "node that records its two children and its op, with its own _backward",
    "the node's data is self.data − other.data, its children (self, other) in that order, its "
    "op \"-\"; in _backward, self gets out.grad and other gets −1 times out.grad, each added "
    "with +=, and out._backward must be set before out is returned",
    "copy __add__ from 'The fix: += instead of =' and change three things: the data is the "
    "difference, the op is \"-\", and in the closure other's share gets a minus sign; self's "
    "line stays as it is",
])
TOPO = Exercise("05.2", [
    "a stack can do what the recursion in build_topo does: each node comes off it twice, once "
    "to put its children on the stack and once, when they are all done, to be listed",
    "push (node, False) for a node still to open and (node, True) for one whose children are "
    "done; a set of seen nodes lists each node once; a stack hands back the last thing pushed "
    "first, so push the children in reversed order to open the first child first",
    "the loop runs while the stack is not empty and pops one pair: a done node is appended to "
    "the order; a node not yet seen is marked seen, pushed back as done, and then its children "
    "are pushed, last child first",
])
ZERO_GRAD = Exercise("05.3", [
    "every node of root's graph, not only the inputs, keeps the gradient the last pass left "
    "on it: walk the whole graph, as backward() does, and set each grad back",
    "build_topo(root, order, set()) or topological_order(root) lists every node once; loop "
    "over that list and assign 0.0 to each node's grad with =",
    "one loop over topological_order(root), with an assignment (=, not +=) of 0.0 to each "
    "node's grad inside it",
])


def check_sub(Value):
    """05 exercise 1: a - b is one primitive node (children (a, b), op "-") whose _backward
    adds +1 and -1 times out.grad, so a node used twice gets both shares."""
    with SUB as t:
        a, b = Value(3.0, label="a"), Value(-2.0, label="b")
        out = t.answer(a - b, Value, "a new Value", what="a - b")
        t.same(out.data, 5.0, "(a - b).data at a = 3, b = -2")
        t.expect(out._prev == (a, b) and out._prev[0] is a and out._prev[1] is b,
                 f"a - b should record its children, a then b, in _prev; it records "
                 f"{_children(out, a, b)}")
        t.expect(out._op == "-", f"a - b should be one node made by the op \"-\", not built "
                 f"from others; its _op is {out._op!r}")
        out.grad, a.grad, b.grad = 2.5, 1.0, 1.0  # += adds to what is already there
        out._backward()
        t.same([a.grad, b.grad], [3.5, -1.5], "a.grad and b.grad after (a - b)._backward() with "
               "out.grad = 2.5, both grads starting at 1.0", names=["a.grad", "b.grad"])
        rng = random.Random(501)
        points = [(3.0, -2.0)] + [(round(rng.uniform(-3, 3), 2), round(rng.uniform(-3, 3), 2))
                                  for _ in range(3)]
        for x, y in points:  # a is used twice: both of its shares must add up
            a, b = Value(x), Value(y)
            ((a - b) * a).backward()
            t.same([a.grad, b.grad], nudged_slopes(lambda p, q: (p - q) * p, [x, y]),
                   f"the gradients of (a - b) · a at a = {x}, b = {y}", rel=1e-5, abs_=1e-7,
                   names=["a.grad", "b.grad"])
        a = Value(1.5)
        (a - a).backward()
        t.same(a.grad, 0.0, "a.grad for a - a, where a is both self and other")


def _children(out, a, b):
    names = {id(a): "a", id(b): "b"}
    kids = [names.get(id(kid), f"another Value ({getattr(kid, 'data', kid)!r})")
            for kid in out._prev]
    return f"({', '.join(kids)})" if kids else "no children"


def _reference(root):
    """build_topo's order without recursion: every node after its children, children in
    _prev order, each node once."""
    order, seen, stack = [], set(), [(root, False)]
    while stack:
        v, done = stack.pop()
        if done:
            order.append(v)
        elif id(v) not in seen:
            seen.add(id(v))
            stack.append((v, True))
            stack.extend((child, False) for child in reversed(v._prev))
    return order


def _graphs(Value):
    rng = random.Random(502)
    x1, w1, x2, w2 = (Value(d, label=n) for d, n in [(2.0, "x1"), (-3.0, "w1"), (0.0, "x2"),
                                                      (1.0, "w2")])
    neuron = x1 * w1 + x2 * w2 + Value(6.88, label="b")
    if hasattr(neuron, "tanh"):  # a scratch Value without tanh is checked on the sum
        neuron = neuron.tanh()
    x = Value(3.0, label="x")
    fx = Value(3.0) * x * x + Value(-4.0) * x + Value(5.0)
    graphs = [(neuron, "lesson 04's neuron"), (fx, "f(x), where x is used three times")]
    graphs += [(random_graph(Value, rng), f"a graph of the check's own ({k + 1} of 3), whose "
                "inputs share their data") for k in range(3)]
    return graphs


def check_topo_iterative(topo_iterative, Value):
    """05 exercise 2: build_topo's order, each node once, with no recursion."""
    with TOPO as t:
        called = set(topo_iterative.__code__.co_names)
        for name, why in [("topo_iterative", "calls itself"), ("build_topo", "calls build_topo, "
                          "which recurses"), ("topological_order", "calls engine's "
                          "topological_order instead of sorting")]:
            if name in called:
                t.fail(f"topo_iterative {why}: write the loop yourself, with a stack")
        for root, name in _graphs(Value):
            got = t.answer(topo_iterative(root), (list, tuple), "a list of the graph's Values",
                           what=f"topo_iterative on {name}")
            _same_order(t, list(got), _reference(root), name)
        total = Value(0.0)
        for _ in range(3000):  # deeper than Python lets a recursion go
            total = total + Value(1.0)
        got, depth = deepest_call(topo_iterative, total)
        t.expect(depth < 100, f"topo_iterative went {depth} calls deep on a sum of 3000 terms: "
                 "it recurses; keep the nodes still to visit on a stack of your own instead")
        got = t.answer(got, (list, tuple), "a list of the graph's Values",
                       what="topo_iterative on a sum of 3000 terms")
        _same_order(t, list(got), _reference(total), "a sum of 3000 terms, added one at a time")


def deepest_call(fn, *args):
    """fn(*args), and how many Python calls deep it went: recursion shows as depth even when
    the learner raised the recursion limit."""
    depth = deepest = 0

    def count(_frame, event, _arg):
        nonlocal depth, deepest
        if event == "call":
            depth += 1
            deepest = max(deepest, depth)
        elif event == "return":
            depth -= 1

    before = sys.getprofile()
    sys.setprofile(count)
    try:
        result = fn(*args)
    finally:
        sys.setprofile(before)
    return result, deepest


def _same_order(t, got, expected, name):
    t.expect(all(hasattr(v, "_prev") for v in got), f"topo_iterative on {name} should list "
             f"the graph's Values themselves; it holds {type(got[0]).__name__ if got else ''}s")
    ids = [id(v) for v in got]
    t.expect(len(set(ids)) == len(ids), f"topo_iterative on {name} lists some nodes more "
             f"than once ({len(ids)} items for {len(set(ids))} nodes): list each node once")
    t.expect(len(got) == len(expected), f"topo_iterative on {name} lists {len(got)} nodes; the "
             f"graph has {len(expected)}")
    place = {id(v): k for k, v in enumerate(got)}
    for v in got:
        for child in v._prev:
            if place.get(id(child), -1) > place[id(v)]:
                t.fail(f"topo_iterative on {name} lists a node before one of its children: "
                       "every node must come after all of its children")
    for k, (mine, theirs) in enumerate(zip(got, expected)):
        if mine is not theirs:
            t.fail(f"topo_iterative on {name} differs from build_topo's order at position {k}: "
                   "open the children in _prev order, the first child first")


def check_zero_grad(zero_grad, Value):
    """05 exercise 3: backward(), zero_grad, backward() again gives one pass's gradients."""
    with ZERO_GRAD as t:
        if is_stub(zero_grad):
            t.answer(None)
        rng = random.Random(503)
        points = [(-2.0, 3.0)] + [(round(rng.uniform(-3, 3), 2), round(rng.uniform(-3, 3), 2))
                                  for _ in range(2)]
        for x, y in points:
            u, w = Value(x, label="u"), Value(y, label="w")
            g = (u * w) * (u + w)
            g.backward()
            zero_grad(g)
            nodes = walk_order(g)
            left = [v for v in nodes if v.grad != 0]
            if left:
                t.fail(f"after backward() and zero_grad(g), {len(left)} of g's {len(nodes)} "
                       f"nodes still have a grad, such as {_one(left[0])}")
            g.backward()
            t.same([u.grad, w.grad], nudged_slopes(lambda p, q: (p * q) * (p + q), [x, y]),
                   f"u.grad and w.grad after backward(), zero_grad, backward() on "
                   f"g = (u·w)·(u + w) at u = {x}, w = {y}", rel=1e-5, abs_=1e-7,
                   names=["u.grad", "w.grad"])
        for root, name in _graphs(Value):
            outside = Value(1.0)
            outside.grad = 7.0  # in no graph: it keeps its grad
            root.backward()
            zero_grad(root)
            left = [v for v in walk_order(root) if v.grad != 0]
            if left:
                t.fail(f"after zero_grad on {name}, {len(left)} nodes still have a grad, such "
                       f"as {_one(left[0])}")
            t.expect(outside.grad == 7.0, "zero_grad changed a Value outside the graph: walk "
                     "from root, not through the lesson's own names")


def _one(node):
    return f"{node.label or 'a node with data ' + str(node.data)} with grad {node.grad!r}"
