"""The CDNOW purchase logs, the standard benchmark of customer-base analysis."""

from __future__ import annotations

from typing import Literal

import pandas as pd

from ..i18n import t
from ._files import data_file

__all__ = ["load_cdnow"]

_FILES = {"sample": "CDNOW_sample.txt", "master": "CDNOW_master.txt"}


def load_cdnow(kind: Literal["sample", "master"] = "sample") -> pd.DataFrame:
    """Load the CDNOW transaction log as a tidy table, one row per purchase record.

    Customers who made their first purchase at CDNOW in the first quarter of
    1997, followed to the end of June 1998 (Fader, Hardie & Lee 2005). The
    papers use weeks, a 39-week calibration period ending 1997-09-30 and a
    39-week holdout period. See ``datasets/cdnow/README.md`` for the data card.

    Parameters
    ----------
    kind : {"sample", "master"}
        ``"sample"``: the 1/10 sample of 2,357 customers (6,919 records);
        ``"master"``: all 23,570 customers (69,659 records).

    Returns
    -------
    pandas.DataFrame
        Columns ``customer_id`` (int, the master-file id), ``date``
        (datetime64), ``quantity`` (number of CDs) and ``amount`` (US dollars).
        Several records on one day are kept as they are: merging them into one
        transaction is the job of :func:`ckmkit.value.summarize`.

    Examples
    --------
    >>> tx = load_cdnow("sample")
    >>> tx.shape
    (6919, 4)
    >>> tx["customer_id"].nunique()
    2357
    >>> str(tx["date"].min().date()), str(tx["date"].max().date())
    ('1997-01-01', '1998-06-30')
    """
    if kind not in _FILES:
        raise ValueError(t("datasets.bad_cdnow_kind", value=repr(kind)))
    names = ["customer_id", "date", "quantity", "amount"]
    if kind == "sample":
        names.insert(1, "sample_id")
    raw = pd.read_csv(
        data_file("cdnow", _FILES[kind]),
        sep=r"\s+",
        header=None,
        skiprows=1 if kind == "master" else 0,
        names=names,
        dtype={"customer_id": "int64", "date": "string", "quantity": "int64", "amount": "float64"},
    )
    raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d")
    return raw[["customer_id", "date", "quantity", "amount"]]
