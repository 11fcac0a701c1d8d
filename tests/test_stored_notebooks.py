"""Guards on the stored notebooks, read as JSON (no kernel, fast): nbval's blind spots.

nbval compares a cell's fresh output with the stored one only if the cell was run when the
notebook was stored, and it never asks whether a check cell says "correct" or "not yet". These
tests fail when any notebook under notebooks/ (lessons and solutions):
  - has a code cell that was never run, or execution counts other than 1, 2, ..., N;
  - shows an error in a cell that lacks the `raises-exception` tag (JupyterLab's Run All stops
    there), or has the tag but stores no error, or says it a second time with nbval's
    `# NBVAL_RAISES_EXCEPTION` comment (one marker: the tag; tools/raises_tag.py drops the line);
  - is a lesson whose check cells do not all store `not yet...` (the exercise as shipped);
  - is a solutions notebook whose check cells do not all store `correct`, or is missing;
  - links to a notebook or file (relative link in markdown) that does not exist.
"""
import functools
import pathlib

import pytest

import nbcheck
import solutions

ROOT = pathlib.Path(__file__).resolve().parent.parent

NOTEBOOKS = ROOT / "notebooks"
LESSONS = sorted(NOTEBOOKS.glob("*.ipynb"))
SOLUTIONS = sorted((NOTEBOOKS / "solutions").glob("*.ipynb"))
EVERY = LESSONS + SOLUTIONS


@functools.lru_cache(maxsize=None)
def read(path):
    return nbcheck.read(path)


def fail(path, problems):
    if problems:
        pytest.fail(f"{name(path)}:\n  " + "\n  ".join(problems), pytrace=False)


def name(path):
    return str(path.relative_to(NOTEBOOKS))


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def where(nb, cell):
    number = code_cells(nb).index(cell)
    first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
    return f"code cell {number} (id {cell.get('id')}, {first[:50]!r})"


def stored_counts_problems(nb):
    cells = code_cells(nb)
    unrun = [where(nb, c) for c in cells if c.execution_count is None]
    if unrun:
        return [f"{len(unrun)} of {len(cells)} code cells never ran, e.g. {unrun[0]}"]
    counts = [c.execution_count for c in cells]
    if counts != list(range(1, len(cells) + 1)):
        return [f"execution counts {counts} are not 1..{len(cells)}: not one clean run"]
    return []


def error_problems(nb):
    out = []
    for cell in code_cells(nb):
        tagged = nbcheck.RAISES_TAG in nbcheck.tags(cell)
        raised = bool(nbcheck.errors(cell.outputs))
        if raised and not tagged:
            out.append(f"{where(nb, cell)} shows an error but lacks the raises-exception tag")
        if nbcheck.has_mark(cell, "NBVAL_RAISES_EXCEPTION"):
            out.append(f"{where(nb, cell)} has nbval's # NBVAL_RAISES_EXCEPTION comment: the "
                       "raises-exception tag alone says it (python tools/raises_tag.py NOTEBOOK)")
        if tagged and not raised and cell.execution_count is not None:
            out.append(f"{where(nb, cell)} is marked to raise but its stored output has no error")
    return out


def check_problems(nb, solved):
    """Stored check outputs: all `correct` in a solutions notebook, all `not yet` in a lesson."""
    out = []
    for number, (_exercise, chk) in enumerate(nbcheck.exercises(nb), 1):
        cell = nb.cells[chk]
        lines = nbcheck.check_lines(cell.outputs)
        if nbcheck.errors(cell.outputs):
            out.append(f"exercise {number}: the check cell stores an error "
                       f"({nbcheck.describe_error(cell.outputs)})")
        elif not lines:
            out.append(f"exercise {number}: the check cell stores no printed verdict")
        elif solved and any(line != "correct" for line in lines):
            out.append(f"exercise {number}: the solved check stores {lines}, not only 'correct'")
        elif not solved and any(not line.startswith("not yet") for line in lines):
            out.append(f"exercise {number}: the check as shipped stores {lines}, "
                       "not only 'not yet...'")
    return out


@pytest.mark.parametrize("path", EVERY, ids=name)
def test_every_code_cell_ran_once_in_order(path):
    problems = stored_counts_problems(read(path))
    fail(path, [p + ". Store outputs from one clean run: make notebooks" for p in problems])


@pytest.mark.parametrize("path", EVERY, ids=name)
def test_errors_shown_only_where_tagged(path):
    fail(path, error_problems(read(path)))


@pytest.mark.parametrize("path", LESSONS, ids=name)
def test_lesson_checks_store_not_yet(path):
    fail(path, check_problems(read(path), solved=False))


@pytest.mark.parametrize("path", SOLUTIONS, ids=name)
def test_solution_checks_store_correct(path):
    nb = read(path)
    if not nbcheck.exercises(nb):
        fail(path, ["no solved exercise (no cell marked by tools/solutions.py): "
                    "regenerate it with make notebooks"])
    fail(path, check_problems(nb, solved=True))


@pytest.mark.parametrize("path", [p for p in LESSONS if nbcheck.exercises(read(p))], ids=name)
def test_every_lesson_with_exercises_has_its_solutions(path):
    target = NOTEBOOKS / "solutions" / path.name
    if not target.exists():
        fail(path, [f"has exercises but no {name(target)}: make notebooks"])
    solved = read(target)
    if len(nbcheck.exercises(solved)) != len(nbcheck.exercises(read(path))):
        fail(target, ["a different number of solved exercises from its lesson: make notebooks"])
    if any("wrong" in c.metadata or "solution" in c.metadata for c in solved.cells):
        fail(target, ["still carries the lesson's answers in its metadata: make notebooks"])


@pytest.mark.parametrize("path", SOLUTIONS, ids=name)
def test_every_solutions_notebook_has_its_lesson(path):
    if not (NOTEBOOKS / path.name).exists():
        fail(path, [f"no lesson {path.name} in notebooks/: a solutions notebook left behind "
                    "by a renamed or removed lesson; delete it"])


@pytest.mark.parametrize("path", EVERY, ids=name)
def test_relative_links_resolve(path):
    """A markdown link to a notebook or file next to it points at one that exists."""
    broken = [f"{where_md}: ({target})" for where_md, target in links(read(path))
              if not (path.parent / target).exists()]
    fail(path, [f"link to a file that does not exist, {b}" for b in broken])


def links(nb):
    for number, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            for match in solutions.LINK.finditer(cell.source):
                yield f"markdown cell {number}", match.group(1)


def test_solutions_links_are_rebased():
    """A lesson's link to a neighbour or to solutions/ still resolves from the solutions copy."""
    assert solutions.rebase_links("[next](05_x.ipynb)") == "[next](../05_x.ipynb)"
    assert (solutions.rebase_links("[answers](solutions/05_x.ipynb#ex)")
            == "[answers](05_x.ipynb#ex)")
    assert solutions.rebase_links("[r](../README.md) f[i](x)") == "[r](../../README.md) f[i](x)"
    assert solutions.rebase_links("[w](https://a.b/c.ipynb)") == "[w](https://a.b/c.ipynb)"
