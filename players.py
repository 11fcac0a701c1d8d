"""players.py: a pass through a graph shown one step at a time, as self-contained HTML.

backward_player (gradients filling in, node by node, with what happened in words),
forward_player (values computed in order), side_by_side (two passes stepping together),
frames_player (pictures made beforehand) and training_player (decision boundary and loss over
training snapshots). They need no kernel: they play in JupyterLab, in the static site and
offline.
"""
import hashlib
import io
import math
import re
from dataclasses import dataclass
from numbers import Real

import matplotlib.pyplot as plt

from engine import passes_nothing, topological_order  # backward's exact zeros, shared
from plots import plot_decision_boundary
from viz import (FONT, LABEL_CHARS, _check_rankdir, _check_value, _clean, _data_uri, _escape,
                 _graph, _h, fit, format_number, grad_color, label_text)

__all__ = ["Frame", "Player", "backward_player", "forward_player", "side_by_side",
           "frames_player", "training_player", "MAX_FRAMES"]

#
# A player is self-contained HTML: every frame's picture is an <img> holding its SVG as a data
# URI, with the caption under it, and a small inline script adds prev / play / next and a
# slider. Pictures are images, not inline <svg>, because JupyterLab strips <svg> (and every
# <script> and <style>) from the HTML of a notebook it does not trust; what is left then still
# reads well: the first frame, the other frames behind a <details>, and the list of steps in
# words. The same HTML steps through its frames in a trusted notebook, in the static site and
# offline. Nothing in it is random or depends on the machine, so nbval can compare it.

MAX_FRAMES = 60  # one frame per node: past this a player is too long to follow, and too heavy


@dataclass(frozen=True)
class Frame:
    """One step of a player: a picture (SVG text) and what happened, in words.

    Frames of a backward player also carry every node's gradient at that step, and frames of a
    forward player every value computed so far (None where not yet), both in topological order.
    """
    svg: str
    caption: str
    grads: tuple = None
    data: tuple = None


class Player:
    """Frames shown one at a time, with previous, play, next and a slider (see the note above).

    `lanes` holds (heading, frames) pairs; side_by_side makes a player of several lanes that
    step together, such as the wrong and the right backward pass of one graph.
    """

    def __init__(self, frames, title=""):
        frames = list(frames)
        if not isinstance(title, str):
            raise TypeError(f"a player's title is text (a str), got {type(title).__name__}: "
                            f"{title!r:.60}")
        if not frames:
            raise ValueError("a player needs at least one frame")
        if len(frames) > MAX_FRAMES:
            raise ValueError(f"a player shows at most {MAX_FRAMES} frames, got {len(frames)}")
        for k, f in enumerate(frames):
            if not isinstance(f, Frame):
                raise TypeError(f"frame {k + 1} of the player is a {type(f).__name__}, not a Frame")
            if not isinstance(f.caption, str):
                raise TypeError(f"caption {k + 1} is {type(f.caption).__name__} "
                                f"{f.caption!r:.60}; a caption is text (a str)")
        self.title = title
        self.lanes = [(title, frames)]

    @property
    def frames(self):
        return self.lanes[0][1]

    def __len__(self):
        return len(self.frames)

    def __repr__(self):
        return f"<Player: {len(self)} frames{': ' + self.title if self.title else ''}>"

    def _repr_html_(self):
        return self.html()

    def html(self):
        """The player as one HTML fragment; the same frames always give the same bytes."""
        n, many = len(self), len(self.lanes) > 1
        steps = [_step_html(k, n, [(h if many else "", fs[k]) for h, fs in self.lanes])
                 for k in range(n)]
        words = ["<br>".join(f"<b>{_h(h)}</b>: {_h(fs[k].caption)}" if many
                             else _h(fs[k].caption) for h, fs in self.lanes) for k in range(n)]
        # The id comes from the content, not from id() or chance: stable across runs, and
        # different players on one page never share one. (The same player shown twice does:
        # its script finds its own copy through document.currentScript, not by the id.)
        pid = "gb-" + hashlib.sha256("\0".join(steps + [self.title]).encode()).hexdigest()[:12]
        parts = [f'<div class="gb-player" id="{pid}" style="margin:0.5em 0">']
        if self.title:
            parts.append(f'<div style="font-weight:bold;margin:0.2em 0">{_h(self.title)}</div>')
        parts.append(steps[0])
        if n > 1:
            rest = "frame 2" if n == 2 else f"frames 2 to {n}"
            parts.append(f'<details class="gb-more"><summary>Show {rest}</summary>')
            parts.extend(steps[1:])
            parts.append("</details>")
        parts.append('<ol class="gb-list" style="margin:0.3em 0;padding-left:2.5em">')
        parts.extend(f"<li>{w}</li>" for w in words)
        parts.append("</ol>")
        parts.append(f"<script>{_PLAYER_JS.replace('PID', pid)}</script></div>")
        return "\n".join(parts)


def _step_html(k, n, panels):
    """One frame of the player: each lane's picture, with its heading above and caption below.

    Lanes share the width equally and never wrap: side by side means side by side, each
    picture shrunk to its share (lanes drawn for it stay legible at half a column).
    """
    figs = []
    for heading, frame in panels:
        head = f'<div style="font-weight:bold">{_h(heading)}</div>' if heading else ""
        alt = f"{heading + ': ' if heading else ''}the graph at step {k + 1} of {n}"
        cap = f"{k + 1} of {n}: {frame.caption}"
        figs.append(f'<figure style="margin:0;flex:1 1 0;min-width:0">{head}'
                    f'<img src="{_data_uri(frame.svg)}" alt="{_h(alt)}" '
                    'style="max-width:100%;height:auto">'
                    f"<figcaption>{_h(cap)}</figcaption></figure>")
    return ('<div class="gb-frame" style="display:flex;gap:1em;'
            f'align-items:flex-start;margin:0.3em 0">{"".join(figs)}</div>')


# Builds the controls, so that where scripts do not run there are no dead buttons. Finds its
# player through document.currentScript (JupyterLab re-creates scripts in place), and keeps its
# state on the element itself, not in an attribute a copied output would carry. The captions
# under the pictures give way to one caption region that screen readers announce (aria-live)
# as the step changes; the controls are labelled buttons and a slider, all reachable by Tab,
# and the arrow keys step while focus is in the player (on the slider, its own arrows do).
# With prefers-reduced-motion, play holds each step three times as long.
_PLAYER_JS = """(function () {
  var me = document.currentScript, root = (me && me.parentNode) || document.getElementById("PID");
  if (!root || root._gbPlayer) return;
  root._gbPlayer = true;
  var frames = root.querySelectorAll(".gb-frame"), items = root.querySelectorAll(".gb-list li");
  var more = root.querySelector(".gb-more"), list = root.querySelector(".gb-list");
  var n = frames.length, k = 0, timer = null;
  var calm = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  if (more) { more.open = true; more.querySelector("summary").style.display = "none"; }
  function make(tag, text, label) {
    var e = document.createElement(tag); e.textContent = text || "";
    if (label) e.setAttribute("aria-label", label);
    if (tag === "button") e.type = "button";
    return e;
  }
  var bar = make("div"), prev = make("button", "\\u25c0 prev", "previous step");
  var play = make("button", "\\u25b6 play", "play the steps");
  var next = make("button", "next \\u25b6", "next step");
  var slider = make("input", "", "step"), count = make("span"), said = make("div");
  slider.type = "range"; slider.min = 1; slider.max = n; slider.value = 1;
  bar.style.cssText = "display:flex;gap:0.5em;align-items:center;margin:0.3em 0";
  [prev, play, next, slider, count].forEach(function (e) { bar.appendChild(e); });
  frames[0].parentNode.insertBefore(bar, frames[0]);
  said.setAttribute("aria-live", "polite");
  frames[n - 1].parentNode.insertBefore(said, frames[n - 1].nextSibling);
  root.querySelectorAll("figcaption").forEach(function (c) { c.style.display = "none"; });
  list.style.cssText += ";max-height:9em;overflow:auto;position:relative";
  function show(j) {
    k = Math.max(0, Math.min(n - 1, j));
    for (var i = 0; i < n; i++) {
      frames[i].style.display = i === k ? "flex" : "none";
      items[i].style.fontWeight = i === k ? "bold" : "";
      items[i].style.background = i === k ? "rgba(255, 200, 0, 0.3)" : "";
    }
    slider.value = k + 1;
    count.textContent = (k + 1) + " of " + n;
    said.innerHTML = "";
    said.appendChild(document.createTextNode((k + 1) + " of " + n + ": "));
    Array.prototype.forEach.call(items[k].childNodes, function (c) {
      said.appendChild(c.cloneNode(true));
    });
    list.scrollTop = items[k].offsetTop - list.clientHeight / 2;
  }
  function stop() {
    clearInterval(timer); timer = null;
    play.textContent = "\\u25b6 play"; play.setAttribute("aria-label", "play the steps");
  }
  function go(j) { stop(); show(j); }
  prev.onclick = function () { go(k - 1); };
  next.onclick = function () { go(k + 1); };
  slider.oninput = function () { go(slider.value - 1); };
  play.onclick = function () {
    if (timer) return stop();
    if (k === n - 1) show(0);
    play.textContent = "\\u275a\\u275a pause"; play.setAttribute("aria-label", "pause");
    timer = setInterval(function () {
      if (k === n - 1 || !root.isConnected) stop(); else show(k + 1);
    }, calm ? 3000 : 1000);
  };
  Array.prototype.forEach.call(items, function (li, i) {
    li.style.cursor = "pointer"; li.onclick = function () { go(i); };
  });
  root.onkeydown = function (e) {
    if (e.target === slider) return;
    if (e.key === "ArrowLeft") go(k - 1); else if (e.key === "ArrowRight") go(k + 1); else return;
    e.preventDefault();
  };
  show(0);
})();"""


# Local derivatives by op, for Values that do not store them (the notebooks' closure-based
# Value): d out / d child for each child, from the output's data `o` and the children's data
# `x`, and the same in words, from the output's name `o` and the children's names `x`.
# engine.Value stores the numbers in `_local`; only the words come from here then.
_RULES = {
    "+": (lambda o, x: [1.0] * len(x), lambda o, x: ["1"] * len(x)),
    "-": (lambda o, x: [1.0, -1.0], lambda o, x: ["1", "-1"]),
    "*": (lambda o, x: [x[1], x[0]], lambda o, x: [f"{x[1]}.data", f"{x[0]}.data"]),
    "/": (lambda o, x: [1 / x[1], -x[0] / x[1] ** 2],
          lambda o, x: [f"1 / {x[1]}.data", f"-{x[0]}.data / {x[1]}.data²"]),
    "neg": (lambda o, x: [-1.0], lambda o, x: ["-1"]),
    "exp": (lambda o, x: [o], lambda o, x: [f"{o}.data"]),  # e^x is its own slope
    "log": (lambda o, x: [1 / x[0]], lambda o, x: [f"1 / {x[0]}.data"]),
    "tanh": (lambda o, x: [1 - o * o], lambda o, x: [f"(1 - {o}.data²)"]),
    "sigmoid": (lambda o, x: [o * (1 - o)], lambda o, x: [f"{o}.data × (1 - {o}.data)"]),
    "relu": (lambda o, x: [1.0 if x[0] > 0 else 0.0],
             lambda o, x: [f"(1 if {x[0]}.data > 0 else 0)"]),
}


def _power(op):
    """k for an op named like '**2' or '**-1' (x to a constant power k), else None."""
    try:
        return float(op[2:]) if op.startswith("**") else None
    except ValueError:
        return None


def _local(v, names):
    """(d v / d child, the same in words) for each child of v, in `_prev` order."""
    kids, op = v._prev, v._op
    if not kids:
        return []
    rule, k = _RULES.get(op.lower()), _power(op)
    if k is not None:  # x**k: k x^(k-1)
        rule = (lambda o, x: [k * x[0] ** (k - 1)],
                lambda o, x: [f"{k:g} × {x[0]}.data**{k - 1:g}"])
    numbers = getattr(v, "_local", None)
    if numbers is None:  # a Value with a _backward closure: work the numbers out from the op
        if rule is None:
            raise ValueError(
                f"the player does not know the local derivatives of op {op!r} (at "
                f"{names[v]}); it knows {', '.join(_RULES)} and **k, or any op whose Value "
                "stores them in `_local`")
        numbers = rule[0](v.data, [c.data for c in kids])
    if len(numbers) != len(kids):
        raise ValueError(f"op {op!r} at {names[v]} has {len(kids)} children "
                         f"but {len(numbers)} local derivatives")
    if rule is not None and (op not in ("-", "*", "/") or len(kids) == 2):
        words = rule[1](names[v], [names[c] for c in kids])
    else:  # an op without a rule (such as w·x+b): name the derivative
        words = [f"∂{names[v]}/∂{names[c]}" for c in kids]
    return list(zip(numbers, words))


def _formula(op, parts):
    """How a node is computed from its children (their names, or their numbers)."""
    if op in ("+", "*") or op in ("-", "/") and len(parts) == 2:
        later = [f"({p})" if p.startswith("-") else p for p in parts[1:]]
        return f" {'×' if op == '*' else op} ".join([parts[0], *later])
    if _power(op) is not None:
        return f"{parts[0]}{op}"
    if op == "neg":
        return f"-{parts[0]}"
    return f"{op}({', '.join(parts)})"


def _num(x):
    """A number as the drawings show it (format_number: short, never -0), or ? if not known."""
    return "?" if x is None else format_number(x)


def _name(label, i):
    """How words name a node: its label, bracketed if it is an expression ("(a*b + c)")."""
    label = _clean(label, LABEL_CHARS)
    if not label:
        return f"#{i}"
    return f"({label})" if any(ch in label for ch in " +-*/·") else label


def _operand(x):
    """A number after an operator: a negative one in brackets, so `2 × (-3)` reads right."""
    return f"({_num(x)})" if x < 0 else _num(x)


class _Pass:
    """A graph read once for a player: its nodes in order, their names, and its limit check."""

    def __init__(self, root, what, limit=MAX_FRAMES, why="draws one frame per node"):
        _check_value(root, what)
        self.topo = topological_order(root)
        if len(self.topo) > limit:
            raise ValueError(
                f"{what} {why}: this graph has {len(self.topo)} nodes, more than the limit of "
                f"{limit}. Try a smaller expression, or draw_dot(root) for a single picture.")
        self.index = {v: i for i, v in enumerate(self.topo)}
        # A value without a label is called by its place in the order, so words can name it.
        self.names = {v: _name(getattr(v, "label", ""), i) for v, i in self.index.items()}
        for v in reversed(self.topo):  # the output first: its message shows its children
            if not isinstance(v._prev, (tuple, list)):
                raise TypeError(
                    f"{what}: the value {self.names[v]} keeps its children in a "
                    f"{type(v._prev).__name__} (_prev = {v._prev!r:.60}). A set keeps a node "
                    "used twice only once (a + a loses one a) and has no fixed order, so the "
                    "steps would be wrong; keep them in a tuple: self._prev = tuple(_children)")
            for what_, x in (("data", v.data), ("grad", getattr(v, "grad", 0.0))):
                if isinstance(x, bool) or not isinstance(x, Real):
                    raise TypeError(f"{what}: the value {self.names[v]} has {what_} {x!r:.40} "
                                    f"({type(x).__name__}), not a number")

    def frames(self, states, rankdir, focus=True):
        """A Frame per state (node in focus, data, grads, caption), all laid out alike.

        Each number is padded to the widest text its box shows in any frame, so every box keeps
        its size, Graphviz lays every frame out the same, and nothing jumps between steps.
        Colours share one scale, the largest finite gradient of any frame, for the same reason.
        With rankdir "auto" the direction is chosen once, on the last frame, for all of them.
        """
        cells = [[(_num(d), _num(None if d is None else g)) for d, g in zip(data, grads)]
                 for _, data, grads, _ in states]
        widths = [(max(len(c[i][0]) for c in cells), max(len(c[i][1]) for c in cells))
                  for i in range(len(self.topo))]
        scale = max((abs(g) for _, _, grads, _ in states for g in grads if math.isfinite(g)),
                    default=0.0)

        def graph(state, texts, direction):
            v, data, grads, _ = state
            fields, fills = {}, {}
            for u, i in self.index.items():
                (dw, gw), (d, g) = widths[i], texts[i]
                fields[u] = [label_text(getattr(u, "label", "")), f"data {_pad(d, dw)}",
                             f"grad {_pad(g, gw)}"]
                fills[u] = grad_color(grads[i], scale) if data[i] is not None else "#ffffff"
            faded = {u for u, i in self.index.items() if data[i] is None}
            return _graph(self.topo, self.index, fields, fills, direction,
                          focus=v if focus else None, faded=faded)

        if rankdir == "auto":
            rankdir = fit(lambda r: graph(states[-1], cells[-1], r), "auto").graph_attr["rankdir"]
        return [Frame(_compact(graph(state, texts, rankdir).svg()), state[3], tuple(state[2]),
                      tuple(state[1])) for state, texts in zip(states, cells)]


def _compact(svg):
    """Graphviz's SVG about a third smaller, for players that hold dozens of them.

    Ids, classes and tooltips go (nothing in the picture refers to them), and the text style
    that every label repeats is said once, on <svg>, where every <text> inherits it.
    """
    style = f' xml:space="preserve" text-anchor="middle" font-family="{FONT},monospace" ' \
            'font-size="12.00"'
    svg = re.sub(r' (?:id|class)="[^"]*"|<title>.*?</title>\n?', "", svg)
    svg = svg.replace(' xml:space="preserve" text-anchor="middle"', "")
    svg = svg.replace(f' font-family="{FONT},monospace" font-size="12.00"', "")
    return re.sub(r"<svg\b[^>]*", lambda m: m.group() + style, svg, count=1)


def _pad(text, width):
    """A number right-aligned in its box (a "?" centred), padded with escaped blanks, which
    Graphviz keeps."""
    left = width - len(text) if text != "?" else (width - 1) // 2
    return "\\ " * left + _escape(text) + "\\ " * (width - len(text) - left)


def _backward_states(p, accumulate=True):
    """The backward pass replayed on copies of the numbers: one state per node, root first.

    Frame k is the moment just after node k (in reversed topological order) has passed its
    gradient to its children, so its own gradient is complete. The first frame also seeds the
    root's gradient with 1. With accumulate=False each child's gradient is set with = instead
    of added with +=: the bug that loses all but the last contribution of a node used twice.
    """
    topo, index, names = p.topo, p.index, p.names
    data = [v.data for v in topo]
    grads = [0.0] * len(topo)
    grads[-1] = 1.0
    states = []
    for v in reversed(topo):
        i, name = index[v], names[v]
        g = grads[i]
        said = [f"grad of {name} = 1, since ∂{name}/∂{name} = 1."] if v is topo[-1] else []
        if not v._prev:
            said.append(f"{name} is an input: nothing to pass back; grad of {name} is {_num(g)}.")
        else:
            said.append(f"{name} = {_formula(v._op, [names[c] for c in v._prev])}:")
        for c, (d, words) in zip(v._prev, _local(v, names)):
            j, before = index[c], grads[index[c]]
            # engine.backward's two exact zeros: 0 into a finite node passes on nothing, and
            # an off relu (or x**0) passes on 0 even when inf or nan arrives
            share = 0.0 if passes_nothing(v, g) else d * g
            grads[j] = before + share if accumulate else share  # the chain rule, one edge
            sign = "+=" if accumulate else "="
            note = ""
            if before != 0:
                note = (f", adding to the {_num(before)} there: now {_num(grads[j])}" if accumulate
                        else f", overwriting the {_num(before)} there")
            said.append(f"grad of {names[c]} {sign} {words} × grad of {name} "
                        f"({_num(d)} × {_operand(g)} = {_num(share)}{note});")
        states.append((v, data, list(grads), " ".join(said).rstrip(";") + ("." if v._prev else "")))
    return states


def backward_player(root, accumulate=True, rankdir=None, title=None):
    """Watch backpropagation: one frame per node, from `root` back to the inputs.

    Frame k highlights the node whose local backward step runs at step k and shows every
    gradient filled in so far, with a sentence saying what happened ("grad of a += b.data ×
    grad of c"). The last frame's gradients are those root.backward() gives. The pass is
    replayed on copies of the numbers: the graph's own `.grad`s are not touched.

    Works for engine.Value (local derivatives stored in `_local`) and for the notebooks' own
    Value with `_backward` closures, whose ops it knows by name (+ - * / ** exp log tanh
    sigmoid relu). `accumulate=False` shows the = instead of += bug; put it next to the right
    one with side_by_side. Graphs of more than MAX_FRAMES nodes are refused. `rankdir` is as
    for draw_dot: by default left to right, or top to bottom where that is narrower and left to
    right would be too wide to read.
    """
    rankdir = _check_rankdir(rankdir, auto=True)
    p = _Pass(root, "backward_player")
    name = p.names[root]
    if title is None:
        title = (f"Backward pass from {name}" if accumulate
                 else f"Backward pass from {name}, with = instead of +=")
    return Player(p.frames(_backward_states(p, accumulate), rankdir), title)


def forward_player(root, rankdir=None, title=None):
    """Watch the forward pass: one frame per node, values computed in topological order.

    Values not computed yet are grey, with `data ?`; frame k computes node k from its children
    (already there) and says how ("c = a × b = 2 × (-3) = -6"). `rankdir` as for draw_dot.
    """
    rankdir = _check_rankdir(rankdir, auto=True)
    p = _Pass(root, "forward_player")
    states = []
    for i, v in enumerate(p.topo):
        data = [u.data if j <= i else None for j, u in enumerate(p.topo)]
        name = p.names[v]
        if v._prev:
            how = _formula(v._op, [p.names[c] for c in v._prev])
            nums = _formula(v._op, [_num(c.data) for c in v._prev])
            caption = f"{name} = {how} = {nums} = {_num(v.data)}."
        else:
            caption = f"{name} = {_num(v.data)}: an input, given."
        states.append((v, data, [0.0] * len(p.topo), caption))
    title = f"Forward pass to {p.names[root]}" if title is None else title
    return Player(p.frames(states, rankdir), title)


def side_by_side(*players, title=""):
    """One player showing several players' frames next to each other, stepping together.

    For example the node-used-twice bug: side_by_side(backward_player(L, accumulate=False),
    backward_player(L)). Each player's title heads its column.
    """
    if not players:
        raise ValueError("side_by_side needs at least one player")
    for k, q in enumerate(players):
        if not isinstance(q, Player):
            raise TypeError(f"side_by_side takes players (backward_player(...), say); argument "
                            f"{k + 1} is {type(q).__name__}: {q!r:.60}")
    if len({len(q) for q in players}) > 1:
        raise ValueError("side_by_side needs players with the same number of frames, got "
                         + ", ".join(str(len(q)) for q in players))
    both = Player(players[0].frames, title)
    both.lanes = [lane for q in players for lane in q.lanes]
    return both


def frames_player(pictures, captions, title=""):
    """A player of pictures made beforehand: SVG text, draw_dot graphs or matplotlib figures."""
    pictures, captions = list(pictures), list(captions)
    if len(pictures) != len(captions):
        raise ValueError(f"got {len(pictures)} pictures but {len(captions)} captions")
    for k, c in enumerate(captions):
        if not isinstance(c, str):
            raise TypeError(f"frames_player: caption {k + 1} is {type(c).__name__} {c!r:.60}; "
                            "a caption is text (a str)")
    return Player([Frame(_as_svg(p), c) for p, c in zip(pictures, captions)], title)


def _as_svg(picture):
    if isinstance(picture, str):
        return picture
    if hasattr(picture, "svg"):  # a Graph from draw_dot
        return picture.svg()
    if hasattr(picture, "savefig"):  # a matplotlib figure
        return _figure_svg(picture)
    raise TypeError(f"a picture is SVG text, a draw_dot graph or a matplotlib figure, "
                    f"got {type(picture).__name__}")


def _figure_svg(fig):
    """A matplotlib figure as SVG text that is the same on every run (no date, fixed ids)."""
    out = io.StringIO()
    with plt.rc_context({"svg.hashsalt": "gradbook", "svg.fonttype": "path"}):
        fig.savefig(out, format="svg",
                    metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    return out.getvalue()


def training_player(snapshots, X, y, losses, grid=30, title="Training, step by step"):
    """Watch training without re-running it: decision boundary and loss curve, per snapshot.

    `snapshots` is a list of (step, model) pairs taken while training, each model a copy
    (copy.deepcopy(model)) taken after computing losses[step] and before that step's update,
    so it is the model that had that loss. `model` is called like plot_decision_boundary's;
    `grid` is the number of points per side where it is evaluated. Each frame is an SVG of some
    40 kB: ten snapshots or so make a smooth enough film.
    """
    snapshots = list(snapshots)
    pictures, captions = [], []
    for step, model in snapshots:
        if not 0 <= step < len(losses):
            raise ValueError(f"a snapshot at step {step}, but losses has steps 0 to "
                             f"{len(losses) - 1}")
        fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.2))
        plot_decision_boundary(model, X, y, ax=left, title=f"step {step}", steps=grid)
        right.plot(range(len(losses)), losses, color="0.85")  # the whole run, faint, fixes axes
        right.plot(range(step + 1), losses[:step + 1], color="C0")
        right.plot([step], [losses[step]], "o", color="C0")
        right.set_title("loss")
        right.set_xlabel("step")
        right.grid(alpha=0.3)
        fig.tight_layout()
        pictures.append(_figure_svg(fig))
        plt.close(fig)  # drawn into the player only, never shown on its own
        captions.append(f"step {step}: loss {losses[step]:.4f}")
    return frames_player(pictures, captions, title)
