"""Tests for tools/build_site.py: it never deletes or overwrites what it did not write; links
work; the page's colours meet WCAG AA.

Most tests build a site from a few small notebooks written here (nbconvert takes about a second
a notebook); one builds it from a copy of the real ones.
"""
import pathlib
import re
import shutil
import subprocess
import sys

import nbformat
import pytest

import build_site as site

ROOT = pathlib.Path(__file__).resolve().parent.parent


def notebook(path, *markdown):
    path.parent.mkdir(parents=True, exist_ok=True)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(text) for text in markdown]
    nb.cells.append(nbformat.v4.new_code_cell("1 + 1", outputs=[
        nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=1)]))
    nbformat.write(nb, path)


@pytest.fixture
def src(tmp_path):
    """A small course: an index, a lesson linking to its solutions, the solutions, a guide."""
    nbs = tmp_path / "notebooks"
    notebook(nbs / "00_index.ipynb", "# 00 · Index", "[one](01_one.ipynb), [for teachers]"
             "(teachers.ipynb)")
    lesson = ("# 01 · One", "Worked answers: [solutions/01_one.ipynb](solutions/01_one.ipynb).")
    notebook(nbs / "01_one.ipynb", *lesson)
    notebook(nbs / "solutions" / "01_one.ipynb", "[← back](../01_one.ipynb) | "
             "[Contents](../00_index.ipynb)", *lesson)  # a copy of the lesson, as generated
    notebook(nbs / "teachers.ipynb", "# For teachers", "[the index](00_index.ipynb)")
    notebook(nbs / ".ipynb_checkpoints" / "01_one-checkpoint.ipynb", "# a checkpoint")
    return nbs


def snapshot(folder):
    """Every file under folder with its bytes: to prove nothing was touched."""
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# --- never delete or overwrite what it did not write ----------------------------------------


def test_swapped_arguments_are_refused_and_the_notebooks_survive(src, tmp_path):
    before = snapshot(src)
    (tmp_path / "site").mkdir()
    with pytest.raises(site.Refused, match="holds notebooks"):
        site.main(tmp_path / "site", src)  # `site.py site notebooks`: the arguments swapped
    assert snapshot(src) == before


def test_swapped_arguments_on_the_command_line(src, tmp_path):
    before = snapshot(src)
    (tmp_path / "site").mkdir()
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "build_site.py"), "site",
                          "notebooks"],
                         cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode != 0
    assert "holds notebooks" in run.stderr and "nothing was changed" in run.stderr
    assert "Traceback" not in run.stderr
    assert snapshot(src) == before


def test_same_folder_twice_is_refused_and_the_notebooks_survive(src):
    before = snapshot(src)
    with pytest.raises(site.Refused, match="is the source folder"):
        site.main(src, src)
    with pytest.raises(site.Refused, match="is the source folder"):
        site.main(src, src / ".." / src.name)  # the same folder, spelt another way
    assert snapshot(src) == before


def test_output_inside_or_around_the_source_is_refused(src, tmp_path):
    before = snapshot(src)
    with pytest.raises(site.Refused, match="inside it"):
        site.main(src, src / "site")
    with pytest.raises(site.Refused, match="contains the source"):
        site.main(src, tmp_path)
    assert snapshot(src) == before
    assert not (src / "site").exists()


def test_a_folder_it_did_not_make_is_refused_untouched(src, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.txt").write_text("years of work")
    with pytest.raises(site.Refused, match="did not write"):
        site.main(src, mine)
    assert snapshot(mine) == {pathlib.Path("thesis.txt"): b"years of work"}


def test_a_file_as_output_is_refused(src, tmp_path):
    (tmp_path / "out").write_text("keep")
    with pytest.raises(site.Refused, match="is a file"):
        site.main(src, tmp_path / "out")
    assert (tmp_path / "out").read_text() == "keep"


def test_a_second_run_replaces_only_its_own_files(src, tmp_path):
    dest = tmp_path / "site"
    site.main(src, dest)
    (dest / "notes.txt").write_text("mine")  # the reader's own file, put in later
    (src / "teachers.ipynb").unlink()  # a notebook gone: its page must go too
    site.main(src, dest)
    assert (dest / "notes.txt").read_text() == "mine"
    assert not (dest / "teachers.html").exists()
    assert (dest / "01_one.html").exists() and (dest / "solutions" / "01_one.html").exists()


def test_it_never_overwrites_a_file_it_did_not_write(src, tmp_path):
    dest = tmp_path / "site"
    site.main(src, dest)
    notebook(src / "02_two.ipynb", "# 02 · Two")  # a new lesson, whose page name is taken
    (dest / "02_two.html").write_text("someone's page")
    with pytest.raises(site.Refused, match="02_two.html exists"):
        site.main(src, dest)
    assert (dest / "02_two.html").read_text() == "someone's page"
    assert (dest / "01_one.html").exists()  # refused before anything was deleted


def test_a_marker_edited_to_point_outside_deletes_nothing_there(src, tmp_path):
    dest = tmp_path / "site"
    site.main(src, dest)
    (tmp_path / "precious.txt").write_text("keep")
    with open(dest / site.MARKER, "a") as f:
        f.write("../precious.txt\n")
    site.main(src, dest)
    assert (tmp_path / "precious.txt").read_text() == "keep"


# --- what the site holds --------------------------------------------------------------------


def test_every_notebook_gets_a_page_and_checkpoints_none(src, tmp_path):
    dest = tmp_path / "site"
    site.main(src, dest)
    pages = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*.html"))
    assert pages == ["00_index.html", "01_one.html", "index.html", "solutions/01_one.html",
                     "teachers.html"]


def hrefs(page):
    return set(re.findall(r'href="([^"#:]+\.(?:html|ipynb))', page.read_text(encoding="utf-8")))


def test_links_point_at_pages_that_exist(src, tmp_path):
    dest = tmp_path / "site"
    site.main(src, dest)
    assert hrefs(dest / "01_one.html") == {"solutions/01_one.html"}
    # the solutions page is a copy of the lesson: its link to solutions/ means itself, not
    # solutions/solutions/; its navigation bar goes up a folder
    assert hrefs(dest / "solutions" / "01_one.html") == {
        "01_one.html", "../01_one.html", "../00_index.html"}
    assert hrefs(dest / "00_index.html") == {"01_one.html", "teachers.html"}
    for page in dest.rglob("*.html"):
        for href in hrefs(page):
            assert (page.parent / href).is_file(), (page, href)


def test_real_course_site_works_offline(tmp_path):
    src = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", src, ignore=shutil.ignore_patterns(".*"))
    dest = tmp_path / "site"
    site.main(src, dest)
    want = {p.relative_to(src).with_suffix(".html") for p in src.rglob("*.ipynb")}
    assert want <= {p.relative_to(dest) for p in dest.rglob("*.html")}
    for page in dest.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        # nothing loaded from the network: no script, style sheet or frame from a URL
        assert not re.search(r'<(?:script|link|iframe|img)\b[^>]*\b(?:src|href)="(?:https?:)?//',
                             html), page
        for href in hrefs(page):
            assert href.endswith(".html") and (page.parent / href).is_file(), (page, href)


# --- WCAG AA contrast of the page's own colours ---------------------------------------------

AA = 4.5  # WCAG 2.1 AA for normal text


def channel(c):
    c /= 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def contrast(a, b):
    """WCAG contrast ratio of two (r, g, b) colours."""
    la, lb = (0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b_)
              for r, g, b_ in (a, b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def rgb(value, props, under=(255, 255, 255)):
    """A CSS colour (#hex, rgb(a)(), white, var(--x)) as (r, g, b), alpha blended over `under`."""
    value = value.strip()
    if value.startswith("var("):
        return rgb(props[value[4:-1].split(",")[0].strip()], props, under)
    if value == "white":
        return (255, 255, 255)
    if value.startswith("#"):
        h = value[1:]
        h = "".join(c * 2 for c in h) if len(h) == 3 else h[:6]
        return tuple(int(h[i:i + 2], 16) for i in (0, 2, 4))
    nums = [float(x) for x in re.findall(r"[\d.]+", value)]
    alpha = nums[3] if len(nums) > 3 else 1
    return tuple(round(c * alpha + u * (1 - alpha)) for c, u in zip(nums[:3], under))


@pytest.fixture(scope="module")
def page_css(tmp_path_factory):
    """The CSS custom properties of a built page (the last definition wins), and its text."""
    tmp = tmp_path_factory.mktemp("contrast")
    notebook(tmp / "nb" / "01_one.ipynb", "# One", "[a link](02_two.ipynb) in a sentence.")
    site.main(tmp / "nb", tmp / "site")
    html = (tmp / "site" / "01_one.html").read_text(encoding="utf-8")
    return dict(re.findall(r"(--[\w-]+)\s*:\s*([^;{}]+);", html)), html


def test_text_links_and_prompts_meet_aa(page_css):
    props, _ = page_css
    page = rgb("var(--jp-layout-color0)", props)
    low = {}
    for name in ("--jp-content-font-color1", "--jp-content-link-color",
                 "--jp-cell-inprompt-font-color", "--jp-cell-outprompt-font-color",
                 "--jp-ui-font-color1"):
        ratio = contrast(rgb(props[name], props), page)
        if ratio < AA:
            low[name] = round(ratio, 2)
    assert not low, f"below {AA}:1 on the page's background: {low}"


def test_links_in_text_are_underlined(page_css):
    _, html = page_css
    rule = re.search(r"\ba,\s*a:visited\s*\{[^}]*text-decoration:\s*underline !important", html)
    assert rule, "links in text must be told from text by more than colour"


def test_prompts_are_not_faded(page_css):
    """JupyterLab's theme draws prompts at half opacity, which undoes any colour's contrast."""
    _, html = page_css
    for prompt in ("jp-InputPrompt", "jp-OutputPrompt"):
        assert re.search(rf"\.{prompt}\s*\{{[^}}]*opacity:\s*1 !important", html), prompt


def test_code_highlighting_meets_aa_on_both_backgrounds(page_css):
    from pygments.styles import get_style_by_name

    props, html = page_css
    style = get_style_by_name(site.HIGHLIGHT)
    assert f".highlight {{ background: {style.background_color}" in html, "style not used"
    backgrounds = {"the style's": rgb(style.background_color, props),
                   "the code cell's": rgb("var(--jp-cell-editor-background)", props)}
    low = []
    for token, spec in style:
        if spec["color"]:
            for where, bg in backgrounds.items():
                ratio = contrast(rgb("#" + spec["color"], props), bg)
                if ratio < AA:
                    low.append(f"{token} #{spec['color']} on {where} background: {ratio:.2f}")
    assert not low, "\n".join(low)


def test_contrast_is_computed_as_wcag_says():
    assert round(contrast((0, 0, 0), (255, 255, 255)), 1) == 21.0
    assert round(contrast((0x30, 0x7f, 0xc1), (255, 255, 255)), 2) == 4.26  # JupyterLab's In []
    assert rgb("rgba(0, 0, 0, 0.87)", {}) == (33, 33, 33)
