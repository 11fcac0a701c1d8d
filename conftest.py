"""pytest hooks: lessons that need PyTorch are skipped, with the reason, where it is missing;
nbval's warning about a raises-exception tag beside its comment is silenced; the cells exempt
from the re-run test are listed at the end."""
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


def pytest_terminal_summary(terminalreporter):
    """List the cells exempt from the re-run test, so each exemption stays visible."""
    if not any("test_rerun" in str(getattr(r, "nodeid", ""))
               for reports in terminalreporter.stats.values() for r in reports):
        return
    exempt = []
    for path in sorted(pathlib.Path(__file__).parent.glob("notebooks/*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            why = cell.get("metadata", {}).get("gradbook", {}).get("rerun")
            if why:
                exempt.append(f"{path.name} cell {cell.get('id')}: {why}")
    terminalreporter.write_sep("-", f"cells exempt from the re-run test: {len(exempt)}")
    for line in exempt:
        terminalreporter.write_line(line)
