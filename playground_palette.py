"""playground_palette.py: the playground's colours and marker shapes, with their contrast.

One place for them: the page (playground.js) receives them from here, and the still picture
(playground_still.py) uses them too. WCAG 2.1 asks 3:1 for the lines and shapes a reader needs
(against what is next to them) and 4.5:1 for text; tests/test_playground.py checks each pair
with contrast() below. A class is told by its marker's shape as well as its colour.
"""

WHITE = "#ffffff"  # the page and the plane's palest shade
INK = "#222222"  # text
CAPTION = "#555555"  # captions and axis labels
MESSAGE = "#8a4500"  # the line that says what went wrong
OUTLINE = "#111111"  # around every point: the marker is seen on any shade by it
BOUNDARY = "#262626"  # the decision boundary
CURSOR = "#000000"  # the keyboard cursor (drawn with a white halo)
FOCUS = "#005fcc"  # the focus ring of the plane and the controls
POSITIVE, NEGATIVE = "#2166ac", "#e66101"  # a weight or gradient > 0 and < 0, as in viz.py
CURVES = {"loss": "#2166ac", "l2": "#767676", "accuracy": "#1b7837"}

# Each class: the fill of its points, the tint of its region at full strength, its marker.
# Two classes: PuOr's ends, as lesson 09's plots; a third: PRGn's green.
CLASSES = {
    2: {-1: ("#b35806", "#fdb863", "circle"), 1: ("#542788", "#b2abd2", "square")},
    3: {0: ("#b35806", "#fdb863", "circle"), 1: ("#542788", "#b2abd2", "square"),
        2: ("#1b7837", "#a6dba0", "triangle")},
}


def _channel(c):
    c /= 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour):
    """WCAG's relative luminance of "#rrggbb"."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a, b):
    """WCAG's contrast ratio of two colours, from 1 (same) to 21 (black on white)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def shades(n_classes):
    """The region tints of n_classes classes (their full strength; paler ones lie towards white)."""
    return [tint for _, tint, _ in CLASSES[n_classes].values()]


def for_page():
    """The palette as the page takes it (JSON)."""
    return {
        "white": WHITE, "ink": INK, "caption": CAPTION, "message": MESSAGE, "outline": OUTLINE,
        "boundary": BOUNDARY, "cursor": CURSOR, "focus": FOCUS, "positive": POSITIVE,
        "negative": NEGATIVE, "curves": CURVES,
        "classes": {str(n): {str(c): {"fill": fill, "shade": shade, "shape": shape}
                             for c, (fill, shade, shape) in cls.items()}
                    for n, cls in CLASSES.items()},
    }
