"""The notebook tools on small notebooks made here: each test runs one or two tiny kernels."""
import pathlib

import nbformat

import check_exercises
import check_rerun
import execute
import nbcheck
import raises_tag
import solutions

ROOT = pathlib.Path(__file__).resolve().parent.parent


RAISES = "raises"  # notebook(..., (RAISES, source)): a code cell tagged raises-exception


def notebook(path, *cells):
    """Write a notebook of code cells (str), markdown cells (("md", text)) and code cells that
    raise on purpose ((RAISES, source)); ids c0, c1..."""
    nb = nbformat.v4.new_notebook()
    for i, cell in enumerate(cells):
        if isinstance(cell, tuple) and cell[0] == "md":
            nb.cells.append(nbformat.v4.new_markdown_cell(cell[1], id=f"c{i}"))
        elif isinstance(cell, tuple):
            nb.cells.append(nbformat.v4.new_code_cell(cell[1], id=f"c{i}"))
            nb.cells[-1].metadata["tags"] = [nbcheck.RAISES_TAG]
        else:
            nb.cells.append(nbformat.v4.new_code_cell(cell, id=f"c{i}"))
    nbformat.write(nb, path)
    return path


def code(path):
    return [c for c in nbcheck.read(path).cells if c.cell_type == "code"]


def test_execute_goes_on_past_failing_unreadable_and_missing_notebooks(tmp_path, capsys):
    bad = notebook(tmp_path / "01_bad.ipynb", "x = 1", "1 / 0", "print(x)")
    before = bad.read_bytes()
    corrupt = tmp_path / "02_conflict.ipynb"
    corrupt.write_text("<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> theirs\n")
    good = notebook(tmp_path / "03_good.ipynb", (RAISES, "int('a')"), "print(2)")
    missing = tmp_path / "04_gone.ipynb"
    assert execute.main([str(bad), str(corrupt), str(good), str(missing)]) == 1
    said = capsys.readouterr().out
    assert "01_bad.ipynb: FAILED" in said and "ZeroDivisionError" in said
    assert "02_conflict.ipynb: FAILED" in said and "merge-conflict" in said
    assert "04_gone.ipynb: FAILED" in said and "no such file" in said
    assert "3 of 4 notebooks failed" in said
    assert bad.read_bytes() == before, "a failed run leaves the notebook as it was"
    cells = code(good)
    assert [c.execution_count for c in cells] == [1, 2]
    assert cells[0].metadata["tags"] == ["raises-exception"]
    assert nbcheck.errors(cells[0].outputs) and cells[1].outputs[0]["text"] == "2\n"
    assert not list(tmp_path.glob(nbcheck.TEMP_PREFIX + "*")), "no temporary file left"


def test_raises_tag_drops_the_second_marker_and_is_idempotent(tmp_path):
    path = notebook(tmp_path / "01_x.ipynb", "# NBVAL_RAISES_EXCEPTION\nint('a')",
                    (RAISES, "x = 1\n#  NBVAL_RAISES_EXCEPTION\n1 / 0"), "print('# kept')")
    assert raises_tag.main([str(path)]) == 0
    cells = code(path)
    assert [c.source for c in cells] == ["int('a')", "x = 1\n1 / 0", "print('# kept')"]
    assert [nbcheck.tags(c) for c in cells] == [["raises-exception"]] * 2 + [[]]
    once = path.read_bytes()
    assert raises_tag.main([str(path)]) == 0 and path.read_bytes() == once


LESSON = [
    ("md", "# 01 · Doubling\n[next](02_next.ipynb), [answers](solutions/01_doubling.ipynb)"),
    "from exercises import check",
    "def double(x):\n    ...  # your code here",
    "check(double(3), 6, hint='x + x')",
]


def lesson_with_exercise(path, wrong):
    notebook(path, *LESSON)
    nb = nbcheck.read(path)
    nb.cells[2].metadata["solution"] = "def double(x):\n    return x + x"
    nb.cells[2].metadata["wrong"] = wrong
    nbformat.write(nb, path)
    return path


def test_solutions_are_written_run_marked_and_rebased(tmp_path):
    lesson = lesson_with_exercise(tmp_path / "01_doubling.ipynb", ["def double(x):\n    return x"])
    assert solutions.main([str(tmp_path)]) == 0
    solved = nbcheck.read(tmp_path / "solutions" / "01_doubling.ipynb")
    cells = [c for c in solved.cells if c.cell_type == "code"]
    assert [c.execution_count for c in cells] == [1, 2, 3]
    assert nbcheck.check_lines(cells[2].outputs) == ["correct"]
    assert cells[1].metadata["gradbook"] == {"exercise": "solved"}
    assert "wrong" not in cells[1].metadata and "solution" not in cells[1].metadata
    assert nbcheck.exercises(solved) == [(3, 4)]
    assert "[next](../02_next.ipynb), [answers](01_doubling.ipynb)" in solved.cells[0].source
    assert "solution" in nbcheck.read(lesson).cells[2].metadata, "the lesson is not changed"


def test_solutions_leave_what_they_did_not_write(tmp_path, capsys):
    lesson = lesson_with_exercise(tmp_path / "01_doubling.ipynb", ["def double(x):\n    return x"])
    assert solutions.main([str(tmp_path)]) == 0
    target = tmp_path / "solutions" / "01_doubling.ipynb"
    nb = nbcheck.read(target)
    nb.cells[1].source += "\nmy note"  # the learner (or an author) edits the generated file
    nbformat.write(nb, target)
    edited = target.read_bytes()
    assert solutions.main([str(lesson)]) == 1
    assert "edited since" in capsys.readouterr().out
    assert target.read_bytes() == edited
    # a learner's workspace: solutions.py refuses, and its solutions/ is untouched
    ws = tmp_path / "ws"
    (ws / "solutions").mkdir(parents=True)
    (ws / ".copied.json").write_text("{}")
    lesson_with_exercise(ws / "01_doubling.ipynb", ["def double(x):\n    return x"])
    (ws / "solutions" / "01_doubling.ipynb").write_text("my notes")
    assert solutions.main([str(ws / "01_doubling.ipynb")]) == 1
    assert "learner's workspace" in capsys.readouterr().out
    assert (ws / "solutions" / "01_doubling.ipynb").read_text() == "my notes"


def test_check_exercises_reports_a_wrong_answer_the_check_accepts(tmp_path):
    lesson = lesson_with_exercise(tmp_path / "01_doubling.ipynb", [
        "def double(x):\n    return x",  # rejected: 3, not 6
        "def double(x):\n    return x * 2.0000000001",  # inside check()'s tolerance: accepted
        "def double(x):\n    return y",  # raises instead of printing not yet
        "def double(x):\n    return x * x",  # rejected: 9, not 6
        "def double(x):\n    return str(x + x)",  # rejected: a str
    ])
    results = {r.trial: r for r in check_exercises.check_notebook(lesson)}
    assert results["wrong 1"].ok
    assert not results["wrong 2"].ok and "printed 'correct'" in results["wrong 2"].message
    assert not results["wrong 3"].ok and "NameError" in results["wrong 3"].message
    assert results["solution"].ok and results["as shipped"].ok
    assert "missing" not in results


def test_check_exercises_wants_five_wrong_answers(tmp_path):
    lesson = lesson_with_exercise(tmp_path / "01_doubling.ipynb", ["def double(x):\n    return x"])
    trials = [r.trial for r in check_exercises.check_notebook(lesson) if not r.ok]
    assert trials == ["missing"]


def test_check_rerun_finds_cells_unsafe_to_repeat(tmp_path):
    path = notebook(
        tmp_path / "01_rerun.ipynb",
        "n = 0",
        "n += 1\nprint(n)",  # second run prints 2: fails
        "xs = [1, 2]",
        "xs = xs.pop()",  # second run raises AttributeError: fails
        (RAISES, "int('a')"),  # raises both times: fine
        "m = globals().get('m', 0) + 1\nm",  # meant to differ, exempt below
        "# NBVAL_IGNORE_OUTPUT\n# why: a test\nn",  # not compared
        "k = globals().get('k', -1) + 1\nif k:\n    print(k)",  # stored silent, then prints
    )
    execute.main([str(path)])
    nb = nbcheck.read(path)
    nb.cells[5].metadata["gradbook"] = {"rerun": "counts its runs"}
    nbformat.write(nb, path)
    results = {r.cell: r for r in check_rerun.check_notebook(path)}
    assert sorted(results) == [2, 4, 6, 8]
    assert "stdout differs" in results[2].message and not results[2].ok
    assert "second run raised AttributeError" in results[4].message
    assert results[6].ok and "counts its runs" in results[6].message
    assert not results[8].ok and "nothing" in results[8].message
