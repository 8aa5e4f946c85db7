"""Customer-value benchmarks: ckmkit against lifetimes 0.11.3, side by side in one run.

Run from the repository root in the benchmark environment (lifetimes is never a
dependency of ckmkit)::

    python3 -m venv benchmarks/.venv-bench
    benchmarks/.venv-bench/bin/pip install -e ".[scale]" lifetimes==0.11.3
    PYTHONPATH=. benchmarks/.venv-bench/bin/python benchmarks/value/bench_value.py --runs 3

(``make bench`` does the same, creating the environment if needed.) Writes
``benchmarks/value/results.csv`` and ``benchmarks/value/RESULTS.md``. Timings are
medians of repeated calls (wall clock, ``time.perf_counter``); with ``--runs N`` the
whole benchmark runs N times and each row reports medians over the runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata as md
import os
import platform
import statistics
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
BEST: list[float] = []  # fastest run of each median_time call, in call order
warnings.simplefilter("ignore")  # exclusion reports and lifetimes' deprecation noise


def median_time(fn, repeat: int, warmup: bool = True) -> tuple[float, object]:
    """Median wall time of `repeat` calls after one untimed warm-up call, and the last result.

    The warm-up keeps one-off costs (lazy imports, first allocations) out of the comparison.
    """
    if warmup:
        fn()
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    BEST.append(min(times))  # fastest run, reported beside the median (shared, noisy machine)
    return statistics.median(times), result


def synthetic_log(n_customers: int = 100_000, n_rows: int = 1_000_000, seed: int = 2024,
                  r=0.8, alpha=4.0, a=0.5, b=5.0) -> pd.DataFrame:
    """Seeded log of exactly `n_rows` purchases by `n_customers`, from a BG/NBD process.

    Customers join in the first 12 weeks of 2022 and are observed to 2023-06-30
    (78 weeks). Purchase rates are gamma(r, alpha) per week, dropout after each
    purchase beta(a, b). To hit `n_rows` exactly, surplus repeat records are
    dropped at random, or missing ones added as second items on a purchase day.
    """
    rng = np.random.default_rng(seed)
    lam = rng.gamma(r, 1 / alpha, n_customers)
    p = rng.beta(a, b, n_customers)
    birth = rng.integers(0, 84, n_customers) / 7.0
    end = 78.0
    ids, times = [np.arange(n_customers)], [birth.copy()]
    clock, active = birth.copy(), np.arange(n_customers)
    while active.size:
        active = active[rng.random(active.size) >= p[active]]  # dropout after a purchase
        clock[active] += rng.exponential(1.0, active.size) / lam[active]
        active = active[clock[active] <= end]
        ids.append(active.copy())
        times.append(clock[active].copy())
    log = pd.DataFrame({"customer_id": np.concatenate(ids), "week": np.concatenate(times)})
    first = np.zeros(len(log), bool)
    first[:n_customers] = True
    surplus = len(log) - n_rows
    if surplus > 0:
        drop = rng.choice(np.flatnonzero(~first), surplus, replace=False)
        log = log.drop(index=drop)
    elif surplus < 0:
        log = pd.concat([log, log.sample(-surplus, replace=True, random_state=seed)])
    days = np.floor(log["week"].to_numpy() * 7).astype("int64")
    out = pd.DataFrame({
        "customer_id": log["customer_id"].to_numpy(),
        "date": pd.Timestamp("2022-01-01") + pd.to_timedelta(days, unit="D"),
        "amount": np.round(rng.gamma(2.0, 25.0, len(log)), 2),
    })
    return out.sort_values(["customer_id", "date"], kind="stable").reset_index(drop=True)


def simulate_bgnbd(n: int, seed: int = 7, r=0.243, alpha=4.414, a=0.793, b=2.426):
    """Histories (x, t_x, T) in weeks from the BG/NBD process, times rounded to days."""
    rng = np.random.default_rng(seed)
    lam = rng.gamma(r, 1 / alpha, n)
    p = rng.beta(a, b, n)
    big_t = rng.integers(26 * 7, 39 * 7 + 1, n) / 7.0
    x = np.zeros(n, np.int64)
    tx = np.zeros(n)
    clock = np.zeros(n)
    active = np.flatnonzero(lam > 0)
    while active.size:
        clock[active] += rng.exponential(1.0, active.size) / lam[active]
        bought = clock[active] <= big_t[active]
        buyers = active[bought]
        x[buyers] += 1
        tx[buyers] = clock[buyers]
        survive = rng.random(buyers.size) >= p[buyers]
        active = buyers[survive]
    return pd.DataFrame({"frequency": x, "recency": np.round(tx * 7) / 7, "T": big_t})


def max_abs_diff(ours: pd.DataFrame, theirs: pd.DataFrame) -> float:
    theirs = theirs.loc[ours.index]
    cols = ["frequency", "recency", "T", "monetary_value"]
    return float(max(np.max(np.abs(ours[c].to_numpy(float) - theirs[c].to_numpy(float)))
                     for c in cols))


def bench_summary(name: str, tx: pd.DataFrame, end: str, repeat: int, rows: list) -> None:
    import dask.dataframe as dd
    import duckdb
    import polars as pl
    from lifetimes.utils import summary_data_from_transaction_data

    from ckmkit.value import summarize, summary

    args = dict(time_unit="W", observation_end=end)
    t_lt, theirs = median_time(lambda: summary_data_from_transaction_data(
        tx, "customer_id", "date", monetary_value_col="amount", observation_period_end=end,
        freq="D", freq_multiplier=7), max(1, repeat // 2))
    frame = pl.from_pandas(tx)
    arrow = frame.to_arrow()

    def indexed(out):  # a Polars result as pandas, indexed like the pandas one
        return out.to_pandas().set_index("customer_id")

    def pandas_only():  # as without Polars installed: pandas aggregates
        summary._ROUTE_PANDAS_TO_POLARS = False
        try:
            return summarize(tx, **args)
        finally:
            summary._ROUTE_PANDAS_TO_POLARS = True

    engines = {  # engine: (call, result as indexed pandas, note)
        "pandas": (lambda: summarize(tx, **args), lambda out: out,
                   "pandas in, pandas out; Polars (installed) aggregates"),
        "pandas, no Polars": (pandas_only, lambda out: out,
                              "pandas in, pandas out; pandas aggregates, as without Polars"),
        "polars": (lambda: summarize(frame, **args), indexed, "Polars DataFrame in and out"),
        "duckdb": (lambda: summarize(duckdb.from_arrow(arrow), **args).pl(), indexed,
                   "DuckDB relation in, materialised with .pl()"),
        "dask": (lambda: summarize(dd.from_pandas(tx, npartitions=2), **args).compute(),
                 lambda out: out.set_index("customer_id"),
                 "Dask frame of 2 partitions in, computed; groups by customer and day"),
        "pyarrow": (lambda: summarize(arrow, **args), lambda out: indexed(pl.from_arrow(out)),
                    "PyArrow table in and out; groups by customer and day"),
    }
    for engine, (call, as_pandas, note) in engines.items():
        secs, ours = median_time(call, repeat)
        ours = as_pandas(ours)
        rows.append(dict(task="summary", data=name, rows=len(tx), customers=len(ours),
                         tool=f"ckmkit ({engine})", seconds=secs, seconds_best=BEST[-1],
                         lifetimes_seconds=t_lt, speedup=t_lt / secs,
                         agreement=max_abs_diff(ours, theirs), note=note))


def bench_bgnbd(name: str, summary: pd.DataFrame, repeat: int, rows: list) -> None:
    from lifetimes import BetaGeoFitter

    from ckmkit.value import BetaGeo

    def theirs():
        return BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])

    t_lt, fitted = median_time(theirs, max(3, repeat // 2))
    # lifetimes computes its Hessian (for standard errors) inside fit, so ours does too here.
    t_ck, ours = median_time(lambda: BetaGeo().fit(summary, standard_errors=True), repeat)
    best = BEST[-1]
    # Their parameters scored by the same likelihood (lifetimes stores a scaled, mean value).
    ll_theirs = BetaGeo()
    ll_theirs.params_ = {k: float(fitted.params_[k]) for k in ("r", "alpha", "a", "b")}
    ll_theirs = ll_theirs.loglik(summary)
    rows.append(dict(task="BG/NBD fit", data=name, rows=len(summary), customers=len(summary),
                     tool="ckmkit", seconds=t_ck, seconds_best=best, lifetimes_seconds=t_lt,
                     speedup=t_lt / t_ck, agreement=abs(ours.loglik_ - ll_theirs),
                     note=f"LL ckmkit {ours.loglik_:.4f}, lifetimes {ll_theirs:.4f}; "
                          + ", ".join(f"{k} {v:.4f}/{fitted.params_[k]:.4f}"
                                      for k, v in ours.params_.items())))


def bench_clv(name: str, summary: pd.DataFrame, repeat: int, rows: list) -> None:
    """A year of monthly CLV steps (summary in days) from the same fitted parameters."""
    from lifetimes import BetaGeoFitter, GammaGammaFitter

    from ckmkit.value import BetaGeo, GammaGamma, customer_lifetime_value

    bg = BetaGeo().fit(summary, standard_errors=False)
    gg = GammaGamma().fit(summary[summary["frequency"] > 0], standard_errors=False)
    bgf, ggf = BetaGeoFitter(), GammaGammaFitter()
    bgf.params_ = pd.Series(bg.params_)
    bgf.predict = bgf.conditional_expected_number_of_purchases_up_to_time  # as fit() sets it
    ggf.params_ = pd.Series({"p": gg.params_["p"], "q": gg.params_["q"], "v": gg.params_["gamma"]})
    columns = [summary[c] for c in ("frequency", "recency", "T", "monetary_value")]
    t_lt, theirs = median_time(lambda: ggf.customer_lifetime_value(
        bgf, *columns, time=12, discount_rate=0.01, freq="D"), max(1, repeat // 2))
    t_ck, ours = median_time(lambda: customer_lifetime_value(
        bg, gg, summary, horizon=360, step=30, discount_rate=0.01), repeat)
    rows.append(dict(task="CLV, 12 monthly steps", data=name, rows=len(summary),
                     customers=len(summary), tool="ckmkit", seconds=t_ck, seconds_best=BEST[-1],
                     lifetimes_seconds=t_lt, speedup=t_lt / t_ck,
                     agreement=float(np.max(np.abs(ours["clv"].to_numpy() - theirs.to_numpy()))),
                     note="same BG/NBD and Gamma-Gamma parameters in both; "
                          "agreement = max |CLV difference|"))


def bench_big_fit(n: int, repeat: int, rows: list) -> None:
    from ckmkit.value import BetaGeo

    summary = simulate_bgnbd(n)
    t_ck, ours = median_time(lambda: BetaGeo().fit(summary, standard_errors=False), repeat,
                             warmup=False)  # a 10M-customer fit needs no warming up
    note = ", ".join(f"{k}={v:.3f}" for k, v in ours.params_.items())
    rows.append(dict(task="BG/NBD fit", data=f"simulated BG/NBD ({n:,} customers)", rows=n,
                     customers=n, tool="ckmkit", seconds=t_ck, seconds_best=BEST[-1],
                     lifetimes_seconds=np.nan, speedup=np.nan, agreement=np.nan,
                     note=f"{ours.n_histories_:,} unique histories; {note} (true 0.243/4.414/0.793/2.426)"))


def customer_table(n: int, seed: int = 5) -> pd.DataFrame:
    """Seeded per-customer table (revenue, margin, cost to serve, potential) for the widget."""
    rng = np.random.default_rng(seed)
    revenue = rng.gamma(0.7, 1000.0, n)
    return pd.DataFrame({"revenue": revenue, "margin": 0.35 * revenue,
                         "cost_to_serve": rng.gamma(0.5, 150.0, n),
                         "potential": revenue * rng.uniform(1.0, 3.0, n)})


def as_in_a_notebook(shown) -> None:
    """Turn what a widget shows into the PNG a notebook would send to the browser.

    A notebook's inline backend renders a displayed figure with
    ``print_figure(figure, "png", bbox_inches="tight")``; an image is PNG already.
    Without this, the timing would leave out the rendering, often the larger part.
    """
    from IPython.core.pylabtools import print_figure
    from matplotlib.figure import Figure

    if isinstance(shown, Figure):
        print_figure(shown, "png", bbox_inches="tight")


def bench_widget(n: int, repeat: int, rows: list) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import ckmkit.widgets.core
        from ckmkit.widgets.value import segment_explorer
    except Exception as error:  # widgets need ipywidgets + matplotlib
        print("widget benchmark skipped:", error)
        return
    ckmkit.widgets.core.display = as_in_a_notebook
    for show_plot, note in ((False, "slider → classes and shares table"),
                            (True, "slider → classes, table and value-matrix figure "
                                   "(3,000-dot sample), rendered to PNG as in a notebook")):
        slider = segment_explorer(customer_table(n), show_plot=show_plot).controls["pareto_share"]
        values = iter([0.6, 0.7] * repeat)
        t_ck, _ = median_time(lambda: setattr(slider, "value", next(values)), repeat - 1)
        rows.append(dict(task="segment explorer update", data=f"{n:,} customers", rows=n,
                         customers=n, tool="ckmkit", seconds=t_ck, seconds_best=BEST[-1],
                         lifetimes_seconds=np.nan, speedup=np.nan, agreement=np.nan, note=note))


def combine(runs: list[list[dict]]) -> list[dict]:
    """One row per measurement over several whole runs: medians of the per-run medians.

    The speedup is the median of the per-run ratios (both tools timed in the same run,
    so under the same load), not the ratio of the medians.
    """
    out = []
    for rows in zip(*runs):
        row = dict(rows[-1])
        for key in ("seconds", "lifetimes_seconds", "speedup"):
            values = [r[key] for r in rows if not pd.isna(r[key])]
            row[key] = statistics.median(values) if values else np.nan
        row["seconds_best"] = min(r["seconds_best"] for r in rows)
        row["runs"] = len(rows)
        out.append(row)
    return out


def load_average() -> str:
    return ", ".join(f"{v:.1f}" for v in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"


def machine_notes(loads: list[str] | None = None) -> str:
    versions = {}
    for pkg in ("numpy", "pandas", "scipy", "narwhals", "polars", "duckdb", "dask", "pyarrow",
                "lifetimes"):
        try:
            versions[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            versions[pkg] = "absent"
    cpu = platform.processor() or "unknown"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    loads = loads or [load_average()]
    load = "; ".join(loads)
    return (f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC · {platform.system()} "
            f"{platform.machine()} · {cpu} · {os.cpu_count()} cores (shared with other jobs; "
            f"1/5/15-min load average before each run and at the end: {load}) · Python "
            f"{platform.python_version()} · " + ", ".join(f"{k} {v}" for k, v in versions.items()))


def write(rows: list, notes: str, runs: int = 1) -> None:
    table = pd.DataFrame(rows)
    runs_note = f", then medians over {runs} whole runs (best s: fastest call of all)" if runs > 1 else ""
    table.to_csv(HERE / "results.csv", index=False)
    lines = ["# Customer-value benchmarks", "", f"Machine: {notes}", "",
             f"Medians of repeated calls in each run{runs_note}. speedup = lifetimes time / ckmkit "
             "time in the same run (median over runs); agreement = max absolute difference of "
             "frequency, recency, T, monetary value (summary) or of the total log-likelihood (fit).",
             "",
             "| task | data | tool | median s | best s | lifetimes median s | speedup | agreement | note |",
             "|---|---|---|---:|---:|---:|---:|---:|---|"]
    for r in table.to_dict("records"):
        fmt = lambda v, f: "—" if pd.isna(v) else format(v, f)  # noqa: E731
        lines.append(f"| {r['task']} | {r['data']} | {r['tool']} | {fmt(r['seconds'], '.4f')} | "
                     f"{fmt(r['seconds_best'], '.4f')} | "
                     f"{fmt(r['lifetimes_seconds'], '.3f')} | {fmt(r['speedup'], '.1f')}× | "
                     f"{fmt(r['agreement'], '.1e')} | {'' if pd.isna(r.get('note')) else r['note']} |")
    (HERE / "RESULTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--big", type=int, default=10_000_000, help="customers in the big fit")
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
    parser.add_argument("--runs", type=int, default=1,
                        help="repeat the whole benchmark; report medians over the runs")
    args = parser.parse_args()
    from ckmkit.datasets import load_cdnow
    from ckmkit.value import summarize

    cdnow = load_cdnow("sample")
    synthetic = synthetic_log(10_000, 100_000) if args.quick else synthetic_log()
    cal = summarize(cdnow, time_unit="W", observation_end="1997-09-30")
    syn = summarize(synthetic, time_unit="W", observation_end="2023-06-30")
    syn_days = summarize(synthetic, time_unit="D", observation_end="2023-06-30")
    runs, loads = [], []
    for _ in range(max(1, args.runs)):
        loads.append(load_average())
        rows: list = []
        bench_summary("CDNOW sample", cdnow, "1997-09-30", args.repeat, rows)
        bench_summary("synthetic", synthetic, "2023-06-30", args.repeat, rows)
        bench_bgnbd("CDNOW sample", cal, args.repeat, rows)
        bench_bgnbd("synthetic", syn, args.repeat, rows)
        bench_clv("synthetic", syn_days, args.repeat, rows)
        bench_big_fit(100_000 if args.quick else args.big, 3, rows)
        bench_widget(10_000 if args.quick else 100_000, 20, rows)
        runs.append(rows)
    loads.append(load_average())
    write(combine(runs), machine_notes(loads), len(runs))


if __name__ == "__main__":
    main()
