"""Write a synthetic transaction log for ``ckmkit report`` at scale (seeded, reproducible).

The Pareto/NBD story, day by day over 78 weeks: customers arrive over the first 40 weeks
and buy once on arrival; each then buys at a Poisson rate λ of their own (λ ~ Gamma(r, α))
until an unobserved dropout after an exponential lifetime of rate μ (μ ~ Gamma(s, β)), or
until the period ends. So purchases stop at each customer's dropout, as in a real log, and
the models have a dropout to find. α is set so that the log has about `rows` purchases.
Rows are ``customer_id,date,amount`` in date order within a customer.

    python benchmarks/report/make_log.py --rows 10000000 --out build/bench/log-10m.csv
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd

DAYS = 546  # 78 weeks
ARRIVALS = 280  # customers arrive over the first 40 weeks
START = np.datetime64("2022-01-03")
R, S, BETA = 0.9, 0.8, 150.0  # purchase-rate shape; dropout-rate shape and scale (days)


def make_log(rows: int, customers: int, seed: int = 0) -> pd.DataFrame:
    """About `rows` purchases of `customers` customers, by the Pareto/NBD process above."""
    rng = np.random.default_rng(seed)
    first = rng.integers(0, ARRIVALS, size=customers)
    lifetime = rng.exponential(1.0 / rng.gamma(S, 1.0 / BETA, size=customers))
    active = np.minimum(lifetime, DAYS - 1 - first)  # days in which repeat purchases happen
    rate = rng.gamma(R, 1.0, size=customers)  # λ·α: the rate in units of 1/α
    # Choose α so that the expected number of repeat purchases fills the rows.
    alpha = (rate * active).sum() / max(rows - customers, 1)
    repeats = rng.poisson(rate * active / alpha)
    owner = np.repeat(np.arange(customers), 1 + repeats)
    opening = np.r_[0, np.cumsum(1 + repeats)[:-1]]  # each customer's first row
    # Given their number, a Poisson process's purchase times are uniform over the active days.
    day = first[owner] + (rng.random(owner.size) * active[owner]).astype(np.int64)
    day[opening] = first
    order = np.lexsort((day, owner))
    owner, day = owner[order], day[order]
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
