"""Write a synthetic transaction log for ``ckmkit report`` at scale (seeded, reproducible).

Customers arrive over the first 40 weeks, buy at their own rate and drop out after any
purchase with their own probability (the BG/NBD story), over 78 weeks. Rows are
``customer_id,date,amount`` in date order within a customer.

    python benchmarks/report/make_log.py --rows 10000000 --out build/bench/log-10m.csv
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd

DAYS = 546  # 78 weeks
START = np.datetime64("2022-01-03")


def make_log(rows: int, customers: int, seed: int = 0) -> pd.DataFrame:
    """About `rows` purchases of `customers` customers (exactly `rows` after trimming)."""
    rng = np.random.default_rng(seed)
    first = rng.integers(0, 280, size=customers)
    # Purchases per customer: geometric number of repeats (dropout), scaled to the target.
    mean_repeats = rows / customers - 1
    dropout = rng.beta(2.0, 2.0 * mean_repeats, size=customers)
    counts = 1 + rng.geometric(np.clip(dropout, 1e-3, 1.0), size=customers) - 1
    counts = np.maximum(1, np.round(counts * rows / counts.sum())).astype(np.int64)
    owner = np.repeat(np.arange(customers), counts)[:rows]
    if owner.size < rows:  # rounding fell short: the last customers buy a little more
        owner = np.sort(np.concatenate([owner, rng.integers(0, customers, rows - owner.size)]))
    span = DAYS - first[owner]
    day = first[owner] + (rng.random(owner.size) * span).astype(np.int64)
    day[np.r_[True, owner[1:] != owner[:-1]]] = first[owner][np.r_[True, owner[1:] != owner[:-1]]]
    amount = np.round(rng.gamma(2.0, 25.0, size=owner.size), 2)
    return pd.DataFrame({"customer_id": np.char.add("C", owner.astype("U7")),
                         "date": np.datetime_as_string(START + day.astype("timedelta64[D]"), unit="D"),
                         "amount": amount})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--customers", type=int, default=None, help="default: rows / 10")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    started = time.perf_counter()
    frame = make_log(args.rows, args.customers or args.rows // 10, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    try:
        import polars as pl

        pl.from_pandas(frame).write_csv(args.out)
    except ImportError:
        frame.to_csv(args.out, index=False)
    print(f"{len(frame):,} rows, {frame['customer_id'].nunique():,} customers -> {args.out} "
          f"({args.out.stat().st_size / 1e6:,.0f} MB) in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
