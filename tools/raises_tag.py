"""One marker for a cell that fails on purpose: the cell tag `raises-exception`.

usage: python tools/raises_tag.py NOTEBOOK.ipynb [...]

nbval, nbclient and JupyterLab's Run All all honour the tag, so nbval's comment line
`# NBVAL_RAISES_EXCEPTION` only says the same thing a second time. This removes that line from
every code cell, giving the cell the tag first if it lacked it, and writes each notebook it
changed atomically; stored outputs are kept (nbval does not compare tracebacks, the only place
the line numbers show). Running it again changes nothing. Exit status 1 if a notebook could
not be read (it is named, and the others are still done).
"""
import sys

import nbformat

import nbcheck

COMMENT = "NBVAL_RAISES_EXCEPTION"


def is_comment(line):
    return line.strip().startswith("#") and line.strip().lstrip("#").strip() == COMMENT


def one_marker(nb):
    """Drop the comment line from nb's code cells (tagging them); the number of cells changed."""
    changed = 0
    for cell in nb.cells:
        lines = cell.source.splitlines(keepends=True)
        if cell.cell_type != "code" or not any(map(is_comment, lines)):
            continue
        tags = cell.metadata.setdefault("tags", [])
        if nbcheck.RAISES_TAG not in tags:
            tags.append(nbcheck.RAISES_TAG)
        cell.source = "".join(line for line in lines if not is_comment(line))
        changed += 1
    return changed


def main(paths):
    failed = 0
    for path in paths:
        try:
            nb = nbcheck.read(path)
        except (OSError, ValueError, nbformat.ValidationError) as error:
            failed += 1
            print(f"{path}: not changed, cannot be read ({error})", file=sys.stderr)
            continue
        changed = one_marker(nb)
        if changed:
            nbcheck.write(nb, path)
            print(f"{path}: the comment removed from {changed} cells (tag kept)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
