"""How fast can the summary be at best? Hand-written native queries against lifetimes.

The summary needs, per customer, the number of distinct purchase days, the first
and last day, the number of records, the revenue and the spend on the first day
(which is not a repeat purchase). This script times the leanest native Polars and
DuckDB queries that compute exactly that (no validation, no exclusion counts, no
narwhals layer) next to lifetimes and ``ckmkit.value.summarize``, interleaved in
one loop so that all of them see the same load. Run it like ``bench_value.py``::

    PYTHONPATH=. benchmarks/.venv-bench/bin/python benchmarks/value/native_floor.py

It prints a table and writes nothing.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
warnings.simplefilter("ignore")

from bench_value import synthetic_log  # noqa: E402


def main(repeat: int = 9) -> None:
    import duckdb
    import polars as pl
    from lifetimes.utils import summary_data_from_transaction_data

    from ckmkit.datasets import load_cdnow
    from ckmkit.value import summarize

    print(f"load average at the start: {os.getloadavg()}")
    for name, tx, end in (("CDNOW sample", load_cdnow("sample"), "1997-09-30"),
                          ("synthetic 1M", synthetic_log(), "2023-06-30")):
        frame = pl.from_pandas(tx)
        arrow = frame.to_arrow()
        end_day = pl.Series([end]).str.to_date().dt.epoch("d")[0]
        day = pl.col("date").dt.date().cast(pl.Int32).alias("day")

        def polars_native():
            rows = frame.lazy().select("customer_id", "amount", day).filter(pl.col("day") <= end_day)
            first = pl.col("day").min().over("customer_id")
            rows = rows.with_columns(
                pl.when(pl.col("day") != first).then(pl.col("amount")).otherwise(0.0).alias("rep"))
            return rows.group_by("customer_id").agg(
                pl.col("day").n_unique().alias("days"), pl.col("day").min().alias("first"),
                pl.col("day").max().alias("last"), pl.len(), pl.col("amount").sum(),
                pl.col("rep").sum()).sort("customer_id").collect()

        def polars_bare():  # no distinct days, no first-day spend: a lower bound of the lower bound
            rows = frame.lazy().select("customer_id", "amount", day).filter(pl.col("day") <= end_day)
            return rows.group_by("customer_id").agg(
                pl.col("day").min(), pl.col("day").max().alias("last"), pl.len(),
                pl.col("amount").sum()).sort("customer_id").collect()

        def duckdb_native():
            rel = duckdb.from_arrow(arrow)  # noqa: F841 (read by the query below)
            return duckdb.sql(f"""
                with r as (select customer_id, amount, cast(date as date) as day from rel
                           where cast(date as date) <= DATE '{end}'),
                     w as (select *, min(day) over (partition by customer_id) as first from r)
                select customer_id, count(distinct day) as n_days, min(day) as first_day,
                       max(day) as last_day, count(*) as n, sum(amount) as revenue,
                       sum(case when day <> first then amount else 0 end) as repeat_spend
                from w group by customer_id order by customer_id""").pl()

        tools = {
            "lifetimes": lambda: summary_data_from_transaction_data(
                tx, "customer_id", "date", monetary_value_col="amount",
                observation_period_end=end, freq="D", freq_multiplier=7),
            "ckmkit pandas": lambda: summarize(tx, time_unit="W", observation_end=end),
            "ckmkit polars": lambda: summarize(frame, time_unit="W", observation_end=end),
            "native polars": polars_native,
            "native polars, bare group-by": polars_bare,
            "ckmkit duckdb": lambda: summarize(duckdb.from_arrow(arrow), time_unit="W",
                                               observation_end=end).pl(),
            "native duckdb SQL": duckdb_native,
        }
        times: dict[str, list[float]] = {k: [] for k in tools}
        for fn in tools.values():
            fn()  # warm-up
        for _ in range(repeat):
            for key, fn in tools.items():
                start = time.perf_counter()
                fn()
                times[key].append(time.perf_counter() - start)
        base = statistics.median(times["lifetimes"])
        print(f"\n{name}: median ms (best ms), lifetimes median / median")
        for key, values in times.items():
            med = statistics.median(values)
            print(f"  {key:30s} {med * 1000:8.1f} ({min(values) * 1000:7.1f})  {base / med:5.1f}×")
    print(f"\nload average at the end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
