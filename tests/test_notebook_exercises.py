"""Every exercise's check rejects the recorded wrong answers and accepts the solution.

tools/check_exercises.py runs each lesson in one kernel; at each exercise it tries every wrong
answer in the cell's "wrong" metadata, then the solution, then the cell as shipped, each
followed by the check cell. This wraps it, one test per lesson (the same kernel run as
tests/test_rerun.py's: conftest.py's lesson_run fixture), plus JSON-only tests that every
exercise records at least five wrong answers and that its hints climb a ladder.
"""
import importlib
import importlib.util
import pathlib
import pkgutil

import pytest

import check_exercises
import exercise_checks
import exercises
import nbcheck

ROOT = pathlib.Path(__file__).resolve().parent.parent

for _module in pkgutil.iter_modules(exercise_checks.__path__):  # fills exercises.LADDERS
    importlib.import_module(f"exercise_checks.{_module.name}")
NOTEBOOKS = ROOT / "notebooks"


def lessons_with_exercises():
    params = []
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = nbcheck.read(path)
        if not nbcheck.exercises(nb):
            continue
        params.append(pytest.param(path, id=path.name))  # conftest skips what needs PyTorch
    return params


LESSONS = lessons_with_exercises()


@pytest.mark.parametrize("path", LESSONS)
def test_checks_reject_wrong_answers_and_accept_the_solution(path, lesson_run):
    _rerun, results = lesson_run(path)  # the kernel run the re-run test judges too
    bad = [r for r in results if not r.ok and r.trial != "missing"]
    if bad:
        pytest.fail(f"{path.name}:\n" + "\n".join(map(str, bad)), pytrace=False)


@pytest.mark.parametrize("path", LESSONS)
def test_every_exercise_records_five_wrong_answers(path):
    """JSON only: each exercise cell's "wrong" metadata lists at least two whole-cell sources."""
    nb = nbcheck.read(path)
    short = []
    for number, (ex, _check) in enumerate(nbcheck.exercises(nb), 1):
        wrong = nb.cells[ex].metadata.get("wrong", [])
        written = all(isinstance(w, str) and w.strip() for w in wrong)
        if len(wrong) < check_exercises.FEWEST_WRONG or not written:
            short.append(f"exercise {number} (cell id {nb.cells[ex].get('id')}): "
                         f"{len(wrong)} wrong answers")
    if short:
        pytest.fail(f"{path.name}: every exercise needs at least five plausible wrong answers in "
                    "its \"wrong\" metadata:\n  " + "\n  ".join(short), pytrace=False)


def _normal(text):
    return " ".join(text.split())


@pytest.mark.parametrize("path", LESSONS)
def test_hints_climb_a_ladder_and_only_the_last_rung_gives_the_answer_away(path):
    """Each exercise names its ladder by "exercise_id" in its metadata; the ladder has at least
    two rungs, and no line of the worked answer (10 characters or more, white space folded,
    not already in the cell as shipped) appears in any rung but the last."""
    nb = nbcheck.read(path)
    problems = []
    for number, (ex, _check) in enumerate(nbcheck.exercises(nb), 1):
        cell = nb.cells[ex]
        ident = cell.metadata.get("exercise_id")
        hints = exercises.LADDERS.get(ident)
        if hints is None:
            problems.append(f"exercise {number}: no ladder for exercise_id {ident!r}")
            continue
        if len(hints) < 2:
            problems.append(f"exercise {ident}: {len(hints)} rung; a ladder needs two or more")
        shipped = {_normal(line) for line in cell.source.splitlines()}
        answer = {_normal(line) for line in cell.metadata.get("solution", "").splitlines()}
        for line in sorted(answer - shipped):
            for rung, hint in enumerate(hints[:-1], 1):
                if len(line) >= 10 and line in _normal(hint):
                    problems.append(f"exercise {ident}: hint {rung} holds the answer's line "
                                    f"{line!r}")
    if problems:
        pytest.fail(f"{path.name}:\n  " + "\n  ".join(problems), pytrace=False)
