"""pytest hooks: a test of a notebook that needs what is not installed (PyTorch) is skipped,
with the reason; the cells exempt from the re-run test are listed at the end."""
import json
import pathlib

import pytest

import nbcheck


def notebook_of(item):
    """The notebook an item tests: nbval's cells, or a test parametrized with its path."""
    if str(item.path).endswith(".ipynb"):
        return str(item.path)
    path = getattr(item, "callspec", None) and item.callspec.params.get("path")
    return str(path) if str(path).endswith(".ipynb") else None


def pytest_collection_modifyitems(config, items):
    missing = {}
    for item in items:
        path = notebook_of(item)
        if path is None:
            continue
        if path not in missing:
            missing[path] = nbcheck.unavailable(nbcheck.read(path))
        if missing[path]:
            item.add_marker(pytest.mark.skip(reason=nbcheck.skip_reason(missing[path])))


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
