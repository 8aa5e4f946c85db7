"""Median wall time of ``import ckmkit`` in a fresh interpreter (target: under 0.3 s).

Run: ``.venv/bin/python benchmarks/import_time.py``. Compares with importing pandas alone.
"""

import statistics
import subprocess
import sys
import time


def median_import(module: str, repeat: int = 15) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", f"import {module}"], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


if __name__ == "__main__":
    baseline = median_import("sys")
    for module in ("ckmkit", "pandas"):
        print(f"import {module}: {median_import(module) - baseline:.3f} s (interpreter start excluded)")
