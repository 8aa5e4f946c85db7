"""Spellings students may use in chapter 0 and 1 answers, shared by both chapters' exercises.

The warm-up (``start.*``) and chapter 1 (``concepts.*``) ask about the same ideas
(4P → 4C, the KM history, the customer-knowledge types, ...). Both banks map an
answer onto the key's ids with :func:`canonical` and the tables below, so a
spelling accepted in one chapter is accepted in the other.
:func:`~ckmkit.exercises.reading.fold_spelling` makes case, spaces, underscores,
hyphens and US ``-ize`` spellings irrelevant.

Examples
--------
>>> canonical(["Data_Collection", "信息挖掘", "knowledge-discovery"], steps("km_history"))
['data_collection', 'information_mining', 'knowledge_discovery']
>>> canonical({"产品": "客户价值", "price": "客户成本"}, FOUR_C, keys=four_p())
{'product': 'customer value', 'price': 'cost'}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from .. import content
from ..exercises.reading import fold_spelling

__all__ = ["table", "canonical", "steps", "four_p", "FOUR_C", "KNOWLEDGE_TYPES",
           "CRM_OR_CKM_LABELS", "DELIGHT_LABELS"]


def table(names: Mapping[Any, Iterable[str]]) -> dict[Any, Any]:
    """Folded spelling -> id, from ``{id: [spellings]}`` (the id is a spelling too).

    Parameters
    ----------
    names : mapping
        ``{id: [spellings]}``: every way students may write each id, in either language.

    Examples
    --------
    >>> table({"both": ["两者都是"]})
    {'both': 'both', '两者都是': 'both'}
    """
    out: dict[Any, Any] = {}
    for key, spellings in names.items():
        for name in [key, *spellings]:
            out[fold_spelling(name)] = key
    return out


def canonical(answer: Any, values: Mapping[Any, Any], *, keys: Mapping[Any, Any] | None = None) -> Any:
    """`answer` with every spelling found in `values` (a :func:`table`) replaced by its id.

    Lists, tuples and sets are mapped entry by entry; a dict has its values mapped
    through `values` and its keys through `keys`. Anything unknown is left as it was,
    so the grader still reports it.

    Parameters
    ----------
    answer : object
        The student's answer: a list, tuple, set or dict; anything else is returned as it is.
    values : mapping
        Folded spelling -> id (a :func:`table`), applied to the entries (a dict's values).
    keys : mapping, optional
        Folded spelling -> id for a dict's keys; default keys are left as they are.

    Examples
    --------
    >>> canonical(("两者都是", "nonsense"), CRM_OR_CKM_LABELS)
    ('both', 'nonsense')
    """
    def one(value: Any, lookup: Mapping[Any, Any] | None) -> Any:
        try:
            return (lookup or {}).get(fold_spelling(value), value)
        except TypeError:  # unhashable entry: the grader explains it
            return value

    if isinstance(answer, Mapping):
        return {one(k, keys): one(v, values) for k, v in answer.items()}
    if isinstance(answer, (list, tuple)):
        return type(answer)(one(v, values) for v in answer)
    if isinstance(answer, (set, frozenset)):
        return type(answer)(one(v, values) for v in answer)
    return answer


@cache
def steps(process: str) -> dict[Any, Any]:
    """Spelling table of one ordered process of ``km_sequences`` (id, English, Chinese).

    Examples
    --------
    >>> steps("customer_knowledge")[fold_spelling("organize")]
    'organise'
    """
    rows = [r for r in content.load("km_sequences")["rows"] if r["sequence"] == process]
    return table({r["step_id"]: r["step"].values() for r in rows})


@cache
def four_p() -> dict[Any, Any]:
    """Spelling table of the four Ps (id, English, Chinese, and 地点/分销 for place).

    Examples
    --------
    >>> four_p()["产品"], four_p()["地点"]
    ('product', 'place')
    """
    rows = content.load("four_p_four_c")["rows"]
    names = {r["pair_id"]: list(r["four_p"].values()) for r in rows}
    names["place"] += ["地点", "分销"]
    return table(names)


#: The four Cs: ids as the keys use them, with every spelling the prompts and tables use.
FOUR_C = table({
    "customer value": ["Customer value", "客户价值", "value", "价值",
                       "customer value (wants, needs, solutions)", "客户价值（需求与解决方案）"],
    "cost": ["Cost", "成本", "客户成本", "customer cost", "cost to the customer"],
    "convenience": ["Convenience", "便利", "便利性"],
    "communication": ["Communication", "沟通"],
})

#: Customer-knowledge types by code (A/F/R/C): type id, name and short forms, both languages.
KNOWLEDGE_TYPES = table({
    "A": ["about", "knowledge about customers", "关于客户的知识", "关于客户", "关于"],
    "F": ["for", "knowledge for customers", "用于客户的知识", "为客户的知识", "用于客户", "用于"],
    "R": ["from", "knowledge from customers", "来自客户的知识", "来自客户", "来自"],
    "C": ["co-created", "cocreated", "co-creation", "knowledge co-created with customers",
          "与客户共同创造的知识", "共同创造的知识", "共同创造", "共创的知识", "共创"],
})

#: Labels of "CRM, CKM or both?", as the question words them.
CRM_OR_CKM_LABELS = table({
    "crm": ["客户关系管理", "customer relationship management"],
    "ckm": ["客户知识管理", "customer knowledge management"],
    "both": ["两者都是", "两者", "都是", "both of them", "两个都是"],
})

#: Labels of "dissatisfied, satisfied or delighted?".
DELIGHT_LABELS = table({
    "dissatisfied": ["不满意", "unsatisfied", "not satisfied", "dissatisfaction"],
    "satisfied": ["满意", "satisfaction"],
    "delighted": ["愉悦", "delight", "惊喜"],
})
