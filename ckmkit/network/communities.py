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
from ..quality import is_missing, is_real, sort_kind
from ._checks import (
    attribute_present,
    backend_option,
    canonical_graph,
    node_mapping,
    require_graph,
    weighted,
)
from .graphs import customer_values

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
    G : networkx graph
        The customer network.
    seed : int, default 0
        Louvain's random node order; fixed for reproducible groups.
    resolution : float, default 1.0
        Above 1 favours smaller communities, below 1 larger ones.
    weight : str or None, default "weight"
        Edge attribute used as tie strength. A graph without the default
        ``"weight"`` on any edge counts every tie as 1; any other name set on
        no edge raises (most likely misspelt). Edges missing it count as 1,
        with a :class:`~ckmkit.quality.DataQualityWarning` saying how many.
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
    require_graph(G)
    if not _positive(resolution):  # 0 or less puts everyone in one group; text fails deep inside
        raise ValueError(t("network.bad_resolution", value=resolution))
    # NaN or negative ties break Louvain's gains; a misspelt name would weigh every tie 1.
    H, weight = weighted(G, weight, optional=weight == "weight")
    if H.number_of_edges() and H.size(weight=weight) == 0:  # Louvain divides by the total
        raise ValueError(t("network.zero_weights", name=weight))
    groups = nx.community.louvain_communities(  # in canonical order: the same groups every session
        canonical_graph(H), weight=weight, resolution=resolution, seed=seed, **backend_option(backend)
    )
    ordered = sorted(groups, key=lambda g: (-len(g), min(map(str, g))))
    label = {node: i for i, group in enumerate(ordered) for node in group}
    return pd.Series([label[v] for v in G.nodes], index=pd.Index(list(G.nodes), name="node"),
                     name="community")


def modularity(G: nx.Graph, membership: pd.Series, weight: str | None = "weight") -> float:
    """Modularity of a partition given as a node -> community Series (or dict).

    Every node needs exactly one community; a network without ties, or whose
    ties all weigh 0, raises, because modularity is not defined there.

    Parameters
    ----------
    G : networkx graph
        The customer network.
    membership : pandas.Series or dict
        node -> community, e.g. from :func:`detect_communities`.
    weight : str or None, default "weight"
        Edge attribute used as tie strength, as in :func:`detect_communities`.

    Returns
    -------
    float

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.disjoint_union(nx.complete_graph(3), nx.complete_graph(3))
    >>> round(modularity(G, detect_communities(G)), 3)
    0.5
    """
    part = _partition(G, membership)
    if G.number_of_edges() == 0:  # no ties: the expected share of ties is 0/0
        raise ValueError(t("network.no_ties"))
    value = _modularity(G, part, weight)
    if np.isnan(value):
        raise ValueError(t("network.zero_weights", name=weight))
    return value


def _modularity(G: nx.Graph, part: pd.Series, weight: str | None = "weight") -> float:
    """Modularity of a partition already checked by :func:`_partition`; NaN where undefined.

    It is not defined (0/0) on a network without ties or whose ties all weigh 0.
    """
    G, weight = weighted(G, weight, optional=weight == "weight")  # see detect_communities
    if G.size(weight=weight) == 0:
        return np.nan
    groups = [set(idx) for _, idx in part.groupby(part).groups.items()]
    return float(nx.community.modularity(G, groups, weight=weight))


def _positive(value: object) -> bool:
    """Whether `value` is a finite number above 0 (not text, a bool or None)."""
    return is_real(value) and 0 < float(value) < np.inf


def _partition(G: nx.Graph, membership: pd.Series | dict) -> pd.Series:
    """`membership` as a Series in `G`'s node order; every node needs exactly one community."""
    require_graph(G)
    nodes = list(G.nodes)
    mapping = node_mapping(membership, "membership")
    for node in nodes:
        if is_missing(mapping.get(node)):
            raise ValueError(t("network.unassigned_node", node=node))
    labels = [mapping[v] for v in nodes]
    kinds = {sort_kind(label) for label in labels}
    if len(kinds) > 1:  # "a" and 1 cannot be sorted into one table of communities
        first = sort_kind(labels[0])
        odd = next(v for v, label in zip(nodes, labels) if sort_kind(label) != first)
        raise ValueError(t("network.mixed_community_labels", node=odd, label=mapping[odd],
                           first=labels[0]))
    return pd.Series(labels, index=pd.Index(nodes, name="node"))


def community_summary(G: nx.Graph, membership: pd.Series, *, value: str = "revenue",
                      class_attribute: str = "customer_class", top_class: str = "mvc") -> pd.DataFrame:
    """Size, value and cohesion of each community.

    Parameters
    ----------
    G : networkx graph
        Node attributes `value` and `class_attribute` are used when present
        (missing value counts as 0; missing class as "not top class"). A
        `value` other than the default ``"revenue"`` set on no node raises:
        the name is most likely misspelt.
    membership : pandas.Series
        node -> community, e.g. from :func:`detect_communities`.
    value : str, default "revenue"
        Node attribute summed per community.
    class_attribute : str, default "customer_class"
        Node attribute holding each customer's class.
    top_class : str, default "mvc"
        The class whose share of members is reported (most valuable customers).

    Returns
    -------
    pandas.DataFrame
        One row per community: ``size``, ``value`` (sum of `value`),
        ``value_share``, ``top_share`` (share of members in `top_class`, e.g.
        most valuable customers), ``internal_ties`` (share of members' ties that
        stay inside: near 1 = a closed group), ``hub`` (member with most ties).
        ``attrs["modularity"]`` holds the partition's modularity (NaN for a
        network without ties, or whose ties all weigh 0, where it is not defined).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.barbell_graph(3, 0)         # two triangles joined by one tie
    >>> nx.set_node_attributes(G, {0: 100.0, 5: 50.0}, "revenue")
    >>> s = community_summary(G, detect_communities(G))
    >>> s[["size", "value", "internal_ties"]].round(3).to_dict("list")
    {'size': [3, 3], 'value': [100.0, 50.0], 'internal_ties': [0.857, 0.857]}
    """
    part = _partition(G, membership)
    nodes = list(G.nodes)
    if value != "revenue":  # a misspelt name would give every community 0 without a word
        attribute_present(value, (G.nodes[v] for v in nodes), len(nodes),
                          key="network.node_attribute_absent")
    money = pd.Series(customer_values(G, value), index=part.index)
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
    table.attrs["modularity"] = _modularity(G, part)
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
