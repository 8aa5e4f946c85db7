"""Key-person risk: customers who depend on one employee, and what leaves with them.

When a salesperson or account manager quits, the relationship and the
personal knowledge about their customers — preferences, history, promises —
often leave too, unless that knowledge was made organisational (shared
records, a backup contact). This is the "sharing" problem of customer
knowledge management (see the course's domain notes, §1.5) seen as a network.

All functions read the bipartite ``assignments(employee_id, customer_id,
role)`` table of the CRM world:

* :func:`key_person_risk` — per employee: customers served, customers served
  by nobody else ("sole"), and their value;
* :func:`what_if_leaves` — remove one or more employees: which customers are
  left with no contact (orphaned), which fall back to a backup;
* :func:`bus_factor` — per team (e.g. region): the fewest departures that
  leave a given share of the team's customer value without any contact.

Examples
--------
>>> import pandas as pd
>>> a = pd.DataFrame({"employee_id": ["E1", "E1", "E2", "E2"],
...                   "customer_id": ["C1", "C2", "C2", "C3"],
...                   "role": ["primary", "primary", "backup", "primary"]})
>>> key_person_risk(a)[["customers", "sole_customers"]].to_dict("index")
{'E1': {'customers': 2, 'sole_customers': 1}, 'E2': {'customers': 2, 'sole_customers': 1}}
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import t
from ..quality import is_missing, is_real, report_exclusions, require_columns
from ._checks import node_mapping, node_numbers, require_unique

__all__ = ["key_person_risk", "what_if_leaves", "bus_factor", "WhatIf"]

_EXACT_TEAM_SIZE = 16  # teams up to this size get an exact bus factor (at most 2^16 subsets)


def _links(assignments: pd.DataFrame, employee: str, customer: str, role: str | None,
           strict: bool = False) -> pd.DataFrame:
    """Distinct (employee, customer, primary) links; rows with a missing id cannot serve anyone.

    Those rows are left out and counted in a :class:`~ckmkit.quality.DataQualityWarning`.
    """
    require_columns(assignments, [employee, customer] + ([role] if role else []))
    frame = assignments.dropna(subset=[employee, customer])
    report_exclusions({"network.reason_missing_endpoint": len(assignments) - len(frame)},
                      total=len(assignments), strict=strict)
    primary = (frame[role] == "primary") if role else pd.Series(True, index=frame.index)
    odd = frame[role][~frame[role].isin(["primary", "backup"])] if role else frame.iloc[:0]
    if len(odd):  # e.g. "Primary" or "lead": counted as backup, which changes who is at risk
        _warn("network.odd_roles", n=len(odd), total=len(frame), column=role, example=odd.iloc[0])
    links = pd.DataFrame({"employee": frame[employee], "customer": frame[customer],
                          "primary": primary.to_numpy()})
    return links.groupby(["employee", "customer"], as_index=False)["primary"].max()


def _value_of(customers_ids: pd.Index, values: pd.Series | pd.DataFrame | dict | None) -> pd.DataFrame:
    """Value columns per customer id (zeros if no values given, or for customers without one).

    A Series or dict must hold numbers; a DataFrame's non-numeric columns (names,
    classes) are left out, as documented. Values indexed by something other than
    customer id, or listing a customer twice, raise instead of giving zeros.
    """
    if values is None:
        return pd.DataFrame(index=customers_ids)
    if isinstance(values, pd.DataFrame):
        frame = values.select_dtypes("number")
        require_unique(frame.index, "values")
    else:
        mapping = node_mapping(values, "values")
        name = values.name if isinstance(values, pd.Series) and values.name is not None else "value"
        frame = pd.DataFrame({name: _numbers(mapping, name)})
    if len(frame.index) and len(customers_ids) and not frame.index.isin(customers_ids).any():
        raise ValueError(t("network.values_not_indexed", example=frame.index[0]))
    frame = frame.reindex(customers_ids)
    lacking = frame.isna().any(axis=1)
    if lacking.any():
        _warn("network.values_missing", n=int(lacking.sum()), total=len(frame),
              example=frame.index[lacking.to_numpy()][0])
    return frame.fillna(0.0)


def _warn(key: str, **values: Any) -> None:
    """A :class:`~ckmkit.quality.DataQualityWarning` pointing at the caller of the public function."""
    from ..quality import warn

    warn(t(key, **values))


def _numbers(mapping: dict, name: str) -> pd.Series:
    """Mapping id -> value as floats; text or infinity raises naming the customer."""
    ids = list(mapping)
    return pd.Series(node_numbers(ids, list(mapping.values()), name, allow_missing=True),
                     index=pd.Index(ids, dtype=object), dtype=float)


def key_person_risk(assignments: pd.DataFrame, values: pd.Series | pd.DataFrame | None = None, *,
                    employee: str = "employee_id", customer: str = "customer_id",
                    role: str | None = "role") -> pd.DataFrame:
    """Per employee: how many customers, and how much value, depend on them alone.

    Parameters
    ----------
    assignments : pandas.DataFrame
        Rows (employee, customer, role); role ``"primary"`` or ``"backup"``.
    values : pandas.Series or DataFrame, optional
        Indexed by customer id; numeric columns (revenue, CLV, ...) are summed
        for each employee's sole customers as ``sole_<column>``, and their
        share of the column total as ``sole_<column>_share``.
    employee, customer : str, default "employee_id", "customer_id"
        Id columns of `assignments`.
    role : str or None, default "role"
        Column saying ``"primary"`` or ``"backup"``; ``None`` counts every link as primary.

    Returns
    -------
    pandas.DataFrame
        Index: employee. ``customers`` (all served), ``primary_customers``,
        ``sole_customers`` (served by nobody else), ``sole_share`` (of the
        employee's customers), the ``sole_<column>`` sums; sorted by the first
        value column at risk (or by ``sole_customers``).

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"employee_id": ["E1", "E2", "E2"], "customer_id": ["C1", "C1", "C2"],
    ...                   "role": ["primary", "backup", "primary"]})
    >>> key_person_risk(a, pd.Series({"C1": 10.0, "C2": 40.0}, name="clv"))["sole_clv"].to_dict()
    {'E2': 40.0, 'E1': 0.0}
    """
    links = _links(assignments, employee, customer, role)
    contacts = links.groupby("customer")["employee"].nunique()
    links["sole"] = links["customer"].map(contacts).eq(1).to_numpy()
    by = links.groupby("employee")
    table = pd.DataFrame({
        "customers": by.size(),
        "primary_customers": by["primary"].sum().astype(int),
        "sole_customers": by["sole"].sum().astype(int),
    })
    table["sole_share"] = table["sole_customers"] / table["customers"]
    value = _value_of(pd.Index(contacts.index), values)
    sole = links[links["sole"]]
    order = "sole_customers"
    for column in value.columns:
        at_risk = value[column].reindex(sole["customer"]).to_numpy()
        sums = pd.Series(at_risk, index=sole["employee"].to_numpy()).groupby(level=0).sum()
        table[f"sole_{column}"] = sums.reindex(table.index).fillna(0.0)
        total = value[column].sum()
        table[f"sole_{column}_share"] = table[f"sole_{column}"] / total if total else 0.0
        order = order if order != "sole_customers" else f"sole_{column}"
    table.index.name = "employee"
    return table.sort_values(order, ascending=False, kind="stable")


@dataclass(frozen=True)
class WhatIf:
    """Outcome of employees leaving.

    Attributes
    ----------
    leaving : list
    orphaned : pandas.DataFrame
        Customers left with no contact at all, with their value columns.
    to_backup : pandas.DataFrame
        Customers who lose their primary contact but keep a backup.
    summary : pandas.Series
        ``customers_orphaned``, ``customers_to_backup`` (ints) and, per value
        column, ``<column>_at_risk`` and ``<column>_share_at_risk`` (floats).

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame([("E1", "C1", "primary"), ("E1", "C2", "primary"),
    ...                   ("E2", "C2", "backup"), ("E3", "C3", "primary")],
    ...                  columns=["employee_id", "customer_id", "role"])
    >>> out = what_if_leaves(a, ["E1", "E3"])
    >>> out.orphaned.index.tolist(), out.to_backup.index.tolist()  # E2 still backs up C2
    (['C1', 'C3'], ['C2'])
    >>> out.summary.to_dict()
    {'customers_orphaned': 2, 'customers_to_backup': 1}
    """

    leaving: list
    orphaned: pd.DataFrame
    to_backup: pd.DataFrame
    summary: pd.Series


def what_if_leaves(assignments: pd.DataFrame, leaving: Any,
                   values: pd.Series | pd.DataFrame | None = None, *, employee: str = "employee_id",
                   customer: str = "customer_id", role: str | None = "role") -> WhatIf:
    """What happens to customers if `leaving` (one employee id or several) quit.

    Parameters
    ----------
    assignments : pandas.DataFrame
        Rows (employee, customer, role); role ``"primary"`` or ``"backup"``.
    leaving : employee id or list of ids
        Who leaves; an id not in `assignments` raises.
    values : pandas.Series or DataFrame, optional
        Indexed by customer id; each numeric column is summed over the
        orphaned customers as ``<column>_at_risk``.
    employee, customer : str, default "employee_id", "customer_id"
        Id columns of `assignments`.
    role : str or None, default "role"
        Column saying ``"primary"`` or ``"backup"``; ``None`` counts every link as primary.

    Returns
    -------
    WhatIf

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"employee_id": ["E1", "E1", "E2"], "customer_id": ["C1", "C2", "C2"],
    ...                   "role": ["primary", "primary", "backup"]})
    >>> revenue = pd.Series({"C1": 500.0, "C2": 300.0}, name="revenue")
    >>> out = what_if_leaves(a, "E1", revenue)
    >>> out.orphaned.index.tolist(), out.to_backup.index.tolist()
    (['C1'], ['C2'])
    >>> float(out.summary["revenue_share_at_risk"])
    0.625
    """
    links = _links(assignments, employee, customer, role)
    gone = [leaving] if isinstance(leaving, str) or not hasattr(leaving, "__iter__") else list(leaving)
    unknown = [e for e in gone if e not in set(links["employee"])]
    if unknown:
        raise ValueError(t("network.unknown_employee", employee=unknown[0]))
    leaves = links["employee"].isin(gone)
    affected = pd.Index(links.loc[leaves, "customer"].unique())
    remaining = links[~leaves & links["customer"].isin(affected)]
    orphaned_ids = affected.difference(pd.Index(remaining["customer"].unique()))
    lost_primary = links[leaves & links["primary"]]["customer"]
    backup_ids = pd.Index(lost_primary.unique()).difference(orphaned_ids)
    all_ids = pd.Index(links["customer"].unique())
    value = _value_of(all_ids, values)
    summary = {"customers_orphaned": len(orphaned_ids), "customers_to_backup": len(backup_ids)}
    for column in value.columns:
        lost = float(value.loc[orphaned_ids, column].sum())
        total = float(value[column].sum())
        summary[f"{column}_at_risk"] = lost
        summary[f"{column}_share_at_risk"] = lost / total if total else 0.0
    orphaned = value.loc[orphaned_ids].rename_axis("customer")
    to_backup = value.loc[backup_ids].rename_axis("customer")
    # object dtype: counts stay whole numbers next to the money amounts (not 2.000000)
    return WhatIf(gone, orphaned, to_backup, pd.Series(summary, dtype=object))


def bus_factor(assignments: pd.DataFrame, teams: pd.DataFrame, values: pd.Series | None = None, *,
               by: str = "region", threshold: float = 0.5, employee: str = "employee_id",
               customer: str = "customer_id", role: str | None = "role") -> pd.DataFrame:
    """Per team: the fewest employees whose departure orphans `threshold` of its customer value.

    A team's customers are those served by at least one of its employees; a
    customer is orphaned once all their contacts have left. The bus factor is
    exact (all subsets tried) for teams of up to 16 employees and a greedy
    upper bound for larger teams (``exact`` column says which). Low numbers
    mean knowledge sits with few people. When even the whole team leaving
    cannot orphan `threshold` of the value (its customers keep contacts in
    other teams), ``bus_factor`` is NaN.

    Parameters
    ----------
    assignments : pandas.DataFrame
        Rows (employee, customer, role), as for :func:`key_person_risk`.
    teams : pandas.DataFrame
        Employee table with the `employee` id column and the `by` column.
        Assigned employees missing from it, or without a team, belong to no
        team; they are counted in a :class:`~ckmkit.quality.DataQualityWarning`
        (their customers still count as served by them), as are assignment
        rows with a missing id.
    values : pandas.Series, optional
        Value per customer id (e.g. revenue); default: every customer counts 1.
    by : str, default "region"
        Column of `teams` naming each employee's team.
    threshold : float, default 0.5
        Share of the team's customer value that must be orphaned.
    employee, customer, role : str, default "employee_id", "customer_id", "role"
        Columns of `assignments`, as for :func:`key_person_risk` (`role` may be None).

    Returns
    -------
    pandas.DataFrame
        Index: team. ``employees``, ``customers``, ``sole_share`` (share of the
        team's value whose customers have a single contact), ``bus_factor``,
        ``who`` (one smallest group of employees), ``exact``.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"employee_id": ["E1", "E1", "E2", "E3"],
    ...                   "customer_id": ["C1", "C2", "C2", "C3"], "role": "primary"})
    >>> staff = pd.DataFrame({"employee_id": ["E1", "E2", "E3"], "region": ["n", "n", "s"]})
    >>> bus_factor(a, staff)[["bus_factor", "who"]].to_dict("index")   # E1 alone serves C1
    {'n': {'bus_factor': 1, 'who': ['E1']}, 's': {'bus_factor': 1, 'who': ['E3']}}
    """
    if not _is_share(threshold):
        raise ValueError(t("network.bad_threshold", value=threshold))
    require_columns(teams, [employee, by])
    links = _links(assignments, employee, customer, role)
    _report_teamless(links, teams, employee, by)
    all_values = _single_value(values, pd.Index(links["customer"].unique()))
    rows = {team: _team_row(links, sorted(set(staff)), all_values, threshold)
            for team, staff in teams.groupby(by, sort=True)[employee]}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = by
    return table


def _single_value(values: pd.Series | pd.DataFrame | None, customer_ids: pd.Index) -> pd.Series | None:
    """The one value per customer a bus factor weighs by; None when every customer counts 1.

    A one-column DataFrame is that column; with several, which to weigh by is unclear: raise.
    """
    if isinstance(values, pd.DataFrame) and values.shape[1] == 1:
        values = values.iloc[:, 0]
    if isinstance(values, pd.DataFrame):
        raise TypeError(t("network.not_a_mapping", name="values", kind="DataFrame"))
    return None if values is None else _value_of(customer_ids, values).iloc[:, 0]


def _team_row(links: pd.DataFrame, staff: list, all_values: pd.Series | None,
              threshold: float) -> dict:
    """One team's row of :func:`bus_factor`: its customers, their contacts and values."""
    team_links = links[links["employee"].isin(set(staff))]
    ids = pd.Index(team_links["customer"].unique())
    weight = pd.Series(1.0, index=ids) if all_values is None else all_values.reindex(ids)
    contacts = links[links["customer"].isin(ids)].groupby("customer")["employee"].apply(frozenset)
    return _team_factor(staff, contacts, weight, threshold)


def _is_share(value: Any) -> bool:
    """Whether `value` is a number above 0 and at most 1 (not text, a bool or None)."""
    return is_real(value) and 0 < float(value) <= 1


def _report_teamless(links: pd.DataFrame, teams: pd.DataFrame, employee: str, by: str) -> None:
    """Count the assigned employees that no team will include: no row in `teams`, or no team.

    Their customers still count as served (a team's customers keep such a contact),
    but their own departure is never tried, so the reader should know.
    """
    staff = pd.Index(links["employee"].unique())
    listed = teams.dropna(subset=[employee])
    team_of = listed.drop_duplicates(employee).set_index(employee)[by]
    absent = ~staff.isin(team_of.index)
    no_team = staff.isin(team_of.index[team_of.map(is_missing).to_numpy()])
    report_exclusions({"network.reason_employee_not_in_teams": int(absent.sum()),
                       "network.reason_employee_no_team": int(no_team.sum())},
                      total=len(staff))


def _team_factor(staff: list, contacts: pd.Series, weight: pd.Series, threshold: float) -> dict:
    total = float(weight.sum())
    w = weight.reindex(contacts.index).to_numpy(dtype=float)
    single = contacts.map(len).to_numpy() == 1
    base = {"employees": len(staff), "customers": len(contacts),
            "sole_share": float(w[single].sum() / total) if total else 0.0}
    if total <= 0:
        return {**base, "bus_factor": np.nan, "who": [], "exact": True}
    # serves[c, j]: team member j is a contact of customer c; `outside` = contacts who stay.
    serves = np.array([[e in c for e in staff] for c in contacts], dtype=bool).reshape(-1, len(staff))
    outside = contacts.map(lambda c: bool(c - set(staff))).to_numpy()
    goal = threshold * total - 1e-9

    def lost(group: np.ndarray) -> float:
        orphaned = ~outside & ~(serves & ~group).any(axis=1)
        return float(w[orphaned].sum())

    if len(staff) <= _EXACT_TEAM_SIZE:
        for size in range(1, len(staff) + 1):
            for combo in itertools.combinations(range(len(staff)), size):
                group = np.zeros(len(staff), dtype=bool)
                group[list(combo)] = True
                if lost(group) >= goal:
                    return {**base, "bus_factor": size, "who": [staff[j] for j in combo],
                            "exact": True}
    if lost(np.ones(len(staff), dtype=bool)) < goal:  # others keep serving: the team alone cannot
        return {**base, "bus_factor": np.nan, "who": [], "exact": len(staff) <= _EXACT_TEAM_SIZE}
    group = np.zeros(len(staff), dtype=bool)
    while lost(group) < goal:  # greedy: the departure that orphans most extra value
        gains = [lost(group | (np.arange(len(staff)) == j)) if not group[j] else -1.0
                 for j in range(len(staff))]
        group[int(np.argmax(gains))] = True
    return {**base, "bus_factor": int(group.sum()), "who": [s for s, g in zip(staff, group) if g],
            "exact": False}
