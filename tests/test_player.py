"""Tests for the players and the explorer: frames, gradients, determinism, self-contained HTML."""
import base64
import copy
import math
import random
import re
from html.parser import HTMLParser

import pytest

import explorer
import players
import viz
from engine import Value, linear, topological_order
from nn import MLP, hinge, make_moons


# --- graphs to play ---------------------------------------------------------------------------


def neuron():
    """o = tanh(x1 w1 + x2 w2 + b), every value labelled, as the lessons build it."""
    x1, x2 = Value(2.0, "x1"), Value(0.0, "x2")
    w1, w2, b = Value(-3.0, "w1"), Value(1.0, "w2"), Value(6.8813735870195432, "b")
    x1w1 = x1 * w1
    x1w1.label = "x1w1"
    x2w2 = x2 * w2
    x2w2.label = "x2w2"
    n = x1w1 + x2w2 + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    return o


def every_op():
    """One of each engine op, with a value used several times and unlabelled constants."""
    a, b = Value(1.5, "a"), Value(-0.5, "b")
    c = (a * b + a**2 - b / a).exp().log()
    d = linear([a, b], [2.0, c], Value(0.25, "bias"))  # one node: only _local has its slopes
    return (c.sigmoid() * d.relu() + (-a).tanh()) / 3


def twice():
    """b = a + a: the node used twice."""
    a = Value(3.0, "a")
    b = a + a
    b.label = "b"
    return b


def engine_grads(build):
    """Gradients of a freshly built graph after the engine's own backward(), in player order."""
    root = build()
    root.backward()
    return [v.grad for v in topological_order(root)]


# --- a closure-based Value, as the early lessons write it --------------------------------------


class CValue:
    """The lessons' first Value: each op leaves a _backward closure and no _local numbers."""

    def __init__(self, data, _children=(), _op="", label=""):
        self.data, self.grad, self.label = data, 0.0, label
        self._prev, self._op = tuple(_children), _op
        self._backward = lambda: None

    def __add__(self, other):
        out = CValue(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        out = CValue(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, k):
        out = CValue(self.data**k, (self,), f"**{k}")

        def _backward():
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = CValue(t, (self,), "tanh")

        def _backward():
            self.grad += (1 - t**2) * out.grad
        out._backward = _backward
        return out

    def exp(self):
        out = CValue(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    def relu(self):
        out = CValue(max(0.0, self.data), (self,), "ReLU")

        def _backward():
            self.grad += (out.data > 0) * out.grad
        out._backward = _backward
        return out

    def backward(self):
        topo = topological_order(self)
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()


def closure_graph(V):
    """The same expression for CValue and for engine.Value (V is the class)."""
    a, b, c = V(2.0, label="a"), V(-3.0, label="b"), V(0.5, label="c")
    d = a * b + c**2
    return ((d * a).tanh() + d.exp() + (b * c).relu()) * b


# --- the backward player -----------------------------------------------------------------------


@pytest.mark.parametrize("build", [neuron, every_op, twice])
def test_one_frame_per_node_in_backward_order(build):
    root = build()
    player = players.backward_player(root)
    assert len(player.frames) == len(topological_order(root))


@pytest.mark.parametrize("build", [neuron, every_op, twice])
def test_last_frame_has_the_gradients_backward_gives(build):
    frames = players.backward_player(build()).frames
    assert list(frames[-1].grads) == engine_grads(build)  # exactly: same sums, same order


def test_gradients_fill_in_step_by_step():
    root = neuron()
    frames = players.backward_player(root).frames
    topo = topological_order(root)
    # First frame: the root seeded with 1 and passed to its one child, n (the only input of tanh).
    assert frames[0].grads[-1] == 1.0
    assert [g != 0 for g in frames[0].grads] == [v in (root, *root._prev) for v in topo]
    # A node's gradient is final from the frame in which it runs its local backward step.
    final = frames[-1].grads
    for k, v in enumerate(reversed(topo)):
        i = topo.index(v)
        assert all(f.grads[i] == final[i] for f in frames[k:])


def test_a_zero_gradient_passes_nothing_even_through_an_infinite_slope():
    x = Value(0.0, "x")
    root = x**0.5 * 0.0  # d(x**0.5)/dx is infinite at 0, but its gradient is 0
    grads = players.backward_player(root).frames[-1].grads
    assert grads[0] == 0.0  # x: not inf × 0 = nan


def test_the_graph_is_not_touched():
    root = neuron()
    before = [(v.data, v.grad) for v in topological_order(root)]
    players.backward_player(root)
    players.forward_player(root)
    assert [(v.data, v.grad) for v in topological_order(root)] == before


def test_captions_say_what_happened():
    frames = players.backward_player(neuron()).frames
    by_node = {f.caption.split(" ")[0]: f.caption for f in frames[1:]}
    assert frames[0].caption.startswith("grad of o = 1, since ∂o/∂o = 1. o = tanh(n): ")
    assert "grad of n += (1 - o.data²) × grad of o" in frames[0].caption
    assert "grad of x1 += w1.data × grad of x1w1 (-3 × 0.5 = -1.5)" in by_node["x1w1"]
    assert "grad of w1 += x1.data × grad of x1w1" in by_node["x1w1"]
    assert by_node["x2"] == "x2 is an input: nothing to pass back; grad of x2 is 0.5."


def test_node_used_twice_adds_up_and_the_bug_overwrites():
    right = players.backward_player(twice()).frames[-1]
    wrong = players.backward_player(twice(), accumulate=False).frames[-1]
    assert right.grads == (2.0, 1.0) == tuple(engine_grads(twice))
    assert wrong.grads == (1.0, 1.0)  # = instead of +=: the second 1 replaced the first
    first_right = players.backward_player(twice()).frames[0].caption
    first_wrong = players.backward_player(twice(), accumulate=False).frames[0].caption
    assert "grad of a += 1 × grad of b" in first_right and "now 2" in first_right
    assert "grad of a = 1 × grad of b" in first_wrong and "overwriting the 1 there" in first_wrong


def test_closure_based_value_plays_like_the_engine():
    croot, eroot = closure_graph(CValue), closure_graph(Value)
    frames = players.backward_player(croot).frames
    assert len(frames) == len(topological_order(croot)) == len(topological_order(eroot))
    croot.backward()
    ours = [v.grad for v in topological_order(croot)]
    assert frames[-1].grads == pytest.approx(ours, rel=1e-12)
    assert frames[-1].grads == pytest.approx(engine_grads(lambda: closure_graph(Value)), rel=1e-12)
    # The same words, but each Value's own op names: the lesson's "ReLU", the engine's "relu".
    assert [f.caption.replace("ReLU", "relu") for f in frames] == [
        f.caption for f in players.backward_player(eroot).frames]


class Bare:
    """A Value with only what the first lessons' Values have: numbers, links, op names."""

    def __init__(self, data, prev=(), op="", label=""):
        self.data, self.grad, self._prev, self._op, self.label = data, 0.0, prev, op, label


def bare(root):
    """A copy of an engine graph without its _local numbers, so the player uses its rules."""
    made = {}
    for v in topological_order(root):
        made[v] = Bare(v.data, tuple(made[c] for c in v._prev), v._op, v.label)
    return made[root]


def test_every_rule_gives_the_engines_local_derivatives():
    a, b = Value(0.7, "a"), Value(-1.3, "b")
    root = ((a * b).exp() + (a**2).log() + b.tanh() + (a + b).sigmoid() + a.relu() + b.relu())
    frames = players.backward_player(bare(root)).frames
    root.backward()
    assert frames[-1].grads == pytest.approx([v.grad for v in topological_order(root)], rel=1e-12)


@pytest.mark.parametrize("op, local", [
    ("-", (1.0, -1.0)), ("/", (1 / -1.25, -0.5 / 1.25**2)), ("neg", (-1.0,))])
def test_rules_for_ops_the_engine_builds_from_others(op, local):
    kids = (Bare(0.5, label="x"), Bare(-1.25, label="y"))[:len(local)]
    grads = players.backward_player(Bare(0.0, kids, op, "z")).frames[-1].grads
    assert grads[:-1] == pytest.approx(local, rel=1e-15)


def test_an_op_without_local_derivatives_is_refused_by_name():
    a = CValue(2.0, label="a")
    odd = CValue(1.0, (a,), "sin")
    with pytest.raises(ValueError, match="'sin'"):
        players.backward_player(odd)


def test_not_a_value_is_refused():
    with pytest.raises(TypeError, match=r"backward_player needs a Value .*got float: 3.0"):
        players.backward_player(3.0)


def test_too_many_nodes_are_refused_with_the_count_and_the_limit():
    x = Value(0.0, "x")
    for _ in range(30):
        x = x + 1.0  # two nodes a step: the sum and the constant
    assert len(topological_order(x)) == 61
    with pytest.raises(ValueError, match=r"61 nodes, more than the limit of 60"):
        players.backward_player(x)
    with pytest.raises(ValueError, match=r"61 nodes, more than the limit of 60"):
        players.forward_player(x)
    with pytest.raises(ValueError, match="at most 60 frames, got 61"):
        players.frames_player(["<svg/>"] * 61, ["a frame"] * 61)


def test_every_frame_has_the_same_layout():
    # Numbers are padded per box, so the drawing keeps its size while gradients fill in.
    for player in (players.backward_player(every_op()), players.forward_player(every_op())):
        sizes = {re.search(r'<svg width="[^"]+" height="[^"]+"', f.svg).group()
                 for f in player.frames}
        assert len(sizes) == 1


# --- the forward player ------------------------------------------------------------------------


@pytest.mark.parametrize("build", [neuron, every_op, twice])
def test_forward_reveals_one_value_per_frame_in_topological_order(build):
    root = build()
    topo = topological_order(root)
    frames = players.forward_player(root).frames
    assert len(frames) == len(topo)
    for k, f in enumerate(frames):
        assert f.data == tuple(v.data if i <= k else None for i, v in enumerate(topo))


def test_forward_captions_show_the_computation():
    captions = [f.caption for f in players.forward_player(neuron()).frames]
    assert "x1w1 = x1 × w1 = 2 × (-3) = -6." in captions
    assert "x1 = 2: an input, given." in captions
    assert captions[-1] == "o = tanh(n) = tanh(0.8814) = 0.7071."


def test_forward_frames_grey_out_what_is_not_computed_yet():
    first, last = players.forward_player(twice()).frames  # a is given; then b = a + a
    unknown = re.compile(r'fill="#666666">data[^<]*\?[^<]*</text>')  # b: data ?, in grey
    assert unknown.search(first.svg)
    assert not unknown.search(last.svg) and "#666666" not in last.svg
    # not yet computed is said by more than colour: a dashed border (and "data ?")
    assert 'stroke-dasharray' in first.svg and 'stroke-dasharray' not in last.svg


# --- the HTML ----------------------------------------------------------------------------------


class _Tags(HTMLParser):
    """Checks that tags nest and close, and counts what the player is made of."""

    VOID = {"img", "br", "input"}

    def __init__(self):
        super().__init__()
        self.stack, self.count, self.srcs = [], {}, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        key = attrs.get("class", tag)
        self.count[key] = self.count.get(key, 0) + 1
        if "src" in attrs:
            self.srcs.append(attrs["src"])
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, f"</{tag}> closes nothing open"


def _parse(html):
    tags = _Tags()
    tags.feed(html)
    tags.close()
    assert tags.stack == [], f"left open: {tags.stack}"
    return tags


def some_players():
    x = Value(3.0, "x")
    y = x + x
    return [players.backward_player(neuron()), players.forward_player(every_op()),
            players.side_by_side(players.backward_player(y, accumulate=False),
                                 players.backward_player(y))]


@pytest.mark.parametrize("player", some_players(), ids=["backward", "forward", "side_by_side"])
def test_html_is_well_formed_with_every_frame_and_step(player):
    tags = _parse(player.html())
    n = len(player.frames)
    assert tags.count["gb-player"] == 1
    assert tags.count["gb-frame"] == n
    assert tags.count["li"] == n
    assert len(tags.srcs) == n * len(player.lanes)
    assert player._repr_html_() == player.html()


@pytest.mark.parametrize("player", some_players(), ids=["backward", "forward", "side_by_side"])
def test_html_has_no_external_urls(player):
    html = player.html()
    assert "http" not in html and "//" not in html.replace("://", "")  # no URL, no CDN
    for src in _parse(html).srcs:
        assert src.startswith("data:image/svg+xml;base64,")
        svg = base64.b64decode(src.split(",", 1)[1]).decode("utf-8")
        # Inside the pictures, only the XML namespace names (never fetched) mention http.
        assert "http" not in re.sub(r'xmlns(:\w+)?="http://www\.w3\.org/[^"]*"', "", svg)
        assert "<!DOCTYPE" not in svg and "<script" not in svg


def test_two_renders_are_byte_identical():
    assert players.backward_player(neuron()).html() == players.backward_player(neuron()).html()
    assert players.forward_player(every_op()).html() == players.forward_player(every_op()).html()
    assert repr(players.backward_player(neuron())) == "<Player: 10 frames: Backward pass from o>"


def test_ids_are_deterministic_and_differ_between_players():
    def pid(player):
        found = re.findall(r'id="(gb-[0-9a-f]{12})"', player.html())
        assert len(found) == 1
        return found[0]

    first, again = pid(players.backward_player(neuron())), pid(players.backward_player(neuron()))
    assert first == again
    assert first != pid(players.forward_player(neuron()))
    assert first != pid(players.backward_player(neuron(), accumulate=False))
    assert first in players.backward_player(neuron()).html().split("<script>")[1]


def test_without_scripts_the_first_frame_and_all_steps_still_show():
    # Where scripts never run (an untrusted notebook), what remains is the first frame, the
    # others behind a <details>, and every step in words.
    html = players.backward_player(neuron()).html()
    static = html.split("<script>")[0]
    assert static.index('class="gb-frame"') < static.index('<details class="gb-more">')
    assert "<summary>Show frames 2 to 10</summary>" in static
    assert "<button" not in html  # the script makes the buttons, so none is ever dead


def test_side_by_side_steps_together_and_needs_equal_lengths():
    x = Value(3.0, "x")
    y = x + x
    wrong, right = players.backward_player(y, accumulate=False), players.backward_player(y)
    both = players.side_by_side(wrong, right)
    assert [h for h, _ in both.lanes] == [wrong.title, right.title]
    html = both.html()
    assert html.count('class="gb-frame"') == 2 and html.count("<figure") == 4
    with pytest.raises(ValueError, match="same number of frames, got 2, 10"):
        players.side_by_side(right, players.backward_player(neuron()))


# --- frames and training -----------------------------------------------------------------------


def test_frames_player_takes_svg_graphs_and_figures():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0])
    player = players.frames_player([viz.draw_dot(twice()), fig, "<svg/>"], ["graph", "plot", "raw"])
    plt.close(fig)
    assert [f.caption for f in player.frames] == ["graph", "plot", "raw"]
    assert player.frames[0].svg == viz.draw_dot(twice()).svg()
    with pytest.raises(ValueError, match="3 pictures but 2 captions"):
        players.frames_player(["<svg/>"] * 3, ["a", "b"])
    with pytest.raises(TypeError, match="got int"):
        players.frames_player([3], ["three"])


def _train():
    random.seed(0)
    X, y = make_moons(12, noise=0.1, seed=0)
    model = MLP(2, [4, 1])
    losses, snapshots = [], []
    for k in range(6):
        loss = hinge([model(list(x)) for x in X], list(y))
        losses.append(loss.data)
        if k % 2 == 0:
            snapshots.append((k, copy.deepcopy(model)))
        model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data -= 0.1 * p.grad
    return snapshots, X, y, losses


def test_training_player_is_a_deterministic_film_of_the_snapshots():
    snapshots, X, y, losses = _train()
    player = players.training_player(snapshots, X, y, losses, grid=8)
    assert len(player.frames) == 3
    assert [f.caption for f in player.frames] == [
        f"step {k}: loss {losses[k]:.4f}" for k in (0, 2, 4)]
    html = player.html()
    assert html == players.training_player(snapshots, X, y, losses, grid=8).html()
    assert "http" not in html
    with pytest.raises(ValueError, match="step 9, but losses has steps 0 to 5"):
        players.training_player([(9, snapshots[0][1])], X, y, losses)


# --- the live explorer -------------------------------------------------------------------------


def _build(a, b):
    a, b = Value(a, "a"), Value(b, "b")
    c = a * b
    c.label = "c"
    return c + a


def test_explorer_shows_a_static_first_frame_and_a_widget():
    ex = explorer.explore(_build, a=(-3, 3, 0.5, 2.0), b=(-3, 3, 0.5, -1.0))
    bundle = ex._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html", "application/vnd.jupyter.widget-view+json"}
    assert bundle["text/plain"] == "<Explorer: sliders for a, b>"
    # What nbval compares is the same on every run; only the widget view (skipped) is not.
    again = explorer.explore(_build, a=(-3, 3, 0.5, 2.0), b=(-3, 3, 0.5, -1.0))._repr_mimebundle_()
    assert again["text/html"] == bundle["text/html"]
    assert "http" not in bundle["text/html"] and "<img" in bundle["text/html"]


def test_explorer_redraws_when_a_slider_moves():
    ex = explorer.explore(_build, a=(-3, 3, 0.5, 2.0), b=(-3, 3, 0.5, -1.0))
    view = ex.widget.children[-1]
    start = view.value
    ex.sliders["a"].value = -1.5
    assert view.value != start
    assert view.value == explorer.explore(_build, a=(-3, 3, 0.5, -1.5),
                                     b=(-3, 3, 0.5, -1.0)).widget.children[-1].value


def test_explorer_pictures_carry_the_backward_gradients():
    # The explorer's drawing is the backward player's last frame, without a highlighted node.
    ex = explorer.explore(_build, a=(-3, 3, 0.5, 2.0), b=(-3, 3, 0.5, -1.0))
    svg = base64.b64decode(re.search(r"base64,([^\"]+)", ex.widget.children[-1].value)
                           .group(1)).decode()
    root = _build(2.0, -1.0)
    root.backward()
    for v in topological_order(root):
        drawn = f"grad {viz.format_number(v.grad)}".replace("-", "&#45;")
        assert drawn in svg.replace("&#160;", "")
    assert 'stroke-width="3"' not in svg


def test_explorer_says_what_went_wrong_where_the_graph_was():
    ex = explorer.explore(lambda x: Value(x, "x").log(), x=(-1, 2, 0.5, 1.0))
    ex.sliders["x"].value = -0.5
    assert ex.widget.children[-1].value == (
        "<pre>ValueError: log is defined only for x &gt; 0, got x = -0.5</pre>")
    ex.sliders["x"].value = 2.0  # and it recovers
    assert "<img" in ex.widget.children[-1].value
    with pytest.raises(ValueError, match="log is defined only"):  # but a bad start is an error
        explorer.explore(lambda x: Value(x, "x").log(), x=(-1, 2, 0.5, -1.0))


@pytest.mark.parametrize("bad", [(0, 1, 0.1), (0, 1, 0.1, 2), (0, 1, 0, 0.5), 3.0])
def test_explorer_refuses_a_bad_range(bad):
    with pytest.raises(ValueError, match="a: a range is"):
        explorer.explore(_build, a=bad, b=(-3, 3, 0.5, -1.0))


# --- draw_dot is unchanged by the players ------------------------------------------------------


def test_draw_dot_still_draws_plain_records():
    root = twice()
    root.backward()
    source = viz.draw_dot(root).source
    assert 'label="a|data 3|grad 2"' in source
    assert "penwidth" not in source and viz.FADED not in source and "dashed" not in source
