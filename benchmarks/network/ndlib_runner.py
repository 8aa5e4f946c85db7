"""Run NDlib's independent cascade and print JSON; executed in the benchmark venv.

NDlib is not a dependency of ckmkit, so bench_network.py calls this script
with the benchmark environment's Python. Input: an .npy edge list (int pairs,
undirected), the seeds, p, runs and a seed. Every edge gets p as its
``threshold``: without it NDlib uses 1/degree instead of the configured p.

Usage: python ndlib_runner.py EDGES.npy --nodes N --seeds 1,2,3 --p 0.05 --runs 100 --seed 0
"""

from __future__ import annotations

import argparse
import json
import time

import networkx as nx
import numpy as np


def build(edges: np.ndarray, n: int, p: float):
    import ndlib.models.ModelConfig as mc
    from ndlib.models.epidemics import IndependentCascadesModel

    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_edges_from(map(tuple, edges.tolist()))
    model = IndependentCascadesModel(G)
    config = mc.Configuration()
    for u, v in G.edges():
        config.add_edge_configuration("threshold", (u, v), p)
    return G, model, config


def one_run(model, config, seeds: list[int]) -> int:
    config.add_model_initial_configuration("Infected", seeds)
    model.set_initial_status(config)
    model.reset(infected_nodes=seeds)
    while True:
        step = model.iteration(node_status=False)
        if step["node_count"].get(1, 0) == 0 and step["iteration"] > 0:
            return int(step["node_count"].get(2, 0))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("edges")
    parser.add_argument("--nodes", type=int, required=True)
    parser.add_argument("--seeds", required=True)
    parser.add_argument("--p", type=float, required=True)
    parser.add_argument("--runs", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    start = time.perf_counter()
    _, model, config = build(np.load(args.edges), args.nodes, args.p)
    setup = time.perf_counter() - start
    np.random.seed(args.seed)  # NDlib draws from NumPy's global generator
    start = time.perf_counter()
    finals = [one_run(model, config, seeds) for _ in range(args.runs)]
    elapsed = time.perf_counter() - start
    import ndlib

    print(json.dumps({"setup_s": setup, "runs_s": elapsed, "finals": finals,
                      "version": getattr(ndlib, "__version__", "unknown")}))


if __name__ == "__main__":
    main()
