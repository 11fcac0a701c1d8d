"""nn.softmax_cross_entropy: its gradient is p - onehot, it agrees with PyTorch's F.cross_entropy
(float64) in loss and gradients, and it refuses what has no cross-entropy; nn.make_blobs.

# forward pass went well: the loss against PyTorch's; # backward pass went well: the scores'
gradients against p - onehot and against PyTorch's.
"""
import math
import random

import numpy as np
import pytest

import nn
from engine import Value

torch = pytest.importorskip("torch", reason="needs PyTorch: pip install -r requirements-ci.txt")
F = torch.nn.functional


def softmax(z):
    m = max(z)
    e = [math.exp(v - m) for v in z]
    return [v / sum(e) for v in e]


def cases(seed=2110, count=40):
    """Scores of 2 to 6 classes, from tiny to large, with a target each."""
    rng = random.Random(seed)
    fixed = [([2.0, -1.0, 0.5], 1), ([1000.0, 999.0, 998.0], 2), ([-1000.0, 0.0, 3.0], 0),
             ([0.0, 0.0, 0.0], 1), ([5.0, -3.0], 1), ([700.0, -700.0, 0.0, 1.0], 3)]
    drawn = []
    for _ in range(count):
        k = rng.randint(2, 6)
        scale = rng.choice([0.1, 1.0, 10.0, 100.0])
        drawn.append(([rng.gauss(0, scale) for _ in range(k)], rng.randrange(k)))
    return fixed + drawn


def engine_loss_and_grads(z, target):
    scores = [Value(v) for v in z]
    loss = nn.softmax_cross_entropy(scores, target)
    loss.backward()
    return loss.data, [s.grad for s in scores]


@pytest.mark.parametrize("z, target", cases())
def test_gradient_is_p_minus_onehot(z, target):
    _, grads = engine_loss_and_grads(z, target)
    p = softmax(z)
    expected = [pk - (k == target) for k, pk in enumerate(p)]
    assert max(abs(g - e) for g, e in zip(grads, expected)) <= 1e-12


@pytest.mark.parametrize("z, target", cases())
def test_loss_and_gradients_match_pytorch(z, target):
    loss, grads = engine_loss_and_grads(z, target)
    zt = torch.tensor([z], dtype=torch.float64, requires_grad=True)
    lt = F.cross_entropy(zt, torch.tensor([target]))
    lt.backward()
    assert abs(loss - lt.item()) <= 1e-12 * max(1.0, abs(lt.item()))  # forward pass went well
    assert max(abs(g - t) for g, t in zip(grads, zt.grad[0].tolist())) <= 1e-12  # backward too


def test_the_batch_loss_is_the_mean_as_in_pytorch():
    """The mean of the per-example losses over a batch, and its gradients, as F.cross_entropy's
    default (reduction="mean"); the scores come from a network, so the gradients reach weights."""
    X, y = nn.make_blobs(30, seed=5)
    rows = [[Value(v) for v in row] for row in np.random.default_rng(3).normal(size=(30, 3))]
    loss = sum(nn.softmax_cross_entropy(r, t) for r, t in zip(rows, y.tolist())) / len(y)
    loss.backward()
    zt = torch.tensor([[v.data for v in r] for r in rows], dtype=torch.float64,
                      requires_grad=True)
    lt = F.cross_entropy(zt, torch.tensor(y))
    lt.backward()
    assert abs(loss.data - lt.item()) <= 1e-12
    assert max(abs(v.grad - g) for r, gr in zip(rows, zt.grad.tolist())
               for v, g in zip(r, gr)) <= 1e-12


def test_scores_may_be_plain_numbers_or_values():
    assert nn.softmax_cross_entropy([2.0, -1.0, 0.5], 1).data == \
        nn.softmax_cross_entropy([Value(2.0), Value(-1.0), Value(0.5)], 1).data


def test_large_scores_neither_overflow_nor_take_the_log_of_zero():
    # p[target] = exp(-1600) rounds to 0.0: -log(p) would fail; the loss is exactly 1600
    assert nn.softmax_cross_entropy([800.0, -800.0], 1).data == 1600.0
    assert nn.softmax_cross_entropy([1000.0, 999.0, 998.0], 0).data == pytest.approx(
        -math.log(softmax([2.0, 1.0, 0.0])[0]), rel=1e-15)


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan])
def test_inf_or_nan_scores_are_refused_with_their_index(bad):
    """PyTorch gives nan for these (inf - inf, or nan); we refuse, naming the score."""
    scores = [Value(0.5), Value(bad), Value(1.0)]
    with pytest.raises(ValueError, match=r"logits\[1\] = (inf|-inf|nan).*diverge"):
        nn.softmax_cross_entropy(scores, 0)
    assert [s.grad for s in scores] == [0.0, 0.0, 0.0]  # the refusal changed nothing


@pytest.mark.parametrize("target", [3, -1, 10**20])
def test_a_target_out_of_range_is_an_index_error_as_in_pytorch(target):
    with pytest.raises(IndexError, match=f"target {target} is not an index into 3 logits"):
        nn.softmax_cross_entropy([1.0, 2.0, 3.0], target)
    with pytest.raises(IndexError):  # PyTorch refuses the same targets
        F.cross_entropy(torch.tensor([[1.0, 2.0, 3.0]], dtype=torch.float64),
                        torch.tensor([target if target < 10**6 else 3]))


@pytest.mark.parametrize("target", [1.0, True, "1", None, [1]])
def test_a_target_that_is_not_a_class_index_is_a_type_error(target):
    with pytest.raises(TypeError, match="class index"):
        nn.softmax_cross_entropy([1.0, 2.0, 3.0], target)


def test_numpy_integer_targets_are_class_indices():
    assert nn.softmax_cross_entropy([1.0, 2.0, 3.0], np.int64(2)).data == \
        nn.softmax_cross_entropy([1.0, 2.0, 3.0], 2).data


@pytest.mark.parametrize("logits, kind", [([], ValueError), (3.0, TypeError),
                                          ("abc", TypeError), ([1.0, "2"], TypeError)])
def test_logits_that_are_not_a_list_of_numbers_are_refused(logits, kind):
    with pytest.raises(kind, match="softmax_cross_entropy"):
        nn.softmax_cross_entropy(logits, 0)


def test_make_blobs_three_classes_seeded_and_balanced():
    X, y = nn.make_blobs(90, seed=1)
    assert X.shape == (90, 2) and y.shape == (90,)
    assert sorted(set(y.tolist())) == [0, 1, 2] and np.bincount(y).tolist() == [30, 30, 30]
    X2, y2 = nn.make_blobs(90, seed=1)
    assert (X == X2).all() and (y == y2).all()
    assert not (nn.make_blobs(90, seed=2)[0] == X).all()
    centres = [X[y == k].mean(axis=0) for k in range(3)]  # top, lower left, lower right
    assert centres[0][1] > 1 and centres[1][0] < -0.5 and centres[2][0] > 0.5
    assert np.bincount(nn.make_blobs(7, seed=0)[1]).tolist() == [3, 2, 2]


@pytest.mark.parametrize("kwargs, kind, words", [
    ({"n": 2}, ValueError, "n must be at least 3"), ({"n": 3.0}, TypeError, "whole number"),
    ({"noise": -0.1}, ValueError, "noise"), ({"noise": math.nan}, ValueError, "noise"),
    ({"noise": "0.5"}, TypeError, "noise"), ({"noise": True}, TypeError, "noise")])
def test_make_blobs_refuses_bad_arguments(kwargs, kind, words):
    with pytest.raises(kind, match=words):
        nn.make_blobs(**kwargs)


# --- plots.plot_classes: the picture of three regions ----------------------------------------

def three_way(p):
    """Class 0 on the left, 1 on the right, 2 high up."""
    return [-p[0], p[0], p[1] - 1]


def test_plot_classes_says_in_words_what_it_shows(monkeypatch):
    import matplotlib
    matplotlib.use("Agg")
    import plots
    said = []
    monkeypatch.setattr(plots, "show", lambda alt, fig: said.append(alt))
    plots.plot_classes(three_way, [[-1, 0], [1, 0], [0, 2], [1, 0.5]], [0, 1, 2, 0],
                       title="a test", steps=8)
    assert said and said[0].startswith("The regions (a test): ")
    assert "circles (class 0), squares (class 1), triangles (class 2)" in said[0]
    assert "3 of 4 points lie in their own class's region" in said[0]


def test_plot_classes_into_an_axes_shows_nothing(monkeypatch):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import plots
    monkeypatch.setattr(plots, "show", lambda alt, fig: pytest.fail("shown"))
    fig, ax = plt.subplots()
    plots.plot_classes(three_way, [[-1, 0], [1, 0]], [0, 1], ax=ax, steps=8)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == \
        ["class 0 (circles)", "class 1 (squares)"]
    plt.close(fig)


@pytest.mark.parametrize("labels", [[0, 1, 3], [0, 1.0, 2], [0, True, 2], [-1, 1, 1]])
def test_plot_classes_refuses_labels_that_are_not_class_indices(labels):
    import plots
    with pytest.raises(ValueError, match="class indices 0 to 2"):
        plots.plot_classes(three_way, [[-1, 0], [1, 0], [0, 2]], labels, steps=8)


def test_plot_classes_needs_two_or_three_scores():
    import plots
    with pytest.raises(ValueError, match="2 or 3 scores"):
        plots.plot_classes(lambda p: [1.0, 2.0, 3.0, 4.0], [[0, 0]], [0], steps=8)
