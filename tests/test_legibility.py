"""Every graph and player frame stored in the notebooks is legible in a 900 px column.

A picture wider than the column is shrunk to fit it (every one is shown with max-width 100%),
so its text is drawn at font size x (column / natural width). This test measures that for every
SVG a notebook stores, as an image/svg+xml output or as an <img> data URI inside text/html (the
players, the explorer, draw_dot's HTML), and fails below MIN_PX. The lanes of a side_by_side
player share the column, so each lane is measured in its share.

The folder is notebooks/ unless GRADBOOK_NOTEBOOKS names another (a re-executed copy, say).
Run as a script to print the table per notebook:

    python tests/test_legibility.py [FOLDER]
"""
import base64
import os
import random
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import pytest

import players
from engine import Value
from nn import MLP
from viz import draw_dot

ROOT = Path(__file__).resolve().parent.parent
FOLDER = Path(os.environ.get("GRADBOOK_NOTEBOOKS", ROOT / "notebooks"))
COLUMN = 900  # px: a notebook column in JupyterLab at 1366x768 with the file browser open
GAP = 16  # px between the lanes of a side_by_side player (1em in its CSS)
MIN_PX = 10
UNITS = {"pt": 4 / 3, "px": 1.0, "": 1.0, "in": 96.0}  # CSS px per unit


def natural_width_px(svg_root):
    """The width an <img> of this SVG takes when nothing shrinks it."""
    m = re.fullmatch(r"([\d.]+)\s*(pt|px|in|)", svg_root.get("width", "").strip())
    if not m:
        raise ValueError(f"an SVG without a usable width: {svg_root.get('width')!r}")
    return float(m.group(1)) * UNITS[m.group(2)]


def _scale(transform):
    m = re.search(r"scale\(\s*([-\d.e]+)", transform or "")
    return abs(float(m.group(1))) if m else 1.0


def font_sizes(svg_text):
    """(natural width in px, [size in px at natural width of each piece of visible text]).

    Graphviz writes <text font-size=...> (the players say the size once, on <svg>); matplotlib
    with svg.fonttype "path" draws text as glyphs <use>d in a group scaled by size / 100.
    """
    root = ET.fromstring(svg_text.encode("utf-8"))
    width = natural_width_px(root)
    box = [float(x) for x in root.get("viewBox", "").replace(",", " ").split()]
    px_per_unit = width / box[2] if len(box) == 4 and box[2] else 1.0
    sizes = []

    def walk(el, scale, size):
        scale *= _scale(el.get("transform"))
        if el.get("font-size"):
            size = float(re.match(r"[\d.]+", el.get("font-size")).group())
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "text" and "".join(el.itertext()).strip():
            sizes.append(size * scale * px_per_unit)
        if tag == "g" and any(c.tag.endswith("use") for c in el) and _scale(
                el.get("transform")) < 1:  # a matplotlib glyph run: scale = font size / 100
            sizes.append(100 * scale * px_per_unit)
        for child in el:
            walk(child, scale, size)

    walk(root, 1.0, 14.0)  # 14: SVG's default font size, if nothing says otherwise
    return width, sizes


def shown_px(svg_text, column=COLUMN):
    """The smallest text of an SVG, in px, shown in a column `column` px wide."""
    width, sizes = font_sizes(svg_text)
    return min(sizes, default=float("inf")) * min(1.0, column / width)


def pictures(nb):
    """((cell, output), kind, SVG text, column px) for every SVG stored in a notebook.

    kind is "graph" for a picture on its own (a draw_dot output, as SVG and as HTML, or the
    explorer's), "frame" for a frame of a player.
    """
    for i, cell in enumerate(nb.cells):
        for j, out in enumerate(cell.get("outputs", [])):
            data = out.get("data", {})
            if "image/svg+xml" in data:
                yield (i, j), "graph", data["image/svg+xml"], COLUMN
            html = data.get("text/html", "")
            # One frame of a player is a <div class="gb-frame"> of one <img> per lane.
            for part in re.split(r'(?=<div class="gb-frame")', html):
                srcs = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', part)
                frame = part.startswith('<div class="gb-frame"')
                lanes = len(srcs) if frame else 1
                column = (COLUMN - GAP * (lanes - 1)) / lanes
                for src in srcs:
                    svg = base64.b64decode(src).decode("utf-8")
                    yield (i, j), "frame" if frame else "graph", svg, column


def notebooks(folder=FOLDER):
    return sorted(Path(folder).glob("*.ipynb")) + sorted(Path(folder).glob("solutions/*.ipynb"))


def table(folder=FOLDER):
    """{notebook: (graphs, player frames, smallest text px, cell of the smallest)}.

    A draw_dot output stored as SVG and as HTML counts as one graph (in the cell's outputs).
    """
    rows = {}
    for path in notebooks(folder):
        nb = nbformat.read(path, as_version=4)
        found = list(pictures(nb))
        if found:
            graphs = len({at for at, kind, _, _ in found if kind == "graph"})
            frames = sum(kind == "frame" for _, kind, _, _ in found)
            px, (cell, _) = min((shown_px(svg, col), at) for at, _, svg, col in found)
            rows[path.relative_to(folder).as_posix()] = (graphs, frames, px, cell)
    return rows


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: p.relative_to(FOLDER).as_posix())
def test_every_stored_picture_is_legible_in_a_900_px_column(path):
    nb = nbformat.read(path, as_version=4)
    small = [f"cell {at[0]} ({kind}): {shown_px(svg, col):.1f} px"
             for at, kind, svg, col in pictures(nb) if shown_px(svg, col) < MIN_PX]
    assert not small, (f"text under {MIN_PX} px in a {COLUMN} px column: " + "; ".join(small)
                       + ". Re-run the notebook with tools/execute.py after changing viz.")


# --- drawings made now, as the lessons make them ----------------------------------------------


def lesson_L():
    """03's L = (a*b + c)*f."""
    a, b, c, f = Value(2.0, "a"), Value(-3.0, "b"), Value(10.0, "c"), Value(-2.0, "f")
    L = (a * b + c) * f
    L.label = "L"
    L.backward()
    return L


def lesson_neuron(act=Value.tanh):
    """04 and 05's neuron, and 06's with tanh built from exp."""
    x1, x2, w1, w2 = Value(2.0, "x1"), Value(0.0, "x2"), Value(-3.0, "w1"), Value(1.0, "w2")
    x1w1, x2w2 = x1 * w1, x2 * w2
    x1w1.label, x2w2.label = "x1*w1", "x2*w2"
    s = x1w1 + x2w2
    s.label = "x1*w1 + x2*w2"
    n = s + Value(6.8813735870195432, "b")
    n.label = "n"
    o = act(n)
    o.label = "o"
    o.backward()
    return o


def tanh_from_exp(x):
    e2 = (2 * x).exp()
    return (e2 - 1) / (e2 + 1)


def lesson_loss():
    """08's squared-error loss over four examples, of the MLP(3, [4, 4, 1]) that 08 builds:
    tanh neurons made of * and + (engine.linear would fuse each into one node)."""
    random.seed(20)
    layers = [[([Value(random.uniform(-1, 1)) for _ in range(nin)], Value(0.0))
               for _ in range(nout)] for nin, nout in [(3, 4), (4, 4), (4, 1)]]

    def model(x):
        for layer in layers:
            x = [sum((w * xi for w, xi in zip(ws, x)), b).tanh() for ws, b in layer]
        return x[0]

    xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
    loss = sum((model(x) - y) ** 2 for x, y in zip(xs, [1.0, -1.0, -1.0, 1.0]))
    loss.backward()
    return loss


def engine_loss():
    """The same with nn.MLP: fused relu(w·x+b) nodes, each with many inputs."""
    random.seed(0)
    model = MLP(3, [4, 4, 1])
    xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
    loss = sum((model(x) - y) ** 2 for x, y in zip(xs, [1.0, -1.0, -1.0, 1.0]))
    loss.backward()
    return loss


def used_twice():
    """05's g = (a*b) * (a + b)."""
    a, b = Value(-2.0, "a"), Value(3.0, "b")
    g = (a * b) * (a + b)
    g.label = "g"
    return g


@pytest.mark.parametrize("make", [
    lambda: draw_dot(lesson_L()),
    lambda: draw_dot(lesson_neuron()),
    lambda: draw_dot(lesson_neuron(tanh_from_exp)),
    lambda: draw_dot(lesson_loss(), max_nodes=30),
    lambda: draw_dot(lesson_loss()),
    lambda: draw_dot(engine_loss()),
    lambda: draw_dot(lesson_neuron(), rankdir="TB"),
], ids=["03 L", "04 neuron", "06 tanh from exp", "08 loss, 30 values", "08 loss", "nn.MLP loss",
        "TB"])
def test_a_fresh_drawing_is_legible_in_the_column(make):
    assert shown_px(make().svg()) >= MIN_PX


@pytest.mark.parametrize("make", [
    lambda: players.backward_player(lesson_neuron()),
    lambda: players.forward_player(lesson_L()),
    lambda: players.backward_player(lesson_neuron(tanh_from_exp)),
], ids=["05 neuron", "03 forward", "tanh from exp"])
def test_every_frame_of_a_player_is_legible(make):
    assert min(shown_px(f.svg) for f in make().frames) >= MIN_PX


def test_side_by_side_lanes_are_legible_in_half_the_column():
    g = used_twice()
    both = players.side_by_side(players.backward_player(g, accumulate=False),
                                players.backward_player(g))
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output(
        "display_data", data={"text/html": both.html()})]))
    found = list(pictures(nb))
    assert len(found) == 10 and {col for *_, col in found} == {(COLUMN - GAP) / 2}
    assert min(shown_px(svg, col) for _, _, svg, col in found) >= MIN_PX


def test_the_measure_matches_the_issue():
    # A Graphviz SVG 1181 pt wide (1575 px) with 12 pt text: 16 px natural, 9.1 px when fit.
    svg = ('<svg width="1181pt" height="156pt" viewBox="0.00 0.00 1181.00 156.00" '
           'xmlns="http://www.w3.org/2000/svg"><g transform="scale(1 1) rotate(0) '
           'translate(4 152)"><text font-size="12.00">a</text><text font-size="12.00"> '
           '</text></g></svg>')
    assert font_sizes(svg) == (pytest.approx(1574.67, abs=0.01), [pytest.approx(16.0)])
    assert shown_px(svg) == pytest.approx(16 * 900 / 1574.67, abs=0.01)
    assert shown_px(svg, column=2000) == pytest.approx(16.0)
    half = svg.replace("scale(1 1)", "scale(0.5 0.5)")  # Graphviz shrinking to a `size`
    assert shown_px(half, column=2000) == pytest.approx(8.0)


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else FOLDER
    print(f"{'notebook':40} {'graphs':>6} {'frames':>6} {'smallest px':>11}  cell")
    for name, (graphs, frames, px, cell) in table(folder).items():
        print(f"{name:40} {graphs:6} {frames:6} {px:11.1f}  {cell}")
