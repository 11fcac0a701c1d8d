"""Build a static site of the whole series: one HTML page per notebook, outputs included.

usage: python tools/build_site.py notebooks site

Every notebook under the source folder gets a page (lessons, solutions/, the teacher's guide),
at the same relative path. Pages keep every stored output (graphs are inline SVG, plots inline
PNG, players inline HTML), links between notebooks point at the pages, and nothing is loaded
from the network, so the folder opens offline in any browser: start at site/index.html. No
notebook is run here: the site shows the outputs stored in the notebooks, which `make test`
checks.

The pages use nbconvert's JupyterLab page through a small template of ours (site_template/):
nothing loaded from a CDN, prompts and links in colours that meet WCAG AA, links underlined,
and code highlighted in a Pygments style designed for contrast.

The tool deletes and overwrites only what it wrote itself. It lists every file it writes in a
marker file in the output folder; a later run removes those files and no others. It refuses,
before touching anything, an output folder that is (inside) the source folder, contains it,
holds notebooks, or holds files while having no marker (a folder it did not make); two
notebooks that would make the same page; a notebook that cannot be read or converted (every
page is made in memory before the first file changes). Pages are written atomically, and while
it works the marker lists the old pages and the new, so a run cut off is cleaned up by the next.

(Named build_site, not site: `site` is a module of Python's own.)
"""
import os
import pathlib
import re
import sys

import nbformat
from nbconvert import HTMLExporter
from traitlets.config import Config

import nbcheck

MARKER = ".gradbook-site"  # in the output folder: the files this tool wrote there, one a line
MARKER_HEAD = "# written by tools/build_site.py; a new run deletes exactly these files\n"
TEMPLATES = pathlib.Path(__file__).resolve().parent  # holds site_template/
# From accessible-pygments: every token colour at least 7:1 on its background (WCAG AAA), so
# comments and strings stay readable on a projector too.
HIGHLIGHT = "a11y-high-contrast-light"
NOTEBOOK_LINK = re.compile(r'href="([^"#:]*?)\.ipynb(#[^"]*)?"')


class Refused(Exception):
    """The output folder is not one this tool may write into; nothing was changed."""


def notebooks(src):
    """Every notebook under src, in path order; JupyterLab's checkpoint copies left out."""
    return sorted(p for p in src.rglob("*.ipynb")
                  if not any(part.startswith(".") for part in p.relative_to(src).parts))


def link_target(target, page_dir, src):
    """Where a link to `target`.ipynb, written in the page in page_dir, should point.

    As written, if that notebook exists. Otherwise, relative to the source folder: a solutions
    notebook is a copy of its lesson, so its prose links were written for the lesson's folder.
    """
    for base in (page_dir, src):
        if (base / f"{target}.ipynb").is_file():
            return pathlib.Path(os.path.relpath(base / target, page_dir)).as_posix()
    print(f"build_site.py: a link in {page_dir.relative_to(src).as_posix() or '.'} points at "
          f"{target}.ipynb, which is not there", file=sys.stderr)
    return target


def page(path, src, exporter):
    nb = nbformat.read(path, as_version=4)
    # Stored widget state makes nbconvert load a widget manager from a CDN; without it, a live
    # explorer shows the static drawing stored beside it, which is what works offline.
    nb.metadata.pop("widgets", None)
    html, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
    return NOTEBOOK_LINK.sub(
        lambda m: f'href="{link_target(m.group(1), path.parent, src)}.html{m.group(2) or ""}"',
        html)


def written_before(dest):
    """The files an earlier run wrote in dest (relative paths); refuses a folder it did not make."""
    if not dest.exists():
        return []
    if not dest.is_dir():
        raise Refused(f"the output {dest} is a file, not a folder")
    found = notebooks(dest)
    if found:
        raise Refused(f"the output folder {dest} holds notebooks ({found[0].relative_to(dest)}"
                      f"{f' and {len(found) - 1} more' if len(found) > 1 else ''}): "
                      "is it the source folder? usage: python tools/build_site.py SOURCE OUTPUT")
    marker = dest / MARKER
    if not marker.is_file():
        if any(dest.iterdir()):
            raise Refused(f"the output folder {dest} holds files that build_site.py did not write "
                          f"(it has no {MARKER} file); give an empty or new folder")
        return []
    lines = marker.read_text(encoding="utf-8").splitlines()
    # only paths inside dest: a marker edited by hand must not make this tool delete elsewhere
    return [line for line in lines if line and not line.startswith("#")
            and dest in (dest / line).resolve().parents]


def check_folders(src, dest):
    if not src.is_dir():
        raise Refused(f"the source {src} is not a folder of notebooks")
    if dest == src or src in dest.parents:
        raise Refused(f"the output folder {dest} is the source folder {src} or inside it: "
                      "pages would be written among the notebooks")
    if dest in src.parents:
        raise Refused(f"the output folder {dest} contains the source folder {src}")


def exporter():
    """nbconvert's HTML exporter with our page template and highlighting style."""
    return HTMLExporter(
        config=Config({"CSSHTMLHeaderPreprocessor": {"style": HIGHLIGHT}}),
        extra_template_basedirs=[str(TEMPLATES)], template_name="site_template")


def page_names(src, paths):
    """{page path: notebook} for every notebook, plus index.html for 00_index; refuses two
    notebooks that would make one page."""
    pages = {}
    for path in paths:
        names = [path.relative_to(src).with_suffix(".html").as_posix()]
        if names[0] == "00_index.html":
            names.append("index.html")  # the site's front door, a copy of the index
        for name in names:
            if name in pages:
                raise Refused(f"{pages[name].relative_to(src)} and {path.relative_to(src)} would "
                              f"both become {name}; rename one of them")
            pages[name] = path
    return pages


def main(src, dest):
    src, dest = pathlib.Path(src).resolve(), pathlib.Path(dest).resolve()
    check_folders(src, dest)
    old = written_before(dest)
    pages = page_names(src, notebooks(src))
    for rel in pages:  # never overwrite a file of someone else's
        if (dest / rel).exists() and rel not in old:
            raise Refused(f"{dest / rel} exists and build_site.py did not write it")
    html, made = {}, exporter()
    for rel, path in pages.items():  # every page in memory before the first change
        try:
            html[rel] = page(path, src, made)
        except Exception as error:  # noqa: BLE001 - any failure: name the notebook, change nothing
            raise Refused(f"{path} could not be made into a page ({type(error).__name__}: "
                          f"{str(error)[:200]}); fix it or restore it (git checkout) and run "
                          "again") from error
    dest.mkdir(parents=True, exist_ok=True)
    marker = dest / MARKER
    listed = sorted(set(old) | set(pages))  # while working: old and new, for a run cut off
    nbcheck.write_atomic(marker, (MARKER_HEAD + "".join(f"{r}\n" for r in listed)).encode())
    for rel, text in html.items():
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        nbcheck.write_atomic(dest / rel, text.encode("utf-8"))
    for rel in set(old) - set(pages):  # what the last run wrote and this one did not
        (dest / rel).unlink(missing_ok=True)
    for folder in sorted({(dest / rel).parent for rel in old}, reverse=True):
        if folder != dest and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    nbcheck.write_atomic(marker, (MARKER_HEAD + "".join(f"{r}\n" for r in pages)).encode())
    print(f"{len(pages)} pages in {dest}/; open {dest / 'index.html'}")


if __name__ == "__main__":
    try:
        main(*(sys.argv[1:3] if len(sys.argv) > 2 else ("notebooks", "site")))
    except Refused as e:
        sys.exit(f"build_site.py: {e}; nothing was changed")
