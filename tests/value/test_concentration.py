"""Revenue concentration: shares, 80/20 verdicts, Lorenz, Gini, whale curve."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import ckmkit
from ckmkit.value.concentration import (
    customers_for_share,
    gini,
    lorenz,
    pareto_check,
    top_share,
    whale_curve,
)


def test_top_share_exact_and_interpolated():
    values = [40, 30, 20, 10]
    assert top_share(values, 0.25) == 0.4
    assert top_share(values, 0.125) == pytest.approx(0.2)  # half of the top customer
    assert top_share(values, 0.0) == 0.0 and top_share(values, 1.0) == 1.0


def test_gini_known_values():
    assert gini([1, 1, 1, 1]) == 0.0
    assert gini([0, 0, 0, 1]) == pytest.approx(0.75)  # (n-1)/n for one holder
    # mean absolute difference formula: G = Σ|xi - xj| / (2 n² mean)
    rng = np.random.default_rng(3)
    x = rng.gamma(0.5, 100, size=400)
    mad = np.abs(x[:, None] - x[None, :]).sum() / (2 * x.size**2 * x.mean())
    assert gini(x) == pytest.approx(mad, rel=1e-12)


def test_lorenz_shape():
    curve = lorenz(pd.Series([5.0, 1.0, 4.0]))
    assert curve.iloc[0].tolist() == [0.0, 0.0] and curve.iloc[-1].tolist() == [1.0, 1.0]
    assert (np.diff(curve["value_share"]) >= 0).all()
    assert (curve["value_share"] <= curve["customer_share"] + 1e-12).all()


def test_customers_for_share():
    assert customers_for_share([40, 30, 20, 10], 0.7) == 2
    assert customers_for_share([40, 30, 20, 10], 0.71) == 3
    assert customers_for_share([0, 0], 0.5) == 1


def test_pareto_check_verdicts_with_tolerance():
    eighty_twenty = [80 / 2] * 2 + [20 / 8] * 8
    check = pareto_check(eighty_twenty)
    assert check.holds and check.top_share == pytest.approx(0.8)
    assert check.customers_for_target == 2
    flat = pareto_check([1] * 10)
    assert not flat.holds and flat.top_share == pytest.approx(0.2)
    near = [76 / 2] * 2 + [24 / 8] * 8  # 76 %: inside ±5 %, outside ±1 %
    assert pareto_check(near, tolerance=0.05).holds
    assert not pareto_check(near, tolerance=0.01).holds
    with ckmkit.language("zh"):
        assert "不符合二八法则" in flat.message()


def test_cdnow_does_not_follow_80_20(cdnow):
    from ckmkit.value import summarize

    revenue = summarize(cdnow)["revenue"]
    check = pareto_check(revenue)
    assert not check.holds
    assert check.top_share == pytest.approx(0.674, abs=0.001)


def test_whale_curve_peaks_above_one():
    curve = whale_curve(pd.Series([100.0, 50.0, -30.0, -20.0]))
    assert curve["profit_share"].max() == pytest.approx(1.5)
    assert curve["profit_share"].iloc[-1] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="not positive"):
        whale_curve([-1.0, 0.5])


def test_bad_values_are_named():
    with pytest.raises(ValueError, match=r"'revenue' must hold numbers ≥ 0; row b has -3"):
        gini(pd.Series([1.0, -3.0], index=["a", "b"], name="revenue"))
    with pytest.raises(ValueError, match="row 1"):
        top_share(["1", "x"])
    with pytest.raises(ValueError, match="empty"):
        lorenz([])
    with pytest.raises(ValueError, match="between 0 and 1"):
        top_share([1, 2], 1.5)
