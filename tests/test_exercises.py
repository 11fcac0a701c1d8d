"""Tests for exercises.check: what counts as the right answer, and what a wrong one prints."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import Value
from exercises import LONGEST, check


class LearnersValue:
    """A Value as a learner writes it in lessons 02 to 05: .data may well be an int."""

    def __init__(self, data):
        self.data, self.grad, self._prev = data, 0.0, ()


class FirstValue:
    """Lesson 02's Value: data, children and op, but no grad yet (lesson 03 adds it)."""

    def __init__(self, data):
        self.data, self._prev, self._op = data, (), ""


def said(capsys, got, expected, **kw):
    check(got, expected, **kw)
    out = capsys.readouterr().out
    assert out.endswith("\n") and out.count("\n") == 1  # one line, always
    return out.strip()


@pytest.mark.parametrize("got, expected", [
    (LearnersValue(3), 3.0),  # int data in the learner's own Value
    (LearnersValue(3.0), 3),
    (FirstValue(3.0), 3.0),  # lesson 02's exercise 1 returns one of these
    (Value(1.0), 1.0),
    (math.nan, math.nan),  # the decision: nan where nan is expected is the right answer
    (Value(math.nan), math.nan),
    ([1.0, math.nan], [1.0, math.nan]),
    (math.inf, math.inf),
    (10**400, 10**400),  # whole numbers of any size, exactly
    (0.1 + 0.2, 0.3),
    (np.array([1.0, 2.0]), [1.0, 2.0]),
    (np.int64(7), 7),
    ([Value(1.0), 2], [1.0, 2.0]),
])
def test_right_answers_are_correct(capsys, got, expected):
    assert said(capsys, got, expected) == "correct"


def test_an_engine_value_whose_data_was_set_to_an_int(capsys):
    v = Value(1.0)
    v.data = 2  # plain Python lets a learner do this; the answer is still 2
    assert said(capsys, v, 2.0) == "correct"


@pytest.mark.parametrize("got, expected", [
    (1.0, math.nan), (math.nan, 1.0), (-math.inf, math.inf), (10**400, 1e300),
    (1e300, 10**400), (10**400, 10**400 + 1), (LearnersValue(2), 3.0), ([1.0], [1.0, 2.0]),
    (True, 2),
])
def test_wrong_answers_are_not_yet_and_never_crash(capsys, got, expected):
    assert said(capsys, got, expected, hint="look again").startswith("not yet: got ")


@pytest.mark.parametrize("huge", [
    list(range(20000)), [float(i) for i in range(10**4)], 10**60000 + 1, "a" * 100_000,
    {i: i for i in range(5000)}, np.arange(30000.0), tuple(range(5000)),
], ids=["list", "floats", "bigint", "str", "dict", "array", "tuple"])
def test_a_huge_wrong_answer_prints_a_short_summary(capsys, huge):
    out = said(capsys, huge, [0.0], hint="the hint")
    assert out.startswith("not yet: got ") and out.endswith("the hint")
    assert len(out) < LONGEST + 150, len(out)


def test_a_summary_says_how_many_items_and_how_many_were_expected(capsys):
    out = said(capsys, list(range(20000)), [0.0, 1.0])
    assert "20000 items" in out and "expected 2" in out
    assert "19999" in out  # the end of the list is shown too
    out = said(capsys, 10**60000 + 1, 1)
    assert "about 60000 digits" in out


def test_nothing_returned_says_so(capsys):
    assert said(capsys, None, 1.0, hint="h") == "not yet: nothing returned so far. h"


def test_ordinary_messages_are_unchanged(capsys):
    # the lessons store these outputs: they must read exactly as before
    assert said(capsys, 2.5, 3.0, hint="try again") == \
        "not yet: got 2.5, expected something else. try again"
    assert said(capsys, [1, 2], [1, 3]) == "not yet: got [1, 2], expected something else."


@settings(max_examples=200)
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_any_float_matches_itself_and_a_value_of_it(x):
    import contextlib
    import io
    for got in (x, Value(x), LearnersValue(x), [x]):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            check(got, [x] if isinstance(got, list) else x)
        assert buf.getvalue() == "correct\n"


@settings(max_examples=200)
@given(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6))
def test_numbers_far_apart_are_not_yet(a, b):
    import contextlib
    import io
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        check(a, b)
    assert (buf.getvalue() == "correct\n") == math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)
