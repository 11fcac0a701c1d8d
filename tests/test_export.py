"""How a drawing leaves Python: the display bundle a notebook stores, and save() to a file."""
import base64
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
    assert m.group(2) == "computation graph: 4 values, 2 operations"
    assert bundle["text/plain"] == repr(g) == "<Graph: 4 values, 2 operations>"


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
    assert text.replace(f"<!-- {viz.MARK} -->\n", "") == graph().svg()


def test_save_png_is_a_picture_of_the_graph(tmp_path):
    path = tmp_path / "deep" / "er" / "L.png"
    assert graph().save(path) == path
    data = path.read_bytes()
    assert png_text(data) == {"Software": viz.MARK}
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
    assert repr(str(target)) in str(e.value) and "not written by draw_dot" in str(e.value)
    assert target.read_text() == "someone's work"


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
