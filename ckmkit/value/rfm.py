"""RFM: score customers on Recency, Frequency and Monetary value, then name segments.

RFM goes back to direct-marketing practice (Hughes 1994, *Strategic Database
Marketing*); Fader, Hardie & Lee (2005, JMR 42(4)) show that the same three
numbers are sufficient statistics for the BG/NBD and Gamma-Gamma models.

Scores are quantile groups ``1..bins`` (higher is better). **Ties** get the same
score: a customer's score is fixed by the number of customers strictly worse
than them, ``1 + floor(bins · (rank_min − 1) / n)``, so equal values always
share a score and the result never depends on row order.

**Segments** (documented rules on the R and F scores, applied in this order).
A score ``s`` out of `bins` stands for the customers between the ``(s − 1)/bins``
and ``s/bins`` quantiles; it is "high" when the middle of that band,
``(s − ½)/bins``, lies above 60 %, and "mid" (at least) when it lies above 40 %:

====  =========  =======  =========
bins  low        mid      high
====  =========  =======  =========
3     1          2        3
4     1–2        —        3–4
5     1–2        3        4–5
10    1–4        5–6      7–10
====  =========  =======  =========

With an even number of bins below 6 no band sits in the middle, so ``loyal``
and ``attention`` stay empty; five bins (the default and the RFM convention)
give all six segments. :func:`rfm_scores` records its `bins` in the scores'
``attrs``, so :func:`rfm_segments` reads the scores with the same bins.

1. ``champions``: high R and high F
2. ``loyal``: at least mid R and at least mid F
3. ``at_risk``: not mid R (long silent) but at least mid F
4. ``new``: high R, low F (bought recently, rarely)
5. ``lost``: low R and low F
6. ``attention``: everything else (mid R, low F)
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..i18n import t
from ..quality import is_whole, require_columns, show
from ._frames import check_finite, customer_rows

__all__ = ["SEGMENTS", "rfm_scores", "rfm_segments", "segment_summary", "segment_label"]

#: Segment codes in the order their rules are applied.
SEGMENTS: tuple[str, ...] = ("champions", "loyal", "at_risk", "new", "lost", "attention")


def _score(values: pd.Series, bins: int) -> pd.Series:
    # Equal values tie, even when engines computed them with different rounding
    # (13/7 weeks by division or by multiplication differ in the last bit).
    ranks = values.round(9).rank(method="min")  # ties share the lowest rank
    scores = 1 + np.floor(bins * (ranks - 1) / len(values))
    return scores.astype("int64")


def rfm_scores(summary: Any, *, bins: int = 5, frequency: str = "frequency", recency: str = "recency",
               T: str = "T", monetary: str = "revenue") -> pd.DataFrame:
    """R, F and M scores (1..bins, higher is better) from a :func:`summarize` table.

    The summary may come from any engine ``summarize`` runs on; the scores are a
    pandas frame indexed by customer.

    R uses the time since the last purchase (``T − recency``: shorter is
    better), F the number of purchase days (``frequency + 1``) and M the
    `monetary` column (total revenue by default).

    Parameters
    ----------
    summary : table
        One row per customer, as :func:`summarize` writes it.
    bins : int, default 5
        Number of score levels, a whole number ≥ 2 (5: quintiles).
    frequency, recency, T : str
        Column names of repeat purchases, recency and customer age.
    monetary : str, default "revenue"
        Column of money per customer scored as M.

    Returns
    -------
    pandas.DataFrame
        Indexed like `summary`, columns ``recency_gap``, ``purchases``,
        ``monetary``, ``R``, ``F``, ``M``, ``RFM`` (e.g. ``"545"``);
        ``attrs["bins"]`` holds `bins` for :func:`rfm_segments`.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"frequency": [0, 3, 1, 3], "recency": [0.0, 8.0, 2.0, 9.0],
    ...                   "T": [10.0, 10.0, 10.0, 10.0], "revenue": [5.0, 90.0, 20.0, 90.0]})
    >>> rfm_scores(s, bins=4)[["R", "F", "M", "RFM"]].values.tolist()
    [[1, 1, 1, '111'], [3, 3, 3, '333'], [2, 2, 2, '222'], [4, 3, 3, '433']]
    """
    if not is_whole(bins, 2):
        raise ValueError(t("value.bad_bins", value=repr(bins)))
    summary = customer_rows(summary)
    require_columns(summary, [frequency, recency, T, monetary])
    if len(summary) == 0:
        raise ValueError(t("value.no_values", column=frequency))
    check_finite(summary, [frequency, recency, T, monetary])
    gap = summary[T].astype("float64") - summary[recency].astype("float64")
    purchases = summary[frequency].astype("float64") + 1
    money = summary[monetary].astype("float64")
    out = pd.DataFrame({"recency_gap": gap, "purchases": purchases, "monetary": money},
                       index=summary.index)
    out["R"] = _score(-gap, bins)
    out["F"] = _score(purchases, bins)
    out["M"] = _score(money, bins)
    out["RFM"] = out["R"].astype(str) + out["F"].astype(str) + out["M"].astype(str)
    out.attrs["bins"] = bins  # segments must read the scores on the same scale
    return out


def rfm_segments(scores: pd.DataFrame, *, bins: int | None = None) -> pd.Series:
    """Segment code per customer from the R and F scores (rules in the module docstring).

    Parameters
    ----------
    scores : pandas.DataFrame
        ``R`` and ``F`` scores from 1 to `bins`, as :func:`rfm_scores` makes them.
    bins : int, optional
        Number of score groups. Default: the `bins` the scores were made with
        (``scores.attrs["bins"]``), else 5; a different value is a ValueError.

    Examples
    --------
    >>> import pandas as pd
    >>> rfm_segments(pd.DataFrame({"R": [5, 3, 1, 5, 1, 3], "F": [5, 3, 4, 1, 1, 1]})).tolist()
    ['champions', 'loyal', 'at_risk', 'new', 'lost', 'attention']
    >>> rfm_segments(pd.DataFrame({"R": [3, 2, 1, 3, 1, 2], "F": [3, 2, 2, 1, 1, 1]}), bins=3).tolist()
    ['champions', 'loyal', 'at_risk', 'new', 'lost', 'attention']
    """
    require_columns(scores, ["R", "F"])
    bins = _segment_bins(scores, bins)
    high, mid = _levels(scores, "R", bins)
    f_high, f_mid = _levels(scores, "F", bins)
    conditions = [high & f_high, mid & f_mid, ~mid & f_mid, high & ~f_mid, ~mid & ~f_mid]
    codes = np.select(conditions, list(SEGMENTS[:5]), default=SEGMENTS[5])
    return pd.Series(codes, index=scores.index, name="segment")


def _segment_bins(scores: pd.DataFrame, bins: int | None) -> int:
    """The bins of `scores`: theirs by default, an error when `bins` says otherwise."""
    scored = scores.attrs.get("bins")
    if bins is None:
        bins = 5 if scored is None else scored
    elif scored is not None and bins != scored:
        raise ValueError(t("value.bins_mismatch", scored=scored, bins=bins))
    if not is_whole(bins, 2):
        raise ValueError(t("value.bad_bins", value=repr(bins)))
    return bins


def _levels(scores: pd.DataFrame, column: str, bins: int) -> tuple[np.ndarray, np.ndarray]:
    """(high, at least mid) per customer: where the middle of the score's band lies."""
    check_finite(scores, [column])
    s = pd.to_numeric(scores[column]).to_numpy(dtype="float64")
    bad = (s < 1) | (s > bins) | (s != np.round(s))
    if bad.any():  # a score off the scale means the scores used other bins
        row = scores.index[bad][0]
        raise ValueError(t("value.bad_score", column=column, bins=bins, row=row,
                           value=show(scores.loc[row, column])))
    middle = 10 * (2 * s - 1)  # 20 × (s − ½): whole numbers, compared with 20 × 60 % × bins
    return middle > 12 * bins, middle > 8 * bins


def segment_label(code: str) -> str:
    """Name of a segment in the current language.

    Parameters
    ----------
    code : str
        One of :data:`SEGMENTS`.

    Examples
    --------
    >>> import ckmkit
    >>> with ckmkit.language("zh"):
    ...     segment_label("champions")
    '冠军客户'
    """
    if code not in SEGMENTS:
        raise ValueError(t("value.unknown_code", value=repr(code), choices=", ".join(SEGMENTS)))
    return t(f"value.segment_{code}")


def segment_summary(scores: pd.DataFrame, segments: pd.Series) -> pd.DataFrame:
    """One row per segment: customers, their share, mean scores and share of money.

    Rows follow :data:`SEGMENTS`; ``label`` is the name in the current language.

    Parameters
    ----------
    scores : pandas.DataFrame
        The output of :func:`rfm_scores`.
    segments : pandas.Series
        Each customer's segment code, as :func:`rfm_segments` gives it.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"frequency": [0, 3, 1, 3], "recency": [0.0, 8.0, 2.0, 9.0],
    ...                   "T": [10.0, 10.0, 10.0, 10.0], "revenue": [5.0, 90.0, 20.0, 90.0]})
    >>> scores = rfm_scores(s, bins=4)
    >>> table = segment_summary(scores, rfm_segments(scores))
    >>> table[["label", "customers", "monetary_share"]].round(3)  # doctest: +NORMALIZE_WHITESPACE
                   label  customers  monetary_share
    segment
    champions  Champions          2           0.878
    lost            Lost          2           0.122
    """
    frame = scores.assign(segment=segments)
    grouped = frame.groupby("segment", observed=True)
    table = pd.DataFrame({
        "customers": grouped.size(),
        "mean_R": grouped["R"].mean(),
        "mean_F": grouped["F"].mean(),
        "mean_M": grouped["M"].mean(),
        "monetary": grouped["monetary"].sum(),
    }).reindex([s for s in SEGMENTS if s in set(segments)])
    table["customer_share"] = table["customers"] / table["customers"].sum()
    total = table["monetary"].sum()
    table["monetary_share"] = table["monetary"] / total if total else 0.0
    table.insert(0, "label", [segment_label(s) for s in table.index])
    table.index.name = "segment"
    return table
