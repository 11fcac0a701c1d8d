"""The checks of lesson 08's exercises (08_neural_network.ipynb)."""
import random
from numbers import Integral

import nn
from engine import Value
from exercises import Exercise

COUNT = Exercise("08.1", [
    "count neuron by neuron: each neuron has one weight per input it receives, plus one bias; "
    "look back at the cell after `fresh_model()`, which counted 41 for MLP(3, [4, 4, 1])",
    "layer i has nouts[i] neurons, and each of them receives as many inputs as the layer "
    "before it has outputs (nin for the first layer); add up over the layers, and it must "
    "work for any nin and any list of layer sizes",
    "sizes = [nin] + nouts; return the sum over consecutive pairs (a, b) of sizes of "
    "(a + 1) * b",
])

STEP = Exercise("08.2", [
    "one pass of the loop in 'Gradient descent: the loop', on the model you are given, with "
    "the learning rate you are given",
    "the order matters: the loss first (keep it, it is what you return), then every gradient "
    "set to 0, then the backward pass, then each parameter moved against its gradient; return "
    "the loss's number, a Python float, not the Value",
    "four moves, in the loop's order: keep the loss Value that loss_of gives, reset the "
    "model's gradients, run the backward pass from that loss, then move each parameter's "
    "data against its gradient; at the end, return the float inside the loss you kept",
])

REACH = Exercise("08.3", [
    "the training loop again, from fresh_model(), with a test before each step: in the printed "
    "loop of 'Gradient descent: the loop', find the first step whose loss is below 0.1",
    "at step k, measure the loss before updating: if it is already below target, k updates "
    "were made, so return k; otherwise zero the gradients, backward, update, and go on; after "
    "max_steps measurements without success, the answer is None",
    "for k in range(max_steps): loss = loss_of(model); if loss.data < target: return k; then "
    "zero_grad, backward, p.data -= lr * p.grad; after the loop, return None",
])


def _steps(model, loss_of, lr, n):
    """n steps of gradient descent, as the lesson's loop takes them: losses, final numbers."""
    losses = []
    for _ in range(n):
        loss = loss_of(model)
        for p in model.parameters():
            p.grad = 0.0
        loss.backward()
        for p in model.parameters():
            p.data -= lr * p.grad
        losses.append(loss.data)
    return losses, [p.data for p in model.parameters()]


def _reach(model, loss_of, lr, target, max_steps):
    for k in range(max_steps):
        if loss_of(model).data < target:
            return k
        _steps(model, loss_of, lr, 1)
    return None


def _other_model(seed):
    """A network of another shape on the same three inputs, the same on every call."""
    state = random.getstate()  # the lesson's own random numbers stay as they were
    random.seed(seed)
    model = nn.MLP(3, [5, 1], act="tanh", out_act="tanh")
    random.setstate(state)
    return model


def check_count_parameters(count_parameters):
    """08 exercise 1: the number of parameters of MLP(nin, nouts), for any architecture."""
    with COUNT as t:
        nouts = [16, 16, 1]
        got = t.answer(count_parameters(2, nouts), Integral, "a whole number (an int)",
                       what="count_parameters(2, [16, 16, 1])")
        t.expect(nouts == [16, 16, 1], f"count_parameters changed the list it was given, to "
                 f"{nouts}; leave nouts as it is (the caller may use it again)")
        t.same(got, 337, "count_parameters(2, [16, 16, 1])")
        rng = random.Random(8001)
        cases = [(3, [4, 4, 1]), (1, [1])] + [
            (rng.randint(1, 6), [rng.randint(1, 9) for _ in range(rng.randint(1, 4))])
            for _ in range(4)]
        for nin, sizes in cases:
            widths = [nin] + sizes
            want = sum((a + 1) * b for a, b in zip(widths, widths[1:]))
            got = t.answer(count_parameters(nin, list(sizes)), Integral, "a whole number",
                           what=f"count_parameters({nin}, {sizes})")
            t.same(got, want, f"count_parameters({nin}, {sizes})")


def check_gradient_step(gradient_step, fresh_model, loss_of):
    """08 exercise 2: one step of gradient descent that returns the loss before it."""
    with STEP as t:
        model = fresh_model()
        got = gradient_step(model, 0.05)
        if isinstance(got, Value):
            t.fail(f"gradient_step returned the Value {got!r}; return its number, a Python "
                   "float")
        if hasattr(got, "shape"):
            t.fail(f"gradient_step returned {type(got).__name__} {got!r:.60}; return the loss "
                   "as a Python float")
        t.answer(got, float, "the loss before the step, a Python float",
                 what="gradient_step(model, 0.05)")
        for name, make, lr in [("fresh_model()", fresh_model, 0.05),
                               ("fresh_model()", fresh_model, 0.13),
                               ("a 3-5-1 network", lambda: _other_model(8002), 0.3)]:
            mine = make()
            got = [gradient_step(mine, lr) for _ in range(3)]
            want, numbers = _steps(make(), loss_of, lr, 3)
            t.same(got, want, f"the losses of three steps on {name} with lr = {lr}",
                   names=("step 0", "step 1", "step 2"))
            moved = [p.data for p in mine.parameters()]
            t.same(moved, numbers, f"the parameters after three steps on {name} with lr = {lr}")


def check_steps_to_reach(steps_to_reach, fresh_model, loss_of):
    """08 exercise 3: how many updates until the loss is below a target (None if never)."""
    with REACH as t:
        got = t.answer(steps_to_reach(0.05, 0.1), Integral, "a whole number of steps",
                       what="steps_to_reach(0.05, 0.1)")
        rng = random.Random(8003)
        cases = [(0.05, 0.1, 100), (0.2, 0.01, 100), (0.01, 2.0, 100), (0.05, 5.0, 100)] + [
            (round(rng.uniform(0.02, 0.25), 3), round(rng.uniform(0.05, 1.5), 3), 100)
            for _ in range(3)] + [(0.05, 0.1, 5), (0.05, 0.001, 30), (0.05, 0.1, 12),
                                (0.05, 0.1, 13)]
        for lr, target, most in cases:
            what = f"steps_to_reach({lr}, {target}, max_steps={most})"
            want = _reach(fresh_model(), loss_of, lr, target, most)
            got = steps_to_reach(lr, target, max_steps=most)
            if want is None:
                t.expect(got is None, f"{what} is {got!r}; the loss does not get below "
                         f"{target} in {most} steps, so return None")
                continue
            got = t.answer(got, Integral, "a whole number of steps", what=what)
            t.same(got, want, what)
        losses, _ = _steps(fresh_model(), loss_of, 0.05, 6)
        target = losses[5]  # the loss at step 5 exactly: equal is not below
        want = _reach(fresh_model(), loss_of, 0.05, target, 100)
        t.same(steps_to_reach(0.05, target), want, f"steps_to_reach(0.05, {target!r}), a "
               "target the loss at step 5 equals exactly (equal is not below)")
