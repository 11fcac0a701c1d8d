"""The checks of lesson 03's exercises (03_drawing_graphs.ipynb): graphs, drawn and walked."""
import dis
import random
from numbers import Real

from exercise_checks.lesson02 import lesson_graphs, random_graph, walk_order
from exercises import Exercise

BOXES_AND_CIRCLES = Exercise("03.1", [
    "one box for every different Value, one circle for every Value an operation made: walk "
    "the graph once, as in lesson 02's exercise 2, and count",
    "a Value reached by two paths is still one box; a Value has a circle when its _op is not "
    "empty, even if another Value was made by the same kind of operation; return the two "
    "numbers as a pair, boxes first",
    "walk once, keeping a set of seen Values; boxes are how many the set holds, circles how "
    "many of them have a non-empty _op",
])
ZERO_GRAD = Exercise("03.2", [
    "every Value in v's graph, inputs, results and v itself, needs its grad set back to 0.0: "
    "walk the whole graph, as in exercise 1",
    "go all the way down: a node's children, their children, and so on to the inputs, every "
    "child in _prev, not only the first; set each Value's grad with = (== only compares); "
    "nothing needs to be returned",
    "a walk with a stack and a set of seen Values: each node popped for the first time gets "
    "grad 0.0, and its children go on the stack",
])
NEURON_SUM = Exercise("03.3", [
    "look back at 'A larger graph, top to bottom': make each of the five inputs as a labelled "
    "Value, then build n from them with * and +, and return the Value n",
    "x1 pairs with w1 and x2 with w2; b is added last; every input needs its label "
    "(label=\"x1\" and so on) and the result its own label, n; return n itself, not "
    "n.data",
    "five labelled Values, then n from them with two * and two +, as x1·w1 + x2·w2 + b; label"
    " n before returning it",
])


def _graphs(Value, seed):
    rng = random.Random(seed)
    graphs = lesson_graphs(Value)
    for k in range(3):
        graphs.append((random_graph(Value, rng), f"a graph of the check's own ({k + 1} of 3)"))
    return graphs


def check_boxes_and_circles(boxes_and_circles, Value, draw_dot):
    """03 exercise 1: (boxes, circles) of draw_dot(v), counted as draw_dot counts them."""
    with BOXES_AND_CIRCLES as t:
        for v, name in _graphs(Value, 301):
            got = t.answer(boxes_and_circles(v), (tuple, list), "a pair: (boxes, circles)",
                           what=f"boxes_and_circles({name})")
            t.expect(len(got) == 2, f"boxes_and_circles({name}) gave {len(got)} items; "
                     "return two, the boxes then the circles")
            dot = draw_dot(v).source  # one line per box, one per circle
            expected = (dot.count("shape=record"), dot.count("shape=circle"))
            t.same(list(got), list(expected), f"boxes_and_circles({name})",
                   names=["the number of boxes", "the number of circles"])


def check_zero_grad(zero_grad, Value):
    """03 exercise 2: every grad in v's graph back to 0.0, and nothing outside it touched."""
    with ZERO_GRAD as t:
        if is_stub(zero_grad):
            t.answer(None)
        for v, name in _graphs(Value, 302):
            nodes = walk_order(v)
            data = [node.data for node in nodes]
            outside = Value(5.0, label="outside")  # in no graph: it keeps its grad
            for k, node in enumerate(nodes + [outside]):
                node.grad = k + 1.0  # something to wipe, on every Value
            zero_grad(v)
            left = [node for node in nodes if not _is_zero(node.grad)]
            if left:
                t.fail(f"after zero_grad on {name}, {len(left)} of its {len(nodes)} Values "
                       f"still have a grad that is not 0.0, such as {_one(left[0])}")
            t.expect(outside.grad == len(nodes) + 1.0, "zero_grad changed a Value that is "
                     "not in the graph: walk from v, not through the lesson's own names")
            t.expect([node.data for node in nodes] == data, "zero_grad changed some .data: "
                     "only the grads go back to 0.0")


def is_stub(fn):
    """True if fn's body does nothing at all (`...`, `pass`, a docstring): the cell as shipped."""
    def empty(*_):
        ...
    return hasattr(fn, "__code__") and _steps(fn) == _steps(empty)


def _steps(fn):
    return [(step.opname, step.argval) for step in dis.get_instructions(fn)
            if step.opname not in ("RESUME", "NOP", "CACHE")]


def _is_zero(grad):
    return isinstance(grad, Real) and not isinstance(grad, bool) and grad == 0


def _one(node):
    return f"{node.label or 'a Value with data ' + str(node.data)} with grad {node.grad!r}"


def check_build_neuron(build_neuron, Value, draw_dot):
    """03 exercise 3: n = x1·w1 + x2·w2 + b from five labelled inputs."""
    wanted = {"x1": 1.0, "x2": -2.0, "w1": 0.5, "w2": 1.5, "b": 4.0}
    with NEURON_SUM as t:
        n = t.answer(build_neuron(), Value, "the Value n itself (not n.data)",
                     what="build_neuron()")
        t.same(n.data, 1.0 * 0.5 + -2.0 * 1.5 + 4.0, "n.data")
        t.expect(n.label == "n", f"the result should be labelled 'n'; its label is {n.label!r}")
        t.expect(n._prev, "n has no children: build it from the five input Values with * and "
                 "+, not from their numbers")
        nodes = walk_order(n)
        leaves = [v for v in nodes if not v._prev]
        labels = sorted(v.label for v in leaves)
        t.expect(labels == sorted(wanted), f"n's inputs should be five Values labelled b, w1, "
                 f"w2, x1, x2; they are labelled {labels}")
        for v in leaves:
            t.same(v.data, wanted[v.label], f"the input labelled {v.label}")
        products = sorted(sorted(k.label for k in v._prev) for v in nodes if v._op == "*")
        t.expect(products == [["w1", "x1"], ["w2", "x2"]], f"n should hold two products, x1·w1 "
                 f"and x2·w2; its * nodes multiply {products}")
        sums = [v for v in nodes if v._op == "+"]
        t.expect(len(sums) == 2 and n._op == "+", "n should be made by + and hold two sums in "
                 f"all; it was made by {n._op!r} and holds {len(sums)}")
        boxes = draw_dot(n).source.count("shape=record")
        t.same(boxes, 9, "the boxes in draw_dot(n): 5 inputs, 2 products, 2 sums")
