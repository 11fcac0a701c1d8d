"""Run notebooks top to bottom in a fresh kernel and store their outputs in place.

usage: python tools/execute.py NOTEBOOK.ipynb [...]

This is how the stored outputs that `make test` compares against are made: one clean run,
execution counts 1, 2, 3..., each notebook in its own folder as working directory.

A notebook whose run fails is left as it was on disk, and the others still run: the failures
are listed at the end and the exit status is 1. (Stopping at the first failure used to leave
every notebook after it as an earlier step had written it: solutions with no outputs at all.)

A cell that shows an error on purpose starts with `# NBVAL_RAISES_EXCEPTION` (for nbval and
the reader) and carries the cell tag `raises-exception` (for nbclient and JupyterLab's Run
All, which stop at an error otherwise). The tag is added here where the comment is, and kept.
"""
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import nbcheck  # noqa: E402


def run(nb, folder):
    """Execute nb (a NotebookNode) in place in a fresh kernel whose working directory is folder.
    Raises CellExecutionError if a cell without the raises-exception tag raises."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop("execution", None)
            tags = cell.metadata.setdefault("tags", [])
            if nbcheck.has_mark(cell, nbcheck.RAISES_MARK) and nbcheck.RAISES_TAG not in tags:
                tags.append(nbcheck.RAISES_TAG)
            if not tags:
                del cell.metadata["tags"]
    client = NotebookClient(nb, km=nbcheck.kernel_manager(), timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    client.execute(cleanup_kc=True)  # cleanup_kc: shut the kernel down afterwards
    return nb


def execute(path):
    path = pathlib.Path(path)
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    run(nb, path.parent)
    nbformat.write(nb, path)
    return time.perf_counter() - start


def short(error):
    """A CellExecutionError in one line: the exception, its message, the cell's first line."""
    source = str(error).split("------------------")
    first = source[1].strip().splitlines()[0] if len(source) > 2 and source[1].strip() else "?"
    return f"{error.ename}: {error.evalue} (in the cell starting {first!r})"


def main(paths):
    failed = []
    for arg in paths:
        try:
            print(f"{arg}: ran in {execute(arg):.1f} s", flush=True)
        except CellExecutionError as error:
            failed.append(arg)
            print(f"{arg}: FAILED, left unchanged: {short(error)}", flush=True)
    if failed:
        print(f"\n{len(failed)} of {len(paths)} notebooks failed and were not stored:")
        print("\n".join(f"  {p}" for p in failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
