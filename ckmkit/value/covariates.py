"""Time-invariant covariates for the buy-'til-you-die models, parameterised as CLVTools does.

Fader & Hardie (2007), "Incorporating time-invariant covariates into the
Pareto/NBD and BG/NBD models": a customer's characteristics ``z_i`` (columns of
the summary) scale the heterogeneity parameters of the two processes,

* purchase, all three models: ``α_i = α₀ · exp(−γ_purchase · z_i)``, so a positive
  coefficient raises the mean purchase rate ``r / α_i`` by the factor ``exp(γ · z)``;
* dropout, Pareto/NBD and GGompertz/NBD: ``β_i = β₀ · exp(−γ_dropout · z_i)``, so a
  positive coefficient raises the dropout rate;
* dropout, BG/NBD: ``a_i = a₀ · exp(γ_dropout · z_i)`` and ``b_i = b₀ · exp(γ_dropout · z_i)``
  (CLVTools' ``bgnbd_staticcov``): the mean dropout probability ``a / (a + b)`` stays,
  a positive coefficient makes it more alike across those customers.

Coefficients are estimated on the identity scale (not log) and compare one to one
with CLVTools' ``trans.`` and ``life.`` estimates. A numeric (or boolean) column
enters as it is; a categorical one (strings, or a pandas category) is dummy-coded
against a reference level: the first level in sorted order, or the first
category of an ordered pandas categorical. Its coefficients are named
``purchase:channel[online]``: the effect of "online" against the reference.
``params_`` lists the model's own parameters (for the reference customer,
``z = 0``) and then ``purchase:<term>`` and ``dropout:<term>``.

:func:`simulate_summary` draws customer histories from known coefficients, to check
a fit recovers them (and for benchmarks).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..i18n import t
from ..quality import require_columns
from ._frames import check_rules, customer_rows
from ._mle import compress

__all__ = ["Covariates", "simulate_summary"]

PROCESSES = ("purchase", "dropout")


@dataclass(frozen=True)
class Covariates:
    """Which summary columns shift which process, and how categorical ones are coded.

    Parameters
    ----------
    purchase : tuple of str
        Columns whose coefficients shift the purchase process.
    dropout : tuple of str
        Columns whose coefficients shift the dropout process.
    levels : mapping of str to tuple of str
        For each categorical column its levels, the reference level first.

    Examples
    --------
    >>> import pandas as pd
    >>> summary = pd.DataFrame({"channel": ["shop", "online", "phone", "shop"],
    ...                         "age": [30.0, 41.0, 25.0, 52.0]}, index=list("abcd"))
    >>> cov = Covariates.from_summary(summary, ["channel"], ["age"])
    >>> cov.names
    ['purchase:channel[phone]', 'purchase:channel[shop]', 'dropout:age']
    >>> cov.levels["channel"]
    ('online', 'phone', 'shop')
    >>> [z.tolist() for z in cov.columns(summary)][0]
    [0.0, 0.0, 1.0, 0.0]
    """

    purchase: tuple[str, ...]
    dropout: tuple[str, ...]
    levels: Mapping[str, tuple[str, ...]]

    @classmethod
    def from_summary(cls, summary: Any, purchase: Sequence[str],
                     dropout: Sequence[str]) -> Covariates:
        """The coding of `purchase` and `dropout` columns found in `summary`, checked.

        Parameters
        ----------
        summary : table
            One row per customer holding the covariate columns.
        purchase : sequence of str
            Columns for the purchase process.
        dropout : sequence of str
            Columns for the dropout process.

        Returns
        -------
        Covariates
            The columns and the levels of the categorical ones (reference first).

        Raises
        ------
        ValueError
            A column is missing, has a missing value (naming the customer), is
            constant, or is collinear with others of the same process.
        """
        purchase, dropout = _names(purchase, "purchase"), _names(dropout, "dropout")
        frame = _frame(summary, purchase + dropout)
        levels = {column: _levels(frame[column]) for column in dict.fromkeys(purchase + dropout)
                  if _is_categorical(frame[column])}
        design = cls(purchase, dropout, levels)
        columns = design._coded(frame)
        for process in PROCESSES:
            _check_rank(design, process, columns)
        return design

    @property
    def names(self) -> list[str]:
        """The coefficients' names: ``purchase:<term>`` then ``dropout:<term>``."""
        return [f"{process}:{term}" for process in PROCESSES for term in self._terms(process)]

    def processes(self) -> list[str]:
        """The process of each coefficient, in the order of :attr:`names`."""
        return [name.split(":", 1)[0] for name in self.names]

    def columns(self, summary: Any) -> list[np.ndarray]:
        """One float array per coefficient (dummy-coded), read from `summary` and checked.

        Parameters
        ----------
        summary : table
            One row per customer holding the covariate columns.

        Returns
        -------
        list of numpy.ndarray
            In the order of :attr:`names`.
        """
        return self._coded(_frame(summary, self.purchase + self.dropout))

    def row(self, values: Mapping[str, Any]) -> list[np.ndarray]:
        """The coded covariates of one customer given as ``{column: value}`` (missing: the reference).

        Parameters
        ----------
        values : mapping of str to value
            A value per covariate column; a column left out takes 0 or the reference level.

        Returns
        -------
        list of numpy.ndarray
            One array of length 1 per coefficient.
        """
        import pandas as pd

        unknown = set(values) - set(self.purchase + self.dropout)
        if unknown:
            raise ValueError(t("value.covariate_unknown", column=sorted(unknown)[0],
                               choices=", ".join(dict.fromkeys(self.purchase + self.dropout))))
        row = {column: [values.get(column, self.levels[column][0] if column in self.levels else 0.0)]
               for column in dict.fromkeys(self.purchase + self.dropout)}
        return self._coded(pd.DataFrame(row))

    def to_record(self) -> dict[str, Any]:
        """The coding as plain JSON-ready data (see :meth:`from_record`)."""
        return {"purchase": list(self.purchase), "dropout": list(self.dropout),
                "levels": {column: list(levels) for column, levels in self.levels.items()}}

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Covariates:
        """The coding written by :meth:`to_record`.

        Parameters
        ----------
        record : mapping
            With ``purchase``, ``dropout`` and ``levels``.

        Returns
        -------
        Covariates
            The same coding.
        """
        return cls(tuple(record["purchase"]), tuple(record["dropout"]),
                   {column: tuple(levels) for column, levels in record["levels"].items()})

    def _terms(self, process: str) -> list[str]:
        terms = []
        for column in getattr(self, process):
            if column in self.levels:
                terms += [f"{column}[{level}]" for level in self.levels[column][1:]]
            else:
                terms.append(column)
        return terms

    def _coded(self, frame: Any) -> list[np.ndarray]:
        """Per coefficient a float array: the numeric column, or 1 where a level is taken."""
        coded = {}
        for column in dict.fromkeys(self.purchase + self.dropout):
            values = frame[column]
            if column in self.levels:
                text = _check_levels(frame, column, self.levels[column])
                for level in self.levels[column][1:]:
                    coded[f"{column}[{level}]"] = (text == level).astype("float64")
            else:
                coded[column] = _numeric(frame, column, values)
        return [coded[name.split(":", 1)[1]] for name in self.names]


def _names(columns: Sequence[str] | str | None, process: str) -> tuple[str, ...]:
    """The column names as a tuple, each at most once."""
    if columns is None:
        return ()
    columns = (columns,) if isinstance(columns, str) else tuple(columns)
    if len(set(columns)) < len(columns):
        raise ValueError(t("value.covariate_twice", process=f"{process}_covariates",
                           columns=", ".join(columns)))
    return columns


def _frame(summary: Any, columns: Sequence[str]):
    """The summary as pandas (customers as index), with the covariate columns present."""
    frame = customer_rows(summary, columns)
    require_columns(frame, columns)
    return frame


def _is_categorical(values: Any) -> bool:
    import pandas as pd

    if isinstance(values.dtype, pd.CategoricalDtype):
        return True
    return not (pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values))


def _levels(values: Any) -> tuple[str, ...]:
    """The levels taken, as text: an ordered categorical's order, else sorted; the first is the reference."""
    import pandas as pd

    seen = set(values.dropna().astype(str))
    if isinstance(values.dtype, pd.CategoricalDtype) and values.cat.ordered:
        return tuple(str(level) for level in values.cat.categories if str(level) in seen)
    return tuple(sorted(seen))


def _missing_rule(column: str, values: np.ndarray, missing: np.ndarray) -> tuple:
    return (column, values, missing, "value.covariate_missing")


def _numeric(frame: Any, column: str, values: Any) -> np.ndarray:
    """A numeric covariate as floats; a missing or infinite value names the customer."""
    array = values.to_numpy(dtype="float64", na_value=np.nan)
    check_rules(frame, [_missing_rule(column, array, ~np.isfinite(array))])
    return array


def _check_levels(frame: Any, column: str, levels: tuple[str, ...]) -> np.ndarray:
    """A categorical covariate as text; missing values and unknown levels name the customer."""
    raw = frame[column]
    text = raw.astype(str).to_numpy()
    check_rules(frame, [_missing_rule(column, text, raw.isna().to_numpy()),
                        (column, text, ~np.isin(text, levels), "value.covariate_new_level")],
                levels=np.full(text.size, ", ".join(levels)))
    return text


def _check_rank(design: Covariates, process: str, columns: list[np.ndarray]) -> None:
    """Raise naming a constant term, or a term that the process's other terms (and 1) determine."""
    picked = [(name, z) for name, z, p in zip(design.names, columns, design.processes()) if p == process]
    if not picked:
        return
    distinct, _ = compress(*(z for _, z in picked))  # the rank is the same on distinct rows
    basis = [np.ones(distinct[0].size)]
    for k, (name, _) in enumerate(picked):
        if np.ptp(distinct[k]) == 0:
            raise ValueError(t("value.covariate_constant", name=name, value=distinct[k][0]))
        candidate = np.column_stack(basis + [distinct[k]])
        if np.linalg.matrix_rank(candidate) < candidate.shape[1]:
            raise ValueError(t("value.covariate_collinear", name=name,
                               others=", ".join(_partners(picked[:k], basis, distinct[k]))))
        basis.append(distinct[k])


def _partners(earlier: list[tuple[str, np.ndarray]], basis: list[np.ndarray],
              column: np.ndarray) -> list[str]:
    """The earlier terms that, with a constant, reproduce `column` (by least squares)."""
    weights = np.linalg.lstsq(np.column_stack(basis), column, rcond=None)[0][1:]
    return [name for (name, _), w in zip(earlier, weights) if abs(w) > 1e-8] or ["1"]


def simulate_summary(model: str, params: Mapping[str, float], covariates: Any, T: Any, *,
                     seed: int = 0):
    """Customer summaries drawn from a Pareto/NBD or BG/NBD model with covariates.

    Each customer draws a purchase rate λ ~ gamma(r, α_i) and, for Pareto/NBD, a
    dropout rate μ ~ gamma(s, β_i) with an exponential lifetime, or, for BG/NBD,
    a dropout probability p ~ beta(a_i, b_i) tried after each purchase; α_i, β_i,
    a_i and b_i follow the coefficients as in the module's description (the
    covariate columns must be numeric). Purchases are then observed over
    ``(0, T]`` after the first one.

    Parameters
    ----------
    model : {"ParetoNBD", "BetaGeo"}
        The model to draw from.
    params : mapping of str to float
        ``r, alpha, s, beta`` (Pareto/NBD) or ``r, alpha, a, b`` (BG/NBD), and
        coefficients named ``purchase:<column>`` and ``dropout:<column>``.
    covariates : pandas.DataFrame
        One row per customer with the numeric covariate columns; its index becomes
        the customer ids.
    T : float or array-like
        Each customer's age at the end of the window (one for all, or per customer).
    seed : int, default 0
        Seed of the random numbers.

    Returns
    -------
    pandas.DataFrame
        ``frequency``, ``recency``, ``T`` and the covariate columns, one row per customer.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> z = pd.DataFrame({"online": np.repeat([0.0, 1.0], 2000)})
    >>> sim = simulate_summary("ParetoNBD", {"r": 0.5, "alpha": 10, "s": 0.5, "beta": 10,
    ...                        "purchase:online": np.log(2), "dropout:online": 0.0}, z, T=52)
    >>> means = sim.groupby("online")["frequency"].mean()
    >>> bool(means[1.0] > 1.6 * means[0.0])
    True
    """
    import pandas as pd

    rng = np.random.default_rng(seed)
    n = len(covariates)
    big_t = np.broadcast_to(np.asarray(T, dtype="float64"), (n,)).copy()
    shift = {process: sum((value * covariates[name.split(":", 1)[1]].to_numpy(dtype="float64")
                           for name, value in params.items() if name.startswith(process + ":")),
                          np.zeros(n))  # one per customer, also without coefficients
             for process in PROCESSES}
    lam = rng.gamma(params["r"], 1.0 / (params["alpha"] * np.exp(-shift["purchase"])), n)
    if model == "ParetoNBD":
        mu = rng.gamma(params["s"], 1.0 / (params["beta"] * np.exp(-shift["dropout"])), n)
        x, tx = _pareto_histories(rng, lam, rng.exponential(1.0 / mu), big_t)
    elif model == "BetaGeo":
        grow = np.exp(shift["dropout"])
        x, tx = _bg_histories(rng, lam, rng.beta(params["a"] * grow, params["b"] * grow), big_t)
    else:
        raise ValueError(t("value.simulate_model", model=model))
    out = pd.DataFrame({"frequency": x, "recency": tx, "T": big_t}, index=covariates.index)
    return pd.concat([out, covariates], axis=1)


def _pareto_histories(rng: np.random.Generator, lam: np.ndarray, life: np.ndarray,
                      big_t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Poisson(λ) purchases over (0, min(lifetime, T)]: the count, and the last one's time."""
    active = np.minimum(life, big_t)
    x = rng.poisson(lam * active).astype("float64")
    # Given the count, purchase times are uniform on the active span: the last is span · U^(1/x).
    with np.errstate(divide="ignore"):
        tx = np.where(x > 0, active * rng.random(x.size) ** (1.0 / np.maximum(x, 1)), 0.0)
    return x, tx


def _bg_histories(rng: np.random.Generator, lam: np.ndarray, p: np.ndarray,
                  big_t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Purchases at Poisson(λ) times up to T, each followed by dropout with probability p."""
    x, tx = np.zeros(lam.size), np.zeros(lam.size)
    clock, alive = np.zeros(lam.size), np.ones(lam.size, dtype=bool)
    while alive.any():
        clock[alive] += rng.exponential(1.0 / lam[alive])
        bought = alive & (clock <= big_t)
        x[bought] += 1
        tx[bought] = clock[bought]
        alive = bought & (rng.random(lam.size) >= p)
    return x, tx


class CovariateModel:
    """What a model with covariates adds to :class:`BaseFitter`: coefficients and per-customer parameters.

    A model lists, per process, the parameters its coefficients scale and the
    sign: ``_covariate_effects = {"purchase": {"alpha": -1}, "dropout": {"beta": -1}}``
    means ``α_i = α₀ · exp(−γ_purchase · z_i)`` and ``β_i = β₀ · exp(−γ_dropout · z_i)``.
    Its likelihood is then the plain one evaluated at each row's own log-parameters
    (:meth:`_row_logp`), and predictions read each customer's parameters with
    ``self._values(summary)``.
    """

    _covariate_effects: Mapping[str, Mapping[str, int]] | None = None
    #: The covariate coding after a fit with covariates (see :class:`Covariates`), else None.
    covariates_: Covariates | None = None

    def _set_covariates(self, design: Covariates | None) -> None:
        """Use `design` (None: no covariates) for the next fit, or for a loaded model."""
        for name in ("_param_names", "_linear_params"):
            self.__dict__.pop(name, None)
        self.covariates_ = design
        if design is not None:
            base = type(self)._param_names
            self._param_names = base + tuple(design.names)
            self._linear_params = tuple(range(len(base), len(self._param_names)))

    def _use_covariates(self, summary: Any, purchase: Sequence[str] | None,
                        dropout: Sequence[str] | None) -> None:
        """Read and check the covariate columns of a fit (none: the plain model)."""
        if not purchase and not dropout:
            self._set_covariates(None)
            return
        if self._covariate_effects is None:
            raise ValueError(t("value.covariates_not_supported", model=type(self).__name__))
        self._set_covariates(Covariates.from_summary(summary, purchase or (), dropout or ()))

    @property
    def covariate_levels_(self) -> dict[str, tuple[str, ...]]:
        """Levels of each categorical covariate, the reference level first (empty without covariates)."""
        return {} if self.covariates_ is None else dict(self.covariates_.levels)

    def _covariate_columns(self, summary: Any) -> list[np.ndarray]:
        return [] if self.covariates_ is None else self.covariates_.columns(summary)

    def _effects(self) -> np.ndarray:
        """(model parameters × coefficients): how each coefficient moves each log-parameter (±1 or 0)."""
        base = type(self)._param_names
        processes = self.covariates_.processes()
        effects = np.zeros((len(base), len(processes)))
        for c, process in enumerate(processes):
            for name, sign in self._covariate_effects[process].items():
                effects[base.index(name), c] = sign
        return effects

    def _row_logp(self, logp: np.ndarray, covariates: Sequence[np.ndarray]) -> np.ndarray:
        """Each row's log-parameters (parameters × rows) from the base ones and the coefficients.

        Without covariates `logp` itself, so the plain models' likelihood is untouched.
        """
        if not covariates:
            return logp
        k = len(type(self)._param_names)
        gamma = np.asarray(logp[k:])[:, None]
        return np.asarray(logp[:k])[:, None] + self._effects() @ (gamma * np.vstack(covariates))

    def _fun_and_grad(self, data: list[np.ndarray], weights: np.ndarray) -> Any:
        """With covariates, (negative log-likelihood, gradient) by the chain rule; else the model's own.

        Each row's likelihood depends on the coefficients only through its own k
        log-parameters (see :meth:`_row_slopes`), and
        ``d/dγ_c = Σ_i w_i Σ_j effect[j, c] · ∂ℓ_i/∂log θ_ij · z_ic``.
        """
        if self.covariates_ is None:
            return super()._fun_and_grad(data, weights)
        histories, covariates = data[:3], data[3:]
        z, effects = np.vstack(covariates), self._effects()

        def fun_and_grad(logp: np.ndarray) -> tuple[float, np.ndarray]:
            value, slopes = self._row_slopes(self._row_logp(logp, covariates), *histories)
            slopes *= weights
            grad = np.concatenate([slopes.sum(axis=1), ((effects.T @ slopes) * z).sum(axis=1)])
            return -float(np.add.reduce(weights * value)), -grad

        return fun_and_grad

    def _row_slopes(self, rows: np.ndarray, *histories: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each row's log-likelihood and its derivatives in the row's k log-parameters (k × rows).

        By central differences, 2k likelihood evaluations whatever the number of
        coefficients; a model with a closed form overrides this.
        """
        step = 1e-6
        slopes = np.empty_like(rows)
        for j in range(rows.shape[0]):
            up, down = rows.copy(), rows.copy()
            up[j] += step
            down[j] -= step
            slopes[j] = (self._history_loglik(up, *histories)
                         - self._history_loglik(down, *histories)) / (2 * step)
        return self._history_loglik(rows, *histories), slopes

    def _values(self, summary: Any = None, covariates: Mapping[str, Any] | None = None) -> Any:
        """The model's parameters: each customer's (parameters × customers) for a model with covariates.

        `summary` gives the customers (their covariate columns); without it, one customer
        given by `covariates` (``{column: value}``), else the reference customer (z = 0).
        Without covariates, the fitted parameters as a list.
        """
        self._require_fitted()
        base = [self.params_[name] for name in type(self)._param_names]
        if self.covariates_ is None:
            return base
        if summary is None:
            if covariates is None:
                return base
            columns = self.covariates_.row(covariates)
        else:
            columns = self.covariates_.columns(summary)
        logp = np.concatenate([np.log(base), [self.params_[n] for n in self.covariates_.names]])
        values = np.exp(self._row_logp(logp, columns))
        return [float(v[0]) for v in values] if summary is None else values

    def _saved_extras(self) -> dict[str, Any]:
        return {} if self.covariates_ is None else {"covariates": self.covariates_.to_record()}

    def _restore(self, record: Mapping[str, Any], path: str) -> None:
        saved = record.get("covariates")
        self._set_covariates(None if saved is None else Covariates.from_record(saved))
        super()._restore(record, path)
