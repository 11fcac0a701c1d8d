"""The learner's workspace (tools/workspace.py, `make workspace`, `make lab`), built in tmp dirs."""
import json
import os
import pathlib
import posixpath
import re
import shlex
import shutil
import subprocess
import sys
import types

import nbformat
import pytest
from nbformat.sign import NotebookNotary

import workspace

ROOT = pathlib.Path(__file__).resolve().parent.parent

@pytest.fixture(autouse=True)
def trust_db(tmp_path, monkeypatch):
    """Signatures go to a trust database in tmp, not the user's."""
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter-data"))


LINK = re.compile(r"\]\(([^)\s:#]+\.(?:ipynb|md|py|txt|svg|png|html))(?:#[^)\s]*)?\)")


def lesson(path, text, printed, shown=None):
    """A small run notebook: a markdown cell, then a code cell with a stored output."""
    nb = nbformat.v4.new_notebook()
    shown = printed if shown is None else shown
    cell = nbformat.v4.new_code_cell(f"print({printed!r})", execution_count=1,
                                     outputs=[nbformat.v4.new_output("stream", text=shown + "\n")])
    cell.id = "code"  # ids are stable in real lessons; new_code_cell draws random ones
    nb.cells = [nbformat.v4.new_markdown_cell(text, id="text"), cell]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


@pytest.fixture
def course(tmp_path):
    src = tmp_path / "notebooks"
    lesson(src / "00_index.ipynb", "# Index\n[one](01_one.ipynb)", "index")
    lesson(src / "01_one.ipynb", "# One\n[answers](solutions/01_one.ipynb)", "one")
    lesson(src / "solutions" / "01_one.ipynb", "# One: solutions\n[back](../01_one.ipynb)",
           "solved")
    return src, tmp_path / "workspace"


def outputs(path):
    nb = nbformat.read(path, as_version=4)
    return [(c.execution_count, c.outputs) for c in nb.cells if c.cell_type == "code"]


def test_first_copy_clears_lesson_outputs_and_keeps_solutions(course):
    src, ws = course
    report = workspace.update(src, ws)
    assert report.copied == ["00_index.ipynb", "01_one.ipynb", "solutions/01_one.ipynb"]
    assert report.changed == []
    assert outputs(ws / "01_one.ipynb") == [(None, [])]
    assert outputs(ws / "solutions" / "01_one.ipynb")[0][1][0]["text"] == "solved\n"
    assert outputs(src / "01_one.ipynb")[0][0] == 1, "the original keeps its outputs"
    notary = NotebookNotary()
    assert notary.check_signature(nbformat.read(ws / "01_one.ipynb", as_version=4))
    assert notary.check_signature(nbformat.read(ws / "solutions" / "01_one.ipynb", as_version=4))
    assert not notary.check_signature(nbformat.read(src / "01_one.ipynb", as_version=4))


def test_learners_edit_survives_and_new_lessons_arrive(course):
    src, ws = course
    workspace.update(src, ws)
    mine = ws / "01_one.ipynb"
    mine.write_text(mine.read_text().replace("print('one')", "print('my answer')"))
    lesson(src / "02_two.ipynb", "# Two", "two")
    report = workspace.update(src, ws)
    assert report.copied == ["02_two.ipynb"]
    assert report.changed == []
    assert "my answer" in mine.read_text()
    assert (ws / "02_two.ipynb").exists()


def test_changed_lesson_is_reported_not_overwritten(course, capsys):
    src, ws = course
    workspace.main(str(src), str(ws))
    mine = ws / "01_one.ipynb"
    mine.write_text(mine.read_text().replace("# One", "# One, with my notes"))
    before = mine.read_bytes()
    lesson(src / "01_one.ipynb", "# One, revised", "one, revised")
    lesson(src / "00_index.ipynb", "# Index\n[one](01_one.ipynb)", "index", shown="index!")
    lesson(src / "solutions" / "01_one.ipynb", "# One: solutions\n[back](../01_one.ipynb)",
           "solved", shown="solved, run again")
    capsys.readouterr()
    workspace.main(str(src), str(ws))
    said = capsys.readouterr().out
    assert mine.read_bytes() == before
    assert "01_one.ipynb" in said and "your copy is kept" in said
    assert "00_index" not in said, "a lesson whose outputs alone changed has not changed"
    assert "solutions" not in said, "nor has a solutions notebook whose outputs alone changed"
    mine.unlink()  # the way to take the new version
    report = workspace.update(src, ws)
    assert (report.copied, report.changed) == (["01_one.ipynb"], [])
    assert "revised" in mine.read_text()


def test_an_unedited_copy_takes_the_new_version(course, capsys):
    src, ws = course
    workspace.update(src, ws)
    lesson(src / "01_one.ipynb", "# One, revised", "one, revised")
    workspace.main(str(src), str(ws))
    assert "Updated to the course's new version" in capsys.readouterr().out
    assert "revised" in (ws / "01_one.ipynb").read_text()


def test_real_course_copies_without_outputs_and_links_resolve(tmp_path):
    ws = tmp_path / "workspace"
    workspace.update(ROOT / "notebooks", ws)
    assert (ws / "00_index.ipynb").exists()
    for path in ws.glob("*.ipynb"):
        assert all(c == (None, []) for c in outputs(path)), f"{path.name} kept outputs"
    broken = []
    for path in ws.rglob("*.ipynb"):
        rel_dir = path.parent.relative_to(ws).as_posix()
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "markdown":
                continue
            for target in LINK.findall(cell.source):
                # where the link lands with workspace/ at the repository's top, as make lab has it
                landed = posixpath.normpath(posixpath.join("workspace", rel_dir, target))
                if landed.startswith("workspace/"):
                    ok = (ws / landed[len("workspace/"):]).exists()
                else:
                    ok = (ROOT / landed).exists()
                if not ok:
                    broken.append(f"{path.relative_to(ws)}: {target}")
    assert not broken, "links that do not resolve inside the workspace: " + ", ".join(broken)


def test_make_test_does_not_read_the_workspace(tmp_path):
    """`make test` collects notebooks/ and tests/ only: a broken workspace changes nothing."""
    lines = (ROOT / "Makefile").read_text().splitlines()
    recipe = lines[next(i for i, x in enumerate(lines) if x.startswith("test:")) + 1:]
    words = shlex.split(next(x for x in recipe if "pytest" in x))
    args = words[words.index("pytest") + 1:]  # what `make test` passes to pytest
    for option in ("-n", "--dist"):  # pytest-xdist's: collected here in one process
        if option in args:
            del args[args.index(option):args.index(option) + 2]
    (tmp_path / "tools").mkdir()
    for name in ("conftest.py", "pyproject.toml", "tools/nbcheck.py"):
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_ok.py").write_text("def test_ok():\n    pass\n")
    lesson(tmp_path / "notebooks" / "solutions" / "01_one.ipynb", "# One", "one")
    lesson(tmp_path / "workspace" / "01_one.ipynb", "# One", "edited by the learner")
    (tmp_path / "workspace" / "test_mine.py").write_text("def test_mine():\n    assert 0\n")
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q",
                           "-p", "no:cacheprovider", *args], cwd=tmp_path,
                          capture_output=True, text=True)
    assert "notebooks/solutions/01_one.ipynb::Cell 0" in done.stdout, done.stdout + done.stderr
    assert "workspace" not in done.stdout, done.stdout


def test_manifest_records_what_was_copied(course):
    src, ws = course
    workspace.update(src, ws)
    manifest = json.loads((ws / workspace.MANIFEST).read_text())
    assert manifest["format"] == workspace.FORMAT
    files = manifest["files"]
    assert set(files) == {"00_index.ipynb", "01_one.ipynb", "solutions/01_one.ipynb"}
    for rel, entry in files.items():
        assert entry["written"] == workspace.digest((ws / rel).read_bytes())


# --- never lose the learner's work (issue 19) -----------------------------------------------


def snapshot(folder):
    """Every file under folder (links as links) with its bytes."""
    return {p.relative_to(folder).as_posix(): (os.readlink(p) if p.is_symlink() else
                                               p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file() or p.is_symlink()}


def exercise_lesson(path, checks, answers=None, title="# Two"):
    """A lesson with exercises: each exercise cell (metadata "exercise_id", "solution" and
    "wrong", as a lesson's) then its check cell."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(title, id="title")]
    for k, check in enumerate(checks):
        answer = (answers or {}).get(k, f"def f{k}():\n    ...  # your code here")
        ex = nbformat.v4.new_code_cell(answer, id=f"ex{k}")
        ex.metadata.update(exercise_id=f"02.{k + 1}", solution=f"def f{k}():\n    return {k}",
                           wrong=[f"def f{k}():\n    return {k + 1}"])
        nb.cells += [ex, nbformat.v4.new_code_cell(check, id=f"check{k}"),
                     nbformat.v4.new_markdown_cell(f"after exercise {k}", id=f"md{k}")]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


OLD_CHECKS = [f"from exercises import check\ncheck(f{k}(), {k}, hint='return {k}')"
              for k in range(2)]
NEW_CHECKS = [f"from exercise_checks.lesson02 import check_f{k}\ncheck_f{k}(f{k})"
              for k in range(2)]


def edit(path, old, new):
    path.write_text(path.read_text().replace(old, new))


class Interrupted(Exception):
    """Stands for the run being killed."""


def interrupt_after(monkeypatch, k):
    """Make the k-th change to the workspace (a write, rename or delete) the last one."""
    done = []
    for name in ("write", "move", "remove"):
        real = getattr(workspace, name)

        def change(*args, real=real):
            real(*args)
            done.append(args)
            if len(done) == k:
                raise Interrupted
        monkeypatch.setattr(workspace, name, change)
    return done


def a_course_update(src, ws):
    """A workspace with one lesson edited, then a course that changed in every way that makes
    the tool write: a new lesson, an unedited lesson revised, new check cells, a lesson
    renumbered, the teachers' guide no longer copied."""
    exercise_lesson(src / "02_two.ipynb", OLD_CHECKS)
    lesson(src / "03_three.ipynb", "# Three", "three")
    lesson(src / "teachers.ipynb", "# For teachers", "answers")
    mine = ws / "02_two.ipynb"
    with pytest.MonkeyPatch.context() as mp:  # the workspace as the earlier version made it
        mp.setattr(workspace, "NOT_COPIED", set())
        workspace.update(src, ws)
    edit(mine, "...  # your code here", "return 0  # my answer")
    edit(ws / "01_one.ipynb", "# One", "# One, my notes")
    exercise_lesson(src / "02_two.ipynb", NEW_CHECKS, title="# Two, revised")
    lesson(src / "00_index.ipynb", "# Index, revised", "index")
    (src / "03_three.ipynb").rename(src / "04_three.ipynb")
    lesson(src / "05_five.ipynb", "# Five", "five")
    (src / "teachers.ipynb").unlink()


def test_interrupted_after_each_change_the_next_run_completes_it(course, monkeypatch):
    src, ws = course
    a_course_update(src, ws)
    start = snapshot(ws.parent)
    done = interrupt_after(monkeypatch, 0)
    workspace.update(src, ws)
    monkeypatch.undo()
    expected, n = snapshot(ws), len(done)
    assert n >= 7, done  # copied 2, updated 1, check cells 1, removed 2, the record
    for k in range(1, n + 1):
        shutil.rmtree(ws)
        for rel, data in start.items():
            if rel.startswith("workspace/"):
                (ws.parent / rel).parent.mkdir(parents=True, exist_ok=True)
                (ws.parent / rel).write_bytes(data)
        with pytest.MonkeyPatch.context() as mp:
            interrupt_after(mp, k)
            with pytest.raises(Interrupted):
                workspace.update(src, ws)
        report = workspace.update(src, ws)
        assert snapshot(ws) == expected, f"interrupted after change {k} of {n}"
        assert report.changed == ["02_two.ipynb"], f"after change {k}: {report.changed}"
        assert "return 0  # my answer" in (ws / "02_two.ipynb").read_text()


def test_interrupted_first_copy_is_completed_without_a_false_changed_list(course, monkeypatch):
    src, ws = course
    done = interrupt_after(monkeypatch, 0)
    workspace.update(src, ws)
    monkeypatch.undo()
    expected = snapshot(ws)
    for k in range(1, len(done) + 1):
        shutil.rmtree(ws, ignore_errors=True)
        with pytest.MonkeyPatch.context() as mp:
            interrupt_after(mp, k)
            with pytest.raises(Interrupted):
                workspace.update(src, ws)
        report = workspace.update(src, ws)
        assert snapshot(ws) == expected and report.changed == [], k


def test_a_lesson_cut_off_mid_write_by_an_earlier_version_is_repaired(course, capsys):
    src, ws = course
    workspace.update(src, ws)
    (ws / workspace.MANIFEST).unlink()  # what the old version left: no record,
    cut = ws / "01_one.ipynb"
    cut.write_bytes(cut.read_bytes()[:40])  # and a lesson cut off half-way
    assert workspace.main(str(src), str(ws)) == 0
    said = capsys.readouterr().out
    assert "01_one.ipynb could not be read" in said and "Changed in the course" not in said
    assert nbformat.read(cut, as_version=4).cells[0].source.startswith("# One")
    assert len((ws / "01_one.damaged.ipynb").read_bytes()) == 40  # kept aside, not deleted


def test_a_stray_temporary_file_is_cleared(course):
    src, ws = course
    workspace.update(src, ws)
    stray = ws / (workspace.nbcheck.TEMP_PREFIX + "x")
    stray.write_text("half")
    workspace.update(src, ws)
    assert not stray.exists()


@pytest.mark.parametrize("damage", ["", "{", "[]", '{"01_one.ipynb": 3}', "\x00\xff"])
def test_a_damaged_record_is_named_and_rebuilt(course, capsys, damage):
    src, ws = course
    workspace.update(src, ws)
    edit(ws / "01_one.ipynb", "# One", "# One, my notes")
    mine = (ws / "01_one.ipynb").read_bytes()
    (ws / workspace.MANIFEST).write_text(damage, encoding="latin-1")
    assert workspace.main(str(src), str(ws)) == 0
    said = capsys.readouterr().out
    assert f"{ws}/{workspace.MANIFEST}" in said and "rebuilt it" in said
    assert (ws / "01_one.ipynb").read_bytes() == mine
    assert json.loads((ws / workspace.MANIFEST).read_text())["format"] == workspace.FORMAT


def refused(src, ws, capsys, *words):
    before = snapshot(src.parent)
    assert workspace.main(str(src), str(ws)) == 1
    said = capsys.readouterr().err
    assert "Nothing was changed" in said and all(w in said for w in words), said
    assert snapshot(src.parent) == before


def test_the_course_folder_is_never_the_workspace(course, capsys, tmp_path):
    src, _ = course
    refused(src, src, capsys, str(src))
    refused(src, src / "ws", capsys, "inside it")
    (tmp_path / "link").symlink_to(src)
    refused(src, tmp_path / "link", capsys, "course folder")
    refused(src, tmp_path, capsys, "contains")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    refused(src, tmp_path / "dangling", capsys, "does not exist")


def test_a_file_where_the_course_has_a_folder_is_refused(course, capsys):
    src, ws = course
    ws.mkdir()
    (ws / "solutions").write_text("my notes")
    refused(src, ws, capsys, "solutions is a file")


def test_a_link_at_a_lesson_path_is_not_written_through(course, tmp_path):
    src, ws = course
    ws.mkdir()
    outside = tmp_path / "outside.ipynb"
    (ws / "01_one.ipynb").symlink_to(outside)  # dangling: writing through it writes outside
    report = workspace.update(src, ws)
    assert not outside.exists()
    assert [rel for rel, _ in report.kept] == ["01_one.ipynb"]


def test_a_corrupt_course_notebook_is_named_and_the_rest_copied(course, capsys):
    src, ws = course
    (src / "02_conflict.ipynb").write_text("<<<<<<< HEAD\n{}\n=======\n>>>>>>> x\n")
    assert workspace.main(str(src), str(ws)) == 0
    said = capsys.readouterr().out
    assert f"{src}/02_conflict.ipynb is not a readable notebook" in said
    assert "git checkout" in said
    assert (ws / "01_one.ipynb").exists() and not (ws / "02_conflict.ipynb").exists()


def test_the_teachers_guide_stays_out_of_the_workspace(course, capsys):
    src, ws = course
    lesson(src / "teachers.ipynb", "# For teachers", "every answer")
    workspace.update(src, ws)
    assert not (ws / "teachers.ipynb").exists()
    # one copied by the earlier version, unedited, is removed; an edited one is kept
    for edited in (False, True):
        shutil.copy(src / "teachers.ipynb", ws / "teachers.ipynb")
        record = json.loads((ws / workspace.MANIFEST).read_text())
        data = (ws / "teachers.ipynb").read_bytes()
        if edited:
            data += b" "
            (ws / "teachers.ipynb").write_bytes(data)
        record["files"]["teachers.ipynb"] = {"course": "?", "written": workspace.digest(
            (src / "teachers.ipynb").read_bytes())}
        (ws / workspace.MANIFEST).write_text(json.dumps(record))
        workspace.main(str(src), str(ws))
        assert (ws / "teachers.ipynb").exists() == edited
        assert ("teachers.ipynb" in capsys.readouterr().out)


# --- check cells follow the course (issue 16) -----------------------------------------------


def test_check_cells_are_replaced_and_answers_kept(course, capsys):
    src, ws = course
    exercise_lesson(src / "02_two.ipynb", OLD_CHECKS)
    workspace.update(src, ws)
    mine = ws / "02_two.ipynb"
    edit(mine, "def f1():\n    ...  # your code here", "def f1():\n    return 1  # mine")
    nb = nbformat.read(mine, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("my own note", id="note"))
    nbformat.write(nb, mine)
    exercise_lesson(src / "02_two.ipynb", NEW_CHECKS, title="# Two, revised")
    workspace.main(str(src), str(ws))
    said = capsys.readouterr().out
    assert "2 exercise check cells replaced" in said and "02_two.ipynb" in said
    after = nbformat.read(mine, as_version=4)
    assert [c.source for c in after.cells if c.id.startswith("check")] == NEW_CHECKS
    assert [c.source for c in after.cells if c.id != "note" and not c.id.startswith("check")] \
        == [c.source for c in nb.cells if c.id != "note" and not c.id.startswith("check")]
    assert after.cells[-1].source == "my own note" and "# Two\n" in after.cells[0].source + "\n"
    once = mine.read_bytes()
    workspace.update(src, ws)
    assert mine.read_bytes() == once, "a second run changes nothing"


def test_a_different_number_of_exercises_leaves_the_copy_alone(course, capsys):
    src, ws = course
    exercise_lesson(src / "02_two.ipynb", OLD_CHECKS)
    workspace.update(src, ws)
    mine = ws / "02_two.ipynb"
    edit(mine, "...  # your code here", "return 0")
    before = mine.read_bytes()
    exercise_lesson(src / "02_two.ipynb", NEW_CHECKS + ["check_f2(f2)"])
    workspace.main(str(src), str(ws))
    said = capsys.readouterr().out
    assert "has 3 exercises, your copy 2" in said and "rename yours" in said
    assert mine.read_bytes() == before


# --- upgrades from workspaces made by earlier versions --------------------------------------

BEFORE_THIS_CHANGE = "5c678de"  # tools/workspace.py as learners' workspaces were made
BEFORE_RENUMBER = "c743b46~1"  # the course before 10_playground became 11_playground


def from_git(commit, path):
    done = subprocess.run(["git", "show", f"{commit}:{path}"], cwd=ROOT, capture_output=True)
    if done.returncode:
        pytest.skip(f"needs the repository's history ({commit}): {done.stderr.decode()[:200]}")
    return done.stdout


def old_workspace_module(commit=BEFORE_THIS_CHANGE):
    module = types.ModuleType("old_workspace")
    exec(compile(from_git(commit, "tools/workspace.py"), "old_workspace.py", "exec"),
         module.__dict__)
    return module


def old_course(commit, dest):
    listing = subprocess.run(["git", "ls-tree", "-r", "--name-only", commit, "notebooks"],
                             cwd=ROOT, capture_output=True, text=True).stdout.split()
    for path in listing:
        (dest / path).parent.mkdir(parents=True, exist_ok=True)
        (dest / path).write_bytes(from_git(commit, path))
    return dest / "notebooks"


def test_a_workspace_made_by_the_earlier_version_upgrades_losing_nothing(course, capsys):
    src, ws = course
    exercise_lesson(src / "02_two.ipynb", OLD_CHECKS)
    old_workspace_module().update(src, ws)
    edit(ws / "01_one.ipynb", "# One", "# One, my notes")
    mine = snapshot(ws)
    assert workspace.main(str(src), str(ws)) == 0
    said = capsys.readouterr().out
    # the one change: the unedited lesson with exercises loses the answers in its metadata
    assert said.strip() == ("Updated to the course's new version (you had not edited them): "
                            "02_two.ipynb"), said
    same = (workspace.MANIFEST, "02_two.ipynb")
    assert {k: v for k, v in snapshot(ws).items() if k not in same} == \
        {k: v for k, v in mine.items() if k not in same}
    assert not any({"solution", "wrong"} & set(c.metadata) for c in
                   nbformat.read(ws / "02_two.ipynb", as_version=4).cells)
    # and later course changes are told apart as before: unedited updated, edited kept
    lesson(src / "00_index.ipynb", "# Index, revised", "index")
    lesson(src / "01_one.ipynb", "# One, revised", "one")
    report = workspace.update(src, ws)
    assert report.updated == ["00_index.ipynb"] and report.changed == ["01_one.ipynb"]


def test_renumbered_lessons_are_said_and_edited_old_copies_kept(tmp_path, capsys):
    src = old_course(BEFORE_RENUMBER, tmp_path / "old")
    ws = tmp_path / "workspace"
    old_workspace_module(BEFORE_RENUMBER).update(src, ws)
    edit(ws / "10_playground.ipynb", "# ", "# My notes on the playground\n# ")
    edited = (ws / "10_playground.ipynb").read_bytes()
    assert workspace.main(str(ROOT / "notebooks"), str(ws)) == 0
    said = capsys.readouterr().out
    assert (f"{ws}/10_playground.ipynb is now {ws}/11_playground.ipynb; your edited copy is "
            f"kept, renamed {ws}/11_playground.yours.ipynb") in said
    assert f"{ws}/11_tensors.ipynb is now {ws}/12_tensors.ipynb" in said
    assert (ws / "11_playground.yours.ipynb").read_bytes() == edited
    assert not (ws / "10_playground.ipynb").exists() and not (ws / "11_tensors.ipynb").exists()
    assert not (ws / "solutions" / "10_playground.ipynb").exists()
    for rel in ("11_playground.ipynb", "12_tensors.ipynb", "solutions/12_tensors.ipynb"):
        assert (ws / rel).is_file(), rel
    assert not (ws / "teachers.ipynb").exists()
    again = workspace.update(ROOT / "notebooks", ws)
    assert not again.renamed and not again.copied and not again.updated


def test_the_learners_copy_holds_no_worked_or_wrong_answers(course):
    """JupyterLab shows a cell's metadata to anyone: the copy keeps the exercise's id (updates
    pair exercises by it) and drops "solution" and "wrong"; notebooks/ keeps them."""
    src, ws = course
    exercise_lesson(src / "02_two.ipynb", ["check(f0)", "check(f1)"])
    workspace.update(src, ws)
    copied = [c.metadata for c in nbformat.read(ws / "02_two.ipynb", as_version=4).cells
              if c.cell_type == "code"]
    assert [m.get("exercise_id") for m in copied[::2]] == ["02.1", "02.2"]
    assert not any({"solution", "wrong"} & set(m) for m in copied)
    assert all("solution" in c.metadata for c in
               nbformat.read(src / "02_two.ipynb", as_version=4).cells if c.id.startswith("ex"))
