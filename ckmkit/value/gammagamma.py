"""The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, JMR 42(4)).

Each purchase of a customer is gamma distributed with shape ``p`` and a
customer-specific rate ν; across customers ν is gamma(q, γ). The model uses only
customers with repeat purchases and assumes spend is independent of the
purchase process (check that correlation before relying on it).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.special import gammaln

from ..i18n import t
from ..quality import report_exclusions
from ._frames import column_arrays, example_row
from ._mle import Fitted, compress, dot, fit_log_params
from ._mle import standard_errors as _standard_errors
from .models import _as_output

__all__ = ["GammaGamma"]


class GammaGamma(Fitted):
    """Gamma-Gamma spend model; parameters ``p``, ``q``, ``gamma`` after :meth:`fit`.

    Examples
    --------
    >>> import pandas as pd
    >>> repeaters = pd.DataFrame({"frequency": [1, 2, 5, 3, 1, 4],
    ...                           "monetary_value": [20.0, 35.0, 18.0, 60.0, 12.0, 25.0]})
    >>> gg = GammaGamma().fit(repeaters, standard_errors=False)
    >>> sorted(gg.params_)
    ['gamma', 'p', 'q']
    >>> bool((gg.expected_spend(repeaters) > 0).all())
    True
    """

    _names = ("p", "q", "gamma")

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

        Returns
        -------
        self
            With ``params_``, ``loglik_``, ``standard_errors_``, ``n_customers_``.
        """
        x, m = self._read(summary, frequency, monetary_value)
        use = (x > 0) & (m > 0)
        report_exclusions({"value.reason_no_repeat": int(np.sum(x <= 0)),
                           "value.reason_zero_spend": int(np.sum((x > 0) & (m <= 0)))},
                          total=int(x.size), strict=strict)
        if not np.any(use):
            raise ValueError(t("value.no_repeat", model="GammaGamma", column=frequency))
        data, weights = compress(x[use], m[use])

        def negll(logp: np.ndarray) -> float:
            return -dot(weights, self._loglik(logp, *data))

        start = np.log([1.0, 1.0, max(float(np.mean(m[use])), 1e-3)])
        result = fit_log_params(negll, start, model="GammaGamma")
        self.params_ = dict(zip(self._names, np.exp(result.x).tolist()))
        self.loglik_ = -float(result.fun)
        self.n_customers_ = int(use.sum())
        self.converged_ = bool(result.success)
        if standard_errors:
            self.standard_errors_ = dict(zip(self._names, _standard_errors(negll, result.x).tolist()))
        return self

    @staticmethod
    def _read(summary, frequency, monetary_value):
        x, m = column_arrays(summary, [frequency, monetary_value])
        for column, values in ((frequency, x), (monetary_value, m)):
            hit = example_row(summary, ~np.isfinite(values) | (values < 0))
            if hit is not None:
                raise ValueError(t("value.not_finite", column=column, row=hit[0],
                                   value=values[hit[1]]))
        return x, m

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
        """
        p, q, gamma = self._values()
        x, m = self._read(summary, frequency, monetary_value)
        values = (gamma + m * x) * p / (p * x + q - 1)
        return _as_output(summary, values, "expected_spend")

    @property
    def mean_spend(self) -> float:
        """Population mean spend per transaction, ``γp / (q − 1)`` (infinite if q ≤ 1)."""
        p, q, gamma = self._values()
        return gamma * p / (q - 1) if q > 1 else float("inf")
