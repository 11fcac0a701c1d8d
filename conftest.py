"""pytest hooks: lessons that need PyTorch are skipped, with the reason, where it is missing."""
import importlib.util
import json
import pathlib

import pytest

HAVE_TORCH = importlib.util.find_spec("torch") is not None


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
