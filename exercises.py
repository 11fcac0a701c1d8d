"""exercises.py: the verdict every exercise ends with, and its ladder of hints.

A check prints `correct`, or `not yet: <what it saw>.` and, on the next line, one hint. Each
exercise has a ladder of hints: the first names the idea, the next narrows it, the last all but
gives the answer. The ladder climbs one rung each time the check sees a wrong answer different
from the one it saw last, so running a check twice on the same answer prints the same thing.
An unfilled exercise is not an answer yet: it shows the first rung and the ladder waits, so the
learner's first real wrong answer gets the first rung too.

Two ways to check:
- `check(got, expected, hint="")` compares one answer with one expected result;
- `Exercise` runs a whole check (several inputs, structure, what is forbidden) and stops at the
  first thing that is not right yet; exercise_checks/ holds one module of them per lesson.

What counts as the same answer: real numbers within the tolerance (a Value counts as its .data;
True, False and complex numbers are not real numbers here), nan where nan is expected, an
infinity of the same sign, whole numbers of any size exactly; lists, tuples and arrays item by
item; True/False only as True/False; strings exactly. An answer is never asked whether it
equals the expected one (its own `==` could say anything): it is turned into a plain number,
list or string first.
"""
import math
from numbers import Integral, Number, Real

__all__ = ["check", "Exercise", "reset_hints", "LADDERS", "UNFILLED"]

LONGEST = 200  # characters of a wrong answer shown; a longer one is summarised
UNFILLED = "nothing returned so far"
LADDERS = {}  # exercise id -> its hints, for the tests: every Exercise made is listed here
_seen = {}  # exercise id -> (the last wrong answer's message, the rung shown for it)


def reset_hints():
    """Forget every answer seen, so each ladder starts again from its first rung."""
    _seen.clear()


def _rung(ident, message, hints):
    """The hint to show for this wrong answer: one rung up if it differs from the last one."""
    if not hints:
        return ""
    if message == UNFILLED:  # not an answer yet: the first rung, and the ladder waits for one
        return _hint_line(0, hints)
    last = _seen.get(ident)
    if last is None:
        rung = 0
    elif last[0] == message:
        rung = last[1]
    else:
        rung = min(last[1] + 1, len(hints) - 1)
    _seen[ident] = (message, rung)
    return _hint_line(rung, hints)


def _hint_line(rung, hints):
    return f"hint {rung + 1} of {len(hints)}: {hints[rung]}" if len(hints) > 1 else \
        f"hint: {hints[0]}"


def _say_not_yet(message, hint_line):
    print(f"not yet: {message}.")
    if hint_line:
        print(hint_line)


def check(got, expected, hint="", rel=1e-6, abs_=1e-9, names=None):
    """Print "correct" if `got` matches `expected`, else "not yet: ..." and the hint."""
    if _unfilled(got):
        problem = UNFILLED
    else:
        problem = difference(got, expected, rel, abs_, names)
        if problem is None:
            print("correct")
            return
    hints = list(hint) if isinstance(hint, (list, tuple)) else [hint] if hint else []
    _say_not_yet(problem, _rung(("check", _show(expected)), problem, hints))


class NotYet(Exception):
    """Raised inside a check to stop at the first thing that is not right yet."""


class Exercise:
    """One exercise's check: `with EXERCISE as t:` then t.answer, t.same, t.expect.

        CUBE = Exercise("06.1", ["the idea", "where to look", "the near-answer"])

        def check_cube(OurValue):
            with CUBE as t:
                c = t.answer(OurValue(1.7).cube(), OurValue, "an OurValue")
                t.same(c.data, 1.7 ** 3, "the cube's data at x = 1.7")

    Leaving the block prints `correct`, or `not yet` with the message of the first failed test
    and the ladder's hint. An error raised by the learner's code inside the block is a
    `not yet` that names it, never a traceback.
    """

    def __init__(self, ident, hints):
        if not hints or not all(isinstance(h, str) and h.strip() for h in hints):
            raise ValueError(f"exercise {ident}: hints must be a non-empty list of texts")
        self.ident, self.hints = ident, list(hints)
        LADDERS[ident] = self.hints

    def __enter__(self):
        return self

    def __exit__(self, kind, error, _traceback):
        if kind is None:
            print("correct")
            return False
        if not issubclass(kind, Exception):
            return False  # KeyboardInterrupt and the like go on
        message = str(error) if kind is NotYet else \
            f"your code raised {kind.__name__}: {_clip(str(error))}"
        _say_not_yet(message, _rung(self.ident, message, self.hints))
        return True

    def answer(self, value, kind=None, wanted="", what="your answer"):
        """The learner's answer, if it is one: None or ... is "nothing returned so far"; an
        answer of the wrong kind names what was given and what to return."""
        if _unfilled(value):
            raise NotYet(UNFILLED)
        if kind is not None and not _is_kind(value, kind):
            raise NotYet(f"{what} is {_kind_of(value)}; return {wanted or _kind_name(kind)}")
        return _plain(value) if kind is Real or kind is float else value  # a Value: its number

    def same(self, got, expected, what, rel=1e-6, abs_=1e-9, names=None):
        """Fail with "<what>: <how it differs>" unless got matches expected."""
        if _unfilled(got):
            raise NotYet(f"{what}: {UNFILLED}")
        problem = difference(got, expected, rel, abs_, names)
        if problem is not None:
            raise NotYet(f"{what}: {problem}")

    def expect(self, condition, message):
        """Fail with the message unless the condition holds."""
        if not condition:
            raise NotYet(message)

    def fail(self, message):
        raise NotYet(message)


def _unfilled(x):
    return x is None or x is Ellipsis


def _is_kind(value, kind):
    if kind is Real or kind is float:  # a real number, not True/False, not complex
        return _real(_plain(value))
    return isinstance(value, kind)


def _kind_name(kind):
    names = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join("a number" if k in (Real, float) else _a(k.__name__) for k in names)


def _kind_of(x):
    if isinstance(x, bool):
        return f"{x} (True/False)"
    return f"{_a(type(x).__name__)} ({_show(x)})"


def _a(noun):
    return f"an {noun}" if noun[:1].lower() in "aeiou" else f"a {noun}"


def _real(x):
    return isinstance(x, Real) and not isinstance(x, bool) and not _is_bool(x)


def _is_bool(x):
    return type(x).__name__ == "bool_"  # numpy's True/False, without importing numpy


def _plain(x):
    """What the learner means by their answer: a Value's number, an array's nested list."""
    data = getattr(x, "data", None)
    if _real(data) and (hasattr(x, "grad") or hasattr(x, "_prev")):  # any Value: the
        return data  # engine's, or the learner's own (lesson 02's has no grad yet)
    if hasattr(x, "tolist") and hasattr(x, "shape"):  # an array or a tensor
        return x.tolist()
    if _is_bool(x):
        return bool(x)
    return x


def _shape(x):
    """The shape of an array-like answer or expectation, or None for anything else."""
    shape = getattr(x, "shape", None)
    return tuple(shape) if shape is not None else None


def difference(got, expected, rel=1e-6, abs_=1e-9, names=None):
    """None if got matches expected, else a short account of the first difference."""
    shape = _shape(expected)
    if shape is not None and _shape(got) is not None and _shape(got) != shape:
        return f"got an array of shape {_shape(got)}, expected shape {shape}"
    g, e = _plain(got), _plain(expected)
    if isinstance(e, bool):
        if not isinstance(g, bool):
            return f"got {_kind_of(g)}, expected a yes/no answer: True or False"
        return None if g == e else f"your answer says {g}, but it is {e}"
    if isinstance(e, (list, tuple)):
        return _sequence_difference(g, e, rel, abs_, names, shape)
    if _real(e):
        if not _real(g):
            if isinstance(g, Number) and not isinstance(g, bool):
                return f"got {_show(g)}, a complex number; expected a real number, {_show(e)}"
            return f"got {_kind_of(g)}, expected a number, {_show(e)}"
        return None if _close(g, e, rel, abs_) else f"got {_show(g)}, expected {_show(e)}"
    if isinstance(e, str):
        if not isinstance(g, str):
            return f"got {_kind_of(g)}, expected the text {e!r}"
        return None if g == e else f"got {_show(g)}, expected {e!r}"
    if type(g) is type(e) and g == e:  # anything else: same kind, same value
        return None
    return f"got {_show(g)}, expected {_show(e)}"


def _sequence_difference(g, e, rel, abs_, names, shape):
    if not isinstance(g, (list, tuple)):
        return f"got {_kind_of(g)}, expected a list of {len(e)} items"
    if len(g) != len(e):
        return f"got {len(g)} items, expected {len(e)}"
    for i, (a, b) in enumerate(zip(g, e)):
        problem = difference(a, b, rel, abs_)
        if problem is not None:
            which = names[i] if names and i < len(names) else f"index {i}"
            if shape is None and _shape(b) is not None and "shape" not in problem:
                which += f" (shape {_shape(b)})"
            return f"at {which}: {problem}" if which.startswith("index") else \
                f"{which} differs: {problem}"
    return None


def _close(a, b, rel, abs_):
    if isinstance(a, Integral) and isinstance(b, Integral):
        return int(a) == int(b)  # exact, and no float conversion: 10**400 is fine
    try:
        a, b = float(a), float(b)
    except OverflowError:  # a whole number too large for a float, against a float
        return False
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


def _clip(text):
    return text if len(text) <= LONGEST else f"{text[:LONGEST]}... ({len(text)} characters)"


def _show(x):
    x = _plain(x)
    if isinstance(x, float):
        return f"{x:.6g}"
    if isinstance(x, Integral) and not isinstance(x, bool) and x.bit_length() > 3 * LONGEST:
        return f"a whole number of about {round(x.bit_length() * math.log10(2))} digits"
    if isinstance(x, (list, tuple)) and len(repr(x)) > LONGEST:  # the start, the end, the size
        head, tail = ", ".join(map(_show, x[:3])), ", ".join(map(_show, x[-2:]))
        return f"a {type(x).__name__} of {len(x)} items [{head}, ..., {tail}]"
    try:
        text = repr(x)
    except Exception:  # a learner's object whose repr fails still gets a verdict
        text = f"a {type(x).__name__}"
    return _clip(text)
