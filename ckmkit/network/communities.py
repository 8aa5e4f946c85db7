"""Communities: groups of customers who talk mostly among themselves.

Communities come from networkx's Louvain method (Blondel et al. 2008), which
greedily maximises modularity (Newman & Girvan 2004): the share of ties inside
groups minus what random wiring with the same degrees would give. Louvain is
randomised, so it takes a ``seed``; the same seed gives the same groups.

For a CRM team a community is a natural word-of-mouth market: a promotion
seeded inside it tends to stay inside it. :func:`community_summary` says how
big and how valuable each one is.

Examples
--------
>>> import networkx as nx
>>> G = nx.disjoint_union(nx.complete_graph(4), nx.complete_graph(3))
>>> detect_communities(G).tolist()
[0, 0, 0, 0, 1, 1, 1]
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from ..i18n import t

__all__ = ["detect_communities", "community_summary", "modularity"]


def detect_communities(
    G: nx.Graph,
    *,
    seed: int = 0,
    resolution: float = 1.0,
    weight: str | None = "weight",
    backend: str | None = None,
) -> pd.Series:
    """Louvain communities as a Series node -> community number (0 = largest).

    Parameters
    ----------
    seed : int
        Louvain's random node order; fixed for reproducible groups.
    resolution : float, default 1.0
        Above 1 favours smaller communities, below 1 larger ones.
    weight : str or None, default "weight"
        Edge attribute used as tie strength (missing = 1).
    backend : str, optional
        networkx backend to dispatch to.

    Returns
    -------
    pandas.Series
        Named ``community``, in the graph's node order; numbered by size
        (largest first, ties broken by the smallest member).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.barbell_graph(4, 0)          # two cliques of four joined by one tie
    >>> detect_communities(G, seed=3).value_counts().tolist()
    [4, 4]
    """
    if G.number_of_nodes() == 0:
        raise ValueError(t("network.empty_graph"))
    extra = {"backend": backend} if backend else {}
    groups = nx.community.louvain_communities(
        G, weight=weight, resolution=resolution, seed=seed, **extra
    )
    ordered = sorted(groups, key=lambda g: (-len(g), min(map(str, g))))
    label = {node: i for i, group in enumerate(ordered) for node in group}
    return pd.Series([label[v] for v in G.nodes], index=pd.Index(list(G.nodes), name="node"),
                     name="community")


def modularity(G: nx.Graph, membership: pd.Series, weight: str | None = "weight") -> float:
    """Modularity of a partition given as a node -> community Series.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.disjoint_union(nx.complete_graph(3), nx.complete_graph(3))
    >>> round(modularity(G, detect_communities(G)), 3)
    0.5
    """
    groups = [set(idx) for _, idx in membership.groupby(membership).groups.items()]
    return float(nx.community.modularity(G, groups, weight=weight))


def community_summary(
    G: nx.Graph,
    membership: pd.Series,
    *,
    value: str = "revenue",
    class_attribute: str = "customer_class",
    top_class: str = "mvc",
) -> pd.DataFrame:
    """Size, value and cohesion of each community.

    Parameters
    ----------
    G : networkx graph
        Node attributes `value` and `class_attribute` are used when present
        (missing value counts as 0; missing class as "not top class").
    membership : pandas.Series
        node -> community, e.g. from :func:`detect_communities`.

    Returns
    -------
    pandas.DataFrame
        One row per community: ``size``, ``value`` (sum of `value`),
        ``value_share``, ``top_share`` (share of members in `top_class`, e.g.
        most valuable customers), ``internal_ties`` (share of members' ties that
        stay inside: near 1 = a closed group), ``hub`` (member with most ties).
        ``attrs["modularity"]`` holds the partition's modularity.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.barbell_graph(3, 0)         # two triangles joined by one tie
    >>> nx.set_node_attributes(G, {0: 100.0, 5: 50.0}, "revenue")
    >>> s = community_summary(G, detect_communities(G))
    >>> s[["size", "value", "internal_ties"]].round(3).to_dict("list")
    {'size': [3, 3], 'value': [100.0, 50.0], 'internal_ties': [0.857, 0.857]}
    """
    nodes = list(G.nodes)
    part = membership.reindex(nodes)
    if part.isna().any():
        raise ValueError(t("network.unassigned_node", node=part.index[part.isna()][0]))
    money = pd.Series([float(G.nodes[v].get(value, 0.0)) for v in nodes], index=nodes)
    top = pd.Series([G.nodes[v].get(class_attribute) == top_class for v in nodes], index=nodes)
    inside, total = _tie_counts(G, part)
    degree = pd.Series(dict(G.degree()))
    table = pd.DataFrame({
        "size": part.groupby(part).size(),
        "value": money.groupby(part).sum(),
        "top_share": top.groupby(part).mean(),
        "internal_ties": inside / total.replace(0, np.nan),
        "hub": degree.groupby(part).idxmax(),
    })
    grand = table["value"].sum()
    table.insert(2, "value_share", table["value"] / grand if grand else 0.0)
    table.index.name = "community"
    table.attrs["modularity"] = modularity(G, part)
    return table


def _tie_counts(G: nx.Graph, part: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Per community: edge endpoints inside it, and all edge endpoints of its members."""
    inside: dict = {}
    total: dict = {}
    for u, v in G.edges():
        cu, cv = part[u], part[v]
        total[cu] = total.get(cu, 0) + 1
        total[cv] = total.get(cv, 0) + 1
        if cu == cv:
            inside[cu] = inside.get(cu, 0) + 2
    index = pd.Index(sorted(set(part)))
    return (pd.Series(inside, dtype="float64").reindex(index, fill_value=0.0),
            pd.Series(total, dtype="float64").reindex(index, fill_value=0.0))
