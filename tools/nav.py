"""Put a prev | contents | next bar at the top and bottom of every notebook.

usage: python tools/nav.py notebooks

Each link's text is the first `#` heading of the notebook it points to. Lessons link to their
neighbours in file-name order; a solutions notebook links back to its lesson. Running it twice
changes nothing: the bars it wrote before are found by their cell ids and replaced.
"""
import pathlib
import sys

import nbformat

import nbcheck

BAR_IDS = ("nav-top", "nav-bottom")


def title(nb):
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.get("id") not in BAR_IDS:
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise SystemExit("a notebook has no '# ' heading: every lesson starts with its title")


def link(text, target):
    return f"[{text}]({target})"


def lesson_bar(titles, names, i):
    parts = []
    if i > 0:
        parts.append(link("← " + titles[i - 1], names[i - 1]))
    parts.append(link("Contents", names[0]))
    if i + 1 < len(names):
        parts.append(link(titles[i + 1] + " →", names[i + 1]))
    return " | ".join(parts)


def set_bars(path, nb, bar):
    nb.cells = [c for c in nb.cells if c.get("id") not in BAR_IDS]
    top = nbformat.v4.new_markdown_cell(bar, id=BAR_IDS[0])
    bottom = nbformat.v4.new_markdown_cell(bar, id=BAR_IDS[1])
    nb.cells = [top] + nb.cells + [bottom]
    nbcheck.write(nb, path)


def main(folder):
    folder = pathlib.Path(folder)
    paths = sorted(folder.glob("[0-9][0-9]_*.ipynb"))
    nbs = [nbformat.read(p, as_version=4) for p in paths]
    titles = [title(nb) for nb in nbs]
    names = [p.name for p in paths]
    for i, (path, nb) in enumerate(zip(paths, nbs)):
        set_bars(path, nb, lesson_bar(titles, names, i))
    for path in sorted((folder / "solutions").glob("[0-9][0-9]_*.ipynb")):
        lesson = path.name
        bar = " | ".join([link("← back to the lesson", f"../{lesson}"),
                          link("Contents", f"../{names[0]}")])
        set_bars(path, nbformat.read(path, as_version=4), bar)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "notebooks")
