"""Input checks shared by the network modules, with bilingual messages.

Every error here reads its text from the ``network`` catalogue, so it follows
:func:`ckmkit.set_language`. Exclusion reports go through
:func:`ckmkit.quality.report_exclusions` with ``"network.<reason>"`` keys.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from ..i18n import t

__all__ = [
    "check_probability",
    "check_runs",
    "seed_list",
    "seed_indices",
    "require_nodes",
    "key_from_seed",
]


def check_probability(value: Any, name: str = "p") -> float:
    """Return `value` as a float in [0, 1] or raise a bilingual ``ValueError``.

    Examples
    --------
    >>> check_probability(0.25)
    0.25
    >>> check_probability(1.5)
    Traceback (most recent call last):
    ...
    ValueError: p must be a probability between 0 and 1; got 1.5.
    """
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(t("network.bad_probability", name=name, value=value)) from None
    if not (0.0 <= number <= 1.0) or math.isnan(number):
        raise ValueError(t("network.bad_probability", name=name, value=value))
    return number


def check_probabilities(values: np.ndarray, edges: Sequence, name: str = "p") -> None:
    """Raise a ``ValueError`` naming the first edge whose probability is outside [0, 1]."""
    bad = ~((values >= 0.0) & (values <= 1.0))  # NaN counts as bad
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise ValueError(
            t("network.bad_edge_probability", name=name, value=values[first], edge=edges[first])
        )


def check_runs(runs: Any) -> int:
    """Return `runs` as a positive int or raise a bilingual ``ValueError``."""
    if isinstance(runs, bool) or not isinstance(runs, (int, np.integer)) or runs < 1:
        raise ValueError(t("network.bad_runs", value=runs))
    return int(runs)


def seed_list(seeds: Any, nodes: Any) -> list:
    """Normalise `seeds` to a list of nodes: one node or an iterable of nodes.

    A string, or any hashable that is itself a node of the graph, counts as one
    seed, so ``seeds="C00001"`` does not split into characters.

    Examples
    --------
    >>> seed_list("C1", {"C1": 0})
    ['C1']
    >>> seed_list([3, 1, 3], {1: 0, 3: 1})
    [3, 1]
    """
    if isinstance(seeds, (str, bytes)) or (isinstance(seeds, Hashable) and _is_node(seeds, nodes)):
        return [seeds]
    if not isinstance(seeds, Iterable):
        return [seeds]
    return list(dict.fromkeys(seeds))  # drop repeats, keep order


def _is_node(candidate: Hashable, nodes: Any) -> bool:
    try:
        return candidate in nodes
    except TypeError:
        return False


def require_nodes(seeds: Iterable, nodes: Any, what: str = "seed") -> None:
    """Raise a ``ValueError`` naming the first seed that is not a node of the graph."""
    for node in seeds:
        if not _is_node(node, nodes):
            raise ValueError(t(f"network.unknown_{what}", node=node))


def seed_indices(seeds: Any, index: Mapping) -> np.ndarray:
    """Map seeds to node positions (unique, in the order given); unknown seeds raise."""
    chosen = seed_list(seeds, index)
    require_nodes(chosen, index)
    return np.fromiter((index[s] for s in chosen), dtype=np.int64, count=len(chosen))


def key_from_seed(seed: int | np.random.Generator | None) -> np.uint64:
    """Turn `seed` into the 64-bit key of the counter-based random stream.

    An int gives the same key every time; a ``numpy.random.Generator`` gives a
    key drawn from it (and advances it); ``None`` means fresh entropy.

    Examples
    --------
    >>> bool(key_from_seed(0) == key_from_seed(0))
    True
    """
    if isinstance(seed, np.random.Generator):
        return np.uint64(seed.integers(0, 2**64, dtype=np.uint64))
    if seed is not None and (
        isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0
    ):
        raise ValueError(t("network.bad_seed", value=seed))
    state = np.random.SeedSequence(None if seed is None else int(seed)).generate_state(1, np.uint64)
    return np.uint64(state[0])
