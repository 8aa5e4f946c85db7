"""Time ``ckmkit report`` stage by stage on a synthetic log, with peak memory.

Each size runs in a fresh process (so peak memory is that run's own):

    python benchmarks/report/make_log.py --rows 10000000 --out build/bench/log-10m.csv
    PYTHONPATH=. python benchmarks/report/bench_report.py build/bench/log-10m.csv --out build/bench/out-10m

Prints one Markdown table row: rows, customers, wall seconds per stage, total, CPU seconds,
peak RSS (MB).
"""

from __future__ import annotations

import argparse
import platform
import resource
import time
from pathlib import Path


def run(path: Path, out: Path) -> dict[str, float]:
    """Build and save the report of `path`; stage timings, total and peak memory (MB)."""
    from ckmkit.reports import build_report

    started = time.perf_counter()
    report = build_report(path, lang="en", progress=False)
    saved = time.perf_counter()
    report.save(out)
    timings = dict(report.timings)
    timings["save"] = time.perf_counter() - saved
    timings["total"] = time.perf_counter() - started
    # ru_maxrss is in kilobytes on Linux: the peak resident memory of this process.
    usage = resource.getrusage(resource.RUSAGE_SELF)
    timings["peak_mb"] = usage.ru_maxrss / 1024
    # CPU seconds: on a shared machine the wall clock measures the neighbours too.
    timings["cpu"] = usage.ru_utime + usage.ru_stime
    timings["customers"] = len(report.customers)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    rows = sum(1 for _ in args.log.open("rb")) - 1
    result = run(args.log, args.out)
    stages = ("read", "summary", "models", "clv", "html", "save", "total")
    print(f"| {rows:,} | {int(result['customers']):,} | "
          + " | ".join(f"{result.get(s, float('nan')):.1f}" for s in stages)
          + f" | {result['cpu']:.1f} | {result['peak_mb']:,.0f} |")
    print(f"# {platform.processor() or platform.machine()}, Python {platform.python_version()}")


if __name__ == "__main__":
    main()
