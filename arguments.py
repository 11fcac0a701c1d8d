"""arguments.py: the argument checks nn, viz, plots and the widgets share, written once.

Each check returns the argument (as a float or an int) or raises an error whose message names
the argument and shows what was given. A bool is never a number here: Python counts True as 1,
but `alpha=True` or `n=False` is a mistake, not a choice of 1 or 0.
"""
import math
from numbers import Integral, Real

__all__ = ["is_real", "is_whole", "real", "whole"]


def is_real(x):
    """True for a real number (int, float, numpy's), False for a bool and everything else."""
    return isinstance(x, Real) and not isinstance(x, bool)


def is_whole(x):
    """True for a whole number (int, numpy's integers), False for a bool and everything else."""
    return isinstance(x, Integral) and not isinstance(x, bool)


def real(name, x, least=None, finite=False):
    """x as a float; TypeError if it is not a number, ValueError if it is below `least` (or
    not finite when finite=True). `name` is how the message calls it: "alpha", "l2: alpha"."""
    if not is_real(x):
        raise TypeError(f"{name} must be a number, got {type(x).__name__}: {x!r:.40}")
    try:
        x = float(x)
    except OverflowError:  # an int too large for a float
        raise ValueError(f"{name} must fit a float (at most about 1.8e308), got an integer "
                         f"of {len(str(abs(int(x))))} digits") from None
    if (finite and not math.isfinite(x)) or (least is not None and not x >= least):
        need = ("a finite number" if finite else "a number") + \
            ("" if least is None else f" >= {least:g}")
        raise ValueError(f"{name} must be {need}, got {x!r}")
    return x


def whole(name, n, least=None):
    """n as an int; TypeError if it is not a whole number, ValueError if it is below `least`."""
    if not is_whole(n):
        raise TypeError(f"{name} must be a whole number, got {type(n).__name__}: {n!r:.40}")
    if least is not None and n < least:
        raise ValueError(f"{name} must be at least {least}, got {n}")
    return int(n)
