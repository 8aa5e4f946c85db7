"""Customer networks built from CRM tables, with customer data on the nodes.

Three networks live in a CRM world:

* **word of mouth** — ``referrals(referrer_id, referred_id, date)``: who brought
  whom in; directed, weighted by the number of referrals;
* **customer ties** — ``ties(customer_a, customer_b, weight)``: undirected
  contacts between customers, weighted by how often they meet;
* **service** — ``assignments(employee_id, customer_id, role)``: the bipartite
  network of employees and the customers they serve.

Handling of messy rows (documented, counted, never silent): rows with a
missing id, edges naming a customer not in the ``customers`` table, and
self-loops are left out; repeated edges are merged (weights add, the count of
merged rows is kept on the edge as ``rows``). Each builder reports what it did
in one :class:`~ckmkit.quality.DataQualityWarning` (or raises
:class:`~ckmkit.quality.DataQualityError` with ``strict=True``).

Examples
--------
>>> import pandas as pd
>>> referrals = pd.DataFrame({"referrer_id": ["C1", "C1", "C2"],
...                           "referred_id": ["C2", "C3", "C3"]})
>>> G = referral_graph(referrals)
>>> sorted(G.edges())
[('C1', 'C2'), ('C1', 'C3'), ('C2', 'C3')]
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from ..i18n import t
from ..quality import is_missing, is_real, report_exclusions, require_columns
from ._checks import check_probability, graph_weights, node_numbers, require_graph

__all__ = [
    "referral_graph",
    "tie_graph",
    "assignment_graph",
    "attach_customer_data",
    "customer_values",
    "contact_probability",
]


def _id_kind(value: Any) -> str:
    """The kind of an id for the mixed-type check: numbers of any width count as one kind."""
    if isinstance(value, (bool, np.bool_)):
        return "bool"
    return "number" if is_real(value) else type(value).__name__


def _check_id_types(*columns: tuple[pd.DataFrame | None, str]) -> None:
    """Raise naming the column and two rows when ids of different types are mixed.

    ``'C1'`` and ``5`` can never be the same customer, cannot be sorted together,
    and make pandas' Arrow-backed comparisons fail deep inside pyarrow; usually
    an id was typed as a number by mistake, so the reader should decide.
    ``columns`` are (table, column) pairs checked together (they name the same
    kind of node), e.g. the edge table's two columns and the customer table's
    ids, which otherwise would leave every edge out as naming an unknown
    customer; a table that is None is skipped.
    """
    first: tuple | None = None  # (kind, column, row, value, table) of the first id seen
    for table, column in columns:
        if table is None:
            continue
        require_columns(table, [column])
        values = table[column]
        if pd.api.types.is_string_dtype(values.dtype) and values.dtype != object:
            kinds = pd.Series("str", index=values.index)  # a string column holds only text
        else:
            kinds = values.map(lambda v: None if is_missing(v) else _id_kind(v))
        present = kinds.notna().to_numpy()
        if not present.any():
            continue
        positions = np.flatnonzero(present)
        if first is None:
            p = positions[0]
            first = (kinds.iloc[p], column, table.index[p], _plain(values.iloc[p]), table)
        other = positions[(kinds.iloc[positions] != first[0]).to_numpy()]
        if other.size:
            p = other[0]
            key = "network.mixed_id_types" if table is first[4] else "network.id_types_differ"
            raise ValueError(t(key, column=column, row=table.index[p],
                               value=_plain(values.iloc[p]), kind=type(values.iloc[p]).__name__,
                               first_column=first[1], first_row=first[2], first_value=first[3],
                               first_kind=type(first[3]).__name__))


def _clean_pairs(
    table: pd.DataFrame, a: str, b: str, known: pd.Index | None, *, directed: bool
) -> tuple[pd.DataFrame, dict[str, int]]:
    """Drop rows with missing ids, unknown ids and self-loops; order undirected pairs."""
    frame = table.rename(columns={a: "_a", b: "_b"})
    # Categorical ids (e.g. read from Parquet) cannot be compared across columns: use the values.
    frame = frame.astype({c: object for c in ("_a", "_b") if isinstance(frame[c].dtype, pd.CategoricalDtype)})
    counts: dict[str, int] = {}
    missing = frame["_a"].isna() | frame["_b"].isna()
    counts["network.reason_missing_endpoint"] = int(missing.sum())
    frame = frame[~missing]
    if known is not None:
        unknown = ~(frame["_a"].isin(known) & frame["_b"].isin(known))
        counts["network.reason_unknown_customer"] = int(unknown.sum())
        frame = frame[~unknown]
    loop = frame["_a"] == frame["_b"]
    counts["network.reason_self_loop_row"] = int(loop.sum())
    frame = frame[~loop]
    if not directed:  # (x, y) and (y, x) are the same tie
        swap = frame["_a"].astype(str) > frame["_b"].astype(str)
        frame = frame.assign(
            _a=frame["_a"].where(~swap, frame["_b"]), _b=frame["_b"].where(~swap, frame["_a"])
        )
    return frame, counts


def _merge_repeats(frame: pd.DataFrame, weight: str | None, counts: dict[str, int]) -> pd.DataFrame:
    """One row per pair: weights add, ``rows`` counts the merged rows."""
    agg = {"rows": ("_a", "size")}
    if weight is not None:
        agg["weight"] = (weight, "sum")
    merged = frame.groupby(["_a", "_b"], sort=True, observed=True).agg(**agg).reset_index()
    counts["network.reason_duplicate_edge"] = int(len(frame) - len(merged))
    return merged


def _customer_index(customers: pd.DataFrame | None, id_column: str) -> pd.Index | None:
    if customers is None:
        return None
    require_columns(customers, [id_column])
    return pd.Index(customers[id_column].dropna().unique())


def _add_customers(G: nx.Graph, customers: pd.DataFrame | None, id_column: str) -> None:
    if customers is not None:  # tolist: Python ids, not NumPy scalars (which JSON cannot write)
        G.add_nodes_from(customers[id_column].dropna().unique().tolist())
        attach_customer_data(G, customers, id_column=id_column)


def referral_graph(
    referrals: pd.DataFrame,
    customers: pd.DataFrame | None = None,
    *,
    source: str = "referrer_id",
    target: str = "referred_id",
    id_column: str = "customer_id",
    strict: bool = False,
) -> nx.DiGraph:
    """The word-of-mouth network: an arc from each referrer to the customer they brought.

    Parameters
    ----------
    referrals : pandas.DataFrame
        One row per referral, with `source` and `target` columns.
    customers : pandas.DataFrame, optional
        If given, every customer becomes a node (also those who never referred
        anyone), its columns become node attributes, and referrals naming a
        customer not in this table are left out and counted.
    source : str, default "referrer_id"
        Column of the customer who referred.
    target : str, default "referred_id"
        Column of the customer they brought in.
    id_column : str, default "customer_id"
        Id column of `customers`.
    strict : bool, default False
        Raise instead of warning about rows left out or merged.

    Returns
    -------
    networkx.DiGraph
        Arc attribute ``weight`` = ``rows`` = number of referral rows merged into it.

    Examples
    --------
    >>> import pandas as pd, warnings
    >>> refs = pd.DataFrame({"referrer_id": ["C1", "C1", "C1", "C9"],
    ...                      "referred_id": ["C2", "C2", "C1", "C2"]})
    >>> people = pd.DataFrame({"customer_id": ["C1", "C2", "C3"], "revenue": [10, 20, 5]})
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     G = referral_graph(refs, people)
    >>> print(caught[0].message)  # doctest: +ELLIPSIS
    Excluded 3 of 4 rows: 1 naming a customer not in the customer table; 1 self-loop ...; 1 repeated edge ...
    >>> G["C1"]["C2"], G.nodes["C3"]["revenue"]
    ({'weight': 2, 'rows': 2}, 5)
    """
    require_columns(referrals, [source, target])
    _check_id_types((referrals, source), (referrals, target), (customers, id_column))
    known = _customer_index(customers, id_column)
    frame, counts = _clean_pairs(referrals, source, target, known, directed=True)
    merged = _merge_repeats(frame, None, counts)
    report_exclusions(counts, total=len(referrals), strict=strict)
    G = nx.DiGraph()
    _add_customers(G, customers, id_column)
    G.add_edges_from(
        (a, b, {"weight": int(r), "rows": int(r)})
        for a, b, r in merged[["_a", "_b", "rows"]].itertuples(index=False)
    )
    return G


def tie_graph(ties: pd.DataFrame, customers: pd.DataFrame | None = None, *, a: str = "customer_a",
              b: str = "customer_b", weight: str | None = "weight", id_column: str = "customer_id",
              strict: bool = False) -> nx.Graph:
    """The customer-to-customer contact network (undirected, weighted).

    Repeated ties — including the same pair listed both ways — merge into one
    edge whose weights add.

    Parameters
    ----------
    ties : pandas.DataFrame
        One row per tie, with columns `a` and `b` (and `weight`).
    customers : pandas.DataFrame, optional
        If given, every customer becomes a node (also those without ties), its
        columns become node attributes, and ties naming a customer not in this
        table are left out and counted.
    a, b : str, default "customer_a", "customer_b"
        Columns of the two customers of a tie.
    weight : str or None, default "weight"
        Column of tie strength: numbers of 0 or more. ``None`` counts rows instead.
    id_column : str, default "customer_id"
        Id column of `customers`.
    strict : bool, default False
        Raise instead of warning about rows left out or merged.

    Returns
    -------
    networkx.Graph
        Edge attributes ``weight`` (summed) and ``rows`` (rows merged into it).

    Examples
    --------
    >>> import pandas as pd
    >>> ties = pd.DataFrame({"customer_a": ["C1", "C2"], "customer_b": ["C2", "C3"],
    ...                      "weight": [3, 1]})
    >>> G = tie_graph(ties)
    >>> G["C2"]["C1"]["weight"], G.number_of_edges()
    (3.0, 2)
    """
    require_columns(ties, [a, b] + ([weight] if weight else []))
    _check_id_types((ties, a), (ties, b), (customers, id_column))
    if weight is not None:
        ties = ties.assign(**{weight: _tie_weights(ties, weight)})
    known = _customer_index(customers, id_column)
    frame, counts = _clean_pairs(ties, a, b, known, directed=False)
    merged = _merge_repeats(frame, weight, counts)
    report_exclusions(counts, total=len(ties), strict=strict)
    G = nx.Graph()
    _add_customers(G, customers, id_column)
    weights = merged["weight"] if weight is not None else merged["rows"].astype("float64")
    G.add_edges_from(
        (x, y, {"weight": float(w), "rows": int(r)})
        for x, y, w, r in zip(merged["_a"], merged["_b"], weights, merged["rows"])
    )
    return G


def _tie_weights(ties: pd.DataFrame, weight: str) -> pd.Series:
    """Column `weight` as floats; raise naming the first row that is missing, text, negative or infinite."""
    values = pd.to_numeric(ties[weight], errors="coerce").astype("float64")  # NA -> NaN
    bad = ~np.isfinite(values) | (values < 0)  # missing, text (coerced to NaN) or infinite
    if bad.any():
        first = int(np.flatnonzero(bad.to_numpy())[0])  # by position: labels may repeat
        raise ValueError(t("network.bad_tie_weight", column=weight, row=ties.index[first],
                           value=_plain(ties[weight].iloc[first])))
    return values


def assignment_graph(assignments: pd.DataFrame, customers: pd.DataFrame | None = None,
                     employees: pd.DataFrame | None = None, *, employee: str = "employee_id",
                     customer: str = "customer_id", role: str | None = "role",
                     strict: bool = False) -> nx.Graph:
    """The bipartite service network: employees on one side, customers on the other.

    Nodes carry ``kind`` (``"employee"`` / ``"customer"``) and ``bipartite``
    (0 / 1, the networkx convention). Edges carry ``role``; if a pair is listed
    twice it is merged and keeps ``"primary"`` when any row says so. Rows
    naming an employee or customer missing from the given tables are left out
    and counted.

    Parameters
    ----------
    assignments : pandas.DataFrame
        One row per (employee, customer) assignment.
    customers, employees : pandas.DataFrame, optional
        If given, every customer (employee) becomes a node, also those without
        assignments, with its columns as node attributes.
    employee, customer : str, default "employee_id", "customer_id"
        Id columns, in `assignments` and in the two tables.
    role : str or None, default "role"
        Column saying ``"primary"`` or ``"backup"``; ``None`` if there is none.
    strict : bool, default False
        Raise instead of warning about rows left out or merged.

    Returns
    -------
    networkx.Graph

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"employee_id": ["E1", "E1", "E2"],
    ...                   "customer_id": ["C1", "C2", "C2"],
    ...                   "role": ["primary", "primary", "backup"]})
    >>> B = assignment_graph(a)
    >>> sorted(B["C2"]), B.nodes["E1"]["kind"], B["E2"]["C2"]["role"]
    (['E1', 'E2'], 'employee', 'backup')
    """
    require_columns(assignments, [employee, customer] + ([role] if role else []))
    _check_sides(assignments, (employees, employee), (customers, customer))
    frame, counts = _clean_pairs(assignments, employee, customer, None, directed=True)
    counts.pop("network.reason_self_loop_row")  # impossible once the id sets are disjoint
    frame = _known_sides(frame, counts, (employees, employee, "_a"), (customers, customer, "_b"))
    frame = frame.assign(_primary=(frame[role] == "primary") if role else False)
    merged = frame.groupby(["_a", "_b"], sort=True).agg(primary=("_primary", "max")).reset_index()
    counts["network.reason_duplicate_edge"] = len(frame) - len(merged)
    report_exclusions(counts, total=len(assignments), strict=strict)
    B = nx.Graph()
    _add_listed(B, employees, employee, "employee", 0)
    _add_listed(B, customers, customer, "customer", 1)
    B.add_nodes_from(merged["_a"].unique().tolist(), kind="employee", bipartite=0)
    B.add_nodes_from(merged["_b"].unique().tolist(), kind="customer", bipartite=1)
    B.add_edges_from(
        (e, c, {"role": "primary" if p else ("backup" if role else None)})
        for e, c, p in merged.itertuples(index=False)
    )
    return B


def _check_sides(assignments: pd.DataFrame, *sides: tuple[pd.DataFrame | None, str]) -> None:
    """Ids of each side of one type (sides may differ), and no id on both sides.

    Each side is (its table or None, its id column), employees first.
    """
    for table, column in sides:
        _check_id_types((assignments, column), (table, column))
    (_, employee), (_, customer) = sides
    clash = set(assignments[employee].dropna()) & set(assignments[customer].dropna())
    if clash:
        raise ValueError(t("network.id_clash", node=sorted(map(str, clash))[0]))


def _known_sides(frame: pd.DataFrame, counts: dict[str, int], *sides: tuple) -> pd.DataFrame:
    """Leave out rows naming an employee or customer missing from its table, and count them.

    Each side is (table or None, id column, column of `frame`: ``"_a"`` employees, ``"_b"`` customers).
    """
    for table, column, side in sides:
        if table is not None:
            require_columns(table, [column])
            unknown = ~frame[side].isin(table[column])
            reason = f"network.reason_unknown_{'employee' if side == '_a' else 'customer'}"
            counts[reason] = int(unknown.sum())
            frame = frame[~unknown]
    return frame


def _add_listed(B: nx.Graph, table: pd.DataFrame | None, column: str, kind: str, part: int) -> None:
    """Add everyone in `table` (also those without assignments) to one side, with their data."""
    if table is not None:
        B.add_nodes_from(table[column].dropna().unique().tolist(), kind=kind, bipartite=part)
        attach_customer_data(B, table, id_column=column)


def attach_customer_data(
    G: nx.Graph, table: pd.DataFrame, *, id_column: str = "customer_id", columns: list[str] | None = None
) -> nx.Graph:
    """Copy table columns onto matching nodes as attributes (in place; returns `G`).

    Rows whose id is not a node are ignored: the graph decides who is in it.
    Missing values are not copied, so a node never gets a NaN attribute.

    Parameters
    ----------
    G : networkx graph
        The network whose nodes get the data.
    table : pandas.DataFrame
        One row per node, at most; a node listed twice raises.
    id_column : str, default "customer_id"
        Column holding the node ids.
    columns : list of str, optional
        Columns to copy; by default all but `id_column`.

    Returns
    -------
    networkx graph
        `G` itself.

    Examples
    --------
    >>> import networkx as nx, pandas as pd
    >>> G = nx.Graph([("C1", "C2")])
    >>> data = pd.DataFrame({"customer_id": ["C1", "C9"], "clv": [120.0, 5.0]})
    >>> attach_customer_data(G, data).nodes["C1"]
    {'clv': 120.0}
    """
    require_graph(G)
    require_columns(table, [id_column] + list(columns or []))
    keep = [c for c in (columns or table.columns) if c != id_column]
    rows = table[table[id_column].isin(list(G.nodes))]
    repeated = rows[id_column].value_counts()
    if len(repeated) and repeated.iloc[0] > 1:  # which row's data would win is arbitrary
        raise ValueError(t("network.duplicate_id", node=repeated.index[0], n=int(repeated.iloc[0]),
                           column=id_column))
    for record in rows[[id_column, *keep]].to_dict("records"):
        node = record.pop(id_column)
        G.nodes[node].update({k: _plain(v) for k, v in record.items() if not is_missing(v)})
    return G




def _plain(value: Any) -> Any:
    """NumPy scalars become Python ones, so attributes print and serialise cleanly."""
    return value.item() if isinstance(value, np.generic) else value


def customer_values(G: nx.Graph, attribute: str, default: float = 0.0) -> np.ndarray:
    """Node attribute `attribute` as a float array in ``G``'s node order (missing = `default`).

    ``None`` and NaN count as missing; text or an infinite value raises an
    error naming the node.

    Parameters
    ----------
    G : networkx graph
        The network.
    attribute : str
        Node attribute to read, e.g. ``"clv"``.
    default : float, default 0.0
        Value of nodes without the attribute.

    Returns
    -------
    numpy.ndarray of float

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([(1, 2)])
    >>> G.nodes[1]["clv"] = 7.5
    >>> customer_values(G, "clv").tolist()
    [7.5, 0.0]
    """
    nodes = list(G.nodes)
    raw = [G.nodes[node].get(attribute) for node in nodes]
    out = node_numbers(nodes, raw, attribute, allow_missing=True)
    return np.where(np.isnan(out), float(default), out)


def contact_probability(
    G: nx.Graph, per_contact: float = 0.03, *, weight: str = "weight", name: str = "p"
) -> nx.Graph:
    """Give each tie the chance that word of mouth crosses it: ``1 - (1 - q) ** contacts``.

    If every contact between two customers is an independent chance ``q`` to
    pass a recommendation on, a tie with ``w`` contacts passes it with
    probability ``1 - (1 - q) ** w``. The result is stored as edge attribute
    `name` (in place; returns `G`) for ``independent_cascade(G, seeds, p=name)``.

    Parameters
    ----------
    G : networkx graph
        The customer network.
    per_contact : float, default 0.03
        Chance ``q`` that one contact passes a recommendation on.
    weight : str, default "weight"
        Edge attribute counting the contacts of a tie (0 or more). A graph
        without the default ``"weight"`` on any edge counts one contact per
        tie; any other name set on no edge raises.
    name : str, default "p"
        Edge attribute the probability is written to.

    Returns
    -------
    networkx graph
        `G` itself.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("C1", "C2", weight=2)
    >>> round(contact_probability(G, 0.1)["C1"]["C2"]["p"], 4)
    0.19
    """
    require_graph(G)
    q = check_probability(per_contact, "per_contact")
    weights = graph_weights(G, weight, optional=weight == "weight")
    if weights is None:  # unweighted: one contact per tie
        weights = np.ones(G.number_of_edges())
    chances = 1.0 - (1.0 - q) ** weights
    for (*_, d), chance in zip(G.edges(data=True), chances.tolist()):
        d[name] = chance
    return G
