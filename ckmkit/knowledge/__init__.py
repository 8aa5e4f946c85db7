"""Customer knowledge: the four types, the card sort, feedback classification, identity.

=====================================  ==========================================================
:func:`knowledge_types`                about / for / from / co-created, with meaning and example
:func:`card_sort_items`                the 19 items with key, accepted alternatives, rationale
:func:`load_feedback_corpus`           hand-written labelled feedback snippets (en + zh)
:class:`FeedbackClassifier`            character n-gram TF-IDF + linear model for the four types
:func:`cross_validate`                 honest k-fold accuracy and confusion matrix
:func:`load_customer_records`          messy customer records with ground-truth person ids
:func:`resolve_identities`             one id per person (deduplication)
:func:`pairwise_scores`                precision / recall of a deduplication
:func:`concept_map`                    CRM/CKM terms as a networkx graph; :func:`draw_concept_map`
=====================================  ==========================================================

Heavy dependencies (scikit-learn, networkx) load only when the function is used.
"""

from __future__ import annotations

import importlib
from typing import Any

from .content import TYPES, answer_key, card_sort_items, knowledge_types, partial_credit, type_names

_LAZY = {
    "load_feedback_corpus": "classifier",
    "FeedbackClassifier": "classifier",
    "cross_validate": "classifier",
    "CrossValidation": "classifier",
    "plot_confusion": "classifier",
    "load_customer_records": "identity",
    "normalise_name": "identity",
    "normalise_phone": "identity",
    "normalise_email": "identity",
    "resolve_identities": "identity",
    "pairwise_scores": "identity",
    "concept_map": "maps",
    "draw_concept_map": "maps",
}

__all__ = [
    "TYPES",
    "answer_key",
    "card_sort_items",
    "knowledge_types",
    "partial_credit",
    "type_names",
    *sorted(_LAZY),
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
