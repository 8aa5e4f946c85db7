"""Per-student variants: each student's data, and so each graded answer, is their own.

``ckmkit exercises build --variants --roster roster.csv`` writes one notebook per
student whose setup cell calls ``ckmkit.exercises.use_variant("<token>")``. The token
is derived from the course's salt and the student id (:func:`variant_token`); the
data cells then load :func:`variant_world`, a CRM world generated from that token's
seed. ``ckmkit exercises keys --roster`` computes every student's references the same
way, and grading picks the student's own. Copying a neighbour's number earns nothing.

Without a variant (practice, or a class that does not use them) every student gets
the same world, generated from the default seed.

Examples
--------
>>> token = variant_token("zhang_wei", salt="CKM-2026-spring")
>>> len(token), token == variant_token("zhang_wei", salt="CKM-2026-spring")
(16, True)
>>> token != variant_token("li_na", salt="CKM-2026-spring")
True
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from typing import Any

from ..i18n import t

__all__ = ["variant_token", "use_variant", "current_variant", "variant_seed", "variant_world",
           "VARIANT_SIZE"]

#: Customers in a variant world: small enough to generate in a moment on a student's laptop.
VARIANT_SIZE = 300
_TOKEN = re.compile(r"^[0-9a-f]{16}$")
_current: list[str] = []  # the token in use in this kernel (empty: none)


def variant_token(student: str, salt: str) -> str:
    """The variant token of `student`: 16 hex digits of SHA-256 of the salt and the id.

    Parameters
    ----------
    student : str
        The student id, as the submissions folder names the student.
    salt : str
        The course's secret: the same salt must build the notebooks and the key pack.

    Examples
    --------
    >>> variant_token("alice", salt="s")
    'e6cf28e16f554d9a'
    """
    return hashlib.sha256(f"{salt}\x00{student}".encode()).hexdigest()[:16]


def use_variant(token: str | None) -> None:
    """Use the data of the variant `token` in this kernel (None: the common data).

    Parameters
    ----------
    token : str or None
        The 16 hex digits written into a student's notebook.

    Examples
    --------
    >>> use_variant("e6cf28e16f554d9a"); variant_seed()
    3872336097
    >>> use_variant(None); variant_seed()
    2024
    """
    if token is not None and not _TOKEN.match(str(token)):
        raise ValueError(t("exercises.variant.bad_token", token=token))
    _current[:] = [token] if token else []


def current_variant() -> str | None:
    """The token set by :func:`use_variant`, or None.

    Examples
    --------
    >>> use_variant(None); current_variant() is None
    True
    """
    return _current[0] if _current else None


def variant_seed() -> int:
    """The random seed of this kernel's data: from the variant token, else the default seed.

    Examples
    --------
    >>> use_variant(None); variant_seed()
    2024
    """
    from ..datasets.crm_world import DEFAULT_SEED

    token = current_variant()
    return int(token[:8], 16) if token else DEFAULT_SEED


@cache
def _world(n_customers: int, seed: int) -> Any:
    from ..datasets import make_crm_world

    return make_crm_world(n_customers, seed=seed)


def variant_world(n_customers: int = VARIANT_SIZE) -> Any:
    """This student's CRM world: ``make_crm_world`` with the variant's seed.

    Parameters
    ----------
    n_customers : int, default 300
        Customers in the world.

    Returns
    -------
    CRMWorld
        The same tables as :func:`ckmkit.datasets.load_crm_world`, fewer customers.

    Examples
    --------
    >>> use_variant(None)
    >>> len(variant_world().customers)
    300
    """
    return _world(int(n_customers), variant_seed())
