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
    want = [0, 1, 2] if name == "blobs" else [-1, 1]
    assert X.shape == (100, 2) and sorted(set(y.tolist())) == want
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
    with pytest.raises(ValueError, match=r"y: every class needs at least one point, class -1"):
        Playground(X, [1, 1])
    with pytest.raises(ValueError, match=r"y: every class needs at least one point, class 2"):
        Playground(X, [0, 1])
    with pytest.raises(ValueError, match=r"y: labels are -1 and \+1 \(two classes\) or 0, 1"):
        Playground(X, [5, 1])
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
    with pytest.raises(ValueError, match="model must take 2 inputs and give 1 score, got 3"):
        Playground(model=nn.MLP(3, [1]))
    with pytest.raises(TypeError, match="model must be an nn.MLP, got list"):
        Playground(model=[1, 2])
    pg = Playground(hidden=[2])
    with pytest.raises(ValueError, match="label must be one of -1, \\+1, got 0"):
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


# --- a refusal changes nothing (issue 19) -------------------------------------------------------


def snapshot(pg):
    return (copy.deepcopy(pg.X), list(pg.y), params(pg), pg.hidden, pg.act, pg.seed, pg.steps,
            pg.dataset, pg.classes)


@pytest.mark.parametrize("label", [1 + 0j, 0, 2, True, "1", None, 1.5])
def test_a_refused_label_changes_nothing(label):
    pg = Playground(hidden=[3])
    before = snapshot(pg)
    with pytest.raises(ValueError, match="label must be one of -1, \\+1"):
        pg.add_point(0.0, 0.0, label)
    assert snapshot(pg) == before
    pg.step()  # and everything still works
    pg.reset()
    assert pg._repr_mimebundle_()["text/plain"].startswith("<Playground: 2-3-1")


@pytest.mark.parametrize("seed", [[1], -1, 1.5, "7", 2 ** 40])
def test_rebuild_with_a_bad_seed_changes_nothing(seed):
    pg = Playground(hidden=[3])
    pg.step(2)
    before = snapshot(pg)
    with pytest.raises((TypeError, ValueError), match="seed must be"):
        pg.rebuild("5, 5", "tanh", seed)
    assert snapshot(pg) == before


def test_rebuild_with_a_new_seed_draws_new_weights():
    pg = Playground(hidden=[3])
    first = params(pg)
    pg.rebuild(seed=1)
    assert params(pg) != first and pg.seed == 1
    pg.rebuild(seed=0)
    assert params(pg) == first


def test_your_data_stays_in_the_menu():
    X, y = make_data("xor", n=40, seed=9)
    pg = Playground(X, y, hidden=[4])
    assert pg.dataset == "your data" and pg.frame["datasets"][-1] == "your data"
    pg.load("moons")
    assert pg.dataset == "moons" and "your data" in pg.frame["datasets"]
    pg.load("your data")
    assert pg.dataset == "your data" and pg.X == X.tolist() and pg.y == y.tolist()
    pg.add_point(0.0, 0.0, 1)  # the learner's edits to their data do not leak into the copy
    pg.load("your data")
    assert len(pg.X) == 40
    assert "your data" not in Playground(hidden=[2]).frame["datasets"]


def test_a_refused_load_changes_nothing():
    pg = Playground(hidden=[3])
    before = snapshot(pg)
    with pytest.raises(ValueError, match="dataset must be one of"):
        pg.load("your data")  # there is none: the playground made its own
    assert snapshot(pg) == before


# --- bounds: no step or frame that blocks the kernel (issue 19) ---------------------------------


def test_depth_and_width_are_bounded():
    with pytest.raises(ValueError, match=r"hidden: at most 6 hidden layers .* got 7"):
        Playground(hidden=[4] * 7)
    with pytest.raises(ValueError, match=r"hidden: each layer has 1 to 64 neurons"):
        Playground(hidden=[65])
    with pytest.raises(ValueError, match=r"hidden \[64, 64, 64\] with 100 points is 838,400 "
                                         r"weight uses a step, over the 300,000"):
        Playground(hidden=[64, 64, 64])
    pg = Playground(hidden=[16, 16])
    before = snapshot(pg)
    with pytest.raises(ValueError, match="weight uses a step"):
        pg.rebuild([64, 64, 64])
    assert snapshot(pg) == before
    Playground(hidden=[64, 40])  # 100 points x 2,728 weights: allowed


def test_points_are_bounded_with_the_work():
    pg = Playground(hidden=[64, 40])  # 272,800 weight uses: ten more points pass the bound
    for k in range(30):
        try:
            pg.add_point(0.0, 0.1 * (k % 5), 1)
        except ValueError as e:
            assert "weight uses a step" in str(e)
            break
    else:
        pytest.fail("adding points never hit the bound")
    with pytest.raises(ValueError, match="X: at most 400 points"):
        Playground(np.zeros((401, 2)), [1, -1] * 200 + [1])


@pytest.mark.parametrize("grid, error, match", [
    (10.9, TypeError, "grid must be a whole number \\(an int\\), got float: 10.9"),
    (10 ** 6, ValueError, "grid must be from 10 to 150, got 1000000"),
    (9, ValueError, "grid must be from 10 to 150, got 9"),
    (True, TypeError, "grid must be a whole number"),
])
def test_the_grid_is_a_bounded_whole_number(grid, error, match):
    with pytest.raises(error, match=match):
        Playground(grid=grid)


def test_the_largest_grid_is_drawn():
    pg = Playground(grid=150, hidden=[2])
    assert len(pg.frame["scores"]) == 150 * 150 * 4


# --- a diverging run sends finite JSON and prints nothing (issue 19) ----------------------------


@pytest.mark.parametrize("lr, diverged", [(1e150, True), (1e30, False)])
def test_a_diverging_run_sends_finite_json_and_no_warning(lr, diverged):
    """lr 1e150 overflows a float in step 2; lr 1e30 keeps floats finite but past float32's
    range, where casting them for the page warned "overflow encountered in cast"."""
    import warnings
    pg = Playground(hidden=[8], lr=lr)
    pg._make_widget()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a RuntimeWarning would be printed into the notebook
        pg.step(5)
        state, _, buffers = _remove_buffers(pg.widget.get_state(["frame"]))
    assert pg.frame["diverged"] == diverged
    json.dumps(state, allow_nan=False)  # raises on inf or nan
    assert ("too big" in pg.frame["message"]) == diverged
    if diverged:
        assert pg.frame["data_loss"] is None and pg.frame["l2"] is None
    for name in ("points", "scores", "curve_loss", "curve_l2"):
        assert np.isfinite(np.frombuffer(pg.frame[name], dtype="<f4")).all(), name
    for layer in pg.frame["weights"] + pg.frame["grads"]:
        assert np.isfinite(np.frombuffer(layer, dtype="<f4")).all()


# --- three classes (issue 21 item 5) ------------------------------------------------------------


def test_three_classes_train_with_the_mean_cross_entropy():
    pg = Playground(dataset="blobs", hidden=[4], lr=0.3)
    assert pg.classes == (0, 1, 2) and pg.loss == "cross_entropy"
    assert len(pg.model.layers[-1].neurons) == 3
    start = copy.deepcopy(pg.model)
    pg.step()
    scores = [start(x) for x in pg.X]
    want = sum(nn.softmax_cross_entropy(s, t) for s, t in zip(scores, pg.y)) / len(pg.y)
    assert pg.history["cross_entropy"] == [want.data]
    pg.step(80)
    assert pg.accuracy() > 0.85
    assert len(pg.frame["scores"]) == 60 * 60 * 3 * 4 and pg.frame["classes"] == [0, 1, 2]
    assert pg.frame["loss_name"] == "cross-entropy"
    with pytest.raises(ValueError, match="label must be one of 0, 1, 2, got -1"):
        pg.add_point(0.0, 0.0, -1)
    pg.add_point(0.0, 0.0, 2)
    term = pg.inspect(0)
    assert "cross-entropy term" in pg.graph_caption and term.data > 0


def test_the_mean_cross_entropy_is_pytorchs():
    torch = pytest.importorskip("torch")
    pg = Playground(dataset="blobs", hidden=[4], lr=0.3)
    pg.step(3)
    logits = torch.tensor(pg.scores(), dtype=torch.float64)
    want = torch.nn.functional.cross_entropy(logits, torch.tensor(pg.y)).item()
    pg.step()
    assert abs(pg.history["cross_entropy"][-1] - want) <= 1e-12


def test_changing_the_number_of_classes_rebuilds_the_network():
    pg = Playground(hidden=[5], act="tanh", lr=0.3)
    pg.load("blobs")
    assert (pg.hidden, pg.act, pg.lr, len(pg.model.layers[-1].neurons)) == ([5], "tanh", 0.3, 3)
    assert pg.history == {"cross_entropy": [], "l2": [], "accuracy": []}
    pg.load("moons")
    assert len(pg.model.layers[-1].neurons) == 1 and params(pg) == params(
        Playground(hidden=[5], act="tanh"))


def test_three_class_data_of_your_own():
    X = [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]
    pg = Playground(X, [0, 1, 2, 2], hidden=[3])
    assert pg.classes == (0, 1, 2) and repr(pg).startswith("<Playground: 2-3-3")


# --- looks: colours, shapes, text alternative (issue 20) ----------------------------------------


def test_the_palette_contrast():
    import playground_palette as pal
    white = pal.WHITE
    for text in (pal.INK, pal.CAPTION, pal.MESSAGE):
        assert pal.contrast(text, white) >= 4.5, text
    lines = [pal.POSITIVE, pal.NEGATIVE, pal.FOCUS, *pal.CURVES.values()]
    for n in (2, 3):
        lines += [fill for fill, _, _ in pal.CLASSES[n].values()]
        for shade in pal.shades(n):  # what lies under the points and the boundary
            for c in (pal.OUTLINE, pal.BOUNDARY, pal.CURSOR):
                assert pal.contrast(c, shade) >= 3, (c, shade)
        shapes = [shape for _, _, shape in pal.CLASSES[n].values()]
        assert len(set(shapes)) == n  # told apart without colour
    for c in lines:
        assert pal.contrast(c, white) >= 3, c
    assert round(pal.contrast("#000000", "#ffffff"), 2) == 21.0
    assert round(pal.contrast("#767676", "#ffffff"), 2) == 4.54  # WCAG's known grey


def test_the_still_picture_has_a_text_alternative():
    html = Playground(dataset="blobs", hidden=[2])._repr_mimebundle_()["text/html"]
    alt = html.split('alt="', 1)[1].split('"', 1)[0]
    assert alt.startswith("The playground on blobs after 0 steps: 100 points (34 of class 0;")
    assert "class 2: triangles" in alt and "of the plane" in alt
    two = Playground(hidden=[2])._repr_mimebundle_()["text/html"]
    assert "50 of class -1; 50 of class +1; class -1: circles, class 1: squares" in two


# --- module boundaries (issue 19) -----------------------------------------------------------------


def test_playground_files_are_small_and_import_no_underscore_names():
    import pathlib
    import re
    root = pathlib.Path(__file__).parent.parent
    files = sorted(root.glob("playground*.py")) + sorted(root.glob("playground*.js"))
    assert len(files) >= 10
    for f in files:
        text = f.read_text()
        assert len(text.splitlines()) < 400, f.name
        assert not re.search(r"^from \w+ import .*\b_\w", text, re.M), f.name
        if f.suffix == ".js":  # constants come from Python: no colour or rate copied by hand
            assert not re.findall(r"#[0-9a-fA-F]{6}\b", text.replace("#ffffff", "")), f.name
            assert "0.003" not in text and "1e-5" not in text, f.name
