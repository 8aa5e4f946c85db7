"""Continuous-time models: MBG/NBD against lifetimes 0.11.3, GGompertz/NBD fit times, in one run.

Run from the repository root in the benchmark environment (see ``README.md`` here)::

    PYTHONPATH=. benchmarks/.venv-bench/bin/python benchmarks/value/bench_models_cont.py --runs 3

Writes ``results_models_cont.csv`` and ``RESULTS_models_cont.md`` here, in the format of
``bench_value.py`` (whose timing, run-combining and machine-note helpers it reuses). The
synthetic data are ``bench_value.synthetic_log()``: 100,000 customers, 1,000,000 purchases,
seeded, summarised in weeks (GGompertz/NBD: its 10,000-customer version).
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench_value as bv  # noqa: E402  (the shared helpers of the benchmark next to this one)

warnings.simplefilter("ignore")


def bench_mbg(name: str, summary: pd.DataFrame, repeat: int, rows: list) -> None:
    """MBG/NBD fit with standard errors (lifetimes computes its Hessian inside fit too)."""
    from lifetimes import ModifiedBetaGeoFitter

    from ckmkit.value import ModifiedBetaGeo

    def theirs():
        return ModifiedBetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])

    t_lt, fitted = bv.median_time(theirs, max(3, repeat // 2))
    t_ck, ours = bv.median_time(lambda: ModifiedBetaGeo().fit(summary, standard_errors=True), repeat)
    best = bv.BEST[-1]
    # Their parameters scored by our likelihood (lifetimes stores a scaled, mean value).
    scorer = ModifiedBetaGeo()
    scorer.params_ = {k: float(fitted.params_[k]) for k in ("r", "alpha", "a", "b")}
    ll_theirs = scorer.loglik(summary)
    rows.append(dict(task="MBG/NBD fit", data=name, rows=len(summary), customers=len(summary),
                     tool="ckmkit", seconds=t_ck, seconds_best=best, lifetimes_seconds=t_lt,
                     speedup=t_lt / t_ck, agreement=abs(ours.loglik_ - ll_theirs),
                     note=f"LL ckmkit {ours.loglik_:.4f}, lifetimes {ll_theirs:.4f}; "
                          + ", ".join(f"{k} {v:.4f}/{fitted.params_[k]:.4f}"
                                      for k, v in ours.params_.items())))


def bench_gompertz(name: str, summary: pd.DataFrame, repeat: int, rows: list) -> None:
    """GGompertz/NBD fit with standard errors (no lifetimes counterpart)."""
    from ckmkit.value import GammaGompertzNBD

    t_ck, ours = bv.median_time(lambda: GammaGompertzNBD().fit(summary, standard_errors=True),
                                repeat, warmup=False)
    params = ", ".join(f"{k}={v:.4g}" for k, v in ours.params_.items())
    boundary = f"; at the boundary: {', '.join(ours.at_boundary_)}" if ours.at_boundary_ else ""
    rows.append(dict(task="GGompertz/NBD fit", data=name, rows=len(summary), customers=len(summary),
                     tool="ckmkit", seconds=t_ck, seconds_best=bv.BEST[-1], lifetimes_seconds=np.nan,
                     speedup=np.nan, agreement=np.nan,
                     note=f"{ours.n_histories_:,} unique histories; LL {ours.loglik_:.2f}; {params}"
                          f"{boundary}"))


def write(rows: list, notes: str, runs: int) -> None:
    table = pd.DataFrame(rows)
    table.to_csv(HERE / "results_models_cont.csv", index=False)
    lines = ["# Continuous-time model benchmarks (MBG/NBD, GGompertz/NBD)", "", f"Machine: {notes}", "",
             f"Medians of repeated calls in each run, then medians over {runs} whole runs (best s: "
             "fastest call of all). speedup = lifetimes time / ckmkit time in the same run (median "
             "over runs); agreement = absolute difference of the total log-likelihoods, lifetimes' "
             "estimates scored by ckmkit's likelihood. Fits include standard errors.", "",
             "| task | data | tool | median s | best s | lifetimes median s | speedup | agreement | note |",
             "|---|---|---|---:|---:|---:|---:|---:|---|"]
    for r in table.to_dict("records"):
        fmt = lambda v, f: "—" if pd.isna(v) else format(v, f)  # noqa: E731
        lines.append(f"| {r['task']} | {r['data']} | {r['tool']} | {fmt(r['seconds'], '.4f')} | "
                     f"{fmt(r['seconds_best'], '.4f')} | {fmt(r['lifetimes_seconds'], '.3f')} | "
                     f"{fmt(r['speedup'], '.1f')}× | {fmt(r['agreement'], '.1e')} | {r['note']} |")
    (HERE / "RESULTS_models_cont.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--runs", type=int, default=1, help="whole runs; medians over them")
    parser.add_argument("--quick", action="store_true", help="10,000 customers, for a smoke test")
    args = parser.parse_args()
    from ckmkit.datasets import load_cdnow
    from ckmkit.value import summarize

    cdnow = load_cdnow("sample")
    cal = summarize(cdnow, time_unit="W", observation_end="1997-09-30")
    log = bv.synthetic_log(10_000, 100_000) if args.quick else bv.synthetic_log()
    syn = summarize(log, time_unit="W", observation_end="2023-06-30")
    label = f"synthetic ({len(syn):,} customers)"
    # GGompertz/NBD's gradient is numeric (its likelihood holds an integral): a fit costs
    # minutes at 100,000 customers on a shared machine, so it is timed on 10,000 (same process).
    small = summarize(bv.synthetic_log(10_000, 100_000), time_unit="W", observation_end="2023-06-30")
    runs, loads = [], []
    for _ in range(max(1, args.runs)):
        loads.append(bv.load_average())
        rows: list = []
        bench_mbg("CDNOW sample", cal, args.repeat, rows)
        bench_mbg(label, syn, args.repeat, rows)
        bench_gompertz("CDNOW sample", cal, 1, rows)
        bench_gompertz(f"synthetic ({len(small):,} customers)", small, 1, rows)
        runs.append(rows)
    loads.append(bv.load_average())
    write(bv.combine(runs), bv.machine_notes(loads), len(runs))


if __name__ == "__main__":
    main()
