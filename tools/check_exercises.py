"""Does every exercise's check tell a wrong answer from a right one?

usage: python tools/check_exercises.py NOTEBOOK.ipynb [...]

An exercise cell's metadata holds its worked answer ("solution") and at least five plausible
wrong answers a learner would write ("wrong": a list of whole cell sources). Each notebook runs
top to bottom in one fresh kernel, every code cell twice in a row as tools/check_rerun.py runs
it (so `make test` gets both checks from one kernel run: check_lesson); after an exercise and
its check cell (the next code cell) have run, this runs, each followed by the check cell, with
the hint ladders reset before each trial:
  - every wrong answer: the check must print at least one line starting "not yet";
  - the solution: the check must print only "correct";
  - the cell as shipped: the check must print exactly "not yet: nothing returned so far." and
    then its first hint.
The shipped cell goes last, so the cells below see the lesson's own state. An error in a trial
counts as a failure: a learner should meet "not yet", not a traceback. An exercise with fewer
than five wrong answers is reported as "missing". Exit status 1 if anything failed.
"""
import dataclasses
import difflib
import pathlib
import sys

import check_rerun
import nbcheck

TRIAL_TIMEOUT = 120  # seconds: a wrong answer that loops forever is interrupted and reported
FEWEST_WRONG = 5  # recorded wrong answers per exercise
UNFILLED = "not yet: nothing returned so far."
RESET = "__import__('exercises').reset_hints()"  # each trial starts at the first rung


@dataclasses.dataclass
class Result:
    notebook: str
    exercise: int  # 1, 2, 3... in the notebook
    cell_id: str
    trial: str  # "wrong 1", "wrong 2", ..., "solution", "as shipped", "missing", "cell"
    ok: bool
    message: str

    def __str__(self):
        status = "ok  " if self.ok else "FAIL"
        return f"  {status}  exercise {self.exercise} {self.trial}: {self.message}"


def _said(outputs):
    if nbcheck.errors(outputs):
        return "raised " + nbcheck.describe_error(outputs)
    lines = nbcheck.check_lines(outputs)
    return f"printed {' | '.join(lines)!r}" if lines else "printed nothing"


def _changed_line(source, solution):
    """The first line of source that the solution does not have: what the wrong answer does."""
    for line in difflib.ndiff(solution.splitlines(), source.splitlines()):
        if line.startswith("+ ") and line[2:].strip():
            return line[2:].strip()
    return "(same as the solution)"


def _unfilled_then_first_hint(text):
    lines = text.splitlines()
    return len(lines) == 2 and lines[0] == UNFILLED and lines[1].startswith(("hint 1 of", "hint:"))


def _trial(kernel, source, check):
    """Run an answer then the check; (outputs of the check, error of the answer or "")."""
    kernel.run(RESET)
    answer = kernel.run(source, timeout=TRIAL_TIMEOUT)
    if nbcheck.errors(answer):
        return answer, nbcheck.describe_error(answer)
    return kernel.run(check, timeout=TRIAL_TIMEOUT), ""


def _pairs(nb):
    """{check cell index: (exercise number, exercise cell index)} of the exercises holding
    answers to try (a solutions notebook's hold none: its lesson does)."""
    pairs = [(ex, chk) for ex, chk in nbcheck.exercises(nb) if "solution" in nb.cells[ex].metadata]
    return {chk: (number, ex) for number, (ex, chk) in enumerate(pairs, 1)}


def check_lesson(path):
    """(re-run results, exercise results) of one notebook from ONE kernel run of it.

    Each code cell runs twice in a row and is judged as tools/check_rerun.py judges it; once an
    exercise's check cell has run (twice, as shipped), its trials run in the same kernel. The
    trials end with the cell as shipped and its check, so the cells below see the lesson's own
    state; a cell below that still prints something else is reported as such, naming the trials.
    """
    path = pathlib.Path(path)
    nb = nbcheck.read(path)
    pairs = _pairs(nb)
    exercise_cells = {ex for _number, ex in pairs.values()}
    results, tried = [], []

    def after(kernel, index, cell, runs):
        if index in pairs:
            number, ex = pairs[index]
            results.extend(_exercise(kernel, path, number, nb.cells[ex], cell.source))
            tried.append(number)
        elif index not in exercise_cells:
            _lesson_cell_raised(path, index, cell, runs, len(tried), results)

    rerun = check_rerun.check_notebook(path, after=after)
    if tried:
        first = min(chk for chk in pairs)
        first_number = sum(c.cell_type == "code" for c in nb.cells[:first + 1])
        for r in rerun:
            if not r.ok and r.cell > first_number:
                r.message += (" (it ran after the exercise trials above: a wrong answer or "
                              "the solution may have changed what it reads)")
    return rerun, results


def _lesson_cell_raised(path, index, cell, runs, number, results):
    """A lesson cell whose first run raised, untagged, spoils the trials after it (an error on
    the second run only is the re-run check's to report)."""
    expected = nbcheck.RAISES_TAG in nbcheck.tags(cell)
    if nbcheck.errors(runs[0]) and not expected:
        said = nbcheck.describe_error(runs[0])
        results.append(Result(str(path), number, cell.get("id", "?"), "cell", False,
                              f"lesson cell {index} raised {said}; the trials after it may "
                              "be wrong"))


def check_notebook(path):
    """Results for every exercise of one notebook, in order (no kernel if it has none)."""
    if not _pairs(nbcheck.read(path)):
        return []
    return check_lesson(path)[1]


def _exercise(kernel, path, number, cell, check):
    def result(trial, ok, message):
        return Result(str(path), number, cell.get("id", "?"), trial, ok, message)

    out = []
    wrong = cell.metadata.get("wrong", [])
    solution = cell.metadata.get("solution", "")
    if len(wrong) < FEWEST_WRONG:
        out.append(result("missing", False, f"{len(wrong)} wrong answers recorded; every "
                          f"exercise needs at least {FEWEST_WRONG} in its \"wrong\" metadata"))
    for k, source in enumerate(wrong, 1):
        outputs, error = _trial(kernel, source, check)
        what = f"(the line {_changed_line(source, solution)!r})"
        if error:
            out.append(result(f"wrong {k}", False, f"the wrong answer itself raised {error} "
                              f"{what}: record one that runs, so the check can say not yet"))
        elif any(line.startswith("not yet") for line in nbcheck.check_lines(outputs)):
            out.append(result(f"wrong {k}", True, f"rejected {what}"))
        else:
            out.append(result(f"wrong {k}", False, f"the check {_said(outputs)} for a wrong "
                              f"answer {what}"))
    outputs, error = _trial(kernel, solution, check)
    lines = nbcheck.check_lines(outputs)
    if error:
        out.append(result("solution", False, f"the solution raised {error}"))
    elif lines and all(line == "correct" for line in lines) and not nbcheck.errors(outputs):
        out.append(result("solution", True, "correct"))
    else:
        out.append(result("solution", False, f"the check {_said(outputs)} for the solution"))
    outputs, error = _trial(kernel, cell.source, check)
    lines = nbcheck.check_lines(outputs)
    if error:
        out.append(result("as shipped", False, f"the exercise cell as shipped raised {error}"))
    elif _unfilled_then_first_hint(nbcheck.printed(outputs)) and not nbcheck.errors(outputs):
        out.append(result("as shipped", True, "not yet: nothing returned so far"))
    else:
        out.append(result("as shipped", False, f"the check {_said(outputs)} for the cell as "
                          f"shipped; it should print {UNFILLED!r} and its first hint"))
    return out


def main(paths):
    failed = exercises = tried = missing = 0
    for path in paths:
        print(path, flush=True)
        results = check_notebook(path)
        if not results:
            solved = nbcheck.exercises(nbcheck.read(path))
            print("  solved exercises only: try its lesson, which holds the wrong answers"
                  if solved else "  no exercises")
        for r in results:
            print(r, flush=True)
        exercises += len({r.exercise for r in results if r.exercise})
        tried += sum(r.trial.startswith("wrong") for r in results)
        missing += sum(r.trial == "missing" for r in results)
        failed += sum(not r.ok for r in results)
    print(f"\n{exercises} exercises, {tried} wrong answers tried, "
          f"{missing} exercises with fewer than {FEWEST_WRONG} wrong answers, {failed} failures")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
