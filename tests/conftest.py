"""Shared set-up for the tests: a deterministic hypothesis profile, the torch fixture, one kernel
run per lesson shared by two tests, and the work units of `make test`'s two processes."""
import os
import pathlib

import nbcheck
import pytest
from hypothesis import settings

# CI must see the same examples on every run: derandomize seeds hypothesis from each test's
# own source, and no example database means no replays of earlier local failures. No deadline,
# because the machine running the suite may be busy; example counts are set per test.
settings.register_profile("gradbook", derandomize=True, database=None, deadline=None,
                          max_examples=40, print_blob=True)
# For hunting bugs by hand: HYPOTHESIS_PROFILE=thorough pytest tests (random, many examples).
settings.register_profile("thorough", deadline=None, max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "gradbook"))


@pytest.fixture(scope="session")
def torch():
    """The torch module, or a skip saying why (parity tests only: nothing else needs it).

    Tests make every tensor with dtype=torch.float64 themselves, matching Python floats.
    """
    return pytest.importorskip(
        "torch", reason="PyTorch parity tests need torch, which is not installed: pip install torch"
    )


@pytest.fixture
def shown(monkeypatch):
    """Figures that plt.show() was asked to show (instead of showing, then losing, them)."""
    import matplotlib

    matplotlib.use("Agg")  # no window, no display needed
    import matplotlib.pyplot as plt

    figures = []
    monkeypatch.setattr(plt, "show", lambda *a, **k: figures.append(plt.gcf()))
    yield figures
    plt.close("all")


@pytest.fixture(scope="session")
def lesson_run():
    """check_exercises.check_lesson(path) -> (re-run results, exercise results), run once per
    lesson in this process: tests/test_rerun.py and tests/test_notebook_exercises.py judge the
    same kernel run of a lesson (each code cell twice, then each exercise's trials), instead of
    one kernel run each. Both tests of a lesson are one work unit under `make test`'s
    --dist loadgroup (pytest_collection_modifyitems below), so they share this process."""
    import check_exercises

    runs = {}

    def run(path):
        if path not in runs:
            runs[path] = check_exercises.check_lesson(path)
        return runs[path]

    return run


# `make test` runs on two processes with --dist loadgroup --no-loadscope-reorder: each group
# below is one work unit, handed out in the order of the collection, so the slowest go first and
# the quick ones fill the gaps at the end. A notebook's tests are one unit (nbval runs its
# cells in order in one kernel; a lesson's re-run and exercise tests share one kernel run); the
# other tests go one by one.
KERNEL_TESTS = ("test_every_cell_can_run_twice", "test_checks_reject_wrong_answers")


def _notebook_param(item):
    if str(item.path).endswith(".ipynb"):
        return item.path  # an nbval cell
    path = getattr(item, "callspec", None) and item.callspec.params.get("path")
    return path if str(path).endswith(".ipynb") else None


def _cost(path, kind):
    """Roughly how many cell runs a unit takes: a lesson's kernel run runs each code cell twice
    and each exercise trial three cells (reset, answer, check); nbval runs each cell once."""
    nb = nbcheck.read(path)
    cells = sum(c.cell_type == "code" for c in nb.cells)
    if kind == "nbval":
        return cells
    trials = sum(len(nb.cells[ex].metadata.get("wrong", [])) + 2
                 for ex, _check in nbcheck.exercises(nb))
    return 2 * cells + 3 * trials


@pytest.hookimpl(tryfirst=True)  # xdist reads the groups in its own hook, after this one
def pytest_collection_modifyitems(config, items):
    if not (config.getoption("dist", None) == "loadgroup"):
        return
    cost = {}
    for item in items:
        path = _notebook_param(item)
        if path is not None and (item.name.startswith(KERNEL_TESTS)
                                 or str(item.path).endswith(".ipynb")):
            kind = "nbval" if str(item.path).endswith(".ipynb") else "lesson"
            path = pathlib.Path(path)
            key = f"{kind}:{path.parent.name}/{path.name}"
            if key not in cost:
                cost[key] = _cost(path, kind)
            item.add_marker(pytest.mark.xdist_group(key))
            item.stash[UNIT] = (-cost[key], key)
    # Slowest unit first; sorted() is stable, so within a unit (nbval's cells, in order) and
    # among the tests that go one by one (at the end), the collection's order stays.
    items[:] = sorted(items, key=lambda item: item.stash.get(UNIT, (0, "")))


UNIT = pytest.StashKey[tuple]()
