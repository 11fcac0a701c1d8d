"""graph_text.py: a computation graph in words.

Numbers as the drawings show them, labels made safe to draw, how a node is computed from its
children ("e = a × b"), and the text alternative of a whole drawing: what a screen reader reads
instead of the picture, node by node from the output back to the inputs:

    L = d × f: data -8, grad 1; f, an input: data -2, grad 4; d = e + c: data 4, grad -2; ...

viz.py puts it in every drawing (the SVG's <title> and <desc>, the <img>'s alt, the text/plain
form); the players and the explorer name nodes and write their captions with it.
"""
import math
from collections import Counter
from decimal import Decimal
from arguments import is_real
__all__ = ["format_number", "label_text", "clean_text", "record_escape", "node_name",
           "formula", "describe", "LABEL_CHARS", "DESCRIBE_MAX", "NEAREST"]

LABEL_CHARS = 24  # a longer label is cut, with "…": one long name would widen every rank
DESCRIBE_MAX = 40  # values listed one by one; past that, a summary and the nearest NEAREST
NEAREST = 12


def format_number(x):
    """A number as drawings and captions show it: 4 significant digits, short, never -0.

    Plain from 0.001 to 9999 ("-6", "0.7071", "1234"), in exponent form outside ("1.5e-05"
    becomes "1.5e-5", 1e300 "1e300"); nan, inf and -inf as such.
    """
    if not is_real(x):
        raise TypeError(f"not a number: {type(x).__name__} {x!r:.40}")
    try:
        x = float(x)
    except OverflowError:  # an int too large for a float
        return _exponent(f"{Decimal(x):.3e}")
    if x != x or math.isinf(x):
        return str(x)
    if x == 0:
        return "0"  # and never "-0"
    text = f"{x:.4g}"
    if 1e-3 <= abs(x) < 1e4 and "e" not in text:
        return text
    return _exponent(f"{x:.3e}")


def _exponent(text):
    mantissa, exp = text.lower().split("e")
    return f"{mantissa.rstrip('0').rstrip('.')}e{int(exp)}"


def clean_text(text, limit=LABEL_CHARS):
    """Any value as one line of text: control characters shown as escapes (a newline as \\n),
    cut at `limit` characters with "…"."""
    text = "" if text is None else str(text)
    text = "".join(repr(ch)[1:-1] if not ch.isprintable() and ch != " " else ch for ch in text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def record_escape(text):
    """Text safe inside a Graphviz record label."""
    for ch in "\\{}|<>\"":
        text = text.replace(ch, "\\" + ch)
    return text


def label_text(label):
    """A label as a record field: clean_text, escaped for Graphviz."""
    return record_escape(clean_text(label, LABEL_CHARS))


def node_name(label, i):
    """How words name a node: its label, bracketed if it is an expression ("(a*b + c)"), or
    "#i" (its place in topological order) if it has none."""
    label = clean_text(label, LABEL_CHARS)
    if not label:
        return f"#{i}"
    return f"({label})" if any(ch in label for ch in " +-*/·") else label


def power(op):
    """k for an op named like '**2' or '**-1' (x to a constant power k), else None."""
    try:
        return float(op[2:]) if op.startswith("**") else None
    except ValueError:
        return None


def formula(op, parts):
    """How a node is computed from its children (their names, or their numbers)."""
    if op in ("+", "*") or op in ("-", "/") and len(parts) == 2:
        later = [f"({p})" if p.startswith("-") else p for p in parts[1:]]
        return f" {'×' if op == '*' else op} ".join([parts[0], *later])
    if power(op) is not None:
        return f"{parts[0]}{op}"
    if op == "neg":
        return f"-{parts[0]}"
    return f"{op}({', '.join(parts)})"


def describe(topo, grads=None, drawn=None):
    """(title, description) of the graph whose nodes are `topo` in topological order, root
    last: the text alternative of its drawing. `grads`, in the same order, stands in for the
    values' own .grad (a replayed pass's gradients).

    The description lists the computed values from the output back (each after every value
    it feeds), with how each is made from which others and its data and grad, then the inputs
    in the order they were named; past DESCRIBE_MAX values it counts the operations and lists
    only the NEAREST values nearest the output. `drawn`, the last values of topo when a
    drawing was cut at max_nodes, limits the list to what the picture shows.
    """
    names = {v: node_name(getattr(v, "label", ""), i) for i, v in enumerate(topo)}
    grad = dict(zip(topo, grads)) if grads is not None else {
        v: getattr(v, "grad", None) for v in topo}
    made = [v for v in reversed(topo) if v._prev]
    inputs = {}  # in the order the computed values name them; the dict keeps it
    for v in made:
        inputs.update((c, None) for c in v._prev if not c._prev)
    if not topo[-1]._prev:
        inputs[topo[-1]] = None  # a graph of one value
    title = (f"Computation graph of {names[topo[-1]]}: {len(topo)} "
             f"{'value' if len(topo) == 1 else 'values'}, {len(made)} "
             f"{'operation' if len(made) == 1 else 'operations'}")
    listed = made + list(inputs)
    head = ""
    if drawn is not None and len(drawn) < len(topo):
        shown = set(drawn)
        listed = [v for v in listed if v in shown]
        head = (f"Drawn: the {len(listed)} values nearest the output; a note stands for the "
                f"{len(topo) - len(listed)} left out. ")
    if len(listed) > DESCRIBE_MAX:
        listed = listed[:NEAREST]
        kinds = Counter(clean_text(v._op) for v in made)
        by_count = sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
        counts = ", ".join(f"{n} {op}" for op, n in by_count)
        head += (f"Too many to list one by one: {len(inputs)} inputs, and operations {counts}. "
                f"The {NEAREST} values nearest the output: ")
    return title, head + "; ".join(_said(v, names, grad[v]) for v in listed) + "."


def _said(v, names, grad):
    """One value in words: "e = a × b: data -6, grad -2"."""
    if len(v._prev) > 6:  # a neuron's w·x+b: a listener cannot hold 33 names
        shown = ", ".join(names[c] for c in v._prev[:3])
        how = (f"{names[v]} = {clean_text(v._op) or '?'} of {len(v._prev)} values ({shown}, … "
               f"{names[v._prev[-1]]})")
    elif v._prev:
        how = f"{names[v]} = {formula(clean_text(v._op) or '?', [names[c] for c in v._prev])}"
    else:
        how = f"{names[v]}, an input"
    numbers = f"data {_num(v.data)}" + ("" if grad is None else f", grad {_num(grad)}")
    return f"{how}: {numbers}"


def _num(x):
    return format_number(x) if is_real(x) else repr(x)
