"""Discrete-time and contractual models: BG/BB against lifetimes 0.11.3, and sBG fit times.

Run from the repository root in the benchmark environment (lifetimes is never a
dependency of ckmkit)::

    PYTHONPATH=. benchmarks/.venv-bench/bin/python benchmarks/value/bench_discrete.py --runs 3

Writes ``benchmarks/value/results-discrete.csv`` and ``RESULTS-discrete.md``. Each
timing is the median of repeated calls after one untimed warm-up (lifetimes on 100,000
rows: one call, no warm-up, as it takes minutes); with ``--runs N`` the whole
benchmark runs N times and each row reports medians over the runs.
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
warnings.simplefilter("ignore")  # lifetimes' deprecation noise


def median_time(fn, repeat: int, warmup: bool = True) -> tuple[float, float, object]:
    """(median, fastest) wall time of `repeat` calls after one untimed warm-up, and the last result."""
    if warmup:
        fn()
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), result


def synthetic_bgbb(n_customers: int = 100_000, seed: int = 2024, alpha=1.2, beta=0.75, gamma=0.66,
                   delta=2.8, max_periods: int = 12) -> pd.DataFrame:
    """Seeded BG/BB histories: cohorts observed for 1 to `max_periods` opportunities (one row each).

    Each customer transacts at each opportunity with probability p ~ beta(α, β) while
    alive, and drops out before each opportunity with probability θ ~ beta(γ, δ).
    """
    rng = np.random.default_rng(seed)
    n = rng.integers(1, max_periods + 1, n_customers)
    p, theta = rng.beta(alpha, beta, n_customers), rng.beta(gamma, delta, n_customers)
    life = rng.geometric(theta)  # alive at opportunities 1 .. life − 1
    slots = np.arange(1, max_periods + 1)[None, :]
    buys = (rng.random((n_customers, max_periods)) < p[:, None]) & (slots < life[:, None]) & (
        slots <= n[:, None])
    recency = np.where(buys.any(axis=1), max_periods - np.argmax(buys[:, ::-1], axis=1), 0)
    return pd.DataFrame({"frequency": buys.sum(axis=1), "recency": recency, "periods": n},
                        index=pd.RangeIndex(n_customers, name="customer_id"))


def bgbb_rows(data: pd.DataFrame, label: str, repeat: int) -> list[dict]:
    """BG/BB fit by both tools on `data` (per customer, or per pattern with a `weights` column)."""
    from lifetimes import BetaGeoBetaBinomFitter

    from ckmkit.value import BetaGeoBetaBinom

    weights = data["weights"] if "weights" in data else None
    ck_s, ck_best, ck = median_time(lambda: BetaGeoBetaBinom().fit(
        data, weights=None if weights is None else "weights"), repeat)
    # lifetimes takes minutes on 100,000 rows (it does not compress them): one timed call there.
    big = len(data) > 20_000
    lt_s, _, lt = median_time(lambda: BetaGeoBetaBinomFitter().fit(
        data["frequency"], data["recency"], data["periods"], weights=weights),
        1 if big else repeat, warmup=not big)
    w = np.ones(len(data)) if weights is None else weights.to_numpy(float)
    x, tx, n = (data[c].to_numpy(float) for c in ("frequency", "recency", "periods"))
    # Both optima scored by the same likelihood (lifetimes' own), so the difference is the fits'.
    lt_ll = float(np.sum(w * BetaGeoBetaBinomFitter._loglikelihood(lt.params_.to_numpy(), x, tx, n)))
    ck_ll = float(np.sum(w * BetaGeoBetaBinomFitter._loglikelihood(
        np.array(list(ck.params_.values())), x, tx, n)))
    params = ", ".join(f"{k} {ck.params_[k]:.4f}/{lt.params_[k]:.4f}" for k in ck.params_)
    return [{"task": "BG/BB fit (with standard errors)", "data": label, "tool": "ckmkit",
             "median_s": ck_s, "best_s": ck_best, "lifetimes_s": lt_s, "speedup": lt_s / ck_s,
             "agreement": abs(ck_ll - lt_ll),
             "note": f"LL ckmkit {ck_ll:.4f}, lifetimes {lt_ll:.4f} (ckmkit's own {ck.loglik_:.4f}); "
                     f"{ck.n_histories_} patterns; {params}"}]


def sbg_rows(repeat: int) -> list[dict]:
    """sBG fit times: a cohort's survivor counts, and 100,000 customers one row each."""
    from ckmkit.value import ShiftedBetaGeo

    counts = [1000, 631, 468, 382, 326, 289, 262, 241]
    rng = np.random.default_rng(2024)
    life = rng.geometric(rng.beta(0.704, 1.182, 100_000))
    seen = rng.integers(1, 13, 100_000)
    rows = pd.DataFrame({"periods": np.minimum(life, seen), "churned": life <= seen})
    out = []
    for label, data in (("regular cohort, 8 counts (Fader & Hardie 2007)", counts),
                        ("100,000 customers (seeded), one row each", rows)):
        s, best, model = median_time(lambda data=data: ShiftedBetaGeo().fit(data), repeat)
        out.append({"task": "sBG fit (with standard errors)", "data": label, "tool": "ckmkit",
                    "median_s": s, "best_s": best, "lifetimes_s": np.nan, "speedup": np.nan,
                    "agreement": np.nan,
                    "note": f"alpha {model.params_['alpha']:.4f}, beta {model.params_['beta']:.4f}, "
                            f"LL {model.loglik_:.2f} (lifetimes has no sBG)"})
    return out


def one_run(repeat: int, n_customers: int) -> list[dict]:
    from ckmkit.datasets import load_donations

    per_customer = synthetic_bgbb(n_customers)
    patterns = (per_customer.value_counts().rename("weights").reset_index())
    rows = bgbb_rows(load_donations(), "donations, 22 patterns (weights)", repeat)
    rows += bgbb_rows(per_customer, f"synthetic, {n_customers:,} customers (one row each)", repeat)
    rows += bgbb_rows(patterns, f"synthetic, {n_customers:,} customers as patterns (weights)", repeat)
    return rows + sbg_rows(repeat)


def machine_note(loads: list[tuple[float, ...]]) -> str:
    versions = ", ".join(f"{p} {md.version(p)}" for p in ("numpy", "pandas", "scipy", "narwhals",
                                                          "lifetimes", "autograd"))
    cpu = platform.processor() or platform.machine()
    load = "; ".join(", ".join(f"{v:.1f}" for v in one) for one in loads)
    return (f"Machine: {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC · {platform.system()} "
            f"{platform.machine()} · {cpu} · {os.cpu_count()} cores (shared with other jobs; 1/5/15-min "
            f"load average before each run and at the end: {load}) · Python {platform.python_version()}"
            f" · {versions}")


def write(runs: list[list[dict]], loads: list[tuple[float, ...]]) -> None:
    frame = pd.concat([pd.DataFrame(r).assign(run=i) for i, r in enumerate(runs)])
    keys = ["task", "data", "tool"]
    numbers = ["median_s", "best_s", "lifetimes_s", "speedup", "agreement"]
    table = frame.groupby(keys, sort=False).agg({**{c: "median" for c in numbers}, "note": "last"})
    table["best_s"] = frame.groupby(keys, sort=False)["best_s"].min()
    table = table.reset_index()
    table.to_csv(HERE / "results-discrete.csv", index=False)
    lines = ["# Discrete-time and contractual models: benchmarks", "", machine_note(loads), "",
             f"Medians over {len(runs)} whole run(s) of medians of repeated calls (best s: fastest call). "
             "speedup = lifetimes time / ckmkit time in the same run; agreement = absolute difference "
             "of the total log-likelihood, both optima scored by lifetimes' likelihood.", "",
             "| task | data | tool | median s | best s | lifetimes median s | speedup | agreement | note |",
             "|---|---|---|---:|---:|---:|---:|---:|---|"]
    for row in table.itertuples():
        lt = "—" if np.isnan(row.lifetimes_s) else f"{row.lifetimes_s:.3f}"
        sp = "—" if np.isnan(row.speedup) else f"{row.speedup:.1f}×"
        ag = "—" if np.isnan(row.agreement) else f"{row.agreement:.1e}"
        lines.append(f"| {row.task} | {row.data} | {row.tool} | {row.median_s:.4f} | {row.best_s:.4f} "
                     f"| {lt} | {sp} | {ag} | {row.note} |")
    (HERE / "RESULTS-discrete.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="10,000 customers, one run")
    args = parser.parse_args()
    n_customers, runs = (10_000, 1) if args.quick else (100_000, args.runs)
    results, loads = [], []
    for _ in range(runs):
        loads.append(os.getloadavg())
        results.append(one_run(args.repeat, n_customers))
    loads.append(os.getloadavg())
    write(results, loads)


if __name__ == "__main__":
    main()
