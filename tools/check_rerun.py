"""Is every code cell safe to run twice, as a learner will?

usage: python tools/check_rerun.py NOTEBOOK.ipynb [...]

Each notebook runs in one fresh kernel with every code cell executed twice in a row. A cell
fails if either run raises an error the stored notebook does not show (a cell tagged
`raises-exception` must raise both times), or if the output of either run differs from the
stored one, compared as nbval compares (PNG images and widget views left out; cells marked
`# NBVAL_IGNORE_OUTPUT` not compared). The comparison also covers a cell stored with no output
that prints something. Comparing the first run too is what nbval does, so this one kernel run
of a lesson serves both checks: `make test` runs nbval over the solutions only. In `make test`
the same kernel run also tries each exercise's answers (tools/check_exercises.py, check_lesson).

A cell whose second run is meant to differ carries the cell metadata
"gradbook": {"rerun": "<why, in a few words>"}: its second output is not compared (it is listed
as exempt), but a new error still fails it, because a learner must never meet one by re-running.
Exit status 1 if any cell failed.
"""
import dataclasses
import pathlib
import sys

import nbcheck


@dataclasses.dataclass
class Result:
    notebook: str
    cell: int  # code cell number, 1-based, as nbval counts them from 0 plus one
    cell_id: str
    first_line: str
    ok: bool
    message: str

    def __str__(self):
        status = "ok  " if self.ok else "FAIL"
        return f"  {status}  cell {self.cell} ({self.first_line!r}): {self.message}"


def exemption(cell):
    return cell.metadata.get("gradbook", {}).get("rerun")


def check_notebook(path, after=None):
    """Problems and exemptions of one notebook, cell by cell (cells with neither are left out).

    after(kernel, index, cell, runs), if given, is called in the same kernel once both runs of
    nb.cells[index] are judged (runs: the two runs' outputs): another check made at that point
    of the lesson then costs no second kernel run of it (tools/check_exercises.py's trials).
    """
    path = pathlib.Path(path)
    nb = nbcheck.read(path)
    results, number = [], 0
    with nbcheck.Kernel(path) as kernel:
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            number += 1
            first = kernel.run(cell.source)
            second = kernel.run(cell.source)
            first_line = next((line for line in cell.source.splitlines()
                               if line.strip() and not line.startswith("#")), "")

            def result(ok, message, number=number, cell=cell, first_line=first_line):
                return Result(str(path), number, cell.get("id", "?"), first_line, ok, message)

            results += _judge(cell, first, second, result)
            if after is not None:
                after(kernel, index, cell, (first, second))
    return results


def _judge(cell, first, second, result):
    raises = nbcheck.RAISES_TAG in nbcheck.tags(cell)
    if raises:
        missing = [n for n, out in (("first", first), ("second", second))
                   if not nbcheck.errors(out)]
        if missing:
            return [result(False, f"meant to raise, but the {' and '.join(missing)} run did not")]
    else:
        for n, out in (("first", first), ("second", second)):
            if nbcheck.errors(out):
                return [result(False, f"the {n} run raised {nbcheck.describe_error(out)}")]
    if nbcheck.has_mark(cell, nbcheck.IGNORE_MARK):
        return []
    diff = nbcheck.difference(cell.outputs, first)
    if diff:
        return [result(False, f"the first run's output differs from the stored one: {diff}")]
    why = exemption(cell)
    if why:
        return [result(True, f"exempt, second run not compared: {why}")]
    diff = nbcheck.difference(cell.outputs, second)
    if diff:
        return [result(False, f"the second run's output differs from the stored one: {diff}")]
    return []


def main(paths):
    failed = exempt = 0
    for path in paths:
        print(path, flush=True)
        results = check_notebook(path)
        for r in results:
            print(r, flush=True)
        bad = sum(not r.ok for r in results)
        exempt += sum(r.ok for r in results)
        failed += bad
        if not bad:
            print("  every cell safe to run twice")
    print(f"\n{failed} cells failed, {exempt} exempt")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
