"""Customer-network benchmarks: ckmkit vs NDlib (diffusion) and networkx vs igraph (structure).

Run from the repository root with the project's venv; NDlib and igraph live in
a separate, git-ignored venv (see README.md here) and run in subprocesses:

    .venv/bin/python benchmarks/network/bench_network.py            # full run, ~10 min
    .venv/bin/python benchmarks/network/bench_network.py --quick    # smoke test, 10k nodes

Writes results.csv and RESULTS.md beside this file.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import networkx as nx
import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "network"))

from network_exact import exact_ic, kite, mean_var  # noqa: E402

from ckmkit.network.centrality import betweenness  # noqa: E402
from ckmkit.network.diffusion import DiffusionGraph, independent_cascade  # noqa: E402

P, RUNS, N_SEEDS, M = 0.05, 100, 10, 3


def timed(fn, repeat: int) -> tuple[float, float, object]:
    """(median s, best s, last result) over `repeat` calls."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), result


def external(python: str, script: str, *args: str) -> dict:
    done = subprocess.run([python, str(HERE / script), *args], check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def welch_z(a, b) -> float:
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float((a.mean() - b.mean()) / np.sqrt(a.var(ddof=1) / a.size + b.var(ddof=1) / b.size))


def machine_notes(bench_python: str) -> str:
    import pandas
    import scipy

    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = subprocess.run(
        [bench_python, "-c", "import ndlib, igraph; print(getattr(ndlib, '__version__', '?'), "
         "igraph.__version__)"], capture_output=True, text=True).stdout.split()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC · {platform.system()} "
            f"{platform.machine()} · {cpu} · {os.cpu_count()} cores (shared; load {load:.1f} at start)"
            f" · Python {platform.python_version()} · numpy {np.__version__}, scipy "
            f"{scipy.__version__}, pandas {pandas.__version__}, networkx {nx.__version__}, "
            f"NDlib {versions[0] if versions else '?'}, igraph {versions[1] if len(versions) > 1 else '?'}")


def small_graph_agreement(bench_python: str, tmp: Path, rows: list) -> None:
    """Both tools against the exact expected spread on a 5-node graph."""
    G, seeds, p = kite(), [0], 0.4
    exact_mean, exact_var = mean_var(exact_ic(G, seeds, p))
    ours = independent_cascade(G, seeds, p=p, runs=20_000, seed=1)
    path = tmp / "kite.npy"
    np.save(path, np.array(list(G.edges())))
    theirs = external(bench_python, "ndlib_runner.py", str(path), "--nodes", "5", "--seeds", "0",
                      "--p", str(p), "--runs", "5000", "--seed", "1")["finals"]
    for tool, sample in (("ckmkit", ours), ("NDlib", theirs)):
        z = (np.mean(sample) - exact_mean) / np.sqrt(exact_var / len(sample))
        rows.append({"task": "IC agreement vs exact", "data": "5-node graph, p=0.4", "tool": tool,
                     "median_s": "", "best_s": "", "ratio": "",
                     "note": f"mean {np.mean(sample):.4f} over {len(sample)} runs vs exact "
                             f"{exact_mean:.4f}; z = {z:+.2f}"})


def diffusion(G, edges_path: Path, bench_python: str, label: str, seeds: list[int],
              ndlib_repeats: int, rows: list) -> None:
    n = G.number_of_nodes()
    compile_med, _, g = timed(lambda: DiffusionGraph.from_networkx(G, p=P), 3)
    sim_med, sim_best, _ = timed(lambda: independent_cascade(g, seeds, p=P, runs=RUNS, seed=0), 21)
    reference = independent_cascade(g, seeds, p=P, runs=10_000, seed=12345, progress=False)
    ndlib_times, ndlib_finals = [], []
    for rep in range(ndlib_repeats):
        out = external(bench_python, "ndlib_runner.py", str(edges_path), "--nodes", str(n),
                       "--seeds", ",".join(map(str, seeds)), "--p", str(P), "--runs", str(RUNS),
                       "--seed", str(rep))
        ndlib_times.append(out["runs_s"])
        ndlib_finals += out["finals"]
    nd_med = statistics.median(ndlib_times)
    z = welch_z(ndlib_finals, reference)
    data = f"BA {n:,} nodes m={M}, {label}, p={P}, {RUNS} runs"
    rows.append({"task": "independent cascade", "data": data, "tool": "NDlib",
                 "median_s": f"{nd_med:.3f}", "best_s": f"{min(ndlib_times):.3f}", "ratio": "1",
                 "note": f"{ndlib_repeats} x {RUNS} runs; mean spread {np.mean(ndlib_finals):.2f}"})
    rows.append({"task": "independent cascade", "data": data, "tool": "ckmkit (simulation)",
                 "median_s": f"{sim_med:.4f}", "best_s": f"{sim_best:.4f}",
                 "ratio": f"{nd_med / sim_med:.0f}",
                 "note": f"21 repeats; reference mean {reference.mean():.2f} over 10,000 runs "
                         f"(SE {reference.std(ddof=1) / 100:.2f}); NDlib vs reference z = {z:+.2f}"})
    rows.append({"task": "independent cascade", "data": data,
                 "tool": "ckmkit (compile + simulation)",
                 "median_s": f"{compile_med + sim_med:.4f}", "best_s": "",
                 "ratio": f"{nd_med / (compile_med + sim_med):.0f}",
                 "note": f"networkx graph -> CSR once: {compile_med:.3f} s (reusable across calls)"})


def structure(G, edges_path: Path, bench_python: str, k: int, rows: list) -> None:
    n = G.number_of_nodes()
    data = f"BA {n:,} nodes m={M}"
    theirs = external(bench_python, "igraph_runner.py", str(edges_path), "--nodes", str(n),
                      "--k", str(k))
    pr, pr_best, _ = timed(lambda: nx.pagerank(G), 3)
    rows.append({"task": "PageRank", "data": data, "tool": "networkx", "median_s": f"{pr:.3f}",
                 "best_s": f"{pr_best:.3f}", "ratio": f"{theirs['pagerank_s'] / pr:.2f}",
                 "note": f"igraph {theirs['pagerank_s']:.3f} s"})
    bt, _, reference = timed(lambda: nx.betweenness_centrality(G, k=k, seed=0), 1)
    rows.append({"task": f"betweenness (k={k} sampled sources)", "data": data, "tool": "networkx",
                 "median_s": f"{bt:.1f}", "best_s": "", "ratio": f"{theirs['betweenness_s'] / bt:.2f}",
                 "note": f"igraph (sources subset) {theirs['betweenness_s']:.1f} s; one run"})
    ours_s, ours_best, ours = timed(lambda: betweenness(G, k=k, seed=0), 3)
    gap = max(abs(ours[v] - reference[v]) for v in G)
    rows.append({"task": f"betweenness (k={k} sampled sources)", "data": data, "tool": "ckmkit",
                 "median_s": f"{ours_s:.2f}", "best_s": f"{ours_best:.2f}",
                 "ratio": f"{theirs['betweenness_s'] / ours_s:.2f}",
                 "note": f"networkx's sample and values (max difference {gap:.1e}); "
                         f"{bt / ours_s:.0f}× networkx"})
    lv, _, parts = timed(lambda: nx.community.louvain_communities(G, seed=0), 1)
    q = nx.community.modularity(G, parts)
    rows.append({"task": "Louvain", "data": data, "tool": "networkx", "median_s": f"{lv:.1f}",
                 "best_s": "", "ratio": f"{theirs['louvain_s'] / lv:.2f}",
                 "note": f"Q {q:.3f}, {len(parts)} groups; igraph {theirs['louvain_s']:.1f} s, "
                         f"Q {theirs['louvain_q']:.3f}, {theirs['louvain_groups']} groups; one run"})


def write(rows: list, notes: str, quick: bool) -> None:
    suffix = "-quick" if quick else ""
    fields = ["task", "data", "tool", "median_s", "best_s", "ratio", "note"]
    with open(HERE / f"results{suffix}.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    lines = ["# Customer-network benchmarks", "", f"Machine: {notes}", "",
             "Wall-clock seconds. For diffusion, ratio = NDlib median / ckmkit median (higher is "
             "better for ckmkit); for structure rows, ratio = igraph time / networkx time.", "",
             "| task | data | tool | median s | best s | ratio | note |",
             "|---|---|---|---:|---:|---:|---|"]
    lines += [f"| {r['task']} | {r['data']} | {r['tool']} | {r['median_s']} | {r['best_s']} | "
              f"{r['ratio']} | {r['note']} |" for r in rows]
    (HERE / f"RESULTS{suffix}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="10,000 nodes; a smoke test")
    parser.add_argument("--bench-python", default=str(ROOT / "benchmarks/.venv-bench/bin/python"))
    parser.add_argument("--k", type=int, default=50, help="betweenness sample size")
    args = parser.parse_args()
    n = 10_000 if args.quick else 100_000
    notes = machine_notes(args.bench_python)
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        small_graph_agreement(args.bench_python, tmp, rows)
        G = nx.barabasi_albert_graph(n, M, seed=42)
        edges_path = tmp / "ba.npy"
        np.save(edges_path, np.array(list(G.edges()), dtype=np.int64))
        rng = np.random.default_rng(7)
        random_seeds = sorted(rng.choice(n, N_SEEDS, replace=False).tolist())
        hubs = [v for v, _ in sorted(G.degree(), key=lambda vd: -vd[1])[:N_SEEDS]]
        diffusion(G, edges_path, args.bench_python, "10 random seeds", random_seeds,
                  1 if args.quick else 3, rows)
        diffusion(G, edges_path, args.bench_python, "10 top-degree seeds", hubs, 1, rows)
        structure(G, edges_path, args.bench_python, 10 if args.quick else args.k, rows)
    write(rows, notes, args.quick)
    print((HERE / f"RESULTS{'-quick' if args.quick else ''}.md").read_text())


if __name__ == "__main__":
    main()
