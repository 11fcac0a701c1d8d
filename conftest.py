"""pytest hooks: lessons that need PyTorch are skipped, with the reason, where it is missing."""
import importlib.util
import json
import pathlib

import pytest

HAVE_TORCH = importlib.util.find_spec("torch") is not None


def pytest_configure(config):
    # A cell that raises on purpose carries nbval's `# NBVAL_RAISES_EXCEPTION` comment (for the
    # reader) and the `raises-exception` tag (for JupyterLab's Run All). They say the same
    # thing, but nbval warns about "overlapping options" whenever both are present. This
    # silences exactly that case, and only for the option they share (the "." stands for
    # nbval's ": ", since a colon separates the fields of a pytest warning filter).
    config.addinivalue_line(
        "filterwarnings",
        r"ignore:Overlapping options from comments and metadata, using options from comments."
        r" \{'check_exception'\}$:UserWarning")


def _requires(path):
    """What a notebook's metadata says it needs beyond requirements.txt (e.g. ["torch"])."""
    nb = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
    return nb.get("metadata", {}).get("gradbook", {}).get("requires", [])


def pytest_collection_modifyitems(config, items):
    if HAVE_TORCH:
        return
    skip = pytest.mark.skip(reason="needs PyTorch, which is not installed: pip install torch")
    needs = {}
    for item in items:
        path = str(item.path)
        if path.endswith(".ipynb"):
            if path not in needs:
                needs[path] = "torch" in _requires(path)
            if needs[path]:
                item.add_marker(skip)
