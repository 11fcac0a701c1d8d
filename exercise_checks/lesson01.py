"""The checks of lesson 01's exercises (01_derivatives.ipynb): slopes by nudging."""
import math
import random
from numbers import Real

from exercises import Exercise

SLOPE = Exercise("01.1", [
    "look back at 'Nudging both ways': f is measured on both sides of x, and the rise between "
    "the two is divided by the run between them",
    "the two points are x − h and x + h, so the run between them is 2h, not h; use the h you "
    "are given, not a number of your own, and mind the brackets around 2 * h",
    "the symmetric difference: how far f moves from x − h to x + h, divided by the distance "
    "between those two points, 2h; return that number",
])
THREE_SLOPES = Exercise("01.2", [
    "look back at 'Several inputs': nudge one input, keep the other two as they were, and "
    "divide how far g moved by the nudge; then do the same for the next input",
    "call g three times over: along a, only a is moved (g(a + h, b, c)); along b, only b; "
    "return the three slopes in the order a, b, c",
    "one symmetric difference per input: move only a for the first, b and c as they are, then"
    " only b, then only c, each time dividing by 2h; return the three",
])
POWER_RULE = Exercise("01.3", [
    "the power rule: the slope of x to the power n is n times x to the power n − 1; a "
    "number times x has that number as its slope",
    "p has two terms: x³ gives 3x², and −2x gives −2 (not −2x: x to the power 1 leaves "
    "x to the power 0, which is 1); no nudge, the rule is exact",
    "the power rule term by term: x³ gives 3x², −2x gives −2, the constant gives nothing; "
    "return that sum at x",
])


def _f(x):
    return 3 * x**2 - 4 * x + 5


def _cubic(x):
    return x**3 - 2 * x


def _number(t, got, what):
    """The answer as a plain real number, or not yet naming what to return."""
    t.answer(got, Real, "a number", what=what)
    return float(getattr(got, "data", got))


def _near(t, got, expected, what, rel=1e-9):
    """Fail unless got is within rel of expected, showing ten digits: a nudge's error hides in
    the digits a shorter number would not show."""
    if not math.isclose(got, expected, rel_tol=rel, abs_tol=1e-12):
        digits = 10 if rel >= 1e-9 else 17
        t.fail(f"{what}: got {got:.{digits}g}, expected {expected:.{digits}g}")


def check_slope(slope):
    """01 exercise 1: slope(f, x, h) is the symmetric difference with the h it is given."""
    with SLOPE as t:
        got = _number(t, slope(_f, 3.0, 0.001), "slope(f, 3.0, 0.001)")
        _near(t, got, 14.0, "slope(f, 3.0, 0.001) for this lesson's f, which nudged both ways "
              "is 14 apart from rounding")
        wide, narrow = (_number(t, slope(math.sin, 1.0, h), f"slope(sin, 1.0, {h})")
                        for h in (0.5, 0.1))
        t.expect(not math.isclose(wide, narrow, rel_tol=1e-12), "slope(sin, 1.0, h) gives the "
                 f"same number, {wide:.10g}, for h = 0.5 and h = 0.1: nudge by the h you are "
                 "given")
        rng = random.Random(101)  # functions and points the learner has never seen
        tries = [(math.sin, "sin", 1.0, 0.001)] + [
            (fn, name, round(rng.uniform(-2, 2), 3), round(rng.uniform(0.1, 0.5), 2))
            for fn, name in [(math.sin, "sin"), (math.exp, "exp"), (_cubic, "x³ − 2x")]]
        for fn, name, x, h in tries:
            expected = (fn(x + h) - fn(x - h)) / (2 * h)
            got = _number(t, slope(fn, x, h), f"slope({name}, {x}, {h})")
            _near(t, got, expected, f"slope({name}, {x}, {h}), against the symmetric "
                  "difference with that h")


def _signed(x):
    """A term's sign and size as a formula is written: " + 0.46" or " − 1.32"."""
    return f" {'−' if x < 0 else '+'} {abs(x):g}"


def check_slopes_of_g(slopes_of_g):
    """01 exercise 2: three slopes of g, each by nudging one input of g; forward nudges up to
    h = 1e-3 count as right. The check swaps g for functions the learner never saw."""
    names = slopes_of_g.__globals__
    own_g = names.get("g")
    rng = random.Random(102)
    tries = [(own_g, "", (2.0, -3.0, 10.0), lambda a, b, c: (b, a, 2 * c))]
    for _ in range(3):
        p, q, r, s = (round(rng.uniform(-2, 2), 2) for _k in range(4))
        point = tuple(round(rng.uniform(-3, 3), 2) for _ in range(3))
        tries.append((_three(p, q, r, s), f", with g swapped for the check's own g(a, b, c) = "
                      f"{p}·a·b{_signed(q)}·c{_signed(r)}·a·c{_signed(s / 2)}·b²", point,
                      lambda a, b, c, p=p, q=q, r=r, s=s: (p * b + r * c, p * a + s * b,
                                                           q + r * a)))
    with THREE_SLOPES as t:
        try:
            for fn, name, point, rule in tries:
                names["g"] = fn  # the same code must nudge whatever g is
                got = t.answer(slopes_of_g(*point), (tuple, list), "a tuple of three numbers",
                               what=f"slopes_of_g{point}")
                t.expect(len(got) == 3, f"slopes_of_g{point} gave {len(got)} numbers; return "
                         "three, one for each of a, b and c")
                for item in got:
                    t.answer(item, Real, "three numbers", what=f"each slope in slopes_of_g"
                             f"{point}")
                for which, g_slope, expected in zip("abc", got, rule(*point)):
                    t.same(g_slope, expected, f"the slope along {which} at {point}{name} "
                           "(a nudge of h up to 1e-3 is close enough)", rel=1e-9, abs_=2e-3)
        finally:
            if own_g is None:
                names.pop("g", None)
            else:
                names["g"] = own_g


def _three(p, q, r, s):
    def g(a, b, c):
        return p * a * b + q * c + r * a * c + s * b * b / 2
    return g


def check_dp(dp):
    """01 exercise 3: dp(x) = 3x² − 2, the power rule, exactly (a nudge is only close)."""
    with POWER_RULE as t:
        rng = random.Random(103)
        for x in [1.5, -2.0] + [round(rng.uniform(-4, 4), 3) for _ in range(3)]:
            got = _number(t, dp(x), f"dp({x})")
            expected = 3 * x**2 - 2
            t.same(got, expected, f"dp({x}), the slope of x³ − 2x there", rel=1e-6)
            _near(t, got, expected, f"dp({x}) is close to the slope but not equal to it, as a "
                  "nudge would be; the rule gives it exactly", rel=1e-12)
