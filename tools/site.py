"""Build a static site of the whole series: one HTML page per notebook, outputs included.

usage: python tools/site.py notebooks site

Every notebook under the source folder gets a page (lessons, solutions/, the teacher's guide),
at the same relative path. Pages keep every stored output (graphs are inline SVG, plots inline
PNG, players inline HTML), links between notebooks point at the pages, and nothing is loaded
from the network, so the folder opens offline in any browser: start at site/index.html. No
notebook is run here: the site shows the outputs stored in the notebooks, which `make test`
checks.

The tool deletes and overwrites only what it wrote itself. It lists every file it writes in a
marker file in the output folder; a later run removes those files and no others. It refuses,
before touching anything, an output folder that is (inside) the source folder, contains it,
holds notebooks, or holds files while having no marker (a folder it did not make).
"""
import os
import pathlib
import re
import sys

import nbformat
from nbconvert import HTMLExporter

MARKER = ".gradbook-site"  # in the output folder: the files this tool wrote there, one a line
MARKER_HEAD = "# written by tools/site.py; a new run deletes exactly these files\n"

# The exporter's template pulls require.js, MathJax and mermaid from a CDN. None of them is
# needed to read the course (formulas then show as typed), and offline they only fail to load.
CDN_SCRIPT = re.compile(r'<script[^>]*\bsrc="https?://[^"]*"[^>]*>\s*</script>\s*')
CDN_MODULE = re.compile(
    r'<script type="module">(?:(?!</script>).)*?https?://(?:(?!</script>).)*</script>\s*', re.S
)
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
    print(f"site.py: a link in {page_dir.relative_to(src).as_posix() or '.'} points at "
          f"{target}.ipynb, which is not there", file=sys.stderr)
    return target


def page(path, src, exporter):
    nb = nbformat.read(path, as_version=4)
    # Stored widget state makes nbconvert load a widget manager from a CDN; without it, a live
    # explorer shows the static drawing stored beside it, which is what works offline.
    nb.metadata.pop("widgets", None)
    html, _ = exporter.from_notebook_node(nb)
    html = CDN_SCRIPT.sub("", html)
    html = CDN_MODULE.sub("", html)
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
                      "is it the source folder? usage: python tools/site.py SOURCE OUTPUT")
    marker = dest / MARKER
    if not marker.is_file():
        if any(dest.iterdir()):
            raise Refused(f"the output folder {dest} holds files that site.py did not write "
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


def main(src, dest):
    src, dest = pathlib.Path(src).resolve(), pathlib.Path(dest).resolve()
    check_folders(src, dest)
    old = written_before(dest)
    paths = notebooks(src)
    pages = [path.relative_to(src).with_suffix(".html").as_posix() for path in paths]
    if "00_index.html" in pages:
        pages.append("index.html")
    for rel in pages:  # never overwrite a file of someone else's
        if (dest / rel).exists() and rel not in old:
            raise Refused(f"{dest / rel} exists and site.py did not write it")
    for rel in old:  # what the last run wrote, and only that
        (dest / rel).unlink(missing_ok=True)
    for folder in sorted({(dest / rel).parent for rel in old}, reverse=True):
        if folder != dest and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    dest.mkdir(parents=True, exist_ok=True)
    # the marker first, so that even a run stopped half-way can be cleaned up by the next one
    (dest / MARKER).write_text(MARKER_HEAD + "".join(f"{rel}\n" for rel in pages),
                               encoding="utf-8")
    exporter = HTMLExporter(template_name="lab")
    for path, rel in zip(paths, pages):
        out = dest / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(page(path, src, exporter), encoding="utf-8")
    if "index.html" in pages:
        (dest / "index.html").write_bytes((dest / "00_index.html").read_bytes())
    print(f"{len(paths)} pages in {dest}/; open {dest / 'index.html'}")


if __name__ == "__main__":
    try:
        main(*(sys.argv[1:3] if len(sys.argv) > 2 else ("notebooks", "site")))
    except Refused as e:
        sys.exit(f"site.py: {e}; nothing was changed")
