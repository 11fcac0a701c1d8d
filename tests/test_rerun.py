"""Every lesson survives a learner running each code cell twice in a row.

Wraps tools/check_rerun.py, one test (one kernel) per lesson: no new error on either run, and
each second run's output equal to the stored one (cells with "gradbook": {"rerun": "why"} are
exempt from the comparison, not from the error check).
"""
import pathlib

import pytest

import check_rerun
import nbcheck

ROOT = pathlib.Path(__file__).resolve().parent.parent



def lessons():
    params = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbcheck.read(path)
        if not any(c.cell_type == "code" for c in nb.cells):
            continue
        params.append(pytest.param(path, id=path.name))  # conftest skips what needs PyTorch
    return params


def test_exemptions_say_why():
    """JSON only: a "rerun" exemption is a reason in words, not a bare flag."""
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in nbcheck.read(path).cells:
            why = cell.metadata.get("gradbook", {}).get("rerun")
            if why is not None:
                assert isinstance(why, str) and len(why.split()) >= 2, (
                    f"{path.name} cell {cell.get('id')}: \"rerun\" must say why the second run "
                    f"differs, in a few words; it is {why!r}")


@pytest.mark.parametrize("path", lessons())
def test_every_cell_can_run_twice(path):
    bad = [r for r in check_rerun.check_notebook(path) if not r.ok]
    if bad:
        pytest.fail(f"{path.name}, each code cell run twice in a row:\n"
                    + "\n".join(map(str, bad)), pytrace=False)
