"""The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, JMR 42(4)).

Each purchase of a customer is gamma distributed with shape ``p`` and a
customer-specific rate ν; across customers ν is gamma(q, γ). The model uses only
customers with repeat purchases and assumes spend is independent of the
purchase process (check that correlation before relying on it).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.special import digamma, gammaln

from ..i18n import t
from ..quality import report_exclusions
from ._fitter import BaseFitter
from ._frames import as_output, check_rules, column_arrays
from ._mle import dot

__all__ = ["GammaGamma"]


class GammaGamma(BaseFitter):
    """Gamma-Gamma spend model; parameters ``p``, ``q``, ``gamma`` after :meth:`fit`.

    Examples
    --------
    The repeat buyers of the CDNOW sample's first 39 weeks give the estimates of
    Fader & Hardie (2013):

    >>> from ckmkit.datasets import load_cdnow
    >>> from ckmkit.value import summarize
    >>> tx = load_cdnow("sample")
    >>> cal = summarize(tx[tx["date"] <= "1997-09-30"], time_unit="W", observation_end="1997-09-30")
    >>> repeaters = cal[cal["frequency"] > 0]
    >>> gg = GammaGamma().fit(repeaters, standard_errors=False)
    >>> {name: round(value, 2) for name, value in gg.params_.items()}
    {'p': 6.25, 'q': 3.74, 'gamma': 15.44}
    >>> bool((gg.expected_spend(repeaters) > 0).all())
    True
    """

    _param_names = ("p", "q", "gamma")
    _columns = ("frequency", "monetary_value")
    _unit_params = (2,)  # gamma is a money scale

    def fit(
        self,
        summary: Any,
        *,
        frequency: str = "frequency",
        monetary_value: str = "monetary_value",
        standard_errors: bool = True,
        strict: bool = False,
    ) -> GammaGamma:
        """Fit on customers with repeat purchases and a positive mean repeat spend.

        Rows with ``frequency == 0`` or ``monetary_value <= 0`` carry no
        information for this model (or none it can use): they are left out and
        reported with a count through :class:`ckmkit.DataQualityWarning`.

        Parameters
        ----------
        summary : DataFrame-like
            One row per customer, of any engine (a summary from :func:`summarize`).
        frequency : str, default "frequency"
            Column with the number of repeat purchases.
        monetary_value : str, default "monetary_value"
            Column with the mean value of the repeat purchases.
        standard_errors : bool, default True
            Also compute standard errors from the Hessian.
        strict : bool, default False
            Raise instead of warning about rows left out.

        Returns
        -------
        self
            With ``params_``, ``loglik_``, ``n_customers_``, ``n_histories_``,
            ``converged_``, and with standard errors ``standard_errors_`` and
            ``summary_`` (estimates, standard errors and 95 % intervals).
        """
        columns = {"frequency": frequency, "monetary_value": monetary_value}
        return self._fit(summary, columns, standard_errors=standard_errors, strict=strict)

    def _usable(self, data, columns, strict):
        x, m = data
        use = (x > 0) & (m > 0)
        report_exclusions({"value.reason_no_repeat": int(np.sum(x <= 0)),
                           "value.reason_zero_spend": int(np.sum((x > 0) & (m <= 0)))},
                          total=int(x.size), strict=strict)
        if not np.any(use):
            raise ValueError(t("value.no_repeat", model="GammaGamma", column=columns["frequency"]))
        return [x[use], m[use]]

    def _scale(self, data, weights, columns):
        """Spends in units of the mean spend, so the optimiser sees one problem for cents or millions.

        γ is a scale parameter: multiplying it back by the unit is exact.
        """
        xs, ms = data
        unit = float(dot(weights, ms) / weights.sum())
        return [xs, ms / unit], unit

    def _densities(self, data, weights):
        return weights.sum()  # each customer's mean spend is a density

    @staticmethod
    def _fun_and_grad(data, weights):
        """Negative log-likelihood and its gradient in log-parameters (d/d log θ = θ · d/dθ)."""
        x, m = data
        log_m, log_x, log_mx = np.log(m), np.log(x), np.log(m * x)

        def fun_and_grad(logp):
            p, q, gamma = np.exp(logp)
            px = p * x
            log_rest = np.log(gamma + m * x)
            value = dot(weights, gammaln(px + q) - gammaln(px) + (px - 1) * log_m
                        + px * log_x - (px + q) * log_rest) + float(weights.sum()) * (
                q * np.log(gamma) - gammaln(q))
            dig = digamma(px + q)
            d_p = dot(weights, x * (dig - digamma(px) + log_mx - log_rest))
            d_q = dot(weights, dig - log_rest) + float(weights.sum()) * (
                np.log(gamma) - digamma(q))
            d_gamma = float(weights.sum()) * q / gamma - dot(weights, (px + q) / (gamma + m * x))
            return -float(value), -np.array([d_p * p, d_q * q, d_gamma * gamma])

        return fun_and_grad

    def _read(self, summary, columns):
        """Frequency (whole numbers ≥ 0) and mean repeat spend (≥ 0), checked in that order."""
        frequency, monetary_value = columns["frequency"], columns["monetary_value"]
        x, m = column_arrays(summary, [frequency, monetary_value])
        check_rules(summary, [(frequency, x, ~np.isfinite(x), "value.not_finite"),
                              (frequency, x, (x < 0) | (x != np.round(x)), "value.bad_frequency"),
                              (monetary_value, m, ~np.isfinite(m), "value.not_finite"),
                              (monetary_value, m, m < 0, "value.bad_spend")], x=x)
        return [x, m]

    @staticmethod
    def _loglik(logp, x, m):
        p, q, gamma = np.exp(logp)
        px = p * x
        return (gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(gamma)
                + (px - 1) * np.log(m) + px * np.log(x) - (px + q) * np.log(gamma + m * x))

    def expected_spend(self, summary: Any, *, frequency: str = "frequency",
                       monetary_value: str = "monetary_value"):
        """Expected spend per future transaction given each customer's history.

        A weighted mean of the population mean and the customer's own mean,
        ``(γp + p·x·m) / (p·x + q − 1)``; customers without repeats get the
        population mean ``γp / (q − 1)``.

        Parameters
        ----------
        summary : DataFrame-like
            One row per customer.
        frequency, monetary_value : str
            Columns with the number of repeat purchases and their mean value.
        """
        p, q, gamma = self._values()
        x, m = self._read(summary, {"frequency": frequency, "monetary_value": monetary_value})
        values = (gamma + m * x) * p / (p * x + q - 1)
        return as_output(summary, values, "expected_spend")

    @property
    def mean_spend(self) -> float:
        """Population mean spend per transaction, ``γp / (q − 1)`` (infinite if q ≤ 1)."""
        p, q, gamma = self._values()
        return gamma * p / (q - 1) if q > 1 else float("inf")
