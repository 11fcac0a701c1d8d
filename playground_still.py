"""playground_still.py: the playground as a still picture, for where no kernel runs.

An untrusted notebook, GitHub and the static site cannot run the live page, so the playground's
HTML form is this: the plane and the network drawn by matplotlib as an <img> (a data URI, which
untrusted JupyterLab keeps), its text alternative, and a line saying the live one needs a
kernel. The SVG is the same on every run, so nbval can compare it.
"""
import base64
import html
import io
import re

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgb

import playground_palette as palette

MARKERS = {"circle": "o", "square": "s", "triangle": "^"}


def figure_svg(fig):
    """A matplotlib figure as SVG text that is the same on every run (no date, fixed ids)."""
    out = io.StringIO()
    with plt.rc_context({"svg.hashsalt": "gradbook-playground", "svg.fonttype": "path"}):
        fig.savefig(out, format="svg",
                    metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    return out.getvalue()


def data_uri(svg):
    """An SVG as a data: URI for <img>, without the comments and header an image does not need."""
    svg = re.sub(r"<\?xml.*?\?>|<!DOCTYPE.*?>|<!--.*?-->", "", svg, flags=re.S)
    svg = "\n".join(line.strip() for line in svg.splitlines() if line.strip())
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def shaded(scores, classes):
    """An RGB image of the plane: each grid point tinted by the class the network picks there,
    stronger where it is surer (as the page shades it)."""
    cls = palette.CLASSES[len(classes)]
    tints = np.array([to_rgb(cls[c][1]) for c in classes])
    with np.errstate(all="ignore"):
        s = np.nan_to_num(scores, nan=0.0, posinf=1e6, neginf=-1e6)
        if s.ndim == 2:  # one score: its sign picks the class, tanh(|score|) the strength
            pick, sure = (s > 0).astype(int), np.abs(np.tanh(s))
        else:  # k scores: the largest picks, the margin of its probability the strength
            p = np.exp(s - s.max(axis=2, keepdims=True))
            p /= p.sum(axis=2, keepdims=True)
            pick, sure = p.argmax(axis=2), (p.max(axis=2) - 1 / 3) * 1.5
    k = (0.25 + 0.75 * np.clip(sure, 0, 1))[..., None]
    return 1 + k * (tints[pick] - 1)


def still_svg(pg):
    """The plane and the network as the page draws them, in matplotlib, as SVG text."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4), width_ratios=[1.1, 1])
    a, b, c, d = pg.extent
    left.imshow(shaded(pg.boundary(), pg.classes), origin="lower", extent=pg.extent,
                aspect="equal", interpolation="bilinear")
    X, y = np.array(pg.X), np.array(pg.y)
    for cl in pg.classes:
        fill, _, shape = palette.CLASSES[len(pg.classes)][cl]
        mine = y == cl
        left.scatter(X[mine, 0], X[mine, 1], c=fill, marker=MARKERS[shape], s=20,
                     edgecolors=palette.OUTLINE, linewidths=0.6, label=f"class {cl}")
    left.set_xlim(a, b)
    left.set_ylim(c, d)
    left.set_title(f"{pg.dataset}, step {pg.steps}, accuracy {pg.accuracy():.0%}", fontsize=10)
    draw_network(right, pg.layers())
    sizes = "-".join(map(str, [2, *pg.hidden, len(pg.layers()[-1][1])]))
    right.set_title(f"the network {sizes} ({pg.act}): blue weights > 0, orange < 0",
                    fontsize=10)
    fig.tight_layout()
    svg = figure_svg(fig)
    plt.close(fig)
    return svg


def draw_network(ax, layers):
    sizes = [2] + [len(b) for _, b, _ in layers]
    xs = np.linspace(0, 1, len(sizes))
    ys = [np.linspace(0, 1, n + 2)[1:-1] for n in sizes]
    with np.errstate(all="ignore"):
        big = max(float(np.nan_to_num(np.abs(W)).max()) for W, _, _ in layers) or 1.0
    segments, widths, colors = [], [], []
    for k, (W, _, _) in enumerate(layers):
        for j, i in np.ndindex(W.shape):
            w = float(np.nan_to_num(W[j, i]))
            segments.append([(xs[k], ys[k][i]), (xs[k + 1], ys[k + 1][j])])
            widths.append(0.2 + 2.5 * abs(w) / big)
            colors.append(to_rgb(palette.POSITIVE if w > 0 else palette.NEGATIVE) + (0.8,))
    ax.add_collection(LineCollection(segments, linewidths=widths, colors=colors, zorder=1))
    for x, col in zip(xs, ys):
        ax.scatter(np.full(len(col), x), col, s=40, color="white", edgecolors="0.3", zorder=2)
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(0, 1)
    ax.axis("off")


def describe(pg):
    """The picture in words: what a screen reader reads instead of it."""
    shapes = palette.CLASSES[len(pg.classes)]
    counts = "; ".join(f"{pg.y.count(c)} of class {c:+d}" if len(pg.classes) == 2 else
                       f"{pg.y.count(c)} of class {c}" for c in pg.classes)
    marks = ", ".join(f"class {c}: {shapes[c][2]}s" for c in pg.classes)
    picks = pg.plane_shares()
    share = ", ".join(f"{v:.0%} class {c}" for c, v in zip(pg.classes, picks))
    sizes = "-".join(map(str, [2, *pg.hidden, len(pg.classes) if len(pg.classes) > 2 else 1]))
    return (f"The playground on {pg.dataset} after {pg.steps} steps: {len(pg.y)} points "
            f"({counts}; {marks}); network {sizes} {pg.act}; accuracy {pg.accuracy():.0%}; "
            f"the shading gives {share} of the plane.")


def still_html(pg):
    """The picture with its text alternative, and a line saying where the live one runs."""
    alt = html.escape(describe(pg), quote=True)
    return (f'<img src="{data_uri(still_svg(pg))}" alt="{alt}" style="max-width:100%">'
            f'<p><i>The playground needs a running kernel: run this cell in JupyterLab to '
            f'train it live. The picture above is its state when the cell ran.</i></p>')
