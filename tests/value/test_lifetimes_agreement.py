"""Our summaries equal those of ``lifetimes`` 0.11.3 to 1e-9, and so do MBG/NBD's estimates and
predictions (skipped where lifetimes is absent).

``lifetimes`` is never a dependency; it lives in the benchmark environment only
(``benchmarks/value/README.md``). There: ``PYTHONPATH=. benchmarks/.venv-bench/bin/python -m
pytest tests/value/test_lifetimes_agreement.py -p no:cacheprovider``.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

lifetimes_utils = pytest.importorskip("lifetimes.utils")


def _ours(tx, end):
    from ckmkit import DataQualityWarning
    from ckmkit.value import summarize

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return summarize(tx, time_unit="W", observation_end=end)


def _theirs(tx, end):
    return lifetimes_utils.summary_data_from_transaction_data(
        tx, "customer_id", "date", monetary_value_col="amount", observation_period_end=end,
        freq="D", freq_multiplier=7,
    )


def _synthetic(n_customers=3000, n_rows=30000, seed=11):
    import pandas as pd

    rng = np.random.default_rng(seed)
    ids = rng.integers(0, n_customers, n_rows)
    first = pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 90, n_customers), "D")
    dates = first[ids] + pd.to_timedelta(rng.integers(0, 400, n_rows), "D")
    return pd.DataFrame({"customer_id": ids, "date": dates,
                         "amount": np.round(rng.gamma(2.0, 20.0, n_rows), 2)})


@pytest.mark.parametrize("source", ["cdnow", "synthetic"])
def test_summaries_agree_with_lifetimes(source, request):
    if source == "cdnow":
        tx, end = request.getfixturevalue("cdnow"), "1997-09-30"
    else:
        tx, end = _synthetic(), "2020-12-31"
    ours, theirs = _ours(tx, end), _theirs(tx, end)
    assert ours.index.equals(theirs.index.sort_values()) or set(ours.index) == set(theirs.index)
    theirs = theirs.loc[ours.index]
    for column in ("frequency", "recency", "T", "monetary_value"):
        np.testing.assert_allclose(ours[column], theirs[column], rtol=0, atol=1e-9, err_msg=column)


def test_modified_bg_agrees_with_lifetimes_on_cdnow(cdnow_cal):
    """MBG/NBD: the same estimates (to 1e-3) and the same predictions at lifetimes' estimates."""
    from lifetimes import ModifiedBetaGeoFitter

    from ckmkit.value import ModifiedBetaGeo

    x, tx, big_t = (cdnow_cal[c] for c in ("frequency", "recency", "T"))
    theirs = ModifiedBetaGeoFitter().fit(x, tx, big_t)
    ours = ModifiedBetaGeo().fit(cdnow_cal, standard_errors=False)
    for name in ("r", "alpha", "a", "b"):
        assert abs(ours.params_[name] - theirs.params_[name]) < 1e-3, name
    at_theirs = ModifiedBetaGeo()
    at_theirs.params_ = {k: float(theirs.params_[k]) for k in ("r", "alpha", "a", "b")}
    np.testing.assert_allclose(at_theirs.expected_purchases(cdnow_cal, 39),
                               theirs.conditional_expected_number_of_purchases_up_to_time(39, x, tx, big_t),
                               rtol=1e-7)
    np.testing.assert_allclose(at_theirs.p_alive(cdnow_cal),
                               theirs.conditional_probability_alive(x, tx, big_t), rtol=1e-7)
    for n in range(5):
        assert at_theirs.probability_of_purchases(39, n) == pytest.approx(
            float(theirs.probability_of_n_purchases_up_to_time(39, n)), rel=1e-8)
