"""The checks of lesson 10's exercises (10_cross_entropy.ipynb).

Each check computes what the answer should be on its own (floats and math, or engine.py's
backward), on the lesson's example and on scores and points the learner has never seen, drawn
from a seed inside the check so that its output is the same on every run.
"""
import contextlib
import math
import random

import nn
from engine import Value
from exercises import Exercise

SOFTMAX = Exercise("10.1", [
    "look back at the cell where the lesson subtracted the largest score before calling "
    "softmax: the same shift belongs inside your function, then exp and divide as before",
    "take the largest score as a plain number (the largest .data), subtract it from every score "
    "Value, then exp each difference and divide each by their sum; keep everything a Value, so "
    "that backward() can reach the scores, and leave the scores themselves unchanged",
    "m = max(s.data for s in scores); exps = [(s - m).exp() for s in scores]; "
    "total = sum(exps); return [e / total for e in exps]",
])

BY_HAND = Exercise("10.2", [
    "the loss is minus the log of the probability of the right class, and the lesson derived "
    "the gradient in two lines: each class's probability, minus 1 for the right class only",
    "first the probabilities from plain floats with math.exp, shifted by the largest score as "
    "in exercise 1; the loss is -math.log of the target's probability (natural log); the "
    "gradient has one number per score, the probability, less 1 at the target and 0 elsewhere",
    "shift every score by m, the largest, and add up their exps into S'; the loss is log S' "
    "minus the target's shifted score (never the log of a probability, which can round to 0); "
    "each gradient is that class's probability exp(z - m) / S', less 1 at the target",
])

HELD_OUT = Exercise("10.3", [
    "points the model has not seen come from the same generator with another seed; "
    "the model's answer for a point is the class with the largest score, as in the lesson's "
    "predict",
    "draw the points with nn.make_blobs(n, seed=seed) and turn them into lists; for each point, "
    "compare the index of the largest of the model's scores with the label; return the share "
    "that match, a number between 0 and 1 (not a count, not a percentage)",
    "X_new, y_new = nn.make_blobs(n, seed=seed); count the points where predict(model(x)) "
    "equals the label, and divide by n",
])


def _softmax(z):
    """Softmax of plain floats, shifted by the largest: what an answer should give."""
    m = max(z)
    e = [math.exp(v - m) for v in z]
    return [v / sum(e) for v in e]


def _score_lists(rng, count):
    """Scores a learner has not seen: small, large, negative, 2 to 5 classes, ties too."""
    cases = [[1.0, 2.0, 3.0], [1000.0, 999.0, 998.0], [-1000.0, -1001.0, -1003.0],
             [800.0, 0.0, -50.0], [0.0, 800.0, -5.0], [1500.0, 0.0, 0.0],
             [0.0, -1500.0, -1500.0], [0.5, 0.5, -2.0], [3.0, -1.0]]
    for _ in range(count):
        k = rng.randint(2, 5)
        cases.append([rng.uniform(-6, 6) for _ in range(k)])
    return cases


def check_softmax(stable_softmax):
    """10 exercise 1: softmax with the largest score subtracted first, on Values."""
    with SOFTMAX as t:
        rng = random.Random(1001)
        for z in _score_lists(rng, 4):
            scores = [Value(v) for v in z]
            shown = f"stable_softmax of scores {[round(v, 3) for v in z]}"
            got = t.answer(stable_softmax(scores), (list, tuple), "a list of Values", what=shown)
            t.expect(len(got) == len(z), f"{shown} gave {len(got)} items; return one "
                                         f"probability per score ({len(z)})")
            for k, pk in enumerate(got):
                t.expect(isinstance(pk, Value), f"{shown}: item {k} is {type(pk).__name__}, not "
                         "a Value; build the probabilities from the scores with .exp() and /, "
                         "so that backward() can reach the scores")
            t.expect([s.data for s in scores] == z, f"{shown} changed the scores' .data; "
                     "subtract the largest into new Values and leave the scores as they were")
            want = _softmax(z)
            t.same([pk.data for pk in got], want, f"{shown}, the probabilities", rel=1e-9,
                   abs_=1e-12)
            _check_gradient(t, got, scores, want, rng, shown)


def _check_gradient(t, probs, scores, want, rng, shown):
    """backward() through the answer reaches every score with softmax's own derivative.

    For L = sum(w_k * p_k), dL/dz_i = p_i * (w_i - sum(w_k * p_k)): the chain rule through
    softmax, written out on paper, with weights w the learner has not seen.
    """
    w = [rng.uniform(-2, 2) for _ in probs]
    L = sum(wk * pk for wk, pk in zip(w, probs))
    for s in scores:
        s.grad = 0.0
    L.backward()
    mean = sum(wk * pk for wk, pk in zip(w, want))
    expected = [pi * (wi - mean) for pi, wi in zip(want, w)]
    t.same([s.grad for s in scores], expected, f"{shown}: the gradients that backward() "
           "brings back to the scores (are the probabilities built from the score Values?)",
           rel=1e-6, abs_=1e-9)


def check_by_hand(loss_and_gradient):
    """10 exercise 2: the loss -log p[target] and its gradient p - onehot, on plain floats."""
    with BY_HAND as t:
        rng = random.Random(1002)
        cases = [([2.0, -1.0, 0.5], 1), ([2.0, -1.0, 0.5], 0), ([1000.0, 999.0, 998.0], 2),
                 ([0.3, 0.3, 0.3], 1), ([4.0, -2.0], 1), ([1000.0, 0.0], 1)]
        for _ in range(4):
            k = rng.randint(2, 5)
            cases.append(([rng.uniform(-8, 8) for _ in range(k)], rng.randrange(k)))
        for z, target in cases:
            shown = f"loss_and_gradient({[round(v, 3) for v in z]}, {target})"
            scores = list(z)
            with watching_backward() as calls:
                try:
                    answer = loss_and_gradient(scores, target)
                except ValueError as error:  # math.log(0.0): the target's p rounded to 0
                    t.fail(f"{shown} raised ValueError ({error}): there the target's "
                           "probability rounds to 0, and log(0) has no value; write the loss "
                           "as the lesson did, log S' - (z[target] - m)")
            got = t.answer(answer, (tuple, list), "a pair: (the loss, the list of gradients)",
                           what=shown)
            t.expect(not calls, f"{shown} called backward(); work the gradient out by hand, "
                                "from the floats, with the formula the lesson derived")
            t.expect(len(got) == 2, f"{shown} gave {len(got)} items; return two: the loss "
                                    "(a float) and the gradients (a list, one per score)")
            loss, grads = got
            t.answer(loss, float, "the loss as a plain float", what=f"{shown}'s loss")
            grads = grads.tolist() if hasattr(grads, "tolist") else grads  # numpy is fine
            t.answer(grads, (list, tuple), "a list of floats, one per score",
                     what=f"{shown}'s gradients")
            t.expect(scores == z, f"{shown} changed the list of scores it was given; work on "
                                  "new lists")
            t.expect(not any(hasattr(v, "backward") for v in [loss, *grads]),
                     f"{shown} returned Values; by hand means plain floats, from math")
            values = [Value(v) for v in z]  # the engine, independently: backward() of nn's loss
            ce = nn.softmax_cross_entropy(values, target)
            ce.backward()
            t.same(loss, ce.data, f"{shown}: the loss", rel=1e-9, abs_=1e-12)
            t.same(grads, [v.grad for v in values], f"{shown}: the gradients", rel=1e-9,
                   abs_=1e-12)


@contextlib.contextmanager
def watching_backward():
    """Note every call of Value.backward() while the learner's code runs: 10.2 forbids it, and
    11.1 counts the training steps it makes (each step, the playground's or a loop of the
    learner's, calls it once)."""
    calls, backward = [], Value.backward

    def watched(self):
        calls.append(self)
        return backward(self)
    Value.backward = watched
    try:
        yield calls
    finally:
        Value.backward = backward


def check_held_out(held_out_accuracy, model):
    """10 exercise 3: the share of n new points (make_blobs with `seed`) the model gets right."""
    with HELD_OUT as t:
        rng = random.Random(1003)
        leaning = _leaning_model(rng)  # its probabilities stay under 0.5; its first score < 0
        trials = [(model, 60, 2, "the trained model"), (model, 45, 101, "the trained model"),
                  (model, 31, rng.randrange(10**6), "the trained model"),
                  (leaning, 50, 7, "a model whose scores are close together")]
        for net, n, seed, which in trials:
            shown = f"held_out_accuracy({which}, {n}, seed={seed})"
            got = t.answer(held_out_accuracy(net, n, seed), float,
                           "the share of points it gets right: a number between 0 and 1",
                           what=shown)
            t.same(got, _accuracy(net, n, seed), shown, rel=0, abs_=1e-12)


def _accuracy(net, n, seed):
    X, y = nn.make_blobs(n, seed=seed)
    right = 0
    for x, label in zip(X.tolist(), y.tolist()):
        s = [v.data for v in net(x)]
        right += s.index(max(s)) == label
    return right / n


def _leaning_model(rng):
    """A model of three linear scores kept within 1 of each other: the largest score is the
    answer, although its probability is below 0.5 and its first score is often negative."""
    a = [(rng.uniform(-1, 1), rng.uniform(-1, 1)) for _ in range(3)]

    def leaning(x):
        return [Value(0.3 * math.tanh(u * x[0] + v * x[1]) - 0.4) for u, v in a]
    return leaning
