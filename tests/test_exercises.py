"""Tests for exercises.check: what counts as the right answer, and what a wrong one prints."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import Value
import exercises
from exercises import LONGEST, Exercise, check


class LearnersValue:
    """A Value as a learner writes it in lessons 02 to 05: .data may well be an int."""

    def __init__(self, data):
        self.data, self.grad, self._prev = data, 0.0, ()


class FirstValue:
    """Lesson 02's Value: data, children and op, but no grad yet (lesson 03 adds it)."""

    def __init__(self, data):
        self.data, self._prev, self._op = data, (), ""


def said(capsys, got, expected, **kw):
    """What check printed: its verdict line, then (after a `not yet`) the hint line if any."""
    check(got, expected, **kw)
    out = capsys.readouterr().out
    assert out.endswith("\n") and out.count("\n") in (1, 2)
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
    (True, 2), (True, 1.0), (14 + 0j, 14.0), (np.bool_(True), 1),
])
def test_wrong_answers_are_not_yet_and_never_crash(capsys, got, expected):
    assert said(capsys, got, expected, hint="look again").startswith("not yet: got ")


def test_booleans_are_not_numbers(capsys):
    assert said(capsys, True, 1.0) == "not yet: got True (True/False), expected a number, 1."
    assert said(capsys, False, 0) .startswith("not yet: got False (True/False)")


def test_complex_numbers_are_not_real_numbers(capsys):
    assert "a complex number" in said(capsys, 14 + 0j, 14.0)


class AlwaysEqual:
    """A learner's object that claims to equal anything."""

    def __eq__(self, other):
        return True

    __hash__ = object.__hash__

    def __repr__(self):
        return "AlwaysEqual()"


def test_an_answer_is_compared_by_its_value_not_by_its_own_eq(capsys):
    assert said(capsys, AlwaysEqual(), 1.0).startswith("not yet: got an AlwaysEqual")
    assert said(capsys, AlwaysEqual(), "abc").startswith("not yet: got an AlwaysEqual")
    assert said(capsys, [AlwaysEqual()], [1.0]).startswith("not yet: at index 0: got an")


def test_a_list_answer_names_the_first_item_that_differs_and_a_length_that_differs(capsys):
    assert said(capsys, [1.0, 2.0, 3.0], [1.0, 2.0, 4.0]) == \
        "not yet: at index 2: got 3, expected 4."
    assert said(capsys, [1.0, 2.0], [1.0, 2.0, 3.0]) == "not yet: got 2 items, expected 3."
    assert said(capsys, ("a", "c", "b"), ["a", "b", "c"]) == \
        "not yet: at index 1: got 'c', expected 'b'."


def test_a_yes_no_check_speaks_of_yes_and_no(capsys):
    assert said(capsys, False, True) == "not yet: your answer says False, but it is True."
    assert said(capsys, 1, True) == \
        "not yet: got an int (1), expected a yes/no answer: True or False."
    assert said(capsys, np.bool_(True), True) == "correct"


def test_a_tuple_of_arrays_names_the_wrong_one_and_its_shape(capsys):
    right = (np.zeros((2, 3)), np.ones(3))
    out = said(capsys, (np.zeros((3, 2)), np.ones(3)), right, names=("dW", "db"))
    assert out == "not yet: dW differs: got an array of shape (3, 2), expected shape (2, 3)."
    out = said(capsys, (np.zeros((2, 3)), np.zeros(3)), right, names=("dW", "db"))
    assert out == "not yet: db (shape (3,)) differs: at index 0: got 0, expected 1."
    out = said(capsys, (np.zeros((2, 3)),), right, names=("dW", "db"))
    assert out == "not yet: got 1 items, expected 2."


def test_huge_integers_compare_exactly_and_print_short(capsys):
    assert said(capsys, 10**400, 10**400) == "correct"
    assert said(capsys, 10**400 + 1, 10**400).startswith(
        "not yet: got a whole number of about 400 digits")


@pytest.mark.parametrize("huge", [
    list(range(20000)), [float(i) for i in range(10**4)], 10**60000 + 1, "a" * 100_000,
    {i: i for i in range(5000)}, np.arange(30000.0), tuple(range(5000)),
], ids=["list", "floats", "bigint", "str", "dict", "array", "tuple"])
def test_a_huge_wrong_answer_prints_a_short_summary(capsys, huge):
    out = said(capsys, huge, [0.0], hint="the hint")
    assert out.startswith("not yet: got ") and out.endswith("hint: the hint")
    assert len(out) < LONGEST + 150, len(out)


def test_a_summary_says_how_many_items_and_how_many_were_expected(capsys):
    out = said(capsys, list(range(20000)), [0.0, 1.0])
    assert out == "not yet: got 20000 items, expected 2."
    out = said(capsys, 10**60000 + 1, 1)
    assert "about 60000 digits" in out


@pytest.mark.parametrize("unfilled", [None, ...])
def test_nothing_returned_says_so_exactly(capsys, unfilled):
    exercises.reset_hints()
    assert said(capsys, unfilled, 1.0, hint="h") == "not yet: nothing returned so far.\nhint: h"
    assert said(capsys, unfilled, [1.0, 2.0]) == "not yet: nothing returned so far."


LADDER = Exercise("test.1", ["the idea", "where to look", "the near-answer"])


def check_triple(f):
    with LADDER as t:
        t.same(t.answer(f(2.0), float, "a number"), 6.0, "f(2.0)")
        t.same(f(-1.5), -4.5, "f(-1.5)")


def hints_for(capsys, answers):
    exercises.reset_hints()
    shown = []
    for f in answers:
        check_triple(f)
        shown.append(capsys.readouterr().out)
    return shown


def test_the_ladder_climbs_only_for_a_different_wrong_answer(capsys):
    unfilled, wrong, other, right = (lambda x: None), (lambda x: 2 * x), (lambda x: x + 4), \
        (lambda x: 3 * x)
    third = lambda x: x - 1  # noqa: E731
    shown = hints_for(capsys, [unfilled, unfilled, wrong, wrong, other, other, third, wrong,
                               right])
    assert shown[0] == "not yet: nothing returned so far.\nhint 1 of 3: the idea\n"
    assert shown[1] == shown[0]  # the same answer twice: the same words twice
    # the unfilled cell was no answer: the first real wrong answer starts the ladder
    assert shown[2] == "not yet: f(2.0): got 4, expected 6.\nhint 1 of 3: the idea\n"
    assert shown[3] == shown[2]
    assert shown[4] == "not yet: f(-1.5): got 2.5, expected -4.5.\nhint 2 of 3: where to look\n"
    assert shown[5] == shown[4]
    assert shown[6].endswith("hint 3 of 3: the near-answer\n")
    assert shown[7].endswith("hint 3 of 3: the near-answer\n")  # the top rung stays
    assert shown[8] == "correct\n"
    assert hints_for(capsys, [wrong])[0].endswith("hint 1 of 3: the idea\n")  # reset


def test_an_exercise_names_an_error_in_the_learners_code_instead_of_a_traceback(capsys):
    shown = hints_for(capsys, [lambda x: 1 / 0, lambda x: "six"])
    assert shown[0] == ("not yet: your code raised ZeroDivisionError: division by zero.\n"
                        "hint 1 of 3: the idea\n")
    assert shown[1].startswith("not yet: your answer is a str ('six'); return a number.")
    assert shown[1].endswith("hint 2 of 3: where to look\n")


def test_an_exercise_needs_a_ladder():
    with pytest.raises(ValueError, match="hints"):
        Exercise("test.2", [])


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


def test_a_value_given_where_a_number_is_asked_is_answered_as_its_number():
    """A check may do arithmetic on what answer() returns: a Value comes back as its float."""
    from numbers import Real
    with Exercise("99.9", ["look again"]) as t:
        got = t.answer(Value(-8.5), Real, "a number")
    assert type(got) is float and got == -8.5
