"""Shared fixtures for the customer-value tests."""

from __future__ import annotations

import warnings

import pytest


@pytest.fixture(scope="session")
def cdnow():
    from ckmkit.datasets import load_cdnow

    return load_cdnow("sample")


@pytest.fixture(scope="session")
def cdnow_cal(cdnow):
    """The conventional 39-week calibration summary (weeks, end 1997-09-30)."""
    from ckmkit import DataQualityWarning
    from ckmkit.value import summarize

    with warnings.catch_warnings():
        # Rows after the calibration end are reported; here that is intended.
        warnings.simplefilter("ignore", DataQualityWarning)
        return summarize(cdnow, time_unit="W", observation_end="1997-09-30")


@pytest.fixture(scope="session")
def cdnow_split(cdnow):
    """Calibration to 1997-09-30, holdout to 1998-06-30 (39 + 39 weeks)."""
    from ckmkit.value import calibration_holdout

    return calibration_holdout(cdnow, time_unit="W", calibration_end="1997-09-30",
                               observation_end="1998-06-30")
