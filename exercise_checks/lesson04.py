"""The checks of lesson 04's exercises (04_backprop_by_hand.ipynb): gradients by hand.

Every answer is compared with slopes measured by nudging, at the lesson's point and at points
drawn from a seed, so a gradient right only at the example cannot pass.
"""
import math
import random
from numbers import Real

from exercises import Exercise

GRADS_OF_Q = Exercise("04.1", [
    "work backwards as in 'One step back' and 'The chain rule': first through the * node "
    "q = s · z, then through the + node s = x + y",
    "* swaps the other input in: ∂q/∂s is z and ∂q/∂z is s, that is x + y; + passes ∂q/∂s "
    "through unchanged, to x and to y alike",
    "name the sum s = x + y: the product hands z to s and s to z, and + passes s's share on "
    "to x and to y unchanged; return the three in the order x, y, z",
])
NEURON_GRADS = Exercise("04.2", [
    "follow 'Back-propagating through the neuron': start with ∂o/∂o = 1, go through tanh, "
    "then the two + nodes, then the two * nodes",
    "tanh's local derivative is 1 − o², with o = tanh(n) the neuron's output, not n; the + "
    "nodes pass that on to b and to both products; each * swaps the other input in, so x1 "
    "gets w1 times it and w1 gets x1 times it",
    "from the numbers: o = tanh(n), then dn = 1 − o²; each weight's gradient is its input "
    "times dn, each input's is its weight times dn, and the bias's is dn itself",
])
DOWNHILL = Exercise("04.3", [
    "look back at 'One step uphill': downhill is the same step the other way, against each "
    "gradient, and the step size is the lr you are given",
    "each number moves by −lr times its own gradient (6, −4, −2 and 4 for a, b, c, f): a "
    "becomes 2 − lr · 6, b becomes −3 + lr · 4; then L_from gives the new L",
    "make the four moved numbers, each its start minus lr times its gradient, in the order "
    "a, b, c, f, and return what L_from gives for them",
])


def nudged_slopes(fn, xs, h=1e-6):
    """fn's slope along each of its inputs xs, by the symmetric nudge."""
    slopes = []
    for i in range(len(xs)):
        up, down = list(xs), list(xs)
        up[i], down[i] = xs[i] + h, xs[i] - h
        slopes.append((fn(*up) - fn(*down)) / (2 * h))
    return slopes


def numbers(t, got, count, what, names):
    """The answer as a list of `count` numbers, or not yet naming what to return."""
    got = t.answer(got, (list, tuple), f"a list of {count} numbers", what=what)
    t.expect(len(got) == count, f"{what} gave {len(got)} items; return {count}: "
             f"{', '.join(names)}")
    for name, item in zip(names, got):
        t.answer(item, Real, "a number", what=f"{name} in {what}")
    return list(got)


def _q(x, y, z):
    return (x + y) * z


def _o(x1, x2, w1, w2, b):
    return math.tanh(x1 * w1 + x2 * w2 + b)


def _points(rng, count, size, low=-3.0, high=3.0):
    return [[round(rng.uniform(low, high), 2) for _ in range(size)] for _ in range(count)]


def check_grads_of_q(grads_of_q):
    """04 exercise 1: [∂q/∂x, ∂q/∂y, ∂q/∂z] for q = (x + y) · z at several points."""
    names = ["∂q/∂x", "∂q/∂y", "∂q/∂z"]
    with GRADS_OF_Q as t:
        for point in [[3.0, -2.0, 5.0]] + _points(random.Random(401), 3, 3):
            what = f"grads_of_q({', '.join(map(str, point))})"
            got = numbers(t, grads_of_q(*point), 3, what, names)
            t.same(got, nudged_slopes(_q, point), what, rel=1e-5, abs_=1e-6, names=names)


def check_neuron_grads(neuron_grads):
    """04 exercise 2: the five gradients of o = tanh(x1·w1 + x2·w2 + b) at several points,
    one of them where tanh is nearly flat."""
    names = ["∂o/∂x1", "∂o/∂x2", "∂o/∂w1", "∂o/∂w2", "∂o/∂b"]
    with NEURON_GRADS as t:
        points = [[1.0, -2.0, 0.5, 0.25, 0.8]] + _points(random.Random(402), 3, 5, -1.5, 1.5)
        points.append([2.0, 1.0, 1.0, -0.5, 0.3])  # n = 1.8: o = 0.95, 1 - o² = 0.10
        for point in points:
            what = f"neuron_grads({', '.join(map(str, point))})"
            got = numbers(t, neuron_grads(*point), 5, what, names)
            t.same(got, nudged_slopes(_o, point), what, rel=1e-5, abs_=1e-7, names=names)


def check_downhill(L_after_downhill_step):
    """04 exercise 3: L after one step against the gradient, for several learning rates."""
    def L_moved(lr, way=-1):  # way=-1 steps downhill, +1 uphill as the lesson did
        a, b, c, f = 2.0 + way * lr * 6.0, -3.0 - way * lr * 4.0, 10.0 - way * lr * 2.0, \
            -2.0 + way * lr * 4.0
        return (a * b + c) * f

    rng = random.Random(403)
    with DOWNHILL as t:
        for lr in [0.01] + [round(rng.uniform(0.001, 0.05), 4) for _ in range(3)] + [0.0]:
            what = f"L_after_downhill_step({lr})"
            got = t.answer(L_after_downhill_step(lr), Real, "L as a number", what=what)
            t.expect(lr == 0.0 or not math.isclose(got, L_moved(lr, +1), rel_tol=1e-9),
                     f"{what} is {got:.4f}, the L of a step uphill, as in 'One step uphill': "
                     "downhill moves each number against its gradient")
            t.same(got, L_moved(lr), what)
