"""Engagement-value timings on the bundled CRM world (2,000 customers, 7,000 ties).

Run from the repository root::

    PYTHONPATH=. python benchmarks/engagement/bench_engagement.py --repeat 3

Writes ``benchmarks/engagement/RESULTS.md``: the median wall time (``time.perf_counter``)
of each step after one untimed warm-up call, with the machine's load before and after,
so that a reader can tell a quiet run from a busy one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
warnings.simplefilter("ignore")  # exclusion reports of cancelled orders and returns


def median_time(fn, repeat: int) -> float:
    """Median wall time of `repeat` calls after one untimed warm-up call (lazy imports, caches)."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    from ckmkit.datasets import load_crm_world
    from ckmkit.engagement import customer_clv, engagement_value

    world = load_crm_world()
    load_before = os.getloadavg()
    clv = customer_clv(world)
    rows = [
        ("customer_clv: BG/NBD + Gamma-Gamma fit, CLV and cost to serve", median_time(
            lambda: customer_clv(world), repeat)),
        ("engagement_value, CLV given, 50 runs of word of mouth", median_time(
            lambda: engagement_value(world, clv=clv, runs=50), repeat)),
        ("engagement_value, CLV given, 200 runs (the default)", median_time(
            lambda: engagement_value(world, clv=clv), repeat)),
        ("engagement_value, everything (fit and 200 runs)", median_time(
            lambda: engagement_value(world), repeat)),
    ]
    load_after = os.getloadavg()
    lines = [
        "# Engagement-value benchmarks",
        "",
        f"Machine: {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC · {platform.system()} "
        f"{platform.machine()} · {os.cpu_count()} cores · Python {platform.python_version()} · "
        f"1/5/15-min load average before {', '.join(f'{x:.1f}' for x in load_before)} and after "
        f"{', '.join(f'{x:.1f}' for x in load_after)}.",
        "",
        f"Bundled CRM world; medians of {repeat} calls after one warm-up call. A load average above "
        "the number of cores means other jobs shared them: read the times as upper bounds.",
        "",
        "| step | median s |",
        "|---|---:|",
        *[f"| {name} | {seconds:.2f} |" for name, seconds in rows],
        "",
    ]
    (HERE / "RESULTS.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
