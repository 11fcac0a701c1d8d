"""What the notebook tools share: which cells are exercises and checks, clearing outputs,
writing a file atomically, a kernel that runs one cell at a time, and nbval's way of comparing
two outputs.

Used by the tools in this folder and by tests/; not run alone.
"""
import importlib.util
import json
import os
import pathlib
import tempfile
from collections import defaultdict

import nbformat
import zmq
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbconvert.preprocessors import ClearOutputPreprocessor
from nbval.plugin import coalesce_streams, transform_streams_for_comparison

# A cell that shows an error on purpose carries this tag: nbval, nbclient and JupyterLab's
# Run All all honour it (nbval's `# NBVAL_RAISES_EXCEPTION` comment would say it a second time).
RAISES_TAG = "raises-exception"
IGNORE_MARK = "NBVAL_IGNORE_OUTPUT"
TEMP_PREFIX = ".gradbook-tmp-"  # a write in progress; a later run may delete what it finds

# What nbval leaves out of a comparison (nbval.plugin.IPyNbFile.skip_compare, PNG and JPEG
# included because `make test` runs without --nbdime).
NOT_COMPARED = ("metadata", "traceback", "prompt_number", "output_type", "name",
                "execution_count", "application/vnd.jupyter.widget-view+json",
                "image/png", "image/jpeg")


def read(path):
    return nbformat.read(str(path), as_version=4)


def write_atomic(path, data):
    """Write bytes to path so that a reader (or a run cut off half-way) finds the old file or
    the new one, never part of one: a temporary file beside it, flushed, then renamed over it."""
    path = pathlib.Path(path)
    fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, path)
    except BaseException:
        pathlib.Path(temp).unlink(missing_ok=True)
        raise


def notebook_bytes(nb):
    """A notebook as nbformat writes it to disk."""
    return (nbformat.writes(nb) + "\n").encode("utf-8")


def write(nb, path):
    """nbformat.write, atomically."""
    write_atomic(path, notebook_bytes(nb))


# nbconvert's own "clear outputs"; the cell metadata "execution" holds run times.
_CLEAR = ClearOutputPreprocessor(remove_metadata_fields={"execution"})


def clear_outputs(nb):
    """nb (changed in place and returned) as before any run: no outputs, no execution counts,
    no run times, no stored widget state."""
    _CLEAR.preprocess(nb, {})
    nb.metadata.pop("widgets", None)
    return nb


def requires(nb):
    """What a notebook's metadata says it needs beyond requirements.txt, e.g. ["torch"]."""
    return nb.metadata.get("gradbook", {}).get("requires", [])


def unavailable(needs):
    """The modules of `needs` (a notebook, or a list of names) that this Python cannot import."""
    names = needs if isinstance(needs, list) else requires(needs)
    return [name for name in names if importlib.util.find_spec(name) is None]


def skip_reason(missing):
    """Why a test of a notebook that needs `missing` modules is skipped, and what to do."""
    return (f"needs {', '.join(missing)}, which is not installed: "
            f"pip install {' '.join(missing)} (or pip install -r requirements-ci.txt)")


def has_mark(cell, mark):
    """True if a comment line of the cell is exactly `# MARK`, as nbval reads it."""
    return any(line.strip().startswith("#") and line.strip().lstrip("#").strip() == mark
               for line in cell.source.splitlines())


def tags(cell):
    return cell.metadata.get("tags", [])


def is_exercise(cell):
    """A lesson's exercise cell carries its "exercise_id" (and, in notebooks/, its answer as
    "solution"); solutions.py marks the solved copy in a solutions notebook with
    "gradbook": {"exercise": "solved"}."""
    return cell.cell_type == "code" and (
        "exercise_id" in cell.metadata or "solution" in cell.metadata
        or "exercise" in cell.metadata.get("gradbook", {}))


def exercises(nb):
    """[(exercise cell index, check cell index)]: the check is the next code cell."""
    pairs = []
    for i, cell in enumerate(nb.cells):
        if is_exercise(cell):
            after = [j for j in range(i + 1, len(nb.cells)) if nb.cells[j].cell_type == "code"]
            if not after:
                raise ValueError(f"exercise cell {i} (id {cell.get('id')}) has no check cell "
                                 "after it: an exercise is followed by a code cell calling check()")
            pairs.append((i, after[0]))
    return pairs


def printed(outputs):
    """Everything a cell wrote to stdout, as one string."""
    return "".join(o.get("text", "") for o in outputs
                   if o.get("output_type") == "stream" and o.get("name") == "stdout")


def check_lines(outputs):
    """The verdicts a check cell printed: its `correct` and `not yet: ...` lines, and any other
    line it printed, but not the `hint ...` line that follows a `not yet`."""
    return [line for line in printed(outputs).splitlines()
            if line.strip() and not line.startswith("hint")]


def errors(outputs):
    return [o for o in outputs if o.get("output_type") == "error"]


def describe_error(outputs):
    err = errors(outputs)[0]
    return f"{err.get('ename')}: {err.get('evalue')}"


def comparable(outputs):
    """Outputs as nbval compares them: streams merged, MIME types flattened, the keys nbval
    ignores left out. Two cells match if their comparable() forms are equal."""
    outs = [nbformat.from_dict(json.loads(json.dumps(o))) for o in outputs]
    flat = defaultdict(list)
    for out in transform_streams_for_comparison(coalesce_streams(outs)):
        for key, value in out.items():
            if key in NOT_COMPARED:
                continue
            if key == "data":
                for mime, data in value.items():
                    if mime not in NOT_COMPARED:
                        flat[mime].append(data)
            else:
                flat[key].append(value)
    return dict(flat)


def difference(stored, fresh):
    """A short account of how two outputs differ as nbval sees them, or "" if they match."""
    a, b = comparable(stored), comparable(fresh)
    if a == b:
        return ""
    if set(a) != set(b):
        return (f"stored output has {sorted(a) or 'nothing'}, "
                f"the new run has {sorted(b) or 'nothing'}")
    for key in a:
        if a[key] != b[key]:
            return f"{key} differs: stored {_short(a[key])}, now {_short(b[key])}"
    return "outputs differ"


def _short(values):
    text = repr(values[0] if len(values) == 1 else values)
    return text if len(text) <= 160 else text[:150] + "...'"


def kernel_manager():
    """A kernel manager whose kernel talks over an encrypted channel where it can: ipykernel
    warns "Kernel is running over TCP without encryption" otherwise, on every start."""
    return AsyncKernelManager(kernel_name="python3",
                              transport_encryption="auto" if zmq.has("curve") else "disabled")


class Kernel:
    """One fresh kernel for a notebook, working directory the notebook's folder.

        with Kernel(path) as k:
            outputs = k.run("1 + 1")

    Errors are returned as outputs, never raised; a cell running longer than `timeout` seconds
    is interrupted (its outputs then end with a KeyboardInterrupt error).
    """

    def __init__(self, path, timeout=300):
        path = pathlib.Path(path)
        self.client = NotebookClient(
            nbformat.v4.new_notebook(), km=kernel_manager(), kernel_name="python3",
            timeout=timeout, allow_errors=True, interrupt_on_timeout=True,
            resources={"metadata": {"path": str(path.parent.resolve())}})
        self._setup = None
        self.timeout = timeout

    def __enter__(self):
        self._setup = self.client.setup_kernel(cleanup_kc=True)
        self._setup.__enter__()
        return self

    def __exit__(self, *exc):
        self._setup.__exit__(*exc)  # shuts the kernel down
        return False

    def run(self, source, timeout=None):
        """Run source as a code cell; its outputs (a list of nbformat output dicts)."""
        self.client.timeout = timeout or self.timeout
        cell = nbformat.v4.new_code_cell(source)
        self.client.nb.cells = [cell]  # nbclient stores the ran cell back at its index
        self.client.execute_cell(cell, 0)
        return cell.outputs
