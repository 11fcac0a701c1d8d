"""players.py: a pass through a graph shown one step at a time, as self-contained HTML.

backward_player (gradients filling in, node by node, with what happened in words),
forward_player (values computed in order), side_by_side (two passes stepping together),
frames_player (pictures made beforehand) and training_player (decision boundary and loss over
training snapshots). They need no kernel: they play in JupyterLab, in the static site and
offline. The steps themselves, numbers and words, come from replay.py; this file draws them
and serves the controls (players.js, beside it).
"""
import hashlib
import html
import math
import re
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt

from graph_text import label_text, record_escape
from plots import figure_svg, plot_decision_boundary
from replay import MAX_STEPS, Replay, backward_steps, forward_steps, number
from viz import FONT, build_graph, check_rankdir, fit, grad_color, svg_data_uri

__all__ = ["Frame", "Player", "backward_player", "forward_player", "side_by_side",
           "frames_player", "training_player", "draw_steps", "MAX_FRAMES"]

#
# A player is self-contained HTML: every frame's picture is an <img> holding its SVG as a data
# URI, with the caption under it, and a small inline script adds prev / play / next and a
# slider. Pictures are images, not inline <svg>, because JupyterLab strips <svg> (and every
# <script> and <style>) from the HTML of a notebook it does not trust; what is left then still
# reads well: the first frame, the other frames behind a <details>, and the list of steps in
# words. The same HTML steps through its frames in a trusted notebook, in the static site and
# offline. Nothing in it is random or depends on the machine, so nbval can compare it.

MAX_FRAMES = MAX_STEPS  # one frame per node: past this a player is too long to follow
# The script of every player, without its opening comments (they are for readers of the file).
PLAYER_JS = Path(__file__).with_name("players.js").read_text(encoding="utf-8")
PLAYER_JS = PLAYER_JS[PLAYER_JS.index("(function"):]


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


def _h(text):
    return html.escape(text, quote=True)


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
        parts.append(f"<script>{PLAYER_JS.replace('PID', pid)}</script></div>")
        return "\n".join(parts)


def _step_html(k, n, panels):
    """One frame of the player: each lane's picture, with its heading above and caption below.

    Lanes share the width equally and never wrap: side by side means side by side, each
    picture shrunk to its share (lanes drawn for it stay legible at half a column).
    The picture's text alternative is its caption (the figcaption under it says the same, so
    it is hidden from screen readers, which would read it twice).
    """
    figs = []
    for heading, frame in panels:
        head = f'<div style="font-weight:bold">{_h(heading)}</div>' if heading else ""
        cap = f"{k + 1} of {n}: {frame.caption}"
        alt = f"{heading}, {cap}" if heading else cap
        figs.append(f'<figure style="margin:0;flex:1 1 0;min-width:0">{head}'
                    f'<img src="{svg_data_uri(frame.svg)}" alt="{_h(alt)}" '
                    'style="max-width:100%;height:auto">'
                    f'<figcaption aria-hidden="true">{_h(cap)}</figcaption></figure>')
    return ('<div class="gb-frame" style="display:flex;gap:1em;'
            f'align-items:flex-start;margin:0.3em 0">{"".join(figs)}</div>')


def draw_steps(p, steps, rankdir, focus=True):
    """A Frame per step of replay `p` (node in focus, data, grads, caption), all laid out alike.

    Each number is padded to the widest text its box shows in any frame, so every box keeps
    its size, Graphviz lays every frame out the same, and nothing jumps between steps.
    Colours share one scale, the largest finite gradient of any frame, for the same reason.
    With rankdir "auto" the direction is chosen once, on the last frame, for all of them.
    """
    cells = [[(number(d), number(None if d is None else g)) for d, g in zip(data, grads)]
             for _, data, grads, _ in steps]
    widths = [(max(len(c[i][0]) for c in cells), max(len(c[i][1]) for c in cells))
              for i in range(len(p.topo))]
    scale = max((abs(g) for _, _, grads, _ in steps for g in grads if math.isfinite(g)),
                default=0.0)

    def graph(step, texts, direction):
        v, data, grads, _ = step
        fields, fills = {}, {}
        for u, i in p.index.items():
            (dw, gw), (d, g) = widths[i], texts[i]
            fields[u] = [label_text(getattr(u, "label", "")), f"data {_pad(d, dw)}",
                         f"grad {_pad(g, gw)}"]
            fills[u] = grad_color(grads[i], scale) if data[i] is not None else "#ffffff"
        faded = {u for u, i in p.index.items() if data[i] is None}
        return build_graph(p.topo, p.index, fields, fills, direction,
                           focus=v if focus else None, faded=faded)

    if rankdir == "auto":
        rankdir = fit(lambda r: graph(steps[-1], cells[-1], r), "auto").graph_attr["rankdir"]
    return [Frame(_compact(graph(step, texts, rankdir).svg()), step[3], tuple(step[2]),
                  tuple(step[1])) for step, texts in zip(steps, cells)]


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
    return "\\ " * left + record_escape(text) + "\\ " * (width - len(text) - left)


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
    rankdir = check_rankdir(rankdir, auto=True)
    p = Replay(root, "backward_player")
    name = p.names[root]
    if title is None:
        title = (f"Backward pass from {name}" if accumulate
                 else f"Backward pass from {name}, with = instead of +=")
    return Player(draw_steps(p, backward_steps(p, accumulate), rankdir), title)


def forward_player(root, rankdir=None, title=None):
    """Watch the forward pass: one frame per node, values computed in topological order.

    Values not computed yet are grey, with `data ?`; frame k computes node k from its children
    (already there) and says how ("c = a × b = 2 × (-3) = -6"). `rankdir` as for draw_dot.
    """
    rankdir = check_rankdir(rankdir, auto=True)
    p = Replay(root, "forward_player")
    title = f"Forward pass to {p.names[root]}" if title is None else title
    return Player(draw_steps(p, forward_steps(p), rankdir), title)


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
        return figure_svg(picture)
    raise TypeError(f"a picture is SVG text, a draw_dot graph or a matplotlib figure, "
                    f"got {type(picture).__name__}")


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
        pictures.append(figure_svg(fig))
        plt.close(fig)  # drawn into the player only, never shown on its own
        captions.append(f"step {step}: loss {losses[step]:.4f}")
    return frames_player(pictures, captions, title)
