"""The checks of lesson 09's exercises (09_moons.ipynb)."""
import random

import nn
from engine import Value
from exercises import Exercise

HINGE = Exercise("09.1", [
    "look back at 'Loss and accuracy': each point adds max(0, 1 - y·s), which is 0 once the "
    "score has the label's sign with a margin of 1; the loss is the mean of those terms",
    "one term per (score, label) pair: 1 minus label times score, or 0 if that is negative; "
    "add the terms up and divide by how many points there are (all of them, including the "
    "ones whose term is 0); return a plain float",
    "sum(max(0.0, 1 - t * s) for s, t in zip(scores, labels)) / len(labels)",
])

PREDICT = Exercise("09.2", [
    "the class is the sign of the score: look back at 'The model', where the output neuron's "
    "score can be any number and its sign is the predicted class",
    "for each point, call the model on it and look at the score's number (.data): positive "
    "means +1, anything else -1; return one whole number per point, in the points' order",
    "[1 if model(p).data > 0 else -1 for p in points]",
])

SNAPSHOT = Exercise("09.3", [
    "a snapshot holds the parameters after k steps; 'Watching the boundary form' turned one "
    "back into a model with with_parameters, and 'Loss and accuracy' measured a model's "
    "accuracy",
    "make the model as it was after k steps from snapshots[k] (leave `model` itself alone), "
    "score every training point with it, and measure the accuracy of those scores against "
    "the labels y; return the fraction, a float between 0 and 1",
    "past = with_parameters(snapshots[k]); return accuracy([past(x) for x in X], y)",
])


def _hinge(scores, labels):
    return sum(max(0.0, 1.0 - t * s) for s, t in zip(scores, labels)) / len(labels)


def check_hinge_loss(hinge_loss, untrained, labels):
    """09 exercise 1: the mean hinge loss of plain floats, by hand (nn.hinge is not asked)."""
    with HINGE as t:
        example = ([2.0, 0.5, -0.3, -1.0], [1, 1, 1, -1])
        got = hinge_loss(*example)
        if isinstance(got, Value):
            t.fail("hinge_loss returned a Value; compute it on the plain floats, by hand, "
                   "and return a float")
        t.answer(got, float, "a number, the mean of the terms", what="hinge_loss on the "
                 "example")
        rng = random.Random(9001)
        cases = [example, (list(untrained), list(labels))] + [
            ([round(rng.uniform(-3, 3), 3) for _ in range(n)],
             [rng.choice([-1, 1]) for _ in range(n)]) for n in (3, 7, 12)]
        real = nn.hinge
        called = []
        nn.hinge = lambda *args: called.append(1) or real(*args)  # is it done by hand?
        try:
            for n, (scores, ys) in enumerate(cases):
                what = "hinge_loss on the example" if n == 0 else \
                    "hinge_loss on the untrained model's 100 scores" if n == 1 else \
                    f"hinge_loss({scores}, {ys})"
                given = (list(scores), list(ys))
                got = hinge_loss(scores, ys)
                t.expect(not called, "hinge_loss calls nn.hinge; write the mean of "
                         "max(0, 1 - label · score) yourself")
                t.expect((scores, ys) == given, "hinge_loss changed the lists it was given; "
                         "leave them as they are")
                t.same(got, _hinge(scores, ys), what)
        finally:
            nn.hinge = real


def check_predict(predict, *models):
    """09 exercise 2: +1 / -1 by the sign of the score, for points the data does not hold."""
    with PREDICT as t:
        shown = [[0.0, 1.0], [1.0, -0.5], [-1.0, 0.0], [2.0, 0.5]]
        got = t.answer(predict(models[0], [list(p) for p in shown]), (list, tuple),
                       "a list of +1 / -1, one per point", what="predict(model, points)")
        rng = random.Random(9002)
        points = shown + [[round(rng.uniform(-1.5, 2.5), 3), round(rng.uniform(-1, 1.5), 3)]
                          for _ in range(20)]
        for n, m in enumerate(models):
            want = [1 if m(p).data > 0 else -1 for p in points]
            got = predict(m, [list(p) for p in points])
            which = "the trained model" if n == 0 else f"model {n + 1}"
            t.answer(got, (list, tuple), "a list of +1 / -1, one per point",
                     what=f"predict on {which}")
            bad = [x for x in got if isinstance(x, bool) or x not in (1, -1)]
            t.expect(not bad, f"predict gave {bad[0] if bad else ''!r}; each answer is the "
                     "whole number +1 or -1")
            t.expect(len(got) == len(points), f"predict on {which} gave {len(got)} answers for "
                     f"{len(points)} points; give one per point, in order")
            for p, g, w in zip(points, got, want):
                t.same(g, w, f"predict on {which}, at the point {p}")


def check_accuracy_after(accuracy_after, accuracies, model, X, y, snapshot):
    """09 exercise 3: the accuracy of the model after k steps, from snapshots[k]."""
    with SNAPSHOT as t:
        kept, record = snapshot(model), list(accuracies)
        accuracies[:] = [float("nan")] * len(record)  # measured, not read back: hidden a while
        last = len(record)  # the trained model: no step measured it
        final = sum(1 for x, label in zip(X, y) if model(x).data * label > 0) / len(y)
        try:
            got = accuracy_after(0)
            if isinstance(got, (list, tuple)):
                t.fail("accuracy_after(0) is a list; return one number, the fraction of "
                       "points right after k steps")
            t.answer(got, float, "a number between 0 and 1", what="accuracy_after(0)")
            t.expect(snapshot(model) == kept, "accuracy_after changed `model`, the trained "
                     "model; make a copy with with_parameters and leave the model alone")
            rng = random.Random(9003)
            ks = list(range(12)) + sorted(rng.sample(range(12, len(record)), 3))
            for k in ks:
                got = accuracy_after(k)
                t.expect(got == got, f"accuracy_after({k}) read the loop's record `accuracies`; "
                         "measure it from snapshots[k] instead")
                t.same(got, record[k], f"accuracy_after({k})")
            try:
                got = accuracy_after(last)
            except IndexError as error:
                t.fail(f"accuracy_after({last}), the trained model, raised IndexError ({error}); "
                       f"snapshots holds {last + 1} snapshots, 0 to {last}, but the loop's "
                       f"accuracies stop at step {last - 1}: measure it from snapshots[k]")
            t.same(got, final, f"accuracy_after({last}), the trained model")
            t.expect(snapshot(model) == kept, "accuracy_after changed `model`, the trained "
                     "model; make a copy with with_parameters and leave the model alone")
        finally:
            accuracies[:] = record
            for p, v in zip(model.parameters(), kept):  # the lesson's model, as it was
                p.data = v
