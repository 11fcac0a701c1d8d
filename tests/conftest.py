"""Shared set-up for the tests: a deterministic hypothesis profile, the torch fixture, one kernel
run per lesson shared by two tests, and the work units of `make test`'s two processes."""
import os

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


# `make test` runs on two processes with --dist loadgroup --no-loadscope-reorder, grouped by the
# scheduler below: each unit goes whole to one process, in the order of the collection, slowest
# first, so the quick ones fill the gaps at the end. A notebook's nbval cells are one unit (they
# run in order in one kernel); a lesson's re-run and exercise tests are one (they share one
# kernel run); every other test is a unit of its own. (xdist's own loadgroup marks do not take
# with pytest 9, which no longer reads the item._nodeid xdist rewrites: hence a scheduler.)
KERNEL_TESTS = ("::test_every_cell_can_run_twice[", "::test_checks_reject_wrong_answers")


def work_unit(nodeid):
    """The unit of work a test belongs to, from its node id."""
    where = nodeid.split("::")[0]
    if where.endswith(".ipynb"):
        return f"nbval:{where}"
    if any(kind in nodeid for kind in KERNEL_TESTS):
        return "lesson:" + nodeid.rsplit("[", 1)[1].rstrip("]")
    return nodeid


def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ByWorkUnit(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            return work_unit(nodeid)

    return ByWorkUnit(config, log)


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


def pytest_collection_modifyitems(config, items):
    """In an xdist process: the slowest unit first. sorted() is stable, so within a unit
    (nbval's cells, in order) and among the tests that go one by one (at the end), the
    collection's order stays."""
    if not hasattr(config, "workerinput"):
        return
    costs = {}

    def key(item):
        unit = work_unit(item.nodeid)
        if unit == item.nodeid:
            return (0, "")
        if unit not in costs:
            costs[unit] = _cost(_notebook_param(item), unit.split(":")[0])
        return (-costs[unit], unit)

    items[:] = sorted(items, key=key)
