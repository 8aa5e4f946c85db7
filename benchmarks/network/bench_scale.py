"""The "networks at researcher scale" targets on a Barabási–Albert graph of 100,000 nodes (m = 3, seed 42).

Times (median of repeats, wall and CPU) for:

* ``detect_communities`` with Leiden (python-igraph) including the conversion, and its modularity;
  ``--louvain`` also runs networkx's Louvain once (several minutes);
* ``compile_graph``: first call, a repeated call on the unchanged graph (cached), after a change;
* PageRank through ``centrality`` (python-igraph on a graph this size) and networkx;
  sampled betweenness by the batched numpy searches, by python-igraph, and on a long chain
  (where the batched searches hand over) by python-igraph and networkx.

Writes ``RESULTS-scale.md`` next to this file.

    .venv/bin/python benchmarks/network/bench_scale.py [--louvain] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from pathlib import Path

import networkx as nx

from ckmkit import network as N
from ckmkit.network import _igraph, centrality

HERE = Path(__file__).resolve().parent


def timed(call, repeats: int) -> tuple[float, float, object]:
    """Median wall and CPU seconds of `repeats` calls, and the last result."""
    walls, cpus, result = [], [], None
    for _ in range(repeats):
        cpu, wall = time.process_time(), time.perf_counter()
        result = call()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def without_igraph(call):
    """`call` run as on a machine without python-igraph."""
    def run():
        saved = _igraph.load

        def missing():
            raise ImportError("igraph")

        _igraph.load = missing
        try:
            return call()
        finally:
            _igraph.load = saved
    return run


def rows_for(G: nx.Graph, repeats: int, louvain: bool) -> list[tuple]:
    rows = []
    wall, cpu, groups = timed(lambda: N.detect_communities(G, method="leiden", seed=0), repeats)
    q = nx.community.modularity(G, [set(m.index) for _, m in groups.groupby(groups)])
    rows.append(("Leiden communities (conversion included)", wall, cpu,
                 f"Q {q:.3f}, {groups.nunique()} communities; target ≤ 3 s, Q ≥ networkx Louvain's"))
    if louvain:
        wall, cpu, groups = timed(lambda: N.detect_communities(G, method="louvain", seed=0), 1)
        q = nx.community.modularity(G, [set(m.index) for _, m in groups.groupby(groups)])
        rows.append(("Louvain communities (networkx)", wall, cpu,
                     f"Q {q:.3f}, {groups.nunique()} communities"))
    copies = [G.copy() for _ in range(repeats)]  # fresh graphs: nothing cached yet
    wall, cpu, _ = timed(lambda: N.compile_graph(copies.pop(), p=0.05), repeats)
    rows.append(("compile for diffusion, first call", wall, cpu, "vectorised arc extraction; target ≤ 0.3 s"))
    N.compile_graph(G, p=0.05)
    wall, cpu, _ = timed(lambda: N.compile_graph(G, p=0.05), repeats)
    rows.append(("compile again, graph unchanged", wall, cpu, "the compiled form from G.__networkx_cache__"))
    H = G.copy()
    N.compile_graph(H, p=0.05)
    H.add_edge(0, 99_999)
    wall, cpu, _ = timed(lambda: N.compile_graph(H, p=0.05), 1)
    rows.append(("compile after G.add_edge", wall, cpu, "networkx emptied the cache: compiled afresh"))
    wall, cpu, _ = timed(lambda: N.centrality.pagerank(G), repeats)
    rows.append(("PageRank via centrality (python-igraph)", wall, cpu, "conversion included"))
    wall, cpu, _ = timed(without_igraph(lambda: N.centrality.pagerank(G)), repeats)
    rows.append(("PageRank via centrality (networkx)", wall, cpu, "igraph made unavailable"))
    wall, cpu, _ = timed(lambda: N.betweenness(G, k=50), repeats)
    rows.append(("betweenness k=50 (batched searches, numpy)", wall, cpu, "what centrality uses here"))
    nodes = list(G)
    sources = random.Random(0).sample(nodes, 50)
    wall, cpu, _ = timed(lambda: centrality._igraph_betweenness(G, nodes, sources), repeats)
    rows.append(("betweenness k=50 (python-igraph)", wall, cpu, "for comparison; conversion included"))
    chain = nx.path_graph(20_000)
    wall, cpu, _ = timed(lambda: N.betweenness(chain, k=50), 1)
    rows.append(("betweenness k=50, chain of 20,000 (python-igraph)", wall, cpu,
                 "too deep for the batched searches; one run"))
    wall, cpu, _ = timed(without_igraph(lambda: N.betweenness(chain, k=50)), 1)
    rows.append(("betweenness k=50, chain of 20,000 (networkx)", wall, cpu,
                 "igraph made unavailable; one run"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--louvain", action="store_true")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    G = nx.barabasi_albert_graph(100_000, 3, seed=42)
    load = os.getloadavg()
    rows = rows_for(G, args.repeats, args.louvain)
    import importlib.metadata as md
    versions = ", ".join(f"{n} {md.version(n)}" for n in ("networkx", "igraph", "numpy", "scipy"))
    lines = ["# Networks at researcher scale: Leiden, compile cache, igraph centrality", "",
             f"Run of {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by "
             "`benchmarks/network/bench_scale.py`: Barabási–Albert, 100,000 nodes, m = 3, seed 42 "
             f"({G.number_of_edges():,} edges). {os.cpu_count()} cores, shared; load average "
             f"{load[0]:.1f} at the start, {os.getloadavg()[0]:.1f} at the end (wall includes waiting "
             f"for a core, CPU does not). {versions}. Medians of {args.repeats} runs unless noted.", "",
             "| step | wall s | CPU s | note |", "|---|---:|---:|---|"]
    lines += [f"| {name} | {wall:.3f} | {cpu:.3f} | {note} |" for name, wall, cpu, note in rows]
    (HERE / "RESULTS-scale.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
