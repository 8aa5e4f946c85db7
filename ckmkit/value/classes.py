"""The three customer classes (MVC, MGC, BZC) and the customer value matrix.

Peppers & Rogers (*Managing Customer Relationships*, ch. 5) sort customers by
**actual value** and **unrealised potential**: most valuable customers (MVC,
retain them), most growable customers (MGC, grow share of customer) and
below-zero customers (BZC, who cost more to serve than they bring: cut the cost
of serving them, migrate them, or in the last resort let them go).

Rules, applied in this order (each customer gets the first class that fits):

1. **BZC**: ``profit < 0`` *and* the profit the customer would make at their
   potential is still negative: ``profit + margin_rate × unrealised < 0``.
2. **MVC**: the top customers by ``value`` (sorted descending, ties by row
   order) whose cumulative share of total value is ≤ `pareto_share` (0.8), and
   always at least the first of them: a customer who alone makes more than
   `pareto_share` of the total is the most valuable one, not "other". So
   whenever someone has a positive value there is an MVC (unless that
   customer is a BZC, which comes first).
3. **MGC**: ``unrealised`` in the top quarter (≥ the `mgc_quantile` quantile of
   positive unrealised potential); optionally also a revenue trend above
   `trend_threshold`.
4. **other**: the rest, served as they are.

``unrealised = max(potential − value, 0)``; :func:`peer_potential` gives one
common proxy of potential: a high quantile of value among peers.

:func:`value_classes` applies the same rules with **one** value measure, the
customer lifetime value (expected discounted margin minus cost to serve, as
:func:`~ckmkit.value.customer_lifetime_value` computes it), as Peppers & Rogers
define actual value: BZC when the expected value is below zero, MVC by the
Pareto cut on CLV, MGC by unrealised potential on CLV (default: peer potential
on CLV). :func:`classify_customers` keeps the older revenue-based variant (MVC
by past revenue, BZC by past profit), which chapter 2 shows to explain why
mixing two measures misleads.

Tables may come from any engine narwhals knows (pandas, Polars, DuckDB, ...);
results are pandas. A per-customer table of another engine carries the
customer id in its first column (as :func:`~ckmkit.value.summarize` writes it),
unless that column is one the function reads.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..i18n import t
from ..quality import as_pandas, is_real, not_real, raise_bad_value, report_exclusions, require_columns, show
from ._frames import check_finite, customer_rows, match_customers
from .summary import CANCELLED

__all__ = [
    "CLASSES",
    "QUADRANTS",
    "class_label",
    "class_summary",
    "classify_customers",
    "customer_profitability",
    "mgc_cut",
    "peer_potential",
    "quadrant_label",
    "value_classes",
    "value_matrix",
]

#: Class codes in rule order (``other`` last).
CLASSES: tuple[str, ...] = ("bzc", "mvc", "mgc", "other")
#: Value-matrix quadrants: (current value high?, potential high?).
QUADRANTS: dict[str, tuple[bool, bool]] = {
    "invest": (True, True), "maintain": (True, False),
    "develop": (False, True), "streamline": (False, False),
}


def customer_profitability(
    transactions: Any, interactions: Any | None = None, customers: Any | None = None, *,
    customer_id: str = "customer_id", amount: str = "amount", margin: str = "margin",
    status: str | None = "status", cost: str = "cost", strict: bool = False,
) -> pd.DataFrame:
    """Revenue, gross margin, cost to serve and profit per customer (the CRM-world tables).

    Returns count as negative revenue and margin (they net out the sale);
    cancelled orders never happened and are excluded with a report. Amounts,
    margins and costs must be numbers: text such as ``"100.0"`` is an error
    naming the column and row, not something to add up.

    Parameters
    ----------
    transactions : table
        One row per order line (pandas or any engine narwhals knows, collected).
    interactions : table, optional
        Service contacts with `customer_id` and `cost`; their costs add up to each
        customer's cost to serve. Default None: no cost to serve.
    customers : table, optional
        The customer list (a `customer_id` column): customers without any purchase
        appear with zeros. Default None: only customers with orders or contacts.
    customer_id, amount, margin : str
        Column names of the customer id, the order amount and its gross margin.
    status : str or None, default "status"
        Column of order statuses: ``cancelled`` or ``canceled`` (any case, spaces
        around ignored) are left out. None: every row counts.
    cost : str, default "cost"
        Column of `interactions` with the cost of each contact.
    strict : bool, default False
        Raise :class:`ckmkit.DataQualityError` instead of warning when rows are left out.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer: ``revenue``, ``margin``, ``cost_to_serve``,
        ``profit`` (= margin − cost to serve), ``orders``.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b"], "amount": [100.0, -20.0, 50.0],
    ...                    "margin": [30.0, -6.0, 10.0], "status": ["completed", "return", "completed"]})
    >>> contacts = pd.DataFrame({"customer_id": ["b"], "cost": [25.0]})
    >>> customer_profitability(tx, contacts)[["revenue", "margin", "cost_to_serve", "profit"]]
    ... # doctest: +NORMALIZE_WHITESPACE
                 revenue  margin  cost_to_serve  profit
    customer_id
    a               80.0    24.0            0.0    24.0
    b               50.0    10.0           25.0   -15.0
    """
    # Collected: this runs on pandas (the summary is the step written for every engine).
    transactions, interactions, customers = (None if table is None else as_pandas(table)
                                             for table in (transactions, interactions, customers))
    tx = _sales(transactions, customer_id, amount, margin, status, strict)
    grouped = tx.groupby(customer_id)
    table = pd.DataFrame({"revenue": grouped[amount].sum(), "margin": grouped[margin].sum(),
                          "orders": grouped.size()})
    serve = None if interactions is None else _contact_costs(interactions, customer_id, cost, strict)
    return _profit_table(table, serve, customers, customer_id)


def _profit_table(table: pd.DataFrame, serve: pd.Series | None, customers: pd.DataFrame | None,
                  customer_id: str) -> pd.DataFrame:
    """Sales and costs on every customer who bought, was served, or is in `customers` (zeros)."""
    ids = table.index
    if customers is not None:
        require_columns(customers, [customer_id])
        ids = ids.union(pd.Index(customers[customer_id].unique()))
    if serve is None:
        serve = pd.Series(dtype="float64")
    else:
        ids = ids.union(serve.index)
    table = table.reindex(ids).fillna(0.0)
    table["orders"] = table["orders"].astype("int64")
    table["cost_to_serve"] = serve.reindex(ids).fillna(0.0).astype("float64")
    table["profit"] = table["margin"] - table["cost_to_serve"]
    table.index.name = customer_id
    return table[["revenue", "margin", "cost_to_serve", "profit", "orders"]]


def _sales(transactions: pd.DataFrame, customer_id: str, amount: str, margin: str,
           status: str | None, strict: bool) -> pd.DataFrame:
    """The order lines that count: with an id and not cancelled (reported), amounts checked."""
    require_columns(transactions, [customer_id, amount, margin] + ([status] if status else []))
    tx = _numbers(transactions, [amount, margin])
    dropped = tx[customer_id].isna()
    counts = {"reason_missing_id": int(dropped.sum())}
    if status is not None:  # "Cancelled" and " CANCELLED " are cancellations too
        statuses = tx[status].astype("string").str.strip().str.casefold()
        cancelled = statuses.isin(CANCELLED).to_numpy(dtype=bool) & ~dropped
        counts["reason_cancelled"] = int(cancelled.sum())
        dropped |= cancelled
    report_exclusions(counts, total=len(tx), strict=strict)
    tx = tx[~dropped]
    check_finite(tx, [amount, margin])  # a sum would skip a missing amount without a word
    return tx


def _contact_costs(interactions: pd.DataFrame, customer_id: str, cost: str,
                   strict: bool) -> pd.Series:
    """Cost to serve per customer: contacts without a customer are left out (reported)."""
    require_columns(interactions, [customer_id, cost])
    interactions = _numbers(interactions, [cost])
    unassigned = interactions[customer_id].isna()
    report_exclusions({"value.reason_cost_without_customer": int(unassigned.sum())},
                      total=len(interactions), strict=strict)
    check_finite(interactions[~unassigned], [cost])
    return interactions[~unassigned].groupby(customer_id)[cost].sum()


def peer_potential(values: pd.Series, groups: pd.Series | None = None, quantile: float = 0.9) -> pd.Series:
    """Potential value as the `quantile` of value among each customer's peers.

    A customer's potential is what a strong peer (same segment, region, ...)
    already spends; it is never below the customer's own value.

    Parameters
    ----------
    values : pandas.Series
        Each customer's value, indexed by customer id.
    groups : pandas.Series, optional
        Each customer's peer group, matched to `values` by customer id (its index);
        every customer needs a group. A ValueError names ``groups`` when the ids do
        not match (for instance text ids against numbers) or some customers have no
        group. Default None: all customers are peers.
    quantile : float, default 0.9
        The quantile of the peers' values taken as potential, between 0 and 1.

    Examples
    --------
    >>> import pandas as pd
    >>> v = pd.Series([10.0, 20.0, 30.0, 100.0])
    >>> peer_potential(v, pd.Series(["x", "x", "y", "y"]), quantile=1.0).tolist()
    [20.0, 20.0, 100.0, 100.0]
    """
    if not 0 <= quantile <= 1:
        raise ValueError(t("value.bad_fraction", name="quantile", value=quantile))
    if groups is None:
        peer = pd.Series(values.quantile(quantile), index=values.index)
    else:
        aligned = match_customers(groups, values.index, name="groups", other="values")
        missing = aligned.isna().to_numpy()
        if missing.any():  # a customer without peers would get no potential at all
            raise ValueError(t("value.groups_missing", n=int(missing.sum()), total=len(values),
                               example=show(values.index[missing][0])))
        peer = values.groupby(aligned).transform(lambda s: s.quantile(quantile))
    return np.maximum(peer, values).rename("potential")


def classify_customers(
    table: Any, *, value: str = "revenue", profit: str = "profit", potential: str = "potential",
    margin_rate: float | None = None, pareto_share: float = 0.8, mgc_quantile: float = 0.75,
    trend: str | None = None, trend_threshold: float = 0.0,
) -> pd.DataFrame:
    """Assign MVC / MGC / BZC / other by the documented rules (module docstring).

    Parameters
    ----------
    table : table
        One row per customer with the `value`, `profit` and `potential` columns
        (pandas or any engine narwhals knows).
    value, profit, potential : str
        Column names: current value (default ``revenue``), profit, and potential value.
    margin_rate : float, optional
        Margin earned on unrealised potential (for the BZC test), a finite
        number ≥ 0. Default: the table's overall ``margin / value`` if it has a
        ``margin`` column, else 0.
    pareto_share : float, default 0.8
        Cumulative value share that defines the MVC group (0.8 = the Pareto cut):
        the top customers whose cumulative share is ≤ `pareto_share`, and at least
        the top customer (when anyone has a positive value).
    mgc_quantile : float, default 0.75
        Quantile of positive unrealised potential from which a customer is an MGC.
    trend : str, optional
        Column of revenue slope; a slope above `trend_threshold` also makes an MGC.
    trend_threshold : float, default 0.0
        The slope above which `trend` makes a customer growable.

    Returns
    -------
    pandas.DataFrame
        `table` plus ``unrealised``, ``profit_at_potential``, ``customer_class``
        (categorical, codes in :data:`CLASSES`) and ``class_label`` (categorical, current
        language).

    Examples
    --------
    >>> import pandas as pd
    >>> tab = pd.DataFrame({"revenue": [500.0, 300.0, 100.0, 60.0, 40.0],
    ...                     "profit": [100.0, 50.0, 10.0, -30.0, 5.0],
    ...                     "potential": [500.0, 320.0, 400.0, 60.0, 45.0]})
    >>> classify_customers(tab, margin_rate=0.2)["customer_class"].tolist()
    ['mvc', 'mvc', 'mgc', 'bzc', 'other']
    >>> big = tab.assign(revenue=[1000.0, 1, 1, 1, 1])  # 99.6 % of revenue: the one MVC
    >>> classify_customers(big, margin_rate=0.2)["customer_class"].tolist()
    ['mvc', 'other', 'mgc', 'bzc', 'other']
    """
    table = _class_table(table, [value, profit, potential], trend,
                         (margin_rate, pareto_share, mgc_quantile))
    # NumPy throughout: the segment explorer reclassifies 100,000 customers per slider move.
    v, gain = (table[c].to_numpy(dtype="float64") for c in (value, profit))
    unrealised = np.maximum(table[potential].to_numpy(dtype="float64") - v, 0.0)
    margin_rate = _base_margin_rate(table, v) if margin_rate is None else margin_rate
    at_potential = gain + margin_rate * unrealised
    growing = (table[trend].to_numpy(dtype="float64") > trend_threshold) if trend else None
    code = _class_of(v, gain, at_potential, unrealised, pareto_share, mgc_quantile, growing)
    return _with_classes(table, code, unrealised=unrealised, profit_at_potential=at_potential)


def value_classes(
    table: Any, *, value: str = "clv", potential: Any | None = None, groups: Any | None = None,
    quantile: float = 0.9, pareto_share: float = 0.8, mgc_quantile: float = 0.75,
) -> pd.DataFrame:
    """MVC / MGC / BZC on customer lifetime value: one forward-looking value for every class.

    Actual value is the expected discounted profit (the ``clv`` column of
    :func:`~ckmkit.value.customer_lifetime_value`: discounted margin minus cost to
    serve). Rules, in this order:

    1. **BZC**: expected value below zero (``clv < 0``).
    2. **MVC**: the top customers by value whose cumulative share of the total
       positive value is ≤ `pareto_share`, at least the first of them.
    3. **MGC**: unrealised potential (``max(potential − clv, 0)``) at or above the
       `mgc_quantile` quantile of the positive unrealised potentials.
    4. **other**: the rest.

    Applied to each draw of the model's parameters, the same rules give the
    probability that a customer is in each class.

    Parameters
    ----------
    table : table or pandas.Series
        One row per customer with the `value` column (pandas or any engine narwhals
        knows), or a Series of values indexed by customer id.
    value : str, default "clv"
        Column of expected discounted profit per customer.
    potential : pandas.Series, optional
        Each customer's potential value, matched by customer id. Default None: the
        peer potential on `value` (:func:`peer_potential` with `groups` and
        `quantile`). Pass a fixed potential to hold it still while the values
        change (for instance over parameter draws).
    groups : pandas.Series, optional
        Each customer's peer group for the default potential. Default None: all
        customers are peers.
    quantile : float, default 0.9
        The quantile of the peers' values taken as potential.
    pareto_share : float, default 0.8
        Cumulative share of positive value that defines the MVC group.
    mgc_quantile : float, default 0.75
        Quantile of positive unrealised potential from which a customer is an MGC.

    Returns
    -------
    pandas.DataFrame
        `table` plus ``potential``, ``unrealised``, ``customer_class`` (categorical,
        codes in :data:`CLASSES`) and ``class_label`` (current language).

    Examples
    --------
    >>> import pandas as pd
    >>> clv = pd.Series([600.0, 400.0, 150.0, 100.0, -35.0], index=list("abcde"), name="clv")
    >>> out = value_classes(clv, potential=pd.Series([600.0, 420.0, 700.0, 120.0, 20.0],
    ...                                               index=list("abcde")))  # a, b: 80 % of CLV
    >>> out["customer_class"].tolist()
    ['mvc', 'mvc', 'mgc', 'other', 'bzc']
    >>> float(out.loc["c", "unrealised"])
    550.0
    """
    if isinstance(table, pd.Series):
        table = table.rename(value).to_frame()
    table = _class_table(table, [value], None, (None, pareto_share, mgc_quantile))
    values = table[value].astype("float64")
    if potential is None:
        potential = peer_potential(values, groups, quantile)
    else:
        potential = match_customers(potential, table.index, name="potential", other="table")
        check_finite(potential.to_frame("potential"), ["potential"])
    v = values.to_numpy()
    pot = potential.to_numpy(dtype="float64")
    unrealised = np.maximum(pot - v, 0.0)
    code = _class_of(v, v, v, unrealised, pareto_share, mgc_quantile, None)  # BZC: value < 0
    return _with_classes(table, code, potential=pot, unrealised=unrealised)


def _class_table(table: Any, needed: list[str], trend: str | None,
                 rules: tuple[float | None, float, float]) -> pd.DataFrame:
    """`table` as pandas by customer, its `needed` columns (and `trend`) checked to be finite numbers.

    The `rules` (margin rate, Pareto share, MGC quantile) are checked between the
    column checks and the finiteness check, the order errors are reported in.
    """
    columns = needed + ([trend] if trend else [])
    require_columns(table, columns)
    table = _numbers(customer_rows(table, columns), columns)
    _check_class_rules(*rules)
    check_finite(table, needed)
    return table


def _with_classes(table: pd.DataFrame, code: np.ndarray, **columns: np.ndarray) -> pd.DataFrame:
    """`table` with `columns` and the classes (the class codes are positions in CLASSES)."""
    # Categoricals built from the codes: no per-row strings (100,000 of them cost ~20 ms).
    return table.assign(
        **columns,
        customer_class=pd.Categorical.from_codes(code, categories=list(CLASSES)),
        class_label=pd.Categorical.from_codes(code, categories=[class_label(c) for c in CLASSES]),
    )


def _base_margin_rate(table: pd.DataFrame, v: np.ndarray) -> float:
    """The base's own margin on what it buys: ``Σ margin / Σ value``, 0 without a margin column."""
    total = v.sum()
    return float(table["margin"].sum() / total) if "margin" in table and total > 0 else 0.0


def _check_class_rules(margin_rate: float | None, pareto_share: float, mgc_quantile: float) -> None:
    """Shares and quantiles in [0, 1]; a margin rate that is a finite number ≥ 0, or None."""
    for name, rate in (("pareto_share", pareto_share), ("mgc_quantile", mgc_quantile)):
        if not 0 <= rate <= 1:
            raise ValueError(t("value.bad_fraction", name=name, value=rate))
    if margin_rate is not None and not (is_real(margin_rate) and np.isfinite(float(margin_rate))
                                        and margin_rate >= 0):  # NaN would silently move BZCs
        raise ValueError(t("value.bad_margin_rate", value=show(margin_rate)))


def _class_of(v: np.ndarray, gain: np.ndarray, at_potential: np.ndarray, unrealised: np.ndarray,
              pareto_share: float, mgc_quantile: float, growing: np.ndarray | None) -> np.ndarray:
    """Each customer's position in :data:`CLASSES`: the first rule that fits (BZC, MVC, MGC)."""
    bzc = (gain < 0) & (at_potential < 0)
    mvc = _pareto_top(v, pareto_share) & ~bzc
    growable = (unrealised >= mgc_cut(unrealised, mgc_quantile)) & (unrealised > 0)
    if growing is not None:
        growable |= growing
    mgc = growable & ~mvc & ~bzc
    return np.select([bzc, mvc, mgc], [0, 1, 2], default=3).astype(np.int8)  # CLASSES order


def class_summary(classified: Any, *, value: str = "revenue",
                  profit: str | None = "profit") -> pd.DataFrame:
    """Customers and value (and profit) per class, with their shares of the whole base.

    Every ``customer_class`` must be one of :data:`CLASSES`; any other code (or a
    missing one) is a ValueError naming it, since its customers would otherwise
    vanish from the counts.

    Parameters
    ----------
    classified : table
        The output of :func:`classify_customers` or :func:`value_classes` (a
        ``customer_class`` column), pandas or any engine narwhals knows.
    value : str, default "revenue"
        Column of value to add up per class (``"clv"`` for :func:`value_classes`).
    profit : str or None, default "profit"
        Column of profit to add up per class; None when value is the only measure.

    Returns
    -------
    pandas.DataFrame
        One row per class in :data:`CLASSES` order: ``label``, ``customers`` and a
        column per measure named like it (``revenue``, ``profit``, ``clv``), each
        with its ``_share`` of the base.

    Examples
    --------
    >>> import pandas as pd
    >>> tab = pd.DataFrame({"revenue": [80.0, 20.0], "profit": [30.0, -5.0],
    ...                     "customer_class": ["mvc", "bzc"]})
    >>> summary = class_summary(tab)  # rows in CLASSES order: bzc, mvc, mgc, other
    >>> summary["customers"].tolist(), summary.loc["bzc", ["revenue_share", "profit_share"]].tolist()
    ([1, 1, 0, 0], [0.2, -0.2])
    >>> class_summary(tab.rename(columns={"profit": "clv"}), value="clv", profit=None).columns.tolist()
    ['label', 'customers', 'clv', 'customers_share', 'clv_share']
    """
    measures = [value] if profit is None else [value, profit]
    require_columns(classified, measures + ["customer_class"])
    classified = customer_rows(classified, measures + ["customer_class"])
    # Sums by class code: a tenth of a group-by's cost, for the segment explorer's sliders.
    codes = _class_codes(classified["customer_class"])

    def per_class(column=None):
        weights = None if column is None else classified[column].to_numpy(dtype="float64")
        return np.bincount(codes, weights=weights, minlength=len(CLASSES))  # counts stay whole

    table = pd.DataFrame({"customers": per_class(), **{m: per_class(m) for m in measures}},
                         index=pd.Index(list(CLASSES)))
    totals = {"customers": len(classified), **{m: classified[m].sum() for m in measures}}
    for column, total in totals.items():
        table[f"{column}_share"] = table[column] / total if total else 0.0
    table.insert(0, "label", [class_label(c) for c in table.index])
    table.index.name = "customer_class"
    return table


def mgc_cut(unrealised: Any, quantile: float = 0.75) -> float:
    """Unrealised potential from which a customer is growable: a quantile of the positive values.

    Customers already at their potential are left out, so "the top quarter" means
    the top quarter of those who could grow (infinite when nobody can).

    Parameters
    ----------
    unrealised : array-like of float
        Each customer's unrealised potential (``potential − value``, at least 0).
    quantile : float, default 0.75
        The quantile of the positive values from which a customer is growable.

    Examples
    --------
    >>> mgc_cut([0.0, 0.0, 100.0, 200.0, 300.0, 400.0, 500.0], 0.75)
    400.0
    """
    values = np.asarray(unrealised, dtype="float64")
    positive = values[values > 0]
    return float(np.quantile(positive, quantile)) if positive.size else float("inf")


def _class_codes(column: pd.Series) -> np.ndarray:
    """Position of each class code in :data:`CLASSES`; ValueError naming unknown codes."""
    if isinstance(column.dtype, pd.CategoricalDtype) and list(column.cat.categories) == list(CLASSES):
        codes = column.cat.codes.to_numpy()  # classify_customers' output: no string compare
        unknown = codes < 0
    else:
        unknown = ~column.isin(CLASSES).to_numpy()
        codes = np.zeros(len(column), dtype=np.int8)
        if not unknown.any():
            codes = pd.Categorical(column, categories=list(CLASSES)).codes
    if unknown.any():
        bad = pd.unique(column[unknown].astype("object"))
        raise ValueError(t("value.unknown_class", column=column.name,
                           values=", ".join(show(code) for code in bad[:5]),
                           row=column.index[unknown][0], choices=", ".join(CLASSES)))
    return codes


def _numbers(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """`table` with `columns` checked to hold numbers (floats where they were objects).

    A group-by sum of text concatenates it ("100.0-20.0"), so text is an error
    naming the column and its first text cell, even when it reads as a number.
    """
    objects = [c for c in columns if table[c].dtype.kind not in "biuf"]
    for column in objects:
        values = table[column].to_numpy(dtype="object")
        if not_real(values).any():
            raise_bad_value(table, values, column, "value.not_numeric", not_real)
    return table.astype(dict.fromkeys(objects, "float64")) if objects else table


def _pareto_top(values: np.ndarray, share: float) -> np.ndarray:
    """Customers in the top group whose cumulative share of value is ≤ `share`, at least one."""
    v = np.clip(values, 0.0, None)
    total = v.sum()
    if total <= 0:
        return np.zeros(v.size, dtype=bool)
    # The group is the first k customers in (value descending, row order) order. Sorting the
    # values alone finds k and the value at the cut; only ties at the cut need row order.
    ranked = np.sort(v)[::-1]
    k = int(np.count_nonzero((np.cumsum(ranked) / total <= share + 1e-12) & (ranked > 0)))
    k = max(k, 1)  # the top customer is the most valuable even when it alone exceeds `share`
    cut = ranked[k - 1]
    inside = v > cut
    tied = np.flatnonzero(v == cut)
    inside[tied[: k - int(np.count_nonzero(inside))]] = True
    return inside


def class_label(code: str) -> str:
    """Name of a customer class in the current language.

    Parameters
    ----------
    code : str
        One of :data:`CLASSES` (``"bzc"``, ``"mvc"``, ``"mgc"``, ``"other"``).

    Examples
    --------
    >>> import ckmkit
    >>> with ckmkit.language("zh"):
    ...     class_label("bzc")
    '负值客户（BZC）'
    """
    if code not in CLASSES:
        raise ValueError(t("value.unknown_code", value=repr(code), choices=", ".join(CLASSES)))
    return t(f"value.class_{code}")


def value_matrix(
    table: Any, *, current: str = "revenue", potential: str = "unrealised",
    current_cut: float | None = None, potential_cut: float | None = None,
) -> pd.DataFrame:
    """Customer value matrix: current value against unrealised potential, four quadrants.

    Quadrants: ``invest`` (high current, high potential), ``maintain`` (high,
    low), ``develop`` (low, high), ``streamline`` (low, low: serve at lower cost).
    A customer is high on an axis when strictly above its cut.

    Parameters
    ----------
    table : table
        One row per customer, pandas or any engine narwhals knows.
    current : str, default "revenue"
        Column of current value.
    potential : str, default "unrealised"
        Column of unrealised potential (as :func:`classify_customers` adds it).
    current_cut, potential_cut : float, optional
        Where "high" starts on each axis. Default None: the column's median.

    Returns
    -------
    pandas.DataFrame
        ``current``, ``potential``, ``quadrant``, ``quadrant_label``, indexed like `table`.

    Examples
    --------
    >>> import pandas as pd
    >>> tab = pd.DataFrame({"revenue": [10, 10, 1, 1], "unrealised": [5, 0, 5, 0]})
    >>> value_matrix(tab, current_cut=5, potential_cut=2)["quadrant"].tolist()
    ['invest', 'maintain', 'develop', 'streamline']
    """
    require_columns(table, [current, potential])
    table = customer_rows(table, [current, potential])
    check_finite(table, [current, potential])
    cur = table[current].astype("float64")
    pot = table[potential].astype("float64")
    c_cut = float(cur.median()) if current_cut is None else float(current_cut)
    p_cut = float(pot.median()) if potential_cut is None else float(potential_cut)
    high_c, high_p = cur > c_cut, pot > p_cut
    codes = np.select([high_c & high_p, high_c & ~high_p, ~high_c & high_p],
                      ["invest", "maintain", "develop"], default="streamline")
    out = pd.DataFrame({"current": cur, "potential": pot, "quadrant": codes}, index=table.index)
    out["quadrant_label"] = out["quadrant"].map({q: quadrant_label(q) for q in QUADRANTS})
    return out


def quadrant_label(code: str) -> str:
    """Name of a value-matrix quadrant in the current language.

    Parameters
    ----------
    code : str
        One of :data:`QUADRANTS` (``"invest"``, ``"maintain"``, ``"develop"``, ``"streamline"``).

    Examples
    --------
    >>> import ckmkit
    >>> quadrant_label("develop")
    'Develop: low value, high potential'
    >>> with ckmkit.language("zh"):
    ...     quadrant_label("develop")
    '培育：当前价值低，潜力大'
    """
    if code not in QUADRANTS:
        raise ValueError(t("value.unknown_code", value=repr(code), choices=", ".join(QUADRANTS)))
    return t(f"value.quadrant_{code}")
