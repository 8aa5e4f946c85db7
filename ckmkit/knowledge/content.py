"""The four customer-knowledge types and the 19-item card sort, as tables.

Examples
--------
>>> from ckmkit.knowledge.content import TYPES, answer_key
>>> TYPES
('about', 'for', 'from', 'co-created')
>>> answer_key()[17]
{'key': 'from', 'accept': ['co-created']}
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import content

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["TYPES", "knowledge_types", "type_names", "card_sort_items", "answer_key", "partial_credit"]

#: The four customer-knowledge types, in teaching order (codes A, F, R, C).
TYPES: tuple[str, ...] = ("about", "for", "from", "co-created")


def knowledge_types(lang: str | None = None) -> pd.DataFrame:
    """The four types with their code, name, CKM verb, meaning and an example.

    Parameters
    ----------
    lang : {"en", "zh"}, optional
        Language of the texts; the current language by default.

    Examples
    --------
    >>> knowledge_types()[["type", "code"]].values.tolist()
    [['about', 'A'], ['for', 'F'], ['from', 'R'], ['co-created', 'C']]
    """
    return content.frame("knowledge_types", lang)


def type_names(lang: str | None = None) -> dict[str, str]:
    """``{type: name}`` in the current (or given) language.

    Parameters
    ----------
    lang : {"en", "zh"}, optional
        Language of the texts; the current language by default.

    Examples
    --------
    >>> type_names("zh")["co-created"]
    '与客户共同创造的知识'
    """
    table = knowledge_types(lang)
    return dict(zip(table["type"], table["name"], strict=True))


def card_sort_items(lang: str | None = None) -> pd.DataFrame:
    """The 19 items of the card sort with key, accepted alternatives and rationale.

    The key is the course's reasoned reconstruction (S4's answer slide is
    blank); an alternative in ``accept`` earns partial credit, and
    ``alternative_note`` says why it is accepted and why the key prefers another.

    Parameters
    ----------
    lang : {"en", "zh"}, optional
        Language of the texts; the current language by default.

    Examples
    --------
    >>> items = card_sort_items()
    >>> len(items), items["key"].value_counts()["about"]
    (19, np.int64(6))
    """
    return content.frame("card_sort", lang)


def answer_key() -> dict[int, dict[str, object]]:
    """``{item_id: {"key": type, "accept": [types...]}}`` for the card sort.

    Examples
    --------
    >>> answer_key()[1]
    {'key': 'about', 'accept': []}
    """
    rows = content.load("card_sort")["rows"]
    return {r["item_id"]: {"key": r["key"], "accept": list(r["accept"])} for r in rows}


def partial_credit() -> float:
    """Credit for an accepted alternative (the key earns 1).

    Examples
    --------
    >>> partial_credit()
    0.5
    """
    return float(content.load("card_sort")["meta"]["partial_credit"])
