"""MVC / MGC / BZC on customer lifetime value: one value measure for every class."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import ckmkit
from ckmkit.value import (
    BetaGeo,
    GammaGamma,
    class_summary,
    customer_lifetime_value,
    peer_potential,
    value_classes,
    value_matrix,
)


def _clv():
    return pd.Series([600.0, 400.0, 150.0, 100.0, -35.0, 0.0], index=list("abcdef"), name="clv")


def _potential():
    return pd.Series([600.0, 420.0, 700.0, 120.0, 20.0, 10.0], index=list("abcdef"))


def test_rules_on_one_measure():
    out = value_classes(_clv(), potential=_potential())
    # a + b make exactly 80 % of the positive CLV (1,000 of 1,250); e's expected value is negative;
    # unrealised: b 20, c 550, d 20, e 55, f 10 -> the top-quarter cut is 178.75, so only c grows
    assert out["customer_class"].tolist() == ["mvc", "mvc", "mgc", "other", "bzc", "other"]
    assert out["unrealised"].tolist() == [0.0, 20.0, 550.0, 20.0, 55.0, 10.0]
    assert out["potential"].tolist() == _potential().tolist()


def test_bzc_is_exactly_negative_expected_value():
    rng = np.random.default_rng(3)
    clv = pd.Series(rng.normal(50, 80, 500), index=[f"C{i}" for i in range(500)])
    out = value_classes(clv)
    np.testing.assert_array_equal(out["customer_class"] == "bzc", clv < 0)
    mvc = out["customer_class"] == "mvc"
    assert clv[mvc].min() >= clv[~mvc].max()  # the MVCs are the top of the same measure
    assert clv[mvc].sum() / clv.clip(lower=0).sum() <= 0.8 + 1e-12


def test_default_potential_is_peer_potential_on_clv():
    clv, groups = _clv(), pd.Series(list("xxxyyy"), index=list("fedcba"))  # matched by id
    out = value_classes(clv, groups=groups, quantile=0.5)
    expected = peer_potential(clv, groups, quantile=0.5)
    np.testing.assert_allclose(out["potential"], expected)
    assert (out["potential"] >= out["clv"]).all()


def test_table_of_customer_lifetime_value_and_other_engines():
    import polars as pl

    table = pd.DataFrame({"customer_id": list("abcdef"), "clv": _clv().to_numpy(),
                          "cost_to_serve": 1.0}).set_index("customer_id")
    out = value_classes(table, potential=_potential())
    assert out["cost_to_serve"].tolist() == [1.0] * 6  # the table's own columns stay
    polars = value_classes(pl.from_pandas(table.reset_index()), potential=_potential())
    assert polars["customer_class"].tolist() == out["customer_class"].tolist()


def test_potential_must_cover_every_customer():
    with pytest.raises(ValueError, match="Column 'potential'.*row f"):
        value_classes(_clv(), potential=_potential().drop("f"))
    with pytest.raises(ValueError, match="potential shares no customer id with table"):
        value_classes(_clv(), potential=_potential().reset_index(drop=True))
    with pytest.raises(ValueError, match="Column 'clv'.*row b"):
        value_classes(_clv().replace(400.0, np.nan))
    with pytest.raises(ValueError, match="pareto_share"):
        value_classes(_clv(), pareto_share=2.0)


def test_summary_and_matrix_on_clv():
    out = value_classes(_clv(), potential=_potential())
    summary = class_summary(out, value="clv", profit=None)
    assert summary["customers"].tolist() == [1, 2, 1, 2]
    assert summary.loc["mvc", "clv_share"] == pytest.approx(1000 / 1215)
    matrix = value_matrix(out, current="clv")
    assert matrix.loc["e", "quadrant"] in ("develop", "streamline")  # BZC never "maintain"
    with ckmkit.language("zh"):
        assert value_classes(_clv(), potential=_potential()).loc["e", "class_label"] == "负值客户（BZC）"


def test_on_fitted_models_cost_to_serve_makes_bzc():
    from ckmkit.datasets import load_cdnow
    from ckmkit.value import summarize

    tx = load_cdnow("sample")
    summary = summarize(tx[tx["date"] <= "1997-09-30"], time_unit="W", observation_end="1997-09-30")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bg = BetaGeo().fit(summary, standard_errors=False)
        gg = GammaGamma().fit(summary[summary["frequency"] > 0], standard_errors=False)
    clv = customer_lifetime_value(bg, gg, summary, horizon=52, margin=0.3, cost_to_serve=5.0)
    out = value_classes(clv)
    below = out["customer_class"] == "bzc"
    assert below.sum() == (clv["discounted_margin"] < 5.0).sum() > 0
    assert out.loc[out["customer_class"] == "mvc", "clv"].min() > 0
