"""Answers as plain JSON, so a notebook's answers can be re-checked elsewhere.

Batch grading re-runs every checker in the grading process on the answers a
submitted notebook recorded, so nothing a student's code does to the checkers
inside its own kernel changes the grade.

Examples
--------
>>> to_plain({"a": {2, 1}, "b": ...})
{'a': {'__set__': [1, 2]}, 'b': {'__blank__': True}}
>>> from_plain(to_plain({"a": {2, 1}, "b": (1, 2)}))
{'a': {1, 2}, 'b': [1, 2]}
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["to_plain", "from_plain", "Unsaveable"]


class Unsaveable(ValueError):
    """An answer of a type that cannot be stored for grading."""


def _sort_key(value: Any) -> tuple[str, str]:
    return (type(value).__name__, repr(value))


def _pandas(value: Any) -> dict | None:
    mod = type(value).__module__
    if not mod.startswith("pandas"):
        return None
    if hasattr(value, "columns"):
        return {"__frame__": to_plain(value.to_dict(orient="split"))}
    if hasattr(value, "index") and hasattr(value, "to_dict"):
        return {"__series__": {"index": to_plain(value.index.tolist()),
                               "values": to_plain(value.tolist()), "name": to_plain(value.name)}}
    if hasattr(value, "tolist"):  # Index
        return to_plain(value.tolist())
    return None


def to_plain(value: Any) -> Any:
    """Convert an answer into JSON-safe data (see :func:`from_plain`).

    Parameters
    ----------
    value : object
        An answer: numbers, text, ``...``, lists, tuples, sets, dicts, NumPy values,
        pandas Series, DataFrames and Index objects, nested in any way.

    Raises
    ------
    Unsaveable
        For objects with no faithful plain form (functions, open files, ...).

    Examples
    --------
    >>> to_plain({"ids": {"C2", "C1"}, "share": 0.25, "pairs": [("a", 1)]})
    {'ids': {'__set__': ['C1', 'C2']}, 'share': 0.25, 'pairs': [['a', 1]]}
    """
    if value is ... :
        return {"__blank__": True}
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"__float__": repr(value)}
    if isinstance(value, dict):
        return {"__dict__": [[to_plain(k), to_plain(v)] for k, v in value.items()]} if any(
            not isinstance(k, str) for k in value) else {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return {"__set__": [to_plain(v) for v in sorted(value, key=_sort_key)]}
    frame = _pandas(value)
    if frame is not None:
        return frame
    if hasattr(value, "tolist"):  # numpy arrays and scalars
        return to_plain(value.tolist())
    raise Unsaveable(type(value).__name__)


def _restore_mapping(data: dict) -> Any:
    if "__blank__" in data:
        return ...
    if "__set__" in data:
        return set(map(_hashable, map(from_plain, data["__set__"])))
    if "__float__" in data:
        return float(data["__float__"])
    if "__dict__" in data:
        return {_hashable(from_plain(k)): from_plain(v) for k, v in data["__dict__"]}
    if "__series__" in data:
        import pandas as pd

        s = data["__series__"]
        return pd.Series(from_plain(s["values"]), index=from_plain(s["index"]),
                         name=from_plain(s["name"]))
    if "__frame__" in data:
        import pandas as pd

        split = from_plain(data["__frame__"])
        return pd.DataFrame(split["data"], index=split["index"], columns=split["columns"])
    return {k: from_plain(v) for k, v in data.items()}


def _hashable(value: Any) -> Any:
    return tuple(_hashable(v) for v in value) if isinstance(value, list) else value


def from_plain(data: Any) -> Any:
    """Rebuild an answer from :func:`to_plain` output (tuples come back as lists).

    Parameters
    ----------
    data : object
        What :func:`to_plain` returned, after a round trip through JSON.

    Examples
    --------
    >>> from_plain({"__blank__": True}) is ...
    True
    """
    if isinstance(data, dict):
        return _restore_mapping(data)
    if isinstance(data, list):
        return [from_plain(v) for v in data]
    return data
