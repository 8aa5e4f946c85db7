"""Parameter uncertainty at scale: sampling intervals and a bootstrap on 100,000 customers.

Run from the repository root (any environment with ckmkit installed)::

    PYTHONPATH=. python benchmarks/value/bench_uncertainty.py            # 100,000 customers
    PYTHONPATH=. python benchmarks/value/bench_uncertainty.py --quick    # 10,000, a smoke test

Writes ``results-uncertainty.csv`` and ``RESULTS-uncertainty.md`` here. The data are
``bench_value.synthetic_log()`` (100,000 customers, 1,000,000 purchases from a BG/NBD process,
seeded), summarised in weeks; BG/NBD and Gamma-Gamma are fitted with standard errors. Timed, each
as the median of `--repeat` calls (one for the bootstrap): 200 parameter draws by sampling; the
per-customer 90 % intervals of expected purchases (39 weeks) and P(alive) from 200 draws, and of
CLV (52 weeks in 4-week steps, 13 forecasts per history and draw) from 100 draws of each model;
P(MVC / MGC / BZC) over those CLV draws; and a bootstrap of 100 BG/NBD refits. PyMC-Marketing
(whose posterior draws would be the comparison) is looked for and, when absent, reported as not run.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench_value as bv  # noqa: E402  (the shared helpers of the benchmark next to this one)

warnings.simplefilter("ignore")


def fitted(n_customers: int):
    """The synthetic summary (weeks) and BG/NBD and Gamma-Gamma fitted on it, with standard errors."""
    from ckmkit.value import BetaGeo, GammaGamma, summarize

    log = bv.synthetic_log(n_customers, n_customers * 10)
    summary = summarize(log, time_unit="W", observation_end="2023-06-30")
    bg = BetaGeo().fit(summary)
    gg = GammaGamma().fit(summary[(summary["frequency"] > 0) & (summary["monetary_value"] > 0)])
    return summary, bg, gg


def timed(rows: list, task: str, fn, repeat: int, note: str = "") -> object:
    seconds, result = bv.median_time(fn, repeat, warmup=False)
    rows.append({"task": task, "seconds": seconds, "best_seconds": bv.BEST[-1], "calls": repeat,
                 "note": note})
    print(f"{task}: {seconds:.2f} s {note}", flush=True)
    return result


def run(n_customers: int, repeat: int, refits: int) -> tuple[list, dict]:
    from ckmkit.value import (
        class_probabilities,
        clv_draws,
        p_alive_intervals,
        parameter_draws,
        purchase_intervals,
    )

    summary, bg, gg = fitted(n_customers)
    spend_columns = ["frequency", "recency", "T", "monetary_value"]
    facts = {"customers": len(summary), "histories": bg.n_histories_,
             "clv_rows": int(summary[spend_columns].drop_duplicates().shape[0])}
    rows: list = []
    timed(rows, "200 parameter draws (sampling)", lambda: parameter_draws(bg, n_draws=200), repeat)
    out = timed(rows, "expected purchases, 90 % intervals, 200 draws",
                lambda: purchase_intervals(bg, summary, 39.0), repeat)
    width = float((out["expected_purchases_upper"] - out["expected_purchases_lower"]).median())
    rows[-1]["note"] = f"median width {width:.3f} purchases"
    timed(rows, "P(alive), 90 % intervals, 200 draws", lambda: p_alive_intervals(bg, summary), repeat)
    clv = timed(rows, "CLV draws (both models), 100 draws", lambda: clv_draws(
        bg, gg, summary, n_draws=100, margin=0.3, horizon=52.0, step=4.0), 1)
    interval = clv.interval(0.9)
    share = float(((interval["clv_upper"] - interval["clv_lower"]) / interval["clv"].abs()).median())
    rows[-1]["note"] = f"median 90 % width / CLV {share:.2f}"
    classes = timed(rows, "P(MVC / MGC / BZC) over the 100 CLV draws", lambda: class_probabilities(clv), 1)
    unsure = float((classes[["p_mvc", "p_mgc", "p_bzc", "p_other"]].max(axis=1) < 0.9).mean())
    rows[-1]["note"] = f"{unsure:.1%} of customers in no class with probability ≥ 0.9"
    boots = timed(rows, f"bootstrap, {refits} BG/NBD refits", lambda: parameter_draws(
        bg, summary, n_draws=refits, method="bootstrap", progress=False), 1)
    spread = np.log(boots.params).std() / (pd.Series(bg.standard_errors_) / pd.Series(bg.params_))
    rows[-1]["note"] = (f"{boots.not_converged} not converged; bootstrap sd / standard error of log θ: "
                        + ", ".join(f"{k} {v:.2f}" for k, v in spread.items()))
    return rows, facts


def write(rows: list, facts: dict, notes: str) -> None:
    table = pd.DataFrame(rows)
    table.to_csv(HERE / "results-uncertainty.csv", index=False)
    pymc = importlib.util.find_spec("pymc_marketing") is not None
    lines = ["# Parameter-uncertainty benchmarks", "", f"Machine: {notes}", "",
             f"Data: {facts['customers']:,} simulated customers (`bench_value.synthetic_log`), "
             f"{facts['histories']:,} distinct (frequency, recency, T) histories, {facts['clv_rows']:,} "
             "distinct rows with the spend. Medians of the calls shown (one call for the costly tasks); "
             "the machine was loaded by other work (see the load averages), so the numbers are upper "
             "bounds, not quiet-machine timings.", "",
             "| task | median s | best s | calls | note |", "|---|---:|---:|---:|---|"]
    for r in table.to_dict("records"):
        lines.append(f"| {r['task']} | {r['seconds']:.2f} | {r['best_seconds']:.2f} | {r['calls']} "
                     f"| {r['note']} |")
    lines += ["", "PyMC-Marketing: " + ("installed but not compared in this script." if pymc else
              "not installed in this environment, so no comparison with its posterior draws was run."),
              ""]
    (HERE / "RESULTS-uncertainty.md").write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 customers, 20 refits")
    parser.add_argument("--repeat", type=int, default=3, help="calls per task (the costly ones: 1)")
    args = parser.parse_args()
    loads = [bv.load_average()]
    start = time.perf_counter()
    rows, facts = run(10_000 if args.quick else 100_000, args.repeat, 20 if args.quick else 100)
    loads.append(bv.load_average())
    write(rows, facts, bv.machine_notes(loads) + f" · whole run {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
