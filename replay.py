"""replay.py: a pass through a graph replayed on copies of its numbers, step by step, in words.

The players (players.py) show these steps as pictures, and the explorer (explorer.py) shows the
last one. The graph itself is never touched: no `.grad` changes, no backward() is called.

A Replay reads a graph once: its nodes in topological order, a name for each, and a check that
every number is a number. backward_steps replays backpropagation from the output, one node at a
time, with engine.backward's own exact-zero rules; forward_steps computes the values in order.
"""
from types import SimpleNamespace

from arguments import is_real
from engine import passes_nothing, topological_order
from graph_text import format_number, formula, node_name, power
from viz import check_value

__all__ = ["Replay", "backward_steps", "forward_steps", "MAX_STEPS"]

MAX_STEPS = 60  # one step per node: past this a player is too long to follow, and too heavy

# Local derivatives by op, for Values that do not store them (the notebooks' closure-based
# Value): d out / d child for each child, from the output's data `o` and the children's data
# `x`, and the same in words, from the output's name `o` and the children's names `x`.
# engine.Value stores the numbers in `_local`; only the words come from here then.
RULES = {
    "+": (lambda o, x: [1.0] * len(x), lambda o, x: ["1"] * len(x)),
    "-": (lambda o, x: [1.0, -1.0], lambda o, x: ["1", "-1"]),
    "*": (lambda o, x: [x[1], x[0]], lambda o, x: [f"{x[1]}.data", f"{x[0]}.data"]),
    "/": (lambda o, x: [1 / x[1], -x[0] / x[1] ** 2],
          lambda o, x: [f"1 / {x[1]}.data", f"-{x[0]}.data / {x[1]}.data²"]),
    "neg": (lambda o, x: [-1.0], lambda o, x: ["-1"]),
    "exp": (lambda o, x: [o], lambda o, x: [f"{o}.data"]),  # e^x is its own slope
    "log": (lambda o, x: [1 / x[0]], lambda o, x: [f"1 / {x[0]}.data"]),
    "tanh": (lambda o, x: [1 - o * o], lambda o, x: [f"(1 - {o}.data²)"]),
    "sigmoid": (lambda o, x: [o * (1 - o)], lambda o, x: [f"{o}.data × (1 - {o}.data)"]),
    "relu": (lambda o, x: [1.0 if x[0] > 0 else 0.0],
             lambda o, x: [f"(1 if {x[0]}.data > 0 else 0)"]),
}


class Replay:
    """A graph read once for a replay: its nodes in order, their names, and its limit check."""

    def __init__(self, root, what, limit=MAX_STEPS, why="draws one frame per node"):
        check_value(root, what)
        self.topo = topological_order(root)
        if len(self.topo) > limit:
            raise ValueError(
                f"{what} {why}: this graph has {len(self.topo)} nodes, more than the limit of "
                f"{limit}. Try a smaller expression, or draw_dot(root) for a single picture.")
        self.index = {v: i for i, v in enumerate(self.topo)}
        # A value without a label is called by its place in the order, so words can name it.
        self.names = {v: node_name(getattr(v, "label", ""), i) for v, i in self.index.items()}
        for v in reversed(self.topo):  # the output first: its message shows its children
            if not isinstance(v._prev, (tuple, list)):
                raise TypeError(
                    f"{what}: the value {self.names[v]} keeps its children in a "
                    f"{type(v._prev).__name__} (_prev = {v._prev!r:.60}). A set keeps a node "
                    "used twice only once (a + a loses one a) and has no fixed order, so the "
                    "steps would be wrong; keep them in a tuple: self._prev = tuple(_children)")
            for what_, x in (("data", v.data), ("grad", getattr(v, "grad", 0.0))):
                if not is_real(x):
                    raise TypeError(f"{what}: the value {self.names[v]} has {what_} {x!r:.40} "
                                    f"({type(x).__name__}), not a number")

    def local(self, v):
        """(d v / d child, the same in words) for each child of v, in `_prev` order."""
        kids, op, names = v._prev, v._op, self.names
        if not kids:
            return []
        rule, k = RULES.get(op.lower()), power(op)
        if k is not None:  # x**k: k x^(k-1)
            rule = (lambda o, x: [k * x[0] ** (k - 1)],
                    lambda o, x: [f"{k:g} × {x[0]}.data**{k - 1:g}"])
        numbers = getattr(v, "_local", None)
        if numbers is None:  # a Value with a _backward closure: work the numbers out from the op
            if rule is None:
                raise ValueError(
                    f"the player does not know the local derivatives of op {op!r} (at "
                    f"{names[v]}); it knows {', '.join(RULES)} and **k, or any op whose Value "
                    "stores them in `_local`")
            numbers = rule[0](v.data, [c.data for c in kids])
        if len(numbers) != len(kids):
            raise ValueError(f"op {op!r} at {names[v]} has {len(kids)} children "
                             f"but {len(numbers)} local derivatives")
        if rule is not None and (op not in ("-", "*", "/") or len(kids) == 2):
            words = rule[1](names[v], [names[c] for c in kids])
        else:  # an op without a rule (such as w·x+b): name the derivative
            words = [f"∂{names[v]}/∂{names[c]}" for c in kids]
        return list(zip(numbers, words))


def number(x):
    """A number as the drawings show it (format_number: short, never -0), or ? if not known."""
    return "?" if x is None else format_number(x)


def _operand(x):
    """A number after an operator: a negative one in brackets, so `2 × (-3)` reads right."""
    return f"({number(x)})" if x < 0 else number(x)


def backward_steps(p, accumulate=True):
    """The backward pass replayed on copies of the numbers: one step per node, root first.

    Each step is (node in focus, every node's data, every node's grad, caption), lists in
    topological order. Step k is the moment just after node k (in reversed topological order)
    has passed its gradient to its children, so its own gradient is complete. The first step
    also seeds the root's gradient with 1. With accumulate=False each child's gradient is set
    with = instead of added with +=: the bug that loses all but the last contribution of a
    node used twice.
    """
    topo, index, names = p.topo, p.index, p.names
    data = [v.data for v in topo]
    grads = [0.0] * len(topo)
    grads[-1] = 1.0
    steps = []
    for v in reversed(topo):
        i, name = index[v], names[v]
        g = grads[i]
        said = [f"grad of {name} = 1, since ∂{name}/∂{name} = 1."] if v is topo[-1] else []
        if not v._prev:
            said.append(f"{name} is an input: nothing to pass back; grad of {name} is "
                        f"{number(g)}.")
        else:
            said.append(f"{name} = {formula(v._op, [names[c] for c in v._prev])}:")
        local = p.local(v)
        # engine.backward's own exact zeros (0 into a finite node passes on nothing; an off
        # relu or x**0 passes on 0 even when inf or nan arrives), asked of the node itself, or
        # for a Value that keeps no `_local` (the lessons' own), of its replayed numbers
        node = v if hasattr(v, "_local") else SimpleNamespace(
            data=v.data, _op=v._op, _local=[d for d, _ in local])
        zero = bool(v._prev) and passes_nothing(node, g)
        for c, (d, words) in zip(v._prev, local):
            j, before = index[c], grads[index[c]]
            share = 0.0 if zero else d * g
            grads[j] = before + share if accumulate else share  # the chain rule, one edge
            sign = "+=" if accumulate else "="
            note = ""
            if before != 0:
                note = (f", adding to the {number(before)} there: now {number(grads[j])}"
                        if accumulate else f", overwriting the {number(before)} there")
            said.append(f"grad of {names[c]} {sign} {words} × grad of {name} "
                        f"({number(d)} × {_operand(g)} = {number(share)}{note});")
        caption = " ".join(said).rstrip(";") + ("." if v._prev else "")
        steps.append((v, data, list(grads), caption))
    return steps


def forward_steps(p):
    """The forward pass replayed: one step per node, in topological order, each computing its
    node from its children ("c = a × b = 2 × (-3) = -6"); values not computed yet are None."""
    steps = []
    for i, v in enumerate(p.topo):
        data = [u.data if j <= i else None for j, u in enumerate(p.topo)]
        name = p.names[v]
        if v._prev:
            how = formula(v._op, [p.names[c] for c in v._prev])
            nums = formula(v._op, [number(c.data) for c in v._prev])
            caption = f"{name} = {how} = {nums} = {number(v.data)}."
        else:
            caption = f"{name} = {number(v.data)}: an input, given."
        steps.append((v, data, [0.0] * len(p.topo), caption))
    return steps
