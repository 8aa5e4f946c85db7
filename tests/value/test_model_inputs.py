"""Input checks every CLV model shares: impossible histories, repeated ids, windows, extremes."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import polars as pl
import pytest

import ckmkit
from ckmkit.value import BetaGeo, GammaGamma, ParetoNBD, calibration_holdout, summarize

TRANSACTION_MODELS = [BetaGeo, ParetoNBD]


@pytest.mark.parametrize("model_class", TRANSACTION_MODELS)
@pytest.mark.parametrize(("frame", "message"), [
    (pd.DataFrame({"frequency": [1, 0], "recency": [2.0, 3.0], "T": [5.0, 5.0]}, index=["c1", "c2"]),
     r"Column 'recency' must be 0 for a customer without repeat purchases.*row c2 has frequency 0 "
     r"and recency 3.0"),
    (pd.DataFrame({"frequency": [1, 2], "recency": [2.0, 6.0], "T": [5.0, 5.0]}, index=["c1", "c2"]),
     r"Column 'T' must be at least the recency; row c2 has T = 5.0 and recency = 6.0"),
    (pd.DataFrame({"frequency": [1, -1], "recency": [2.0, 0.0], "T": [5.0, 5.0]}, index=["c1", "c2"]),
     r"Column 'frequency' must hold whole numbers ≥ 0.*row c2 has -1.0"),
    (pd.DataFrame({"frequency": [1, 1], "recency": [-2.0, 0.0], "T": [5.0, 5.0]}, index=["c1", "c2"]),
     r"Column 'recency' must hold finite numbers ≥ 0; row c1 has -2.0"),
])
def test_impossible_history_names_the_customer(model_class, frame, message):
    with pytest.raises(ValueError, match=message):
        model_class().fit(frame)


def test_impossible_history_message_is_bilingual():
    frame = pd.DataFrame({"frequency": [0], "recency": [3.0], "T": [5.0]}, index=["c9"])
    with ckmkit.language("zh"), pytest.raises(ValueError, match="第 c9 行 frequency 为 0"):
        BetaGeo().fit(frame)


@pytest.mark.parametrize("model_class", [*TRANSACTION_MODELS, GammaGamma])
def test_repeated_customer_ids_are_refused_when_fitting(model_class, cdnow_cal):
    doubled = pd.concat([cdnow_cal.iloc[:40], cdnow_cal.iloc[[7]]])
    repeated = doubled.index[7]
    with pytest.raises(ValueError, match=f"The summary has more than one entry for customer {repeated}"):
        model_class().fit(doubled)


def test_repeated_ids_in_the_first_column_of_another_engine(cdnow_cal):
    frame = pl.from_pandas(cdnow_cal.iloc[:40].reset_index())
    BetaGeo().fit(frame, standard_errors=False)  # unique ids: fine
    with pytest.raises(ValueError, match="more than one entry for customer"):
        BetaGeo().fit(pl.concat([frame, frame.head(1)]), standard_errors=False)
    # a table whose first column is a measure has no id column: nothing to check
    BetaGeo().fit(pl.from_pandas(cdnow_cal.iloc[:40].reset_index(drop=True)), standard_errors=False)


def test_calibration_end_before_every_purchase_is_an_error(cdnow):
    with pytest.raises(ValueError, match=r"calibration_end \(1996-12-31\) falls before every purchase"):
        calibration_holdout(cdnow, time_unit="W", calibration_end="1996-12-31")


def test_a_period_is_a_valid_observation_and_calibration_end(cdnow, cdnow_cal, cdnow_split):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ckmkit.DataQualityWarning)
        by_day = summarize(cdnow, time_unit="W", observation_end=pd.Period("1997-09-30", "D"))
        by_month = summarize(cdnow, time_unit="W", observation_end=pd.Period("1997-09", "M"))
    pd.testing.assert_frame_equal(by_day, cdnow_cal)
    pd.testing.assert_frame_equal(by_month, cdnow_cal)  # a month ends on its last day
    split = calibration_holdout(cdnow, time_unit="W", calibration_end=pd.Period("1997-09", "M"),
                                observation_end=pd.Period("1998-06-30", "D"))
    pd.testing.assert_frame_equal(split, cdnow_split)


EXTREME = pd.DataFrame({"frequency": [1000, 1000, 0, 5000, 1],
                        "recency": [38.0, 1.0, 0.0, 39.0, 1e-9],
                        "T": [39.0, 39.0, 39.0, 39.0, 1e4],
                        "monetary_value": [1e6, 1.0, 0.0, 1e-3, 5.0]})


@pytest.mark.parametrize("model_class", TRANSACTION_MODELS)
def test_predictions_on_extreme_histories_neither_raise_nor_warn(model_class, cdnow_cal):
    model = model_class().fit(cdnow_cal, standard_errors=False)
    with np.errstate(all="raise"), warnings.catch_warnings():
        warnings.simplefilter("error")
        alive = model.p_alive(EXTREME)
        expected = model.expected_purchases(EXTREME, t=52)
        new = model.expected_purchases_new(np.array([0.0, 1.0, 1e6]))
        total = model.loglik(EXTREME)
    assert ((alive >= 0) & (alive <= 1)).all()
    assert np.isfinite(expected).all() and (expected >= 0).all()
    assert expected.iloc[3] > 1000  # 5000 purchases in 39 weeks, the last at the end: still buying
    assert alive.iloc[1] < 1e-6  # 1000 purchases, then 38 silent weeks: gone
    assert np.isfinite(new).all() and np.isfinite(total)


def test_gamma_gamma_spend_on_extreme_histories_neither_raises_nor_warns(cdnow_cal):
    model = GammaGamma().fit(cdnow_cal[cdnow_cal["frequency"] > 0], standard_errors=False)
    with np.errstate(all="raise"), warnings.catch_warnings():
        warnings.simplefilter("error")
        spend = model.expected_spend(EXTREME)
    assert np.isfinite(spend).all() and (spend > 0).all()
    assert spend.iloc[0] == pytest.approx(1e6, rel=1e-3)  # 1000 purchases: the customer's own mean
