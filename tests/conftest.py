"""Fixtures for every test: no display needed, and each test starts in English."""

import matplotlib
import pytest

import ckmkit

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def english():
    """Start and end each test in English, whatever the test switched to."""
    ckmkit.set_language("en")
    yield
    ckmkit.set_language("en")
