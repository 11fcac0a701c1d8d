"""Run notebooks top to bottom in a fresh kernel and store their outputs in place.

usage: python tools/execute.py NOTEBOOK.ipynb [...]

This is how the stored outputs that `make test` compares against are made: one clean run,
execution counts 1, 2, 3..., each notebook in its own folder as working directory.
"""
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient


def execute(path):
    path = pathlib.Path(path)
    nb = nbformat.read(path, as_version=4)
    raising = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop("execution", None)
            # A cell that shows an error on purpose says so to nbval in a comment; nbclient
            # needs a tag instead, added for this run only (nbval warns if it sees both).
            tags = cell.metadata.setdefault("tags", [])
            if "NBVAL_RAISES_EXCEPTION" in cell.source and "raises-exception" not in tags:
                tags.append("raises-exception")
                raising.append(id(cell))
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    for cell in nb.cells:
        if id(cell) in raising:
            cell.metadata["tags"].remove("raises-exception")
        if cell.cell_type == "code" and not cell.metadata.get("tags"):
            cell.metadata.pop("tags", None)
    nbformat.write(nb, path)
    return time.perf_counter() - start


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(f"{arg}: ran in {execute(arg):.1f} s")
