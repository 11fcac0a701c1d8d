"""The checks of lesson 02's exercises (02_value_object.ipynb): Values that remember.

The graphs built here repeat data values, use a node twice and label their inputs in an order
that is not alphabetical, so that counting numbers, sorting labels or forgetting a node already
seen all give a different answer from walking the graph.
"""
import random
from numbers import Real

from exercises import Exercise

BUILD_O = Exercise("02.1", [
    "look back at 'The expression L': make each input once with its label, then one "
    "operation per line, labelling each result right after it is made",
    "s is x + y and p is x times z, using the same x both times; o is s times p, in that "
    "order; and return the Value o itself, not its number",
    "make each input once, with its label; s and p both use that one x; give s, p and o their"
    " labels once they are made, and return o",
])
COUNT_NODES = Exercise("02.2", [
    "walk the graph as `walk` does, and keep a set of the Values already seen: a set of "
    "Values tells two Values apart even when their numbers are equal",
    "add v itself to the set, then every Value reachable through _prev; skip one already in "
    "the set, so a Value reached twice counts once; the answer is the size of the set, not the "
    "number of different .data values",
    "a set of seen Values and a walk that adds each node the first time it meets it, then "
    "walks its children; after the walk the answer is the size of the set",
])
INPUTS = Exercise("02.3", [
    "an input is a Value with an empty _prev; walk the graph as `walk` does, children in "
    "order, and note each input the first time you meet it",
    "keep the order of the walk: no sorting and no set of labels (a set has no order of its "
    "own); keep a set of the Values already seen to skip them, and a list for the answer",
    "walk as in exercise 2, with a set of seen Values and children in _prev order; the first "
    "time the walk meets a node with no _prev, append its label to a list; return the list",
])


def random_graph(Value, rng, leaves=6, ops=8):
    """A graph of + and * on leaves labelled in no alphabetical order, whose data repeat,
    where most nodes are used more than once and some results are made twice over (two
    nodes, one label, one number). Returns its output."""
    names = rng.sample("zyxwvutsrqponmlk", leaves)
    nodes = [Value(rng.choice([1.0, 2.0, -1.0]), label=name) for name in names]
    for _ in range(ops):
        left, right = rng.choice(nodes), rng.choice(nodes[leaves // 2:])
        for _twice in range(2 if rng.random() < 0.4 else 1):
            nodes.append(left + right if rng.random() < 0.5 else left * right)
    return nodes[-1]


def walk_order(v):
    """Every Value of v's graph once, in the order a walk like lesson 02's `walk` first meets
    them (v, then each child's graph in _prev order). No recursion, so any depth works."""
    order, seen, stack = [], set(), [v]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        order.append(node)
        stack.extend(reversed(node._prev))
    return order


def lesson_graphs(Value):
    """L = (a·b + c)·f as in the lesson, and two small graphs with repeated data values."""
    a, b, c, f = (Value(x, label=n) for x, n in [(2.0, "a"), (-3.0, "b"), (10.0, "c"),
                                                 (-2.0, "f")])
    L = (a * b + c) * f
    q, m, z = Value(2.0, label="q"), Value(2.0, label="m"), Value(2.0, label="z")
    twos = (q * m + z) * q  # three inputs, all 2.0; q used twice; walk order q, m, z
    k = Value(1.0, label="k")
    used_twice = k * k + k
    made_twice = a * b + a * b  # two product nodes, alike in label and data, not one
    return [(L, "L"), (twos, "(q·m + z)·q, three inputs all 2.0"), (used_twice, "k·k + k"),
            (made_twice, "a·b + a·b, where a·b is made twice: two nodes")]


def _graphs(Value, seed):
    rng = random.Random(seed)
    return lesson_graphs(Value) + [(random_graph(Value, rng), f"a graph of the check's own "
                                    f"({k + 1} of 3)") for k in range(3)]


def check_build_o(build_o, Value):
    """02 exercise 1: o = (x + y)·(x·z), labelled, with x made once and used twice."""
    with BUILD_O as t:
        o = t.answer(build_o(), Value, "the Value o itself (not o.data)", what="build_o()")
        t.same(o.data, (3.0 + -1.0) * (3.0 * 0.5), "o.data")
        t.expect(o._op == "*" and len(o._prev) == 2, f"o should be made by * from two "
                 f"children, s and p; it was made by {o._op or 'no operation'!r} from "
                 f"{len(o._prev)} children")
        s, p = o._prev
        labels = [getattr(v, "label", "") for v in (o, s, p)]
        t.expect(labels == ["o", "s", "p"], f"o and its children, in order, should be "
                 f"labelled 'o', 's', 'p'; they are {labels}")
        for node, op, want in [(s, "+", "x, y"), (p, "*", "x, z")]:
            kids = [getattr(v, "label", "") for v in node._prev]
            t.expect(node._op == op and kids == want.split(", "),
                     f"{node.label} should be made by {op} from {want}, in that order; it was "
                     f"made by {node._op!r} from {kids}")
        (x, y), (x_again, z) = s._prev, p._prev
        t.expect(x is x_again, "s and p each have their own x: make x once and use that one "
                 "Value in both")
        for v, want in [(x, 3.0), (y, -1.0), (z, 0.5)]:
            t.same(v.data, want, f"{v.label}.data")
            t.expect(not v._prev, f"{v.label} should be an input, with no children")


def check_count_nodes(count_nodes, Value):
    """02 exercise 2: the number of different Values in v's graph, v included."""
    with COUNT_NODES as t:
        for v, name in _graphs(Value, 202):
            got = t.answer(count_nodes(v), Real, "a whole number", what=f"count_nodes({name})")
            t.same(got, len(walk_order(v)), f"count_nodes of {name}")


def check_inputs(inputs, Value):
    """02 exercise 3: the labels of v's inputs, each once, in the order the walk meets them."""
    with INPUTS as t:
        for v, name in _graphs(Value, 203):
            got = t.answer(inputs(v), (list, tuple), "a list of labels",
                           what=f"inputs({name})")
            t.expect(all(isinstance(item, str) for item in got),
                     f"inputs({name}) holds {_kinds(got)}: return the inputs' labels, "
                     "which are strings")
            expected = [node.label for node in walk_order(v) if not node._prev]
            t.same(list(got), expected, f"inputs({name})")


def _kinds(items):
    return ", ".join(sorted({type(item).__name__ for item in items}))
