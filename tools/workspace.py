"""Make or update the learner's own copy of the course: workspace/, from notebooks/.

usage: python tools/workspace.py [SOURCE [WORKSPACE]]      (default: notebooks workspace)

The first time, every lesson is copied with its outputs cleared (so "predict before you run"
is real), and solutions/ is copied as it is (worked answers, outputs included), so the links
between lessons and to solutions/ work the same inside the workspace. Nothing here ever
overwrites a file that exists in the workspace: the learner's edits are theirs.

Run again after a course update (`make workspace`, or `make lab`), it copies what is new and
lists the lessons that changed in the course since the learner's copy was made, leaving the
copy alone. It knows what changed from WORKSPACE/.copied.json, the SHA-256 of every file as it
was copied (of a notebook without its outputs, so a course merely re-run has not changed).
A learner who wants the new version deletes or renames their copy and runs it again.

Each notebook copied is signed as trusted in the learner's Jupyter trust database (the one
JupyterLab uses): the learner has chosen to run this course, and otherwise JupyterLab logs
"Notebook ... is not trusted" for every lesson opened and hides the solutions' stored graphs.
"""
import hashlib
import json
import pathlib
import sys

import nbformat
from nbformat.sign import NotebookNotary

MANIFEST = ".copied.json"
SKIP = {".ipynb_checkpoints", "__pycache__"}


def cleared(path):
    """A lesson as the learner starts it: no outputs, no execution counts, no widget state."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    return nbformat.writes(nb).encode("utf-8") + b"\n"


def course_files(source):
    """{path relative to source: (bytes the workspace starts from, bytes that identify the
    version)}. A notebook is identified without its outputs: re-running the course is no change."""
    files = {}
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if not path.is_file() or any(p in SKIP or p.startswith(".") for p in rel.parts):
            continue
        if path.suffix != ".ipynb":
            files[rel.as_posix()] = (path.read_bytes(),) * 2
        elif rel.parts[0] == "solutions":  # worked answers keep their outputs
            files[rel.as_posix()] = (path.read_bytes(), cleared(path))
        else:
            files[rel.as_posix()] = (cleared(path),) * 2
    return files


def digest(data):
    return hashlib.sha256(data).hexdigest()


def update(source="notebooks", workspace="workspace"):
    """Copy what is missing; return (copied, changed): relative paths, each sorted."""
    source, workspace = pathlib.Path(source), pathlib.Path(workspace)
    if not source.is_dir():
        raise SystemExit(f"workspace: no course folder {source}/ to copy from")
    manifest_path = workspace / MANIFEST
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    copied, changed = [], []
    notary = NotebookNotary()
    for rel, (data, identity) in course_files(source).items():
        target = workspace / rel
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            manifest[rel] = digest(identity)
            copied.append(rel)
            if rel.endswith(".ipynb"):
                notary.sign(nbformat.reads(data.decode("utf-8"), as_version=4))
        elif manifest.get(rel) != digest(identity):
            changed.append(rel)  # the course moved on, or the learner made a file of that name
    workspace.mkdir(exist_ok=True)
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return copied, changed


def main(source="notebooks", workspace="workspace"):
    first = not (pathlib.Path(workspace) / MANIFEST).exists()
    copied, changed = update(source, workspace)
    if first:
        print(f"Made {workspace}/, your own copy of the course, from {source}/: lessons with "
              f"outputs cleared, solutions/ with the worked answers. Edit and run freely; the "
              f"originals with their outputs stay in {source}/.")
    elif copied:
        print(f"New in the course, copied to {workspace}/: " + ", ".join(copied))
    elif not changed:
        print(f"{workspace}/ has everything in {source}/.")
    if changed:
        print("Changed in the course since your copy was made (your copy is kept):")
        for rel in changed:
            print(f"  {workspace}/{rel}   (new version: {source}/{rel})")
        print("To start one of them afresh, delete or rename your copy and run: make workspace")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
