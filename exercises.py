"""exercises.py: the check that every notebook exercise ends with.

An exercise cell runs as shipped (its function returns None until the learner fills it in);
the cell after it calls check(), which prints "correct" or "not yet" with a hint.

What counts as the same answer: numbers within the tolerance (a Value counts as its .data,
int or float; a numpy array as its list), nan where nan is expected (both say "no number"),
an infinity of the same sign, whole numbers of any size exactly; lists item by item.
"""
import math
from numbers import Integral, Real

__all__ = ["check"]

LONGEST = 200  # characters of a wrong answer shown; a longer one is summarised


def check(got, expected, hint="", rel=1e-6, abs_=1e-9):
    """Print "correct" if `got` matches `expected` (numbers to a tolerance), else "not yet"."""
    if got is None:
        print(f"not yet: nothing returned so far. {hint}".rstrip())
    elif _close(got, expected, rel, abs_):
        print("correct")
    else:
        print(f"not yet: got {_show(got)}, expected something else.{_lengths(got, expected)} "
              f"{hint}".rstrip())


def _close(a, b, rel, abs_):
    a, b = _plain(a), _plain(b)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_close(x, y, rel, abs_) for x, y in zip(a, b))
    if _number(a) and _number(b):
        if isinstance(a, Integral) and isinstance(b, Integral):
            return a == b  # exact, and no float conversion: 10**400 is fine
        try:
            a, b = float(a), float(b)
        except OverflowError:  # a whole number too large for a float, against a float
            return False
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)
    return a == b


def _number(x):
    return isinstance(x, Real) and not isinstance(x, bool)


def _plain(x):
    """A Value's number, a numpy array's list: what the learner means by their answer."""
    data = getattr(x, "data", None)
    if _number(data) and (hasattr(x, "grad") or hasattr(x, "_prev")):  # any Value: the
        # engine's, or the learner's own (lesson 02's has no grad yet)
        return data
    if hasattr(x, "tolist"):
        return x.tolist()
    return x


def _show(x):
    x = _plain(x)
    if isinstance(x, float):
        return f"{x:.6g}"
    if isinstance(x, Integral) and x.bit_length() > 3 * LONGEST:  # too long to write out
        return f"a whole number of about {round(x.bit_length() * math.log10(2))} digits"
    text = repr(x)
    if len(text) <= LONGEST:
        return text
    if isinstance(x, (list, tuple)):  # the start and the end, and how many items
        head, tail = ", ".join(map(_show, x[:3])), ", ".join(map(_show, x[-2:]))
        return f"a {type(x).__name__} of {len(x)} items [{head}, ..., {tail}]"[:LONGEST]
    return f"{text[:LONGEST]}... ({len(text)} characters)"


def _lengths(got, expected):
    got, expected = _plain(got), _plain(expected)
    if isinstance(got, (list, tuple)) and isinstance(expected, (list, tuple)) and \
            len(got) != len(expected):
        return f" (got {len(got)} items, expected {len(expected)})"
    return ""
