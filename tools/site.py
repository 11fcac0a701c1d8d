"""Build a static site of the whole series: one HTML page per notebook, outputs included.

usage: python tools/site.py notebooks site

Pages keep every stored output (graphs are inline SVG, plots inline PNG, players inline HTML),
links between notebooks point at the pages, and nothing is loaded from the network, so the
folder opens offline in any browser: start at site/index.html. No notebook is run here: the
site shows the outputs stored in the notebooks, which `make test` checks.
"""
import pathlib
import re
import shutil
import sys

import nbformat
from nbconvert import HTMLExporter

# The exporter's template pulls require.js, MathJax and mermaid from a CDN. None of them is
# needed to read the course (formulas then show as typed), and offline they only fail to load.
CDN_SCRIPT = re.compile(r'<script[^>]*\bsrc="https?://[^"]*"[^>]*>\s*</script>\s*')
CDN_MODULE = re.compile(
    r'<script type="module">(?:(?!</script>).)*?https?://(?:(?!</script>).)*</script>\s*', re.S
)
NOTEBOOK_LINK = re.compile(r'href="([^"#:]*?)\.ipynb(#[^"]*)?"')


def page(path, exporter):
    nb = nbformat.read(path, as_version=4)
    # Stored widget state makes nbconvert load a widget manager from a CDN; without it, a live
    # explorer shows the static drawing stored beside it, which is what works offline.
    nb.metadata.pop("widgets", None)
    html, _ = exporter.from_notebook_node(nb)
    html = CDN_SCRIPT.sub("", html)
    html = CDN_MODULE.sub("", html)
    return NOTEBOOK_LINK.sub(lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', html)


def main(src, dest):
    src, dest = pathlib.Path(src), pathlib.Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    exporter = HTMLExporter(template_name="lab")
    lessons = sorted(src.glob("[0-9][0-9]_*.ipynb"))
    paths = lessons + sorted(src.glob("solutions/[0-9][0-9]_*.ipynb"))
    for path in paths:
        out = dest / path.relative_to(src).with_suffix(".html")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(page(path, exporter), encoding="utf-8")
    index = dest / "00_index.html"
    if index.exists():
        shutil.copy(index, dest / "index.html")
    print(f"{len(paths)} pages in {dest}/; open {dest}/index.html")


if __name__ == "__main__":
    main(*(sys.argv[1:3] if len(sys.argv) > 2 else ("notebooks", "site")))
