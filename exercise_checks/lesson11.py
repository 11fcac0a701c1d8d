"""The checks of lesson 11's exercises (11_playground.ipynb).

Each check trains a small playground itself, then compares the learner's answer with the
playground's own records and with a second computation of its own, on networks, points and
settings the learner has never seen (drawn from a seed inside the check).
"""
import copy
import random

import nn
from exercises import Exercise
from playground import Playground

PARTS = Exercise("11.1", [
    "the loss the playground records has two parts: lesson 09's hinge loss over the points and "
    "the L2 penalty over the parameters; compute each from plain numbers (.data)",
    "hinge: one term per point, max(0, 1 - label times score), then the mean over the points "
    "(not the sum); L2: alpha times the sum of every parameter's square, weights and biases "
    "alike (model.parameters()); return the two as a pair, hinge first",
    "hinge = sum(max(0.0, 1 - t * model(x).data) for x, t in zip(X, y)) / len(y); "
    "l2 = alpha * sum(p.data ** 2 for p in model.parameters()); return hinge, l2",
])

STEP = Exercise("11.2", [
    "one step is lesson 09's train_step: the loss, then clear the old gradients, then the "
    "backward pass, then move every parameter against its gradient; return the loss",
    "the loss is nn.hinge of the scores of every point plus nn.l2 of the parameters with alpha; "
    "the gradients must be set to zero before the backward pass (.grad still holds the last "
    "step's); use the lr and alpha you are given; return the loss's number from before the "
    "update",
    "loss = nn.hinge([model(x) for x in X], y) + nn.l2(model.parameters(), alpha); "
    "model.zero_grad(); loss.backward(); then p.data -= lr * p.grad for every parameter; "
    "return loss.data",
])


def _trained(rng, hidden, steps, lr=0.3, alpha=1e-4):
    """A small playground trained a little: some points past the margin, .grad left full."""
    pg = Playground(hidden=hidden, lr=lr, alpha=alpha, seed=rng.randrange(1000))
    if steps:
        pg.step(steps)
    return pg


def _points(pg, rng, share):
    """Some of the playground's points, in an order of the check's own."""
    chosen = rng.sample(range(len(pg.y)), max(2, int(share * len(pg.y))))
    return [list(pg.X[i]) for i in chosen], [pg.y[i] for i in chosen]


def _number(t, x, what, wanted="a plain float"):
    """x if it is a plain number: None is "nothing returned", a Value is named as one."""
    t.answer(x, float, wanted, what=what)
    t.expect(not hasattr(x, "backward"), f"{what} is a Value; return its number, a plain "
                                         "float (its .data)")
    return x


def check_loss_parts(loss_parts):
    """11 exercise 1: (hinge, l2) of a model on points X with labels y, as two floats."""
    with PARTS as t:
        rng = random.Random(1101)
        ex = Playground(hidden=[4], lr=0.3)
        ex.step(30)
        trials = [(ex, ex.X, ex.y, ex.alpha, "the lesson's playground after 30 steps")]
        for hidden, steps, alpha, share in (([3, 3], 12, 0.01, 0.6), ([5], 0, 0.5, 0.3)):
            pg = _trained(rng, hidden, steps)
            X, y = _points(pg, rng, share)
            trials.append((pg, X, y, alpha, f"a 2-{'-'.join(map(str, hidden))}-1 "
                           f"network after {steps} steps, {len(y)} points, alpha = {alpha}"))
        for k, (pg, X, y, alpha, which) in enumerate(trials):
            got = t.answer(loss_parts(pg.model, X, y, alpha), (tuple, list),
                           "a pair (hinge, l2) of two floats", what=f"loss_parts on {which}")
            t.expect(len(got) == 2, f"loss_parts on {which} gave {len(got)} items; return two: "
                                    "(hinge, l2)")
            for part, name in zip(got, ("hinge", "L2")):
                _number(t, part, f"loss_parts on {which}: the {name} part")
            if k == 0:  # what the playground itself records at its next step
                pg.step()
                want = (pg.history["hinge"][-1], pg.history["l2"][-1])
            else:
                scores = [pg.model(x) for x in X]
                want = (nn.hinge(scores, y).data, nn.l2(pg.model.parameters(), alpha).data)
            t.same(got, want, f"loss_parts on {which}", names=["the hinge part", "the L2 part"])


def check_step(my_step):
    """11 exercise 2: one training step, in place on the model; returns the loss before it."""
    with STEP as t:
        rng = random.Random(1102)
        ex = Playground(hidden=[4], lr=0.3)
        ex.step(3)  # now every .grad holds the gradients of step 3
        trials = [(ex, ex.X, ex.y, ex.lr, ex.alpha, "the lesson's playground after 3 steps")]
        for hidden, steps, lr, alpha, share in (([3, 2], 4, 0.05, 0.02, 0.5),
                                                ([6], 2, 0.7, 0.0, 0.8)):
            pg = _trained(rng, hidden, steps)
            X, y = _points(pg, rng, share)
            trials.append((pg, X, y, lr, alpha, f"a 2-{'-'.join(map(str, hidden))}-1 network, "
                           f"{len(y)} points, lr = {lr}, alpha = {alpha}"))
        for k, (pg, X, y, lr, alpha, which) in enumerate(trials):
            mine = copy.deepcopy(pg.model)
            got = _number(t, my_step(mine, X, y, lr, alpha), f"my_step on {which}: the loss "
                          "it returned", "the loss before the step, a float (loss.data)")
            if k == 0:  # the playground's own step, on the network itself
                want = pg.step()
                after = pg.model
            else:  # the same step written out here, on a second copy
                after = copy.deepcopy(pg.model)
                loss = nn.hinge([after(x) for x in X], y) + nn.l2(after.parameters(), alpha)
                after.zero_grad()
                loss.backward()
                for p in after.parameters():
                    p.data -= lr * p.grad
                want = loss.data
            t.same(got, want, f"my_step on {which}: the loss it returned")
            worst = max(abs(p.data - q.data) for p, q in zip(mine.parameters(),
                                                             after.parameters()))
            t.expect(worst < 1e-12, f"my_step on {which}: after your step a parameter differs "
                                    f"from the right step's by up to {worst:.3g}")
