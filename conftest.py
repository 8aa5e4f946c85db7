"""Every test (and doctest) starts in English, off screen, and leaves no live widgets.

This file sits at the project root rather than in tests/ so that
``--doctest-modules`` never collects it next to tests/value/conftest.py.
"""

import matplotlib
import pytest

matplotlib.use("Agg")  # no display on CI, and figures render the same everywhere


@pytest.fixture(autouse=True)
def _fresh_session():
    import ckmkit

    ckmkit.set_language("en")
    yield
    ckmkit.set_language("en")
    _close_widgets()


def _close_widgets() -> None:
    """Close widgets a test left open, so a language switch in the next one cannot reach them."""
    import sys

    if "ipywidgets" in sys.modules:
        sys.modules["ipywidgets"].Widget.close_all()
