"""Communities: groups of customers who talk mostly among themselves.

Communities maximise modularity (Newman & Girvan 2004): the share of ties
inside groups minus what random wiring with the same degrees would give. Two
methods find them:

* **Leiden** (Traag, Waltman & van Eck 2019), through python-igraph's C
  implementation, the default where python-igraph is installed. Louvain can
  leave a community badly connected, even split in two pieces that only share a
  label, because it moves a node that held its group together and never looks
  back; Leiden adds a refinement step that splits such groups, so every
  community it returns is connected, and it is much faster on large networks.
* **Louvain** (Blondel et al. 2008), networkx's own: the default without
  python-igraph, and for directed networks (directed modularity).

Both are randomised, so they take a ``seed``; the same seed gives the same groups.

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

from collections import Counter

import networkx as nx
import numpy as np
import pandas as pd

from ..i18n import t
from ..quality import is_missing, is_real, sort_kind
from . import _igraph
from ._checks import (
    attribute_present,
    backend_option,
    canonical_graph,
    canonical_nodes,
    node_mapping,
    require_graph,
    weighted,
)
from .graphs import customer_values

__all__ = ["detect_communities", "community_summary", "modularity", "METHODS", "default_method"]

#: The community methods :func:`detect_communities` knows.
METHODS = ("leiden", "louvain")


def default_method() -> str:
    """The community method used when none is named: Leiden with python-igraph, else Louvain.

    Returns
    -------
    str
        ``"leiden"`` or ``"louvain"``.

    Examples
    --------
    >>> default_method() in METHODS
    True
    """
    return "leiden" if _igraph.available() else "louvain"


def detect_communities(
    G: nx.Graph,
    *,
    method: str | None = None,
    seed: int = 0,
    resolution: float = 1.0,
    weight: str | None = "weight",
    backend: str | None = None,
) -> pd.Series:
    """Communities as a Series node -> community number (0 = largest).

    Parameters
    ----------
    G : networkx graph
        The customer network; node labels of any hashable type.
    method : {"leiden", "louvain"}, optional
        Leiden (python-igraph, undirected networks) or networkx's Louvain.
        By default Leiden where python-igraph is installed, else Louvain;
        directed networks, and calls with a `backend`, get Louvain.
    seed : int, default 0
        Seed of the method's random node order; fixed for reproducible groups.
        Leiden draws from a private generator seeded with it, leaving Python's
        ``random`` state alone, and then gives python-igraph back its default
        generator (Python's ``random`` module).
    resolution : float, default 1.0
        Above 1 favours smaller communities, below 1 larger ones.
    weight : str or None, default "weight"
        Edge attribute used as tie strength. A graph without the default
        ``"weight"`` on any edge counts every tie as 1; any other name set on
        no edge raises (most likely misspelt). Edges missing it count as 1,
        with a :class:`~ckmkit.quality.DataQualityWarning` saying how many.
    backend : str, optional
        networkx backend to dispatch Louvain to.

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
    >>> detect_communities(G, method="louvain", seed=3).value_counts().tolist()
    [4, 4]
    """
    require_graph(G)
    method = _choose_method(method, G, backend)
    if not _positive(resolution):  # 0 or less puts everyone in one group; text fails deep inside
        raise ValueError(t("network.bad_resolution", value=resolution))
    # NaN or negative ties break the gains; a misspelt name would weigh every tie 1.
    H, weight = weighted(G, weight, optional=weight == "weight")
    if weight is not None and H.number_of_edges() and H.size(weight=weight) == 0:
        raise ValueError(t("network.zero_weights", name=weight))  # modularity divides by the total
    run = _leiden if method == "leiden" else _louvain
    return _numbered(G, run(H, weight, resolution, seed, backend))


def _choose_method(method: str | None, G: nx.Graph, backend: str | None) -> str:
    """The method to run: `method` checked, or the default for this graph and machine."""
    if method is None:
        return "louvain" if G.is_directed() or backend else default_method()
    if method not in METHODS:
        raise ValueError(t("network.bad_community_method", method=method, methods=", ".join(METHODS)))
    if method == "leiden":
        if G.is_directed():  # igraph's Leiden has no directed modularity
            raise ValueError(t("network.leiden_directed"))
        if backend:
            raise ValueError(t("network.leiden_backend"))
        if not _igraph.available():
            raise ImportError(t("network.leiden_needs_igraph"))
    return method


def _louvain(H: nx.Graph, weight: str | None, resolution: float, seed: int,
             backend: str | None) -> list[set]:
    """networkx's Louvain communities, on the canonical node order: the same groups every session."""
    return nx.community.louvain_communities(canonical_graph(H), weight=weight, resolution=resolution,
                                            seed=seed, **backend_option(backend))


def _leiden(H: nx.Graph, weight: str | None, resolution: float, seed: int,
            backend: str | None = None) -> list[list]:
    """Leiden communities (modularity, `resolution`) of an undirected graph, seeded, as node lists.

    Vertices are numbered in canonical node order, so the same seed gives the
    same groups in every session. `backend` is refused earlier (see ``_choose_method``).
    """
    nodes = canonical_nodes(H)
    graph, weights = _igraph.to_igraph(H, nodes, weight)
    with _igraph.seeded(seed):
        found = graph.community_leiden(objective_function="modularity", weights=weights,
                                       resolution=resolution)
    membership = np.asarray(found.membership, dtype=np.int64)
    order = np.argsort(membership, kind="stable")
    cuts = np.flatnonzero(np.diff(membership[order])) + 1
    return [[nodes[i] for i in part] for part in np.split(order, cuts)]


def _numbered(G: nx.Graph, groups: list) -> pd.Series:
    """Node -> community number in `G`'s node order, numbered by size, ties by smallest member."""
    sizes = Counter(map(len, groups))
    # the smallest member (as text) only breaks ties of size: reading it for every group costs
    ordered = sorted(groups, key=lambda g: (-len(g), min(map(str, g)) if sizes[len(g)] > 1 else ""))
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
