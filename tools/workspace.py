"""Make or update the learner's own copy of the course: workspace/, from notebooks/.

usage: python tools/workspace.py [SOURCE [WORKSPACE]]      (default: notebooks workspace)

The first time, every lesson is copied with its outputs cleared (so "predict before you run"
is real), and solutions/ as it is (worked answers, outputs included), so the links between
lessons and to solutions/ work the same inside the workspace. The teachers' guide, which holds
every answer, is never copied.

Run again after a course update (`make workspace`, or `make lab`), it copies what is new and
brings the learner's copy up to date without touching their work. WORKSPACE/.copied.json
records, for each file, the version of the course it was copied from and a SHA-256 of the bytes
written (a notebook's version is identified without its outputs: a course merely re-run has
not changed). A copy whose bytes are still those written is "ours" and is replaced by the new
version; a copy the learner changed is theirs and is kept. In it only the check cells (the code
cell after each exercise) are replaced by the course's current ones, so improved checks reach
old answers; the exercise cells and everything else stay as the learner left them. Lessons that
were renumbered are said, old to new; an edited copy under the old name is renamed beside the
new lesson, never deleted.

Every write is atomic (a temporary file beside it, then a rename) and the record is written
last, so a run cut off at any point is completed by the next. A refusal (a workspace that is
the course itself, a file where a folder must be) comes before any change.

Each notebook written is signed as trusted in the learner's Jupyter trust database (the one
JupyterLab uses): the learner has chosen to run this course, and otherwise JupyterLab logs
"Notebook ... is not trusted" for every lesson opened and hides the solutions' stored graphs.
"""
import copy
import dataclasses
import hashlib
import json
import os
import pathlib
import re
import sys

import nbformat
from nbformat.sign import NotebookNotary

import nbcheck

MANIFEST = ".copied.json"
FORMAT = 2
SKIP = {".ipynb_checkpoints", "__pycache__"}
NOT_COPIED = {"teachers.ipynb"}  # the teachers' guide, with every answer: not for learners
NUMBERED = re.compile(r"(\d\d)_(.+)")


class Refused(Exception):
    """The workspace cannot be made or updated as asked; nothing was changed."""


@dataclasses.dataclass
class Report:
    """What a run did, each a list of workspace-relative paths (or tuples of them)."""
    copied: list = dataclasses.field(default_factory=list)
    updated: list = dataclasses.field(default_factory=list)  # unedited copies, new version
    checks: list = dataclasses.field(default_factory=list)  # (path, check cells replaced)
    mismatched: list = dataclasses.field(default_factory=list)  # (path, course's n, yours)
    changed: list = dataclasses.field(default_factory=list)  # edited and changed: kept
    renamed: list = dataclasses.field(default_factory=list)  # (old, new, yours kept as|None)
    removed: list = dataclasses.field(default_factory=list)  # unedited, not for the workspace
    repaired: list = dataclasses.field(default_factory=list)  # (unreadable, moved aside to)
    kept: list = dataclasses.field(default_factory=list)  # (path, why it was not written)
    broken: list = dataclasses.field(default_factory=list)  # (course file, why unreadable)
    manifest: str = ""  # what was wrong with the record, if anything


def digest(data):
    return hashlib.sha256(data).hexdigest()


# Every change to the workspace goes through these three (the tests interrupt them).
def write(path, data):
    nbcheck.write_atomic(path, data)


def move(path, new):
    os.rename(path, new)


def remove(path):
    path.unlink()


def cleared(path):
    """A lesson as the learner starts it: no outputs, no execution counts, no widget state,
    and no worked answer or recorded wrong answers in an exercise cell's metadata (JupyterLab
    shows metadata to anyone who opens the property inspector; solutions/ is where to look)."""
    nb = nbcheck.clear_outputs(nbformat.read(path, as_version=4))
    for cell in nb.cells:
        cell.metadata.pop("solution", None)
        cell.metadata.pop("wrong", None)
    return nbcheck.notebook_bytes(nb)


def course_files(source, report):
    """{path relative to source: (bytes the workspace starts from, bytes that identify the
    version)}. An unreadable notebook is left out and named in report.broken."""
    files = {}
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source).as_posix()
        parts = rel.split("/")
        if (not path.is_file() or rel in NOT_COPIED
                or any(p in SKIP or p.startswith(".") for p in parts)):
            continue
        try:
            if path.suffix != ".ipynb":
                files[rel] = (path.read_bytes(),) * 2
            elif parts[0] == "solutions":  # worked answers keep their outputs
                files[rel] = (path.read_bytes(), cleared(path))
            else:
                files[rel] = (cleared(path),) * 2
        except (ValueError, nbformat.ValidationError, UnicodeDecodeError) as error:
            report.broken.append((rel, f"{type(error).__name__}: {str(error)[:100]}"))
    return files


def load_manifest(path):
    """({relative path: {"course": digest, "written": digest or None}}, what was wrong or "").

    Reads the record an earlier version wrote too ({path: digest of the version}); for a lesson
    that digest is also of the bytes written, for a solutions notebook it is not."""
    if not path.exists():
        return {}, ""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        return {}, f"is not valid JSON ({error})"
    if isinstance(data, dict) and data.get("format") == FORMAT:
        files = data.get("files")
        if isinstance(files, dict) and all(
                isinstance(e, dict) and isinstance(e.get("course"), str)
                and isinstance(e.get("written"), (str, type(None))) for e in files.values()):
            return files, ""
    elif isinstance(data, dict) and all(isinstance(v, str) for v in data.values()):
        return {rel: {"course": d, "written": None if rel.startswith("solutions/") else d}
                for rel, d in data.items()}, ""
    return {}, "does not hold a record of copied files"


def inside(path, folder):
    return path == folder or folder in path.parents


def check_folders(source, workspace, files):
    """Refuse before any change: the course missing, the workspace being (in) the course, or
    a file (or a link out of the workspace) where the workspace needs a folder."""
    if not source.is_dir():
        raise Refused(f"there is no course folder {source}/ to copy from; run this from the "
                      "repository's top folder (make workspace)")
    if workspace.is_symlink() and not workspace.exists():
        raise Refused(f"{workspace} is a link to {os.readlink(workspace)}, which does not "
                      f"exist; remove the link or give another folder")
    if workspace.exists() and not workspace.is_dir():
        raise Refused(f"{workspace} is a file, not a folder; rename it, or give another folder")
    src, ws = source.resolve(), workspace.resolve()
    if inside(ws, src):
        raise Refused(f"the workspace {workspace} is the course folder {source} or inside it; "
                      "your copy must live outside it: python tools/workspace.py notebooks "
                      "workspace")
    if inside(src, ws):
        raise Refused(f"the workspace {workspace} contains the course folder {source}; "
                      "give a folder beside it, such as workspace")
    for rel in files:
        folder = workspace
        for part in rel.split("/")[:-1]:
            folder = folder / part
            if folder.is_symlink() and not inside(folder.resolve(), ws):
                raise Refused(f"{folder} is a link to a folder outside {workspace}; remove the "
                              "link (or move it away) and run again")
            if folder.exists() and not folder.is_dir():
                raise Refused(f"{folder} is a file where the course has a folder; rename "
                              "it and run again")


def readable(data):
    try:
        return nbformat.reads(data.decode("utf-8"), as_version=4)
    except (ValueError, UnicodeDecodeError, nbformat.ValidationError):
        return None


def free_name(path, tag):
    """path with `tag` before its suffix (11_x.yours.ipynb), numbered if that name is taken."""
    for n in range(1, 1000):
        new = path.with_name(f"{path.stem}.{tag}{'' if n == 1 else f'-{n}'}{path.suffix}")
        if not os.path.lexists(new):
            return new
    raise Refused(f"too many {tag} copies beside {path}; tidy them up and run again")


def renamed_to(rel, files):
    """The course file that rel, a copy the course no longer has, became by renumbering."""
    folder, _, name = rel.rpartition("/")
    old = NUMBERED.fullmatch(name)
    if not old:
        return None
    hits = [r for r in files if r.rpartition("/")[0] == folder and (m := NUMBERED.fullmatch(
        r.rpartition("/")[2])) and m.group(2) == old.group(2) and m.group(1) != old.group(1)]
    return hits[0] if len(hits) == 1 else None


def sync_checks(path, mine, course, report, rel):
    """Give the learner's notebook `mine` the course's current check cells, in place; the
    number replaced. Nothing is changed if the exercises do not pair one to one."""
    try:
        pairs = nbcheck.exercises(course), nbcheck.exercises(mine)
    except ValueError:  # an exercise with no check cell after it
        pairs = None
    if pairs is None or len(pairs[0]) != len(pairs[1]):
        report.mismatched.append((rel, sum(map(nbcheck.is_exercise, course.cells)),
                                  sum(map(nbcheck.is_exercise, mine.cells))))
        return 0
    replaced = 0
    for (_, theirs), (_, at) in zip(*pairs):
        new = course.cells[theirs]
        if mine.cells[at].source != new.source:
            cell = copy.deepcopy(new)
            cell.outputs, cell.execution_count = [], None
            if "id" in mine.cells[at]:
                cell.id = mine.cells[at].id
            mine.cells[at] = cell
            replaced += 1
    if replaced:
        write(path, nbcheck.notebook_bytes(mine))
        report.checks.append((rel, replaced))
    return replaced


def update(source="notebooks", workspace="workspace"):
    """Bring workspace up to date with source; a Report of what was done."""
    source, workspace = pathlib.Path(source), pathlib.Path(workspace)
    report = Report()
    files = course_files(source, report) if source.is_dir() else {}
    check_folders(source, workspace, files)
    manifest_path = workspace / MANIFEST
    manifest, report.manifest = load_manifest(manifest_path)
    workspace.mkdir(exist_ok=True)
    for stray in workspace.rglob(nbcheck.TEMP_PREFIX + "*"):  # left by a run cut off
        remove(stray)
    notary = NotebookNotary()

    def ours(rel, data):
        """Unchanged since we wrote it. A solutions notebook recorded by an earlier version
        ("written" None) counts as unchanged if it is, outputs aside."""
        entry = manifest.get(rel)
        if entry is None or entry["written"] is None and not rel.endswith(".ipynb"):
            return False
        if entry["written"] is not None:
            return entry["written"] == digest(data)
        nb = readable(data)
        return nb is not None and digest(
            nbcheck.notebook_bytes(nbcheck.clear_outputs(nb))) == entry["course"]

    broken = {rel for rel, _ in report.broken}
    for rel in sorted(set(manifest) - set(files) - broken):
        target = workspace / rel
        new = renamed_to(rel, files)
        if not target.is_file() or target.is_symlink():
            del manifest[rel]
        elif new or rel in NOT_COPIED:
            unedited = ours(rel, target.read_bytes())
            del manifest[rel]
            if unedited:
                remove(target)
                if new:
                    report.renamed.append((rel, new, None))
                else:
                    report.removed.append(rel)
            elif new:
                kept_as = free_name(workspace / new, "yours")
                move(target, kept_as)
                report.renamed.append((rel, new, kept_as.relative_to(workspace).as_posix()))
            else:
                report.kept.append((rel, "no longer part of the workspace; kept, because you "
                                    "edited it"))
    for rel, (data, identity) in files.items():
        target = workspace / rel
        version = digest(identity)
        if target.is_symlink() or (target.exists() and not target.is_file()):
            report.kept.append((rel, "a link or a folder, not a file: left alone; remove it to "
                                "get the course's copy"))
            continue
        if target.exists():
            current = target.read_bytes()
            mine = readable(current) if rel.endswith(".ipynb") else True
            if mine is None:  # cut off mid-write by an earlier version, or damaged
                aside = free_name(target, "damaged")
                move(target, aside)
                report.repaired.append((rel, aside.relative_to(workspace).as_posix()))
                report.copied.append(rel)  # copied afresh below: not new in the course
            elif current == data:
                manifest[rel] = {"course": version, "written": digest(data)}
                continue
            elif ours(rel, current):
                if manifest[rel]["course"] != version:
                    write(target, data)
                    manifest[rel] = {"course": version, "written": digest(data)}
                    report.updated.append(rel)
                    if rel.endswith(".ipynb"):
                        notary.sign(readable(data))
                continue
            else:  # the learner's copy: only its check cells follow the course
                if rel.endswith(".ipynb") and sync_checks(target, mine, readable(data),
                                                          report, rel):
                    notary.sign(mine)
                # "written": "" matches no digest: the file is the learner's
                entry = manifest.setdefault(rel, {"course": version, "written": ""})
                if entry["course"] != version:
                    report.changed.append(rel)
                continue
        target.parent.mkdir(parents=True, exist_ok=True)
        write(target, data)
        manifest[rel] = {"course": version, "written": digest(data)}
        if rel not in report.copied:
            report.copied.append(rel)
        if rel.endswith(".ipynb"):
            notary.sign(readable(data))
    record = {"format": FORMAT, "files": dict(sorted(manifest.items()))}
    text = (json.dumps(record, indent=1) + "\n").encode("utf-8")
    if not manifest_path.is_file() or manifest_path.read_bytes() != text:
        write(manifest_path, text)  # last: it lists only files already in place
    return report


def say(report, source, workspace, first):
    """What a run did, in the learner's words, one line a thing."""
    lines = []
    ws = workspace
    if report.manifest:
        lines.append(f"{ws}/{MANIFEST} {report.manifest}: rebuilt it from the files there "
                     "(files equal to the course's are counted as copies, the rest as yours).")
    if first:
        lines.append(f"Made {ws}/, your own copy of the course, from {source}/: lessons with "
                     f"outputs cleared, solutions/ with the worked answers. Edit and run freely; "
                     f"the originals with their outputs stay in {source}/.")
    for old, new, kept_as in report.renamed:
        lines.append(f"Lessons were renumbered: {ws}/{old} is now {ws}/{new}"
                     + (f"; your edited copy is kept, renamed {ws}/{kept_as}." if kept_as
                        else " (your copy was unedited, so the old file is gone)."))
    new = [rel for rel in report.copied if rel not in dict(report.repaired)]
    if new and not first:
        lines.append(f"New in the course, copied to {ws}/: " + ", ".join(new))
    if report.updated:
        lines.append("Updated to the course's new version (you had not edited them): "
                     + ", ".join(report.updated))
    for rel, n in report.checks:
        lines.append(f"{ws}/{rel}: {n} exercise check cell{'s' * (n > 1)} replaced by the "
                     "course's current checks; your answers and notes are untouched.")
    for rel, n_course, n_mine in report.mismatched:
        lines.append(f"{ws}/{rel}: the course's version has {n_course} exercises, your copy "
                     f"{n_mine}, so its check cells were left as they are. To get the new "
                     f"lesson beside yours: rename yours (e.g. to {rel[:-6]}-mine.ipynb) and "
                     "run make workspace.")
    for rel in report.removed:
        lines.append(f"Removed {ws}/{rel}: the workspace no longer holds it, and you had not "
                     "edited it.")
    for rel, aside in report.repaired:
        lines.append(f"{ws}/{rel} could not be read (an earlier run was cut off): moved to "
                     f"{ws}/{aside} and copied afresh.")
    for rel, why in report.kept:
        lines.append(f"{ws}/{rel}: {why}.")
    if report.changed:
        lines.append("Changed in the course since your copy was made (your copy is kept):")
        lines += [f"  {ws}/{rel}   (new version: {source}/{rel})" for rel in report.changed]
        lines.append("To start one of them afresh, rename your copy and run: make workspace")
    for rel, why in report.broken:
        lines.append(f"WARNING: {source}/{rel} is not a readable notebook ({why}); not copied. "
                     f"Look for merge-conflict markers in it, or restore it: git checkout "
                     f"{source}/{rel}")
    if not lines:
        lines.append(f"{ws}/ has everything in {source}/.")
    return lines


def main(source="notebooks", workspace="workspace"):
    first = not os.path.lexists(pathlib.Path(workspace) / MANIFEST)
    try:
        report = update(source, workspace)
    except Refused as error:
        print(f"workspace.py: {error}. Nothing was changed.", file=sys.stderr)
        return 1
    print("\n".join(say(report, source, workspace, first)))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
