"""Time igraph's PageRank, sampled betweenness and Louvain; executed in the benchmark venv.

Usage: python igraph_runner.py EDGES.npy --nodes N --k 50 --seed 0  (prints JSON)
"""

from __future__ import annotations

import argparse
import json
import random
import time

import igraph as ig
import numpy as np


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("edges")
    parser.add_argument("--nodes", type=int, required=True)
    parser.add_argument("--k", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    g = ig.Graph(n=args.nodes, edges=np.load(args.edges).tolist())
    out = {"version": ig.__version__}
    times = []
    for _ in range(3):
        start = time.perf_counter()
        g.pagerank(damping=0.85)
        times.append(time.perf_counter() - start)
    out["pagerank_s"] = sorted(times)[1]
    sources = np.random.default_rng(args.seed).choice(args.nodes, args.k, replace=False).tolist()
    start = time.perf_counter()
    g.betweenness(sources=sources, directed=False)  # subset betweenness = k sampled sources
    out["betweenness_s"] = time.perf_counter() - start
    random.seed(args.seed)
    ig.set_random_number_generator(random)
    start = time.perf_counter()
    parts = g.community_multilevel()
    out["louvain_s"] = time.perf_counter() - start
    out["louvain_q"] = g.modularity(parts.membership)
    out["louvain_groups"] = len(parts)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
