"""exercises.py: the check that every notebook exercise ends with.

An exercise cell runs as shipped (its function returns None until the learner fills it in);
the cell after it calls check(), which prints "correct" or "not yet" with a hint.
"""
import math

__all__ = ["check"]


def check(got, expected, hint="", rel=1e-6, abs_=1e-9):
    """Print "correct" if `got` matches `expected` (numbers to a tolerance), else "not yet"."""
    if got is None:
        print(f"not yet: nothing returned so far. {hint}".rstrip())
    elif _close(got, expected, rel, abs_):
        print("correct")
    else:
        print(f"not yet: got {_show(got)}, expected something else. {hint}".rstrip())


def _close(a, b, rel, abs_):
    a, b = _plain(a), _plain(b)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_close(x, y, rel, abs_) for x, y in zip(a, b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)
    return a == b


def _plain(x):
    """A Value's number, a numpy array's list: what the learner means by their answer."""
    if isinstance(getattr(x, "data", None), float):
        return x.data
    if hasattr(x, "tolist"):
        return x.tolist()
    return x


def _show(x):
    x = _plain(x)
    return f"{x:.6g}" if isinstance(x, float) else repr(x)
