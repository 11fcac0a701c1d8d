"""Every lesson survives a learner running each code cell twice in a row, and shows what is
stored.

Wraps tools/check_rerun.py, one test per lesson: no new error on either run, and each run's
output equal to the stored one as nbval compares (a second run that is meant to differ,
"gradbook": {"rerun": "why"}, is exempt from the comparison, not from the error check). This is
`make test`'s nbval for the lessons: nbval itself runs only the solutions notebooks. The kernel
run is check_exercises.check_lesson's, which tests/test_notebook_exercises.py judges too
(the lesson_run fixture in conftest.py runs each lesson once).
"""
import pathlib

import pytest

import nbcheck

ROOT = pathlib.Path(__file__).resolve().parent.parent



def lessons_paths():
    """Every notebook in notebooks/ (not solutions/) with code to run."""
    return [path for path in sorted((ROOT / "notebooks").glob("*.ipynb"))
            if any(c.cell_type == "code" for c in nbcheck.read(path).cells)]


def lessons():
    # conftest.py skips a lesson that needs what is not installed (PyTorch)
    return [pytest.param(path, id=path.name) for path in lessons_paths()]


def test_exemptions_say_why():
    """JSON only: a "rerun" exemption is a reason in words, not a bare flag."""
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in nbcheck.read(path).cells:
            why = cell.metadata.get("gradbook", {}).get("rerun")
            if why is not None:
                assert isinstance(why, str) and len(why.split()) >= 2, (
                    f"{path.name} cell {cell.get('id')}: \"rerun\" must say why the second run "
                    f"differs, in a few words; it is {why!r}")


@pytest.mark.parametrize("path", lessons())
def test_every_cell_can_run_twice(path, lesson_run):
    rerun, _exercises = lesson_run(path)  # the kernel run the exercise test judges too
    bad = [r for r in rerun if not r.ok]
    if bad:
        pytest.fail(f"{path.name}, each code cell run twice in a row:\n"
                    + "\n".join(map(str, bad)), pytrace=False)


def test_make_test_compares_every_lesson_here_or_with_nbval():
    """Every notebook is compared with its stored outputs: lessons here, the rest by nbval."""
    makefile = (ROOT / "Makefile").read_text()
    line = next(x for x in makefile.splitlines() if "-m pytest" in x and "--nbval" in x)
    nbval_over = [arg for arg in line.split() if arg.startswith("notebooks")]
    here = {p.name for p in lessons_paths()}
    for path in sorted((ROOT / "notebooks").rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        rel = path.relative_to(ROOT).as_posix()
        covered = any(rel.startswith(arg.rstrip("/") + "/") or rel == arg for arg in nbval_over)
        silent = not any(c.cell_type == "code" for c in nbcheck.read(path).cells)
        assert covered or silent or (path.parent.name == "notebooks" and path.name in here), rel
