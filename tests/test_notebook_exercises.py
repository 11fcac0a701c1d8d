"""Every exercise's check rejects the recorded wrong answers and accepts the solution.

tools/check_exercises.py runs each lesson in one kernel; at each exercise it tries every wrong
answer in the cell's "wrong" metadata, then the solution, then the cell as shipped, each
followed by the check cell. This wraps it, one test per lesson, plus a separate test that every
exercise records at least two wrong answers.
"""
import importlib.util
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import check_exercises  # noqa: E402
import nbcheck  # noqa: E402

HAVE_TORCH = importlib.util.find_spec("torch") is not None
NOTEBOOKS = ROOT / "notebooks"


def lessons_with_exercises():
    params = []
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = nbcheck.read(path)
        if not nbcheck.exercises(nb):
            continue
        skip = "torch" in nbcheck.requires(nb) and not HAVE_TORCH
        params.append(pytest.param(path, id=path.name, marks=pytest.mark.skipif(
            skip, reason="needs PyTorch, which is not installed: pip install torch")))
    return params


LESSONS = lessons_with_exercises()


@pytest.mark.parametrize("path", LESSONS)
def test_checks_reject_wrong_answers_and_accept_the_solution(path):
    results = check_exercises.check_notebook(path)
    bad = [r for r in results if not r.ok and r.trial != "missing"]
    if bad:
        pytest.fail(f"{path.name}:\n" + "\n".join(map(str, bad)), pytrace=False)


@pytest.mark.parametrize("path", LESSONS)
def test_every_exercise_records_two_wrong_answers(path):
    """JSON only: each exercise cell's "wrong" metadata lists at least two whole-cell sources."""
    nb = nbcheck.read(path)
    short = []
    for number, (ex, _check) in enumerate(nbcheck.exercises(nb), 1):
        wrong = nb.cells[ex].metadata.get("wrong", [])
        if len(wrong) < 2 or not all(isinstance(w, str) and w.strip() for w in wrong):
            short.append(f"exercise {number} (cell id {nb.cells[ex].get('id')}): "
                         f"{len(wrong)} wrong answers")
    if short:
        pytest.fail(f"{path.name}: every exercise needs at least two plausible wrong answers in "
                    "its \"wrong\" metadata:\n  " + "\n  ".join(short), pytrace=False)
