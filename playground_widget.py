"""playground_widget.py: what the playground sends the browser, and the widget that carries it.

The page (playground.js and the two scripts beside it) draws everything from a "frame": a few
arrays of numbers (points, the score on a grid over the plane, each layer's weights and
gradients, the loss history) and some short fields. Numbers that cannot be drawn never travel:
a diverged run's inf and nan become the largest float32 in the arrays and null in the fields,
so the JSON stays finite and numpy prints no warning into the notebook. The constants the page
needs (palette, slider stops, the delete radius) come from here too, in `config`, once.
"""
import math
import pathlib

import anywidget
import numpy as np
import traitlets

import playground_palette as palette

LRS = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 0.5, 1, 2, 3, 5, 10)  # the learning-rate slider
ALPHAS = (0, 1e-5, 1e-4, 1e-3, 1e-2, 0.1)  # the L2 slider
DELETE_RADIUS = 10  # pixels: in delete mode, the nearest point this close is deleted
MAX_CURVE = 400  # points of the loss curve sent; longer runs are thinned out
F32_MAX = float(np.finfo(np.float32).max)
HERE = pathlib.Path(__file__).parent
# One ES module from three files: drawing, the plane's pointer and keys, then the controls
# (which ends in `export default`). anywidget loads a single module, so they are joined here.
SCRIPTS = ("playground_draw.js", "playground_plane.js", "playground.js")


def script():
    """The page's code: the three scripts, in order, as one module."""
    return "\n".join((HERE / name).read_text(encoding="utf-8") for name in SCRIPTS)


def config(datasets, acts):
    """What the page needs that is not in a frame: the same for the playground's life."""
    return {"lrs": LRS, "alphas": ALPHAS, "delete_radius": DELETE_RADIUS,
            "datasets": list(datasets), "acts": list(acts), "palette": palette.for_page()}


class View(anywidget.AnyWidget):
    """The browser half's partner in the kernel: the synced state the page draws."""

    _esm = traitlets.Unicode(script()).tag(sync=True)
    config = traitlets.Dict().tag(sync=True)  # set once: see config()
    frame = traitlets.Dict().tag(sync=True)  # what the page draws, as compact arrays
    graph = traitlets.Unicode("").tag(sync=True)  # SVG of the inspected point's graph
    graph_caption = traitlets.Unicode("").tag(sync=True)


def f32(a):
    """An array as little-endian float32 bytes, inf and nan replaced by finite stand-ins."""
    a = np.asarray(a, dtype=float)
    a = np.nan_to_num(a, nan=0.0, posinf=F32_MAX, neginf=-F32_MAX)
    return np.ascontiguousarray(np.clip(a, -F32_MAX, F32_MAX), dtype="<f4").tobytes()


def number(x):
    """A float for the JSON of a frame, or None (null) where it is not finite."""
    x = float(x)
    return x if math.isfinite(x) else None


def curve(history, key, keep):
    return f32(np.asarray(history[key], dtype=float)[keep]) if len(keep) else b""


def thinned(n):
    """At most MAX_CURVE indices spread evenly over a history of n steps."""
    return np.unique(np.linspace(0, n - 1, min(n, MAX_CURVE)).round().astype(int))


def make_frame(state):
    """The frame for a playground's state (a dict of what it holds now; see Playground.state)."""
    hist, loss = state["history"], state["loss"]
    keep = thinned(len(hist[loss]))
    last = [hist[loss][-1], hist["l2"][-1]] if hist[loss] else []
    return {
        "step": state["steps"],
        "points": f32(state["X"]),
        "labels": np.asarray(state["y"], dtype="<i1").tobytes(),
        "classes": list(state["classes"]),
        "extent": state["extent"],
        "grid": state["grid"],
        "scores": f32(state["boundary"]),  # grid rows (up x1) of grid columns of k scores
        "sizes": state["sizes"],
        "weights": [f32(np.column_stack([W, b])) for W, b, _ in state["layers"]],
        "grads": [f32(g) for g in state["grads"]],
        "curve_steps": f32(keep),
        "curve_loss": curve(hist, loss, keep),
        "curve_l2": curve(hist, "l2", keep),
        "curve_accuracy": curve(hist, "accuracy", keep),
        "loss_name": loss.replace("_", "-"),
        "data_loss": number(state["data_loss"]), "l2": number(state["l2"]),
        "accuracy": number(state["accuracy"]),
        "lr": state["lr"], "alpha": state["alpha"],
        "dataset": state["dataset"], "datasets": state["datasets"],
        "hidden": ", ".join(map(str, state["hidden"])) or "none", "act": state["act"],
        "message": state["message"],
        "diverged": state["diverged"] or not all(map(math.isfinite, last)),
        "seq": state["seq"],  # every frame differs, so every one reaches the page
        "reply": state["reply"],  # the id of the page's step request this frame answers
    }
