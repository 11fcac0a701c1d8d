"""Tests for playground.py: the training is lesson 09's to the last bit, the pictures' numbers
are the engine's, and every action and bad input does what it says (no browser needed)."""
import copy
import json
import math
import random

import numpy as np
import pytest
from ipywidgets.widgets.widget import _remove_buffers

import nn
from playground import DATASETS, Playground, make_data, numpy_scores


def lesson09_run(steps, schedule):
    """Lesson 09's training loop as the lesson writes it: data seed 1, weights seed 0."""
    X, y = nn.make_moons(100, noise=0.1, seed=1)
    X, y = X.tolist(), y.tolist()
    random.seed(0)
    model = nn.MLP(2, [16, 16, 1])
    losses = []
    for k in range(steps):
        scores = [model(x) for x in X]
        loss = nn.hinge(scores, y) + nn.l2(model.parameters(), 1e-4)
        model.zero_grad()
        loss.backward()
        lr = schedule(k)
        for p in model.parameters():
            p.data -= lr * p.grad
        losses.append(loss.data)
    return [p.data for p in model.parameters()], losses


def params(pg):
    return [p.data for p in pg.model.parameters()]


# --- the training is lesson 09's --------------------------------------------------------------


def test_steps_are_lesson_09s_to_the_last_bit():
    schedule = lambda k: 1.0 - 0.9 * k / 100  # noqa: E731  lesson 09's decaying rate
    want, want_losses = lesson09_run(30, schedule)
    pg = Playground(alpha=1e-4)
    for k in range(30):
        pg.lr = schedule(k)
        pg.step()
    got_losses = [h + r for h, r in zip(pg.history["hinge"], pg.history["l2"])]
    assert params(pg) == want  # exact equality: every bit of every parameter
    assert got_losses == want_losses
    assert round(want_losses[0], 4) == 0.9372  # the loss lesson 09 prints at step 0


def test_a_constant_rate_matches_the_plain_loop_too():
    want, _ = lesson09_run(5, lambda k: 0.1)
    pg = Playground()
    pg.step(5)
    assert params(pg) == want and pg.steps == 5


def test_the_learners_random_numbers_are_left_alone():
    random.seed(123)
    expected = random.random()
    random.seed(123)
    Playground(hidden=[4])
    assert random.random() == expected


# --- numpy pictures equal the engine ----------------------------------------------------------


@pytest.mark.parametrize("act", ["relu", "tanh", "linear"])
@pytest.mark.parametrize("hidden", [[], [3], [16, 16]])
def test_numpy_scores_equal_the_engine(hidden, act):
    pg = Playground(hidden=hidden, act=act, lr=0.3)
    pg.step(3)  # weights away from their start, biases no longer 0
    rng = np.random.default_rng(5)
    P = rng.uniform(-2, 2, size=(50, 2))
    engine = np.array([pg.model(list(map(float, p))).data for p in P])
    assert np.abs(pg.scores(P) - engine).max() <= 1e-12
    # the boundary grid is those scores on the lattice over the plane
    a, b, c, d = pg.extent
    grid = pg.boundary()
    assert grid.shape == (pg.grid, pg.grid)
    corner = pg.model([b, c]).data  # last column, first row: x0 at its max, x1 at its min
    assert abs(grid[0, -1] - corner) <= 1e-12


def test_accuracy_is_the_share_of_points_on_their_side():
    pg = Playground()
    scores = [pg.model(x).data for x in pg.X]
    assert pg.accuracy() == sum(s * t > 0 for s, t in zip(scores, pg.y)) / len(pg.y) == 0.49


# --- actions ------------------------------------------------------------------------------------


def test_adding_and_removing_points():
    pg = Playground()
    i = pg.add_point(0.5, 0.25, -1)
    assert (i, len(pg.X), pg.X[-1], pg.y[-1]) == (100, 101, [0.5, 0.25], -1)
    assert pg.frame["labels"][-1:] == np.int8(-1).tobytes()
    assert len(pg.frame["points"]) == 101 * 2 * 4  # float32 pairs, sent to the browser
    first = pg.X[0]
    pg.remove_point(0)
    assert len(pg.X) == len(pg.y) == 100 and pg.X[0] != first
    pg.step()  # training sees the new set: hinge is a mean over 100 points again
    assert len(pg.history["accuracy"]) == 1


def test_the_last_point_of_a_class_stays():
    pg = Playground(np.array([[0.0, 0.0], [1.0, 1.0], [1.0, 0.0]]), [-1, 1, 1], hidden=[2])
    pg.remove_point(2)
    with pytest.raises(ValueError, match="point 0 is the last of class -1"):
        pg.remove_point(0)


def test_reset_gives_the_same_run_again():
    pg = Playground(hidden=[8], lr=0.3)
    start = params(pg)
    pg.step(4)
    first_run = (params(pg), list(pg.history["hinge"]))
    pg.reset()
    assert params(pg) == start and pg.steps == 0 and pg.history["hinge"] == []
    assert all(p.grad == 0.0 for p in pg.model.parameters())
    pg.step(4)
    assert (params(pg), pg.history["hinge"]) == first_run
    assert params(Playground(hidden=[8], lr=0.3)) == start  # a new playground: same seed


def test_reset_of_a_given_model_goes_back_to_its_own_start():
    random.seed(7)
    model = nn.MLP(2, [5, 1], act="tanh")
    start = [p.data for p in model.parameters()]
    pg = Playground(model=model)
    assert (pg.hidden, pg.act) == ([5], "tanh")
    pg.step(2)
    assert [p.data for p in model.parameters()] != start  # trained in place
    pg.reset()
    assert [p.data for p in model.parameters()] == start


def test_rebuild_with_new_sizes():
    pg = Playground()
    pg.step(2)
    pg.rebuild("4, 3", "tanh")
    assert len(pg.model.parameters()) == 4 * 3 + 3 * 5 + 4 == 31
    assert pg.steps == 0 and pg.frame["sizes"] == [2, 4, 3, 1]
    assert pg.model.layers[0].neurons[0].act == "tanh" and pg.model.layers[-1].neurons[0].act \
        is None
    pg.rebuild("none")
    assert len(pg.model.parameters()) == 3 and pg.frame["hidden"] == "none"
    pg.step()
    assert len(pg.frame["weights"]) == 1


@pytest.mark.parametrize("name", DATASETS)
def test_each_data_set_has_both_classes_and_fits_the_plane(name):
    X, y = make_data(name)
    assert X.shape == (100, 2) and sorted(set(y.tolist())) == [-1, 1]
    pg = Playground(dataset=name)
    a, b, c, d = pg.extent
    assert (X[:, 0] > a).all() and (X[:, 0] < b).all() and (X[:, 1] > c).all()
    assert math.isclose((b - a) / (d - c), 4 / 3)  # equal scales: circles look round
    pg.load("moons")
    assert pg.dataset == "moons" and pg.X == nn.make_moons(100, noise=0.1, seed=1)[0].tolist()


def test_messages_from_the_page_call_the_methods():
    pg = Playground(hidden=[3])
    send = lambda **msg: pg._on_message(pg, msg, [])  # noqa: E731
    send(do="add", x0=0.1, x1=0.2, label=1)
    assert len(pg.X) == 101
    send(do="remove", index=100)
    send(do="step")
    send(do="lr", value=5)
    send(do="alpha", value=0.01)
    assert (pg.steps, pg.lr, pg.alpha, pg.frame["message"]) == (1, 5.0, 0.01, "")
    send(do="add", x0=99.0, x1=0.0, label=1)  # a click cannot land there, but a message can
    assert "outside the plane" in pg.frame["message"] and len(pg.X) == 100
    send(do="rebuild", hidden="abc", act="relu")
    assert "hidden" in pg.frame["message"] and "'abc'" in pg.frame["message"]
    send(do="inspect", index=3)
    assert pg.graph.startswith("<?xml") or "<svg" in pg.graph
    assert "point 3" in pg.graph_caption and pg.frame["message"] == ""


def test_each_frame_is_new_and_says_which_request_it_answers():
    pg = Playground(hidden=[2])
    pg._on_message(pg, {"do": "step", "id": "view-7"}, [])
    assert pg.frame["reply"] == "view-7"
    seq = pg.frame["seq"]
    pg._on_message(pg, {"do": "remove", "index": 999}, [])  # an error: still a new frame
    assert pg.frame["seq"] == seq + 1 and pg.frame["reply"] is None
    assert "index must be a point number" in pg.frame["message"]
    pg.step()  # from a cell: answers no page's request
    assert pg.frame["reply"] is None


def test_inspect_leaves_the_real_gradients_alone():
    pg = Playground(hidden=[2])
    pg.step()
    grads = [p.grad for p in pg.model.parameters()]
    term = pg.inspect(0)
    assert [p.grad for p in pg.model.parameters()] == grads
    s = pg.model(pg.X[0]).data
    assert term.data == max(0.0, 1 - pg.y[0] * s)
    assert "w1.1.1" in pg.graph and "score" in pg.graph


def test_a_diverging_run_says_so_and_stops():
    pg = Playground(hidden=[2], lr=1e200)
    pg.step(3)
    assert pg.frame["diverged"] and "too big" in pg.frame["message"]


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize("x0, x1", [(10.0, 0.0), (0.0, -5.0)])
def test_a_click_outside_the_plane(x0, x1):
    pg = Playground()
    with pytest.raises(ValueError, match=r"is outside the plane: x0 runs from"):
        pg.add_point(x0, x1, 1)
    assert len(pg.X) == 100


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -0.1])
def test_a_learning_rate_that_is_not_a_rate(value):
    pg = Playground()
    with pytest.raises(ValueError, match=rf"lr must be a finite number >= 0, got {value!r}"):
        pg.lr = value
    with pytest.raises(ValueError, match=r"lr must be a finite number"):
        Playground(lr=value)
    assert pg.lr == 0.1


def test_other_bad_input():
    X = [[0.0, 0.0], [1.0, 1.0]]
    with pytest.raises(ValueError, match=r"y: both classes need at least one point, class -1"):
        Playground(X, [1, 1])
    with pytest.raises(ValueError, match=r"y: labels are -1 or \+1, got 0"):
        Playground(X, [0, 1])
    with pytest.raises(ValueError, match=r"X must be points of two coordinates.*\(3,\)"):
        Playground([1.0, 2.0, 3.0], [1, -1, 1])
    with pytest.raises(ValueError, match="give both X and y"):
        Playground(X)
    with pytest.raises(TypeError, match="alpha must be a number, got str: 'a'"):
        Playground(alpha="a")
    with pytest.raises(ValueError, match="dataset must be one of"):
        Playground(dataset="spiral")
    with pytest.raises(ValueError, match=r"hidden: each layer has 1 to 64 neurons, got \[0\]"):
        Playground(hidden=[0])
    with pytest.raises(ValueError, match="act must be one of"):
        Playground(act="sigmoid")
    with pytest.raises(ValueError, match="model must take 2 inputs and give 1 score"):
        Playground(model=nn.MLP(3, [1]))
    with pytest.raises(TypeError, match="model must be an nn.MLP, got list"):
        Playground(model=[1, 2])
    pg = Playground(hidden=[2])
    with pytest.raises(ValueError, match="label must be -1 or \\+1, got 0"):
        pg.add_point(0.0, 0.0, 0)
    with pytest.raises(IndexError, match="index must be a point number from 0 to 99, got 100"):
        pg.remove_point(100)
    with pytest.raises(ValueError, match="n must be a whole number of steps >= 1, got 0"):
        pg.step(0)


# --- what the notebook stores -------------------------------------------------------------------


def test_the_stored_output_is_a_picture_nbval_can_compare():
    a, b = Playground()._repr_mimebundle_(), Playground()._repr_mimebundle_()
    assert a["text/html"] == b["text/html"] and a["text/plain"] == b["text/plain"]
    assert a["text/html"].startswith('<img src="data:image/svg+xml;base64,')
    assert "needs a running kernel" in a["text/html"]
    assert "<script" not in a["text/html"] and "<svg" not in a["text/html"]  # untrusted keeps it
    assert "application/vnd.jupyter.widget-view+json" in a  # the live view, where it can run
    assert a["text/plain"] == "<Playground: 2-16-16-1 relu, 100 points, 0 steps>"


def test_a_frame_is_compact():
    pg = Playground()
    pg.step()
    pg._repr_mimebundle_()  # displayed: now it has its widget
    state, buffer_paths, buffers = _remove_buffers(pg.widget.get_state(["frame"]))
    text = json.dumps(state)
    sent = len(text) + sum(len(b) for b in buffers)
    assert len(buffers) == 13 and sent < 40_000  # 7 arrays, 3 layers of weights and of grads
    assert len(pg.frame["scores"]) == 60 * 60 * 4


def test_numpy_scores_need_a_network_of_two_inputs():
    with pytest.raises(ValueError, match="2 inputs"):
        numpy_scores(nn.MLP(3, [2, 1]), np.zeros((1, 3)))
    m = copy.deepcopy(Playground(hidden=[2]).model)
    assert numpy_scores(m, np.zeros((4, 2))).shape == (4,)
