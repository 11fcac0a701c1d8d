"""The learner's workspace (tools/workspace.py, `make workspace`, `make lab`), built in tmp dirs."""
import json
import pathlib
import posixpath
import re
import shlex
import subprocess
import sys

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
    copied, changed = workspace.update(src, ws)
    assert copied == ["00_index.ipynb", "01_one.ipynb", "solutions/01_one.ipynb"]
    assert changed == []
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
    copied, changed = workspace.update(src, ws)
    assert copied == ["02_two.ipynb"]
    assert changed == []
    assert "my answer" in mine.read_text()
    assert (ws / "02_two.ipynb").exists()


def test_changed_lesson_is_reported_not_overwritten(course, capsys):
    src, ws = course
    workspace.main(str(src), str(ws))
    mine = ws / "01_one.ipynb"
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
    assert workspace.update(src, ws) == (["01_one.ipynb"], [])
    assert "revised" in mine.read_text()


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
    for name in ("conftest.py", "pyproject.toml"):
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_ok.py").write_text("def test_ok():\n    pass\n")
    lesson(tmp_path / "notebooks" / "01_one.ipynb", "# One", "one")
    lesson(tmp_path / "workspace" / "01_one.ipynb", "# One", "edited by the learner")
    (tmp_path / "workspace" / "test_mine.py").write_text("def test_mine():\n    assert 0\n")
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q",
                           "-p", "no:cacheprovider", *args], cwd=tmp_path,
                          capture_output=True, text=True)
    assert "notebooks/01_one.ipynb::Cell 0" in done.stdout, done.stdout + done.stderr
    assert "workspace" not in done.stdout, done.stdout


def test_manifest_records_what_was_copied(course):
    src, ws = course
    workspace.update(src, ws)
    manifest = json.loads((ws / workspace.MANIFEST).read_text())
    assert set(manifest) == {"00_index.ipynb", "01_one.ipynb", "solutions/01_one.ipynb"}
    assert manifest["01_one.ipynb"] == workspace.digest((ws / "01_one.ipynb").read_bytes())
