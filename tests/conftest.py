"""Shared set-up for the module tests: a deterministic hypothesis profile and the torch fixture."""
import os

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
