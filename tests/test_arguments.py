"""Tests for arguments.py: the shared checks name the argument and the value, refuse bools."""
import math
from fractions import Fraction

import numpy as np
import pytest

from arguments import is_real, is_whole, real, whole


@pytest.mark.parametrize("x", [0, 1.5, -2, np.float64(0.5), np.int64(3), Fraction(1, 3), math.inf])
def test_numbers_are_real(x):
    assert is_real(x)


@pytest.mark.parametrize("x", [True, False, np.bool_(True), "1", None, 1j, [1.0]])
def test_bools_and_non_numbers_are_not(x):
    assert not is_real(x) and not is_whole(x)


def test_whole_numbers():
    assert is_whole(3) and is_whole(np.int64(3)) and not is_whole(3.0)
    assert whole("n", np.int64(4), least=1) == 4 and type(whole("n", np.int64(4))) is int


@pytest.mark.parametrize("x, least, finite, error, shown", [
    ("a", None, False, TypeError, "str: 'a'"), (True, None, False, TypeError, "bool: True"),
    (-1, 0, False, ValueError, ">= 0, got -1.0"), (math.inf, None, True, ValueError, "finite"),
    (math.nan, 0, False, ValueError, "nan"), (10**400, None, False, ValueError, "401 digits"),
], ids=["str", "bool", "negative", "inf", "nan", "huge int"])
def test_real_names_the_argument_and_the_value(x, least, finite, error, shown):
    with pytest.raises(error) as e:
        real("l2: alpha", x, least=least, finite=finite)
    assert str(e.value).startswith("l2: alpha must ") and shown in str(e.value), str(e.value)


def test_real_gives_a_float():
    assert real("lr", 1) == 1.0 and type(real("lr", np.float32(0.5))) is float


@pytest.mark.parametrize("n, error, shown", [(1.5, TypeError, "float: 1.5"), (False, TypeError,
                         "bool"), (0, ValueError, "at least 1, got 0")])
def test_whole_names_the_argument_and_the_value(n, error, shown):
    with pytest.raises(error) as e:
        whole("max_nodes", n, least=1)
    assert str(e.value).startswith("max_nodes must be") and shown in str(e.value)
