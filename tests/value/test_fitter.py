"""The shared fit flow: a new model is its parameters, columns, checks, likelihood and scaling."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.special import gammaln

from ckmkit.value._fitter import BaseFitter
from ckmkit.value._frames import check_rules, column_arrays


class NBD(BaseFitter):
    """The NBD model of purchase counts (Ehrenberg 1959), written as the base class asks."""

    _param_names = ("r", "alpha")
    _columns = ("frequency", "T")
    _unit_params = (1,)  # alpha is a time scale

    def fit(self, summary, *, frequency="frequency", T="T", standard_errors=True):
        return self._fit(summary, {"frequency": frequency, "T": T}, standard_errors=standard_errors)

    def _read(self, summary, columns):
        x, big_t = column_arrays(summary, [columns["frequency"], columns["T"]])
        check_rules(summary, [(columns["frequency"], x, x < 0, "value.bad_frequency")], x=x)
        return [x, big_t]

    def _scale(self, data, weights, columns):
        unit = float(np.average(data[1], weights=weights))
        return [data[0], data[1] / unit], unit

    def _loglik(self, logp, x, big_t):
        r, alpha = np.exp(logp)
        return (gammaln(r + x) - gammaln(r) - gammaln(x + 1) + r * np.log(alpha / (alpha + big_t))
                + x * np.log(big_t / (alpha + big_t)))


def test_a_model_written_on_the_base_class_gives_the_published_estimates(cdnow_cal):
    model = NBD().fit(cdnow_cal)
    # Fader, Hardie & Lee (2005), NBD on the CDNOW sample's 39 weeks: r = 0.385, α = 12.072
    assert model.params_["r"] == pytest.approx(0.385, abs=5e-4)
    assert model.params_["alpha"] == pytest.approx(12.072, abs=5e-3)
    assert model.converged_ and model.n_customers_ == 2357
    assert list(model.summary_.index) == ["r", "alpha"]
    # The count likelihood does not change with the time unit: days give alpha × 7.
    days = NBD().fit(cdnow_cal.assign(T=cdnow_cal["T"] * 7), standard_errors=False)
    assert days.params_["alpha"] == pytest.approx(model.params_["alpha"] * 7, rel=1e-6)
    assert days.loglik_ == pytest.approx(model.loglik_, abs=1e-6)


def test_the_model_checks_name_column_and_row():
    bad = pd.DataFrame({"frequency": [1, -2], "T": [5.0, 5.0]}, index=["c1", "c2"])
    with pytest.raises(ValueError, match="Column 'frequency' must hold whole numbers.*row c2 has -2.0"):
        NBD().fit(bad)


def test_an_unfitted_model_says_so():
    with pytest.raises(ValueError, match="not fitted"):
        NBD()._values()
    assert repr(NBD()) == "NBD()"
