"""The donations data of Fader, Hardie & Shang (2010), the benchmark of discrete-time models."""

from __future__ import annotations

import pandas as pd

from ._files import data_file

__all__ = ["load_donations"]


def load_donations() -> pd.DataFrame:
    """Load the donations data: one row per (frequency, recency) pattern, with its number of donors.

    The 11,104 people who first donated to a US nonprofit in 1995, followed over the
    six annual donation opportunities 1996–2001 (Fader, Hardie & Shang 2010). See
    ``datasets/donations/README.md`` for the data card.

    Returns
    -------
    pandas.DataFrame
        22 rows with the int columns ``frequency`` (repeat donations, 0–6),
        ``recency`` (opportunity of the last one, 0 if none), ``periods``
        (opportunities observed: 6) and ``weights`` (donors with the pattern).
        Fit :class:`ckmkit.value.BetaGeoBetaBinom` to it with ``weights="weights"``.

    Examples
    --------
    >>> donations = load_donations()
    >>> donations.shape
    (22, 4)
    >>> int(donations["weights"].sum())
    11104
    >>> donations.iloc[0].to_dict()
    {'frequency': 0, 'recency': 0, 'periods': 6, 'weights': 3464}
    """
    return pd.read_csv(data_file("donations", "donations.csv"), dtype="int64")
