"""How a drawing leaves Python: the display bundle a notebook stores, its text alternative,
and save() to a file, which never overwrites a file someone changed."""
import base64
import hashlib
import html
import re
import shutil
import struct
import zlib

import pytest

import viz
from engine import Value


def graph():
    a, b = Value(2.0, "a"), Value(-3.0, "b")
    L = a * b + a
    L.label = "L"
    L.backward()
    return viz.draw_dot(L)


# --- what a notebook stores ------------------------------------------------------------------


def test_the_bundle_shows_without_trust_and_fits_the_column():
    g = graph()
    bundle = g._repr_mimebundle_()
    assert set(bundle) == {"image/svg+xml", "text/html", "text/plain"}
    # JupyterLab ranks text/html first (50, before SVG's 80) and keeps it, sanitised, in a
    # notebook it does not trust: an <img> with the SVG as a data URI, shrunk to the column.
    m = re.fullmatch(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)" '
                     r'style="max-width:100%;height:auto">', bundle["text/html"])
    assert m, bundle["text/html"]
    svg = base64.b64decode(m.group(1)).decode()
    assert re.search(r"<svg width=", svg) and "<script" not in svg and "<!--" not in svg
    assert svg.count("<text") == bundle["image/svg+xml"].count("<text")  # the same picture
    # its alt text is the text alternative, and so is the text/plain form
    # (a × b has no label: it is named by its place in topological order, #2)
    alt = ("Computation graph of L: 4 values, 2 operations. L = #2 + a: data -4, grad 1; "
           "#2 = a × b: data -6, grad 1; a, an input: data 2, grad -2; b, an input: data -3, "
           "grad 2.")
    assert html.unescape(m.group(2)) == g.alt_text() == bundle["text/plain"] == alt
    assert "<desc" not in svg and "<title" not in svg  # an <img>'s own text is never read
    assert repr(g) == "<Graph: 4 values, 2 operations>"


def test_the_svg_names_itself_for_screen_readers():
    svg = graph()._repr_mimebundle_()["image/svg+xml"]
    m = re.search(r'<svg\b[^>]*\brole="img" aria-labelledby="(gb\w+)" '
                  r'aria-describedby="(gb\w+)">\n<title id="\1">([^<]+)</title>\n'
                  r'<desc id="\2">([^<]+)</desc>', svg)
    assert m, svg[:600]
    assert m.group(3) == "Computation graph of L: 4 values, 2 operations"
    for node in ("L = ", "a × b", "a, an input: data 2, grad -2", "b, an input: data -3, grad 2"):
        assert node in html.unescape(m.group(4))
    assert svg.count("<title") == 1  # Graphviz's own titles ("n3") are not read out


def test_a_large_graph_is_summed_up_with_the_values_nearest_the_output():
    x = Value(0.0, "x")
    for k in range(60):
        x = (x * 0.5).tanh()
        x.label = f"t{k}"
    g = viz.draw_dot(x)
    text = g.alt_text()
    assert text.startswith("Computation graph of t59: 181 values, 120 operations. Drawn: the "
                           "60 values nearest the output; a note stands for the 121 left out. "
                           "Too many to "
                           "list one by one: 61 inputs, and operations 60 *, 60 tanh. The 12 "
                           "values nearest the output: t59 = tanh(#179): data 0, grad 0; "
                           "#179 = t58 × #178")
    assert text.count(": data ") == 12 and len(text) < 1500


def test_the_bundle_is_the_same_on_every_run():
    assert graph()._repr_mimebundle_() == graph()._repr_mimebundle_()


def test_repr_says_what_was_left_out():
    x = Value(0.0, "x")
    for _ in range(40):
        x = x + 1.0
    g = viz.draw_dot(x, max_nodes=5)
    assert repr(g) == "<Graph: 5 values, 3 operations (76 more not drawn)>"


# --- save ------------------------------------------------------------------------------------


def png_text(data):
    """The tEXt chunks of a PNG, as {keyword: text}, after checking every chunk's CRC."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    found, at = {}, 8
    while at < len(data):
        (n,) = struct.unpack(">I", data[at:at + 4])
        kind, body, crc = data[at + 4:at + 8], data[at + 8:at + 8 + n], data[at + 8 + n:at + 12 + n]
        assert zlib.crc32(kind + body).to_bytes(4, "big") == crc, kind
        if kind == b"tEXt":
            key, _, text = body.partition(b"\0")
            found[key.decode()] = text.decode()
        at += 12 + n
    return found


def test_save_svg_makes_the_folder_and_returns_the_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path))  # no system Graphviz anywhere
    assert shutil.which("dot") is None
    assert graph().save("drawings/L.svg") == "drawings/L.svg"
    text = (tmp_path / "drawings" / "L.svg").read_text()
    assert viz.MARK in text and text.rstrip().endswith("</svg>")
    body = graph().accessible_svg()
    digest = hashlib.sha256(body.encode()).hexdigest()
    assert text.replace(f"<!-- {viz.MARK} sha256:{digest} -->\n", "") == body
    assert list((tmp_path / "drawings").iterdir()) == [tmp_path / "drawings" / "L.svg"]


def test_save_png_is_a_picture_of_the_graph(tmp_path):
    path = tmp_path / "deep" / "er" / "L.png"
    assert graph().save(path) == path
    data = path.read_bytes()
    (mark,) = png_text(data).values()
    assert re.fullmatch(re.escape(viz.MARK) + r" sha256:[0-9a-f]{64}", mark)
    width, height = struct.unpack(">II", data[16:24])
    svg_pt = graph().width_pt()
    assert width == round(svg_pt * 4 / 3 * 2)  # twice the natural size, in pixels
    assert graph().save(tmp_path / "again.png") and (tmp_path / "again.png").read_bytes() == data


def test_save_replaces_its_own_file(tmp_path):
    g = graph()
    for name in ("L.svg", "L.png"):
        g.save(tmp_path / name)
        viz.draw_dot(Value(1.0, "other")).save(tmp_path / name)  # its own mark: replaced
    assert "other" in (tmp_path / "L.svg").read_text()


@pytest.mark.parametrize("name", ["L.svg", "L.png", "notes.svg"])
def test_save_refuses_to_overwrite_what_it_did_not_write(tmp_path, name):
    target = tmp_path / name
    target.write_text("someone's work")
    with pytest.raises(FileExistsError) as e:
        graph().save(target)
    assert repr(str(target)) in str(e.value) and "nobody changed since" in str(e.value)
    assert target.read_text() == "someone's work"


@pytest.mark.parametrize("edit", [
    lambda t: t.replace("</svg>", "<!-- a note: check the grad of b -->\n</svg>"),
    lambda t: t.replace("grad -2", "grad -3", 1),  # one number changed by hand
    lambda t: t + "\n",  # even one byte
])
def test_save_keeps_an_edited_svg_that_still_carries_the_mark(tmp_path, edit):
    target = tmp_path / "d.svg"
    graph().save(target)
    edited = edit(target.read_text())
    target.write_text(edited)
    assert viz.MARK in edited  # the mark alone no longer makes it ours
    with pytest.raises(FileExistsError, match="d.svg"):
        graph().save(target)  # the cell run again
    assert target.read_text() == edited


def test_save_keeps_an_edited_png_and_a_file_that_only_copies_the_mark(tmp_path):
    png = tmp_path / "d.png"
    graph().save(png)
    data = bytearray(png.read_bytes())
    data[-20] ^= 1
    png.write_bytes(bytes(data))
    fake = tmp_path / "fake.svg"
    fake.write_text(f"<!-- {viz.MARK} sha256:{'0' * 64} -->\n<svg>mine</svg>")
    old = tmp_path / "old.svg"  # written by an older draw_dot: a mark without a hash
    old.write_text(f"<!-- {viz.MARK} -->\n<svg>mine</svg>")
    for target in (png, fake, old):
        before = target.read_bytes()
        with pytest.raises(FileExistsError):
            graph().save(target)
        assert target.read_bytes() == before


def test_save_leaves_no_half_file_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "d.svg"
    graph().save(target)
    before = target.read_bytes()

    def broken(*_):
        raise OSError("disk full")
    monkeypatch.setattr(viz.os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        viz.draw_dot(Value(1.0, "other")).save(target)
    assert target.read_bytes() == before and list(tmp_path.iterdir()) == [target]


def test_save_refuses_a_folder(tmp_path):
    (tmp_path / "x.svg").mkdir()
    with pytest.raises(FileExistsError, match="x.svg"):
        graph().save(tmp_path / "x.svg")


@pytest.mark.parametrize("bad, error, says", [
    ("L.pdf", ValueError, "'L.pdf'"), ("L", ValueError, "'L'"), (None, TypeError, "None"),
    (3, TypeError, "int: 3")])
def test_save_names_a_bad_path(tmp_path, monkeypatch, bad, error, says):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(error) as e:
        graph().save(bad)
    assert says in str(e.value) and "save" in str(e.value)
    assert list(tmp_path.iterdir()) == []  # nothing written
