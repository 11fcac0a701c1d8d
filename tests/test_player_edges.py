"""Players and the explorer for everyone: misuse answered clearly, edge values drawn, controls
that a keyboard and a screen reader can use, and lanes that stay side by side."""
import base64
import html
import math
import re

import pytest

import explorer
import players
from engine import Value, topological_order


def twice():
    a = Value(3.0, "a")
    b = a + a
    b.label = "b"
    return b


class SetValue:
    """The original micrograd's Value keeps its children in a set."""

    def __init__(self, data, children=(), op="", label=""):
        self.data, self.grad, self.label = data, 0.0, label
        self._prev, self._op = set(children), op

    def __add__(self, other):
        return SetValue(self.data + other.data, (self, other), "+")

    def __mul__(self, other):
        return SetValue(self.data * other.data, (self, other), "*")


# --- misuse -------------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [lambda a: a + a, lambda a: a * a], ids=["a + a", "a * a"])
@pytest.mark.parametrize("player", [players.backward_player, players.forward_player])
def test_a_value_with_a_set_of_children_is_refused(make, player):
    a = SetValue(3.0, label="a")
    with pytest.raises(TypeError) as e:
        player(make(a))
    message = str(e.value)
    assert "keeps its children in a set" in message and "_prev = {" in message
    assert "tuple(_children)" in message and player.__name__ in message


@pytest.mark.parametrize("title", [3, None, ["t"]])
def test_a_title_that_is_not_text_is_named(title):
    frames = players.backward_player(twice()).frames
    with pytest.raises(TypeError) as e:
        players.Player(frames, title=title)
    assert "title" in str(e.value) and repr(title) in str(e.value)


def test_a_title_given_to_a_player_function_is_checked_too():
    with pytest.raises(TypeError, match=r"title .*int: 7"):
        players.backward_player(twice(), title=7)
    with pytest.raises(TypeError, match=r"title .*float: 2.0"):
        players.side_by_side(players.backward_player(twice()), title=2.0)


@pytest.mark.parametrize("caption", [None, 3, b"x"])
def test_a_caption_that_is_not_text_is_named(caption):
    with pytest.raises(TypeError) as e:
        players.frames_player(["<svg/>", "<svg/>"], ["fine", caption])
    assert "caption 2" in str(e.value) and repr(caption) in str(e.value)


@pytest.mark.parametrize("other", [3, twice(), "<svg/>"])
def test_side_by_side_needs_players(other):
    with pytest.raises(TypeError) as e:
        players.side_by_side(players.backward_player(twice()), other)
    assert "argument 2" in str(e.value) and type(other).__name__ in str(e.value)


def test_a_value_whose_data_is_not_a_number_is_named():
    class Odd:
        def __init__(self, data, prev=(), op="", label=""):
            self.data, self.grad, self._prev, self._op, self.label = data, 0.0, prev, op, label

    with pytest.raises(TypeError) as e:
        players.forward_player(Odd(1.0, (Odd("2", label="x"),), "neg", "y"))
    assert "forward_player" in str(e.value) and "x" in str(e.value) and "'2'" in str(e.value)


# --- edge values --------------------------------------------------------------------------------


def svgs(player):
    return [html.unescape(f.svg).replace("\xa0", " ") for f in player.frames]


def test_nan_and_inf_are_drawn_and_said():
    x = Value(0.0, "x")
    y = x**0.5
    y.label = "y"
    frames = players.backward_player(y).frames
    assert math.isinf(frames[-1].grads[0])
    assert "grad inf" in svgs(players.backward_player(y))[-1]
    assert "grad of x += " in frames[0].caption and "= inf" in frames[0].caption
    n = Value(math.nan, "n") * 2.0
    assert "data nan" in svgs(players.forward_player(n))[-1]


def test_negative_numbers_keep_their_sign_in_every_frame():
    # The sign is readable without colour: every negative number is written with its minus.
    a, b = Value(-2.0, "a"), Value(3.0, "b")
    g = a * b
    g.label = "g"
    last = svgs(players.backward_player(g))[-1]
    assert re.search(r"data\s+-2\b", last) and re.search(r"grad\s+3\b", last)
    assert re.search(r"grad\s+-2\b", last) and re.search(r"data\s+-6\b", last)


# --- the explorer ---------------------------------------------------------------------------------


def _build(a, b):
    return Value(a, "a") * Value(b, "b")


@pytest.mark.parametrize("bad", [(math.nan, 1, 0.1, 0.5), (0, math.inf, 0.1, 0.5),
                                 (0, 1, math.nan, 0.5), (0, 1, 0.1, "0.5")])
def test_explore_refuses_a_range_that_is_not_finite(bad):
    with pytest.raises(ValueError) as e:
        explorer.explore(_build, a=bad, b=(-3, 3, 0.5, 1.0))
    assert str(e.value).startswith("a: a range is") and repr(bad)[:12] in str(e.value)


def test_explore_over_the_limit_speaks_of_drawings_not_frames():
    def big(a):
        x = Value(a, "x")
        for _ in range(40):
            x = x + 1.0
        return x

    with pytest.raises(ValueError) as e:
        explorer.explore(big, a=(0, 1, 0.5, 0.0))
    assert "frame" not in str(e.value)
    assert "explore redraws the whole graph" in str(e.value) and "81 nodes" in str(e.value)


# --- for everyone ---------------------------------------------------------------------------------


def script(player):
    return player.html().split("<script>")[1]


def test_controls_are_labelled_buttons_made_by_the_script():
    html_ = players.backward_player(twice()).html()
    static, js = html_.split("<script>")
    assert "<button" not in html_  # none in the HTML: where scripts do not run, none is dead
    # named by their visible words (speech users say what they see); the arrows are not read
    for arrow, word in (("\\u25c0", "prev"), ("\\u25b6", "play"), ("\\u25b6", "next")):
        assert f'button("{arrow}", "{word}"' in js
    assert 'a.setAttribute("aria-hidden", "true")' in js and 'b.type = "button"' in js
    assert 'aria-label", "previous' not in js and "play the steps" not in js
    assert 'slider.setAttribute("aria-label", "step")' in js  # the slider has no visible words
    assert 'tabindex="0"' not in static  # buttons take focus themselves, with their outline
    # the scrolling list of steps takes focus too, and the focus ring shows, in forced colours
    assert 'list.setAttribute("tabindex", "0")' in js and ":focus-visible{outline:3px" in js
    assert "@media (forced-colors:active)" in js and 'setAttribute("aria-current", "step")' in js


def test_the_caption_region_is_announced():
    js = script(players.backward_player(twice()))
    assert 'said.setAttribute("aria-live", "polite")' in js
    assert 'said.textContent = (k + 1) + " of " + n + ": " + items[k].textContent' in js


def test_play_respects_reduced_motion():
    js = script(players.backward_player(twice()))
    assert 'matchMedia("(prefers-reduced-motion: reduce)")' in js
    assert "calm ? 3000 : 1000" in js


def test_without_scripts_each_frame_keeps_its_caption():
    static = players.backward_player(twice()).html().split("<script>")[0]
    assert static.count('<figcaption aria-hidden="true">') == 2
    assert "1 of 2: grad of b = 1" in static


def test_each_frames_text_alternative_is_its_caption():
    p = players.backward_player(twice())
    alts = re.findall(r'<img src="[^"]+" alt="([^"]+)"', p.html())
    assert [html.unescape(a) for a in alts] == [f"{k + 1} of 2: {f.caption}"
                                                for k, f in enumerate(p.frames)]
    both = players.side_by_side(players.backward_player(twice(), accumulate=False), p)
    alts = [html.unescape(a) for a in re.findall(r'alt="([^"]+)"', both.html())]
    assert alts[0].startswith("Backward pass from b, with = instead of +=, 1 of 2: grad of b")


def test_lanes_share_the_width_and_never_wrap():
    both = players.side_by_side(players.backward_player(twice(), accumulate=False),
                                players.backward_player(twice()))
    out = both.html()
    frames = re.findall(r'<div class="gb-frame" style="([^"]*)"', out)
    assert frames and all("display:flex" in f and "wrap" not in f for f in frames)
    assert out.count('<figure style="margin:0;flex:1 1 0;min-width:0">') == 4
    for src in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', out):
        assert "<svg width=" in base64.b64decode(src).decode()
    assert out.count('style="max-width:100%;height:auto"') == 4


@pytest.mark.parametrize("build", [
    lambda x: x.relu() ** 0.5,  # inf arrives at an off relu: it passes on exactly 0
    lambda x: (x * 0.0 + 1.0) ** 0.5 * 0.0,  # a zero grad into a finite node passes nothing
    lambda x: (x + math.nan) * 2.0,  # nan flows down as nan
])
def test_the_last_frame_agrees_with_backward_on_inf_and_nan(build):
    x = Value(-1.0, label="x")
    root = build(x)
    grads = players.backward_player(root).frames[-1].grads
    root.backward()
    expected = [v.grad for v in topological_order(root)]
    assert [repr(g) for g in grads] == [repr(g) for g in expected]
