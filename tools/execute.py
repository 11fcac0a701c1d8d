"""Run notebooks top to bottom in a fresh kernel and store their outputs in place.

usage: python tools/execute.py NOTEBOOK.ipynb [...]

This is how the stored outputs that `make test` compares against are made: one clean run,
execution counts 1, 2, 3..., each notebook in its own folder as working directory.

A notebook that cannot be read, fails to run or whose kernel dies is left as it was on disk,
and the others still run: the failures are named at the end and the exit status is 1. A run
that succeeds is stored atomically (a notebook is never left half-written).

A cell that shows an error on purpose carries the cell tag `raises-exception`: nbclient, nbval
and JupyterLab's Run All go on past it.
"""
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError

import nbcheck


def run(nb, folder):
    """Execute nb (a NotebookNode) in place in a fresh kernel whose working directory is folder.
    Raises CellExecutionError if a cell without the raises-exception tag raises."""
    nbcheck.clear_outputs(nb)
    client = NotebookClient(nb, km=nbcheck.kernel_manager(), timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    client.execute(cleanup_kc=True)  # cleanup_kc: shut the kernel down afterwards
    return nb


def execute(path):
    path = pathlib.Path(path)
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    run(nb, path.parent)
    nbcheck.write(nb, path)
    return time.perf_counter() - start


def short(error):
    """A CellExecutionError in one line: the exception, its message, the cell's first line."""
    source = str(error).split("------------------")
    first = source[1].strip().splitlines()[0] if len(source) > 2 and source[1].strip() else "?"
    return f"{error.ename}: {error.evalue} (in the cell starting {first!r})"


def why(error):
    """One line saying why a notebook could not be run, and what to do."""
    if isinstance(error, CellExecutionError):
        return short(error)
    if isinstance(error, FileNotFoundError):
        return "no such file; check the path"
    if isinstance(error, DeadKernelError):
        return f"the kernel died ({error}); run the notebook in JupyterLab to see where"
    if isinstance(error, (nbformat.reader.NotJSONError, nbformat.ValidationError, ValueError)):
        return (f"not a readable notebook ({type(error).__name__}: {str(error)[:120]}); "
                "look for merge-conflict markers, or restore it with git checkout")
    return f"{type(error).__name__}: {error}"


def main(paths):
    failed = []
    for arg in paths:
        try:
            print(f"{arg}: ran in {execute(arg):.1f} s", flush=True)
        except KeyboardInterrupt:
            raise
        except Exception as error:  # noqa: BLE001 - any failure: name it, go on to the next
            failed.append(arg)
            print(f"{arg}: FAILED, left unchanged: {why(error)}", flush=True)
    if failed:
        print(f"\n{len(failed)} of {len(paths)} notebooks failed and were not stored:")
        print("\n".join(f"  {p}" for p in failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
