"""Chapter 3's classifications in the reader's language, with one message for all bad labels.

The shared grader (:func:`ckmkit.exercises.classification`) writes one sentence per
label it cannot read and shows the student's answer as the label's id (``about``).
Chapter 3 wraps it so that every label not understood is listed in one sentence,
with the allowed labels in the reader's language, and the "your answer" column shows
the label's name as the reader sees it (``关于客户的知识``).

Examples
--------
>>> import ckmkit
>>> shown = {"a": {"en": "Apple", "zh": "苹果"}, "b": {"en": "Pear", "zh": "梨"}}
>>> fb = classify({"x": "a", "y": "kiwi", "z": "plum"}, {"x": "a", "y": "b", "z": "b"}, shown=shown)
>>> fb.status, fb.message
('malformed', "Not labels of this exercise: 'kiwi' (y), 'plum' (z). Use one of: Apple, Pear.")
>>> with ckmkit.language("zh"):
...     fb = classify({"x": "a", "y": "苹果"}, {"x": "a", "y": "b"}, shown=shown)
>>> [d.given for d in fb.details]
['苹果', '苹果']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..exercises import MALFORMED, Detail, Feedback, classification
from ..exercises.reading import Text, as_mapping, is_blank, local, names_of
from ..exercises.reading import caseless as norm
from ..i18n import t
from ..quality import is_missing


def joined(values: Any) -> str:
    """Values listed as the language lists them (``a, b`` or ``a、b``).

    Examples
    --------
    >>> joined(["about", "for"])
    'about, for'
    """
    return t("knowledge.separator").join(str(v) for v in values)


def sentences(*texts: str) -> str:
    """Sentences run together as the language writes them (a space in English, none in Chinese).

    Examples
    --------
    >>> sentences("One.", "", "Two.")
    'One. Two.'
    """
    kept = [text for text in texts if text]
    if not kept:
        return ""
    out = kept[0]
    for text in kept[1:]:
        out = t("exercises.sentences", first=out, then=text)
    return out


def _readers(shown: Mapping[Any, Text], aliases: Mapping[str, Any] | None) -> dict[Any, Any]:
    """Every spelling a student may use (normalised) -> the label id."""
    table = {norm(label): label for label in shown}
    for label, text in shown.items():
        table.update({norm(name): label for name in names_of(text)})
    table.update({norm(alias): label for alias, label in (aliases or {}).items()})
    return table


def _item_ids(key: Mapping, items: Mapping[Any, Text] | None) -> dict[Any, Any]:
    """Every way of naming an item (normalised) -> the item id."""
    table = {norm(name): item for item in key for name in names_of((items or {}).get(item))}
    table.update({norm(item): item for item in key})
    table.update({norm(str(item)): item for item in key})
    return table


def classify(answer: Any, key: Mapping[Any, Any], *, shown: Mapping[Any, Text],
             aliases: Mapping[str, Any] | None = None, items: Mapping[Any, Text] | None = None,
             **kwargs: Any) -> Feedback:
    """:func:`ckmkit.exercises.classification` with labels shown in the reader's language.

    Parameters
    ----------
    answer, key, items
        As for :func:`ckmkit.exercises.classification`.
    shown : mapping
        Every allowed label id -> its name as students see it (bilingual text).
        Every name, in either language, is accepted as that label.
    aliases : mapping, optional
        Further spellings -> label id.
    **kwargs
        Passed on (``accept``, ``rationale``, ``hints``, ``partial``, ``points``).
    """
    given = as_mapping(answer) if not is_blank(answer) else None
    if given is None:
        return classification(answer, key, labels=list(shown), items=items, **kwargs)
    read, item_of = _readers(shown, aliases), _item_ids(key, items)
    bad: dict[Any, Any] = {}
    clean: dict[Any, Any] = {}
    for item, raw in given.items():
        if raw is ... or is_missing(raw):
            continue  # an empty cell is an item not answered yet, not a bad label
        label = read.get(norm(raw)) if isinstance(raw, (str, int)) else None
        target = item_of.get(norm(str(item)), item)
        if label is None and target in key:
            bad[target] = raw
        else:  # an unknown item goes on as given, so the grader names it
            clean[target] = label if label is not None else raw
    fb = classification(clean, key, labels=list(shown), items=items, **kwargs)
    return _relabelled(fb, key, items, shown, bad)


def _relabelled(fb: Feedback, key: Mapping, items: Mapping[Any, Text] | None,
                shown: Mapping[Any, Text], bad: dict[Any, Any]) -> Feedback:
    names = {item: local((items or {}).get(item)) or str(item) for item in key}
    bad_by_name = {names[item]: raw for item, raw in bad.items()}
    by_id = {str(label): local(text) for label, text in shown.items()}
    details = tuple(
        Detail(d.item, MALFORMED, t("exercises.item.bad_label"), str(bad_by_name[d.item]))
        if d.item in bad_by_name else Detail(d.item, d.status, d.message, by_id.get(d.given, d.given))
        for d in fb.details)
    if not bad:
        return Feedback(fb.exercise, fb.points, fb.max_points, fb.status, fb.message, details, fb.kind)
    listed = joined(t("knowledge.bad_label_item", label=raw, item=names[item]) for item, raw in bad.items())
    note = t("knowledge.bad_labels", items=listed, labels=joined(by_id.values()))
    lead = fb.message if fb.status == MALFORMED else ""
    return Feedback(fb.exercise, fb.points, fb.max_points, MALFORMED, sentences(lead, note),
                    details, fb.kind)
