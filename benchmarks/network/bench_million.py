"""A million customers end to end: edge list -> graph -> PageRank, Leiden, cascades, value, risk.

Writes ``RESULTS-million.md`` next to this file: each step's wall time and peak memory
(resident set size of the process, sampled every 20 ms), with machine notes.

    .venv/bin/python benchmarks/network/bench_million.py               # 1,000,000 customers, ~5 M ties
    .venv/bin/python benchmarks/network/bench_million.py --nodes 20000  # a smoke test

The edge list is generated (Barabási–Albert, m = 5, by igraph when installed, else a seeded
random graph with the same number of ties), written to Parquet and CSV in a temporary folder,
and read back with Polars (or DuckDB, or pandas when neither is installed), as a researcher
would read an export.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

import ckmkit
from ckmkit import network as N

HERE = Path(__file__).resolve().parent
ROWS: list[dict] = []


def rss_mb() -> float:
    """Resident memory of this process in MB (Linux)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


@contextmanager
def step(name: str, note: str = ""):
    """Time a step and sample its peak resident memory."""
    start_mb, peak, done = rss_mb(), [rss_mb()], threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], rss_mb())

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    cpu, wall = time.process_time(), time.perf_counter()
    row = {"step": name, "note": note}
    try:
        yield row
    finally:
        row["wall_s"] = time.perf_counter() - wall
        row["cpu_s"] = time.process_time() - cpu
        done.set()
        thread.join()
        row["peak_mb"] = max(peak[0], rss_mb())
        row["added_mb"] = row["peak_mb"] - start_mb
        ROWS.append(row)
        print(f"{name:<34} {row['wall_s']:8.2f} s  cpu {row['cpu_s']:8.2f} s  "
              f"peak {row['peak_mb']:8.0f} MB  {row['note']}", flush=True)


def make_edges(n: int, m: int, seed: int) -> np.ndarray:
    """An (E, 2) int64 array of ties: preferential attachment, or random if igraph is missing."""
    try:
        import igraph
    except ImportError:
        rng = np.random.default_rng(seed)
        return rng.integers(0, n, size=(n * m, 2))
    igraph.set_random_number_generator(__import__("random").Random(seed))
    edges = np.array(igraph.Graph.Barabasi(n, m).get_edgelist(), dtype=np.int64)
    igraph.set_random_number_generator(__import__("random"))
    return edges


def read_edges(path: Path) -> tuple[np.ndarray, np.ndarray, str]:
    """Both id columns of an edge list file as int64 arrays, and the engine that read it."""
    try:
        import polars as pl
        frame = pl.read_parquet(path) if path.suffix == ".parquet" else pl.read_csv(path)
        return frame["a"].to_numpy(), frame["b"].to_numpy(), "polars"
    except ImportError:
        pass
    try:
        import duckdb
        reader = "read_parquet" if path.suffix == ".parquet" else "read_csv_auto"
        frame = duckdb.sql(f"select a, b from {reader}('{path}')").df()
        return frame["a"].to_numpy(), frame["b"].to_numpy(), "duckdb"
    except ImportError:
        frame = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)
        return frame["a"].to_numpy(), frame["b"].to_numpy(), "pandas"


def write_files(edges: np.ndarray, folder: Path) -> tuple[Path, Path]:
    """The edge list as Parquet and CSV (columns a, b)."""
    frame = pd.DataFrame({"a": edges[:, 0], "b": edges[:, 1]})
    parquet, csv = folder / "ties.parquet", folder / "ties.csv"
    frame.to_parquet(parquet, index=False)
    try:
        import polars as pl
        pl.from_pandas(frame).write_csv(csv)
    except ImportError:
        frame.to_csv(csv, index=False)
    return parquet, csv


def build_graph(n: int, a: np.ndarray, b: np.ndarray) -> nx.Graph:
    """networkx graph with customers 0..n-1 added in order (already canonical: no copies later)."""
    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_edges_from(zip(a.tolist(), b.tolist()))
    return G


def assignments_table(n: int, employees: int, seed: int) -> pd.DataFrame:
    """Every customer has a primary account manager; 30 % also a backup."""
    rng = np.random.default_rng(seed)
    primary = rng.integers(0, employees, size=n)
    has_backup = np.flatnonzero(rng.random(n) < 0.3)
    backup = (primary[has_backup] + 1 + rng.integers(0, employees - 1, size=has_backup.size)) % employees
    customers = np.concatenate([np.arange(n), has_backup])
    staff = np.concatenate([primary, backup])
    return pd.DataFrame({
        "employee_id": pd.Series(staff).map("E{:05d}".format),
        "customer_id": customers,
        "role": np.r_[np.full(n, "primary"), np.full(has_backup.size, "backup")],
    })


def run(n: int, m: int, seed: int, folder: Path) -> dict:
    """Every step, timed; returns facts for the report."""
    facts: dict = {}
    with step("generate edge list (not a ckmkit step)"):
        edges = make_edges(n, m, seed)
        parquet, csv = write_files(edges, folder)
    facts["edges_generated"] = len(edges)
    del edges
    with step("read edge list (CSV)") as row:
        a, b, engine = read_edges(csv)
        row["note"] = f"{engine}, {len(a):,} rows"
    with step("read edge list (Parquet)") as row:
        a, b, engine = read_edges(parquet)
        row["note"] = f"{engine}, {len(a):,} rows"
    with step("build networkx graph") as row:
        G = build_graph(n, a, b)
        row["note"] = f"{G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges"
    del a, b
    with step("PageRank (centrality.pagerank)") as row:
        rank = N.centrality.pagerank(G)
        row["note"] = "python-igraph" if N.communities.default_method() == "leiden" else "networkx"
    with step("Leiden communities") as row:
        groups = N.detect_communities(G, method=N.communities.default_method(), seed=0)
        row["note"] = f"{N.communities.default_method()}, {groups.nunique():,} communities"
    with step("modularity of the partition") as row:
        facts["modularity"] = N.modularity(G, groups, weight=None)
        row["note"] = f"Q = {facts['modularity']:.3f}"
    del groups
    with step("compile for diffusion (first call)") as row:
        g = N.compile_graph(G, p=0.01)
        row["note"] = f"{g.n_arcs:,} arcs"
    with step("compile for diffusion (again: cached)"):
        N.compile_graph(G, p=0.01)
    top = sorted(rank, key=rank.__getitem__, reverse=True)
    hubs = top[:10]
    with step("100 cascades from the top-10 PageRank seeds") as row:
        reach = N.independent_cascade(g, hubs, p=0.01, runs=100, seed=0)
        row["note"] = f"p = 0.01, mean reach {reach.mean():,.0f}"
    with step("CELF, 10 seeds among the top 100 by PageRank") as row:
        picked = N.celf(g, 10, p=0.01, runs=100, candidates=top[:100], progress=False)
        row["note"] = f"100 worlds, expected reach {picked['spread'].iloc[-1]:,.0f}"
    with step("100 cascades from the CELF seeds") as row:
        reach = N.independent_cascade(g, picked["node"].tolist(), p=0.01, runs=100, seed=1)
        row["note"] = f"mean reach {reach.mean():,.0f}"
    clv = pd.Series(np.random.default_rng(seed).gamma(2.0, 150.0, size=n), index=range(n), name="clv")
    with step("network value of the top 100 by PageRank") as row:
        table = N.network_value(G, clv, p=0.01, runs=100, customers=top[:100], progress=False)
        row["note"] = ("100 worlds, compiled form reused; largest network value "
                       f"{table['network_value'].max():,.0f}")
    del G, g
    with step("assignment table (not a ckmkit step)") as row:
        links = assignments_table(n, employees=max(n // 50, 2), seed=seed)
        row["note"] = f"{len(links):,} rows"
    with step("key-person risk") as row:
        risk = N.key_person_risk(links, clv)
        row["note"] = f"{len(risk):,} employees"
    return facts


def machine_notes(n: int, facts: dict, total: float) -> list[str]:
    import importlib.metadata as md

    versions = []
    for name in ("networkx", "igraph", "numpy", "scipy", "pandas", "polars", "duckdb", "pyarrow"):
        try:
            versions.append(f"{name} {md.version(name)}")
        except md.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    load = os.getloadavg()
    return [
        f"- customers: {n:,}; ties generated: {facts['edges_generated']:,} "
        f"(Barabási–Albert, m = 5, seed 0)",
        f"- machine: {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB RAM, "
        f"{platform.platform()}, Python {platform.python_version()}",
        f"- load average at the end: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} "
        "(the machine is shared: wall times include waiting for a core; cpu times do not)",
        f"- ckmkit {ckmkit.__version__}; " + ", ".join(versions),
        f"- whole run: {total:.0f} s wall",
    ]


def report(n: int, facts: dict, total: float, path: Path) -> None:
    lines = ["# A million customers, end to end", "",
             f"Run of {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by "
             "`benchmarks/network/bench_million.py`.", "", *machine_notes(n, facts, total), "",
             "| step | wall s | cpu s | peak RSS MB | added MB | note |", "|---|---:|---:|---:|---:|---|"]
    for r in ROWS:
        lines.append(f"| {r['step']} | {r['wall_s']:.2f} | {r['cpu_s']:.2f} | {r['peak_mb']:.0f} | "
                     f"{r['added_mb']:+.0f} | {r['note']} |")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS-million.md")
    args = parser.parse_args()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        facts = run(args.nodes, 5, 0, Path(folder))
    report(args.nodes, facts, time.perf_counter() - start, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
