"""Customer networks: word of mouth, communities, diffusion, network value, key-person risk.

========================================  =====================================================
``graphs``       :func:`referral_graph`, :func:`tie_graph`, :func:`assignment_graph`,
                 :func:`attach_customer_data` — networkx graphs built from the CRM tables
``centrality``   :func:`centrality_table` — degree, betweenness (sampled), PageRank
                 (python-igraph's C code on large networks where it is installed)
``communities``  :func:`detect_communities`, :func:`community_summary` — Leiden (python-igraph)
                 or networkx's Louvain, seeded
``diffusion``    :func:`independent_cascade`, :func:`linear_threshold`, :func:`simulate`,
                 :func:`expected_spread` — batched Monte Carlo on a sparse matrix;
                 :func:`compile_graph` compiles a network once for many simulations
``influence``    :func:`celf`, :func:`compare_seed_strategies` — influence maximisation
``value``        :func:`referral_value` (CRV, referral graph), :func:`influence_value` (CIV,
                 tie graph: the lift one's word of mouth causes); :func:`network_value`
                 — the whole value of the customers one reaches, an upper bound
``risk``         :func:`key_person_risk`, :func:`bus_factor`, :func:`what_if_leaves`
``bass``         :func:`bass_curve`, :func:`bass_peak`, :func:`bass_share` — the Bass (1969)
                 diffusion model: how many adopt when, without a network
``plots``        drawings and charts that return Matplotlib Axes
========================================  =====================================================

Submodules load on first use, so ``import ckmkit.network`` stays light; every
public name is also available here directly.

Examples
--------
>>> import networkx as nx
>>> from ckmkit.network import independent_cascade
>>> independent_cascade(nx.path_graph(3), [0], p=1.0, runs=2).tolist()
[3, 3]
"""

from __future__ import annotations

import importlib
from typing import Any

# public name -> submodule that defines it
_EXPORTS = {
    "DiffusionGraph": "diffusion",
    "compile_graph": "diffusion",
    "key_from_seed": "diffusion",
    "Cascade": "diffusion",
    "Spread": "diffusion",
    "independent_cascade": "diffusion",
    "linear_threshold": "diffusion",
    "simulate": "diffusion",
    "expected_spread": "diffusion",
    "referral_graph": "graphs",
    "tie_graph": "graphs",
    "assignment_graph": "graphs",
    "attach_customer_data": "graphs",
    "customer_values": "graphs",
    "contact_probability": "graphs",
    "centrality_table": "centrality",
    "modularity": "communities",
    "random_seeds": "influence",
    "spread_of_sets": "diffusion",
    "WhatIf": "risk",
    "betweenness": "centrality",
    "detect_communities": "communities",
    "community_summary": "communities",
    "celf": "influence",
    "top_degree": "influence",
    "top_pagerank": "influence",
    "choose_seeds": "influence",
    "compare_seed_strategies": "influence",
    "network_value": "value",
    "referral_value": "value",
    "influence_value": "value",
    "key_person_risk": "risk",
    "bus_factor": "risk",
    "what_if_leaves": "risk",
    "bass_curve": "bass",
    "bass_peak": "bass",
    "bass_share": "bass",
}

_SUBMODULES = {
    "graphs", "centrality", "communities", "diffusion", "influence", "value", "risk", "plots", "bass",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in _EXPORTS:
        module = importlib.import_module(f"{__name__}.{_EXPORTS[name]}")
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS) | _SUBMODULES)
