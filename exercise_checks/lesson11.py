"""The checks of lesson 11's exercises (11_playground.ipynb).

Exercise 1 gives the learner's settings data they have never seen (circles and xor drawn from
seeds of the check's own) and measures the trained network with the engine itself. Exercise 2
compares the learner's prediction with what a playground's own step does to the output bias,
on the lesson's wild run and on networks, labels and settings of the check's own.
"""
import random

import nn
from exercise_checks.lesson10 import watching_backward
from exercises import Exercise
from playground import Playground, make_data

GOAL, BUDGET, NEURONS = 0.95, 100, 16  # exercise 1's goal: the share of points right, with at
# most BUDGET steps and NEURONS hidden neurons in all (a small network the check trains quickly)
UNSEEN = (("circles", 11), ("xor", 12), ("xor", 14))  # data sets and seeds the lesson never drew
POINTS = 48  # a smaller plane than the lesson's 100 points, so the check trains in seconds

FIT = Exercise("11.1", [
    "the things to try showed what each setting does: without a hidden layer the boundary is a "
    "straight line, a learning rate of 5 throws the weights about, and a very small one hardly "
    "moves them in 100 steps; try settings in the playground on circles and xor first",
    "build the playground on the points you are given (X and y, not a data set by name), with "
    "one hidden layer of a few neurons (more than two, at most 16) and a learning rate well "
    "above 0.1 but far below 5; then train it with its step method, at most 100 steps in all, "
    "and return it",
    "one hidden layer of 8 neurons and a learning rate of 1.0 get there in under 100 steps; "
    "pass both to Playground along with X and y, call step with the number of steps, return "
    "the playground",
])

BIAS = Exercise("11.2", [
    "with every neuron of the last hidden layer off, the score on every point is the output "
    "bias b; its gradient is the mean over the points of each one's hinge gradient, plus the "
    "L2 penalty's part, and the step moves b by lr times that gradient, downhill",
    "a point with label t sends -t / n back to b only while its margin 1 - t·b is above 0 (a "
    "point on or past the margin sends nothing); the penalty alpha·b² sends 2·alpha·b; count "
    "n as all the points, also those that send nothing",
    "add up -t over the points whose margin 1 - t*b is above 0, divide by the number of "
    "points, add 2 * alpha * b: that is the gradient; the new bias is the old one minus lr "
    "times it",
])


def check_fit(fit):
    """11 exercise 1: fit(X, y) returns a Playground on exactly these points, with at most
    NEURONS hidden neurons, trained at most BUDGET steps, that gets at least GOAL of them right."""
    with FIT as t:
        for name, seed in UNSEEN:
            X, y = make_data(name, n=POINTS, seed=seed)
            X, y = X.tolist(), y.tolist()
            shown = f"fit on {name} ({POINTS} points, seed {seed})"
            with watching_backward() as passes:  # every training step, however it is made
                answer = fit([list(p) for p in X], list(y))  # copies: X, y stay as drawn
            pg = t.answer(answer, Playground, "the trained Playground", what=shown)
            t.expect([list(map(float, p)) for p in pg.X] == X and list(pg.y) == y,
                     f"{shown}: the playground holds other points than the X and y given; "
                     "build it with Playground(X, y, ...) and leave its points as they are")
            t.expect(pg.steps > 0, f"{shown}: the playground was returned untrained (0 steps)")
            hidden = [len(layer.neurons) for layer in pg.model.layers[:-1]]  # what was trained
            t.expect(sum(hidden) <= NEURONS, f"{shown}: hidden sizes {hidden} make "
                     f"{sum(hidden)} hidden neurons; use at most {NEURONS} in all")
            steps = max(pg.steps, len(passes))
            t.expect(steps <= BUDGET, f"{shown}: {steps} training steps (backward passes) in "
                     f"all, more than {BUDGET}; a larger learning rate gets there sooner")
            right = sum(1 for x, label in zip(X, y) if pg.model(x).data * label > 0)
            t.expect(right >= GOAL * len(y), f"{shown}: after {steps} steps with hidden "
                     f"sizes {hidden} and lr = {pg.lr:g}, {right} of {len(y)} points are "
                     f"right ({right / len(y):.0%}); the goal is {GOAL:.0%}")



def check_bias_after_step(bias_after_step):
    """11 exercise 2: the output bias after one step, when the score is b on every point."""
    with BIAS as t:
        rng = random.Random(1102)
        wild = Playground(lr=5)  # the lesson's run, six steps in: the blinking has begun
        wild.step(6)
        trials = [(wild, "the lesson's wild playground (lr = 5) after 6 steps")]
        for n_pos, n_neg, b, lr, alpha in ((30, 10, 0.4, 0.5, 0.01), (7, 21, 1.0, 2.0, 1e-4),
                                           (12, 12, -2.5, 3.0, 0.0), (9, 16, -1.0, 0.7, 0.05),
                                           (20, 5, 1.6, 4.0, 1e-3)):
            y = [1] * n_pos + [-1] * n_neg
            rng.shuffle(y)
            pg = _switched_off(rng, y, b, lr, alpha)
            trials.append((pg, f"a network whose hidden neurons are all off, output bias {b}, "
                               f"{n_pos} points of class +1 and {n_neg} of -1, lr = {lr}, "
                               f"alpha = {alpha}"))
        for pg, which in trials:
            bias = pg.model.layers[-1].neurons[0].b
            b, y = bias.data, list(pg.y)
            got = t.answer(bias_after_step(b, y, pg.lr, pg.alpha), float,
                           "the new bias, a float", what=f"bias_after_step on {which}")
            pg.step()  # the playground's own step: engine, backward and update
            t.same(got, bias.data, f"bias_after_step on {which} (b = {b:.4g})", rel=1e-9,
                   abs_=1e-12)


def _switched_off(rng, y, b, lr, alpha):
    """A 2-3-1 playground on points of labels y whose hidden neurons are off everywhere, so that
    its score is its output bias b on every point."""
    kept = random.getstate()  # the learner's own random numbers go on as if untouched
    model = nn.MLP(2, [3, 1])
    random.setstate(kept)
    for neuron in model.layers[0].neurons:
        for w in neuron.w:
            w.data = 0.0
        neuron.b.data = -1.0  # relu(0 * x - 1) = 0 on every point
    out = model.layers[-1].neurons[0]
    for w in out.w:
        w.data = rng.uniform(-1, 1)
    out.b.data = b
    X = [[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in y]
    return Playground(X, y, model=model, lr=lr, alpha=alpha)
