"""The four knowledge types and the 19-item card sort (docs/DOMAIN.md §3.1)."""

from __future__ import annotations

from collections import Counter

import ckmkit
from ckmkit.knowledge import TYPES, answer_key, card_sort_items, knowledge_types, type_names


def test_four_types_in_order_with_codes():
    table = knowledge_types()
    assert table["type"].tolist() == list(TYPES) == ["about", "for", "from", "co-created"]
    assert table["code"].tolist() == ["A", "F", "R", "C"]


def test_type_names_in_both_languages():
    assert type_names("en")["from"] == "Knowledge from customers"
    with ckmkit.language("zh"):
        assert type_names()["about"] == "关于客户的知识"


def test_nineteen_items_numbered_and_named_in_both_languages():
    en, zh = card_sort_items("en"), card_sort_items("zh")
    assert en["item_id"].tolist() == list(range(1, 20))
    assert zh.loc[zh["item_id"] == 9, "item"].item() == "客户对企业的评价"
    assert en.loc[en["item_id"] == 4, "item"].item() == "Product manual"


def test_key_distribution_matches_domain_brief():
    counts = Counter(v["key"] for v in answer_key().values())
    assert counts == {"about": 6, "for": 2, "from": 6, "co-created": 5}


def test_every_type_used_and_alternatives_are_valid_and_distinct():
    key = answer_key()
    assert {v["key"] for v in key.values()} == set(TYPES)
    for item, entry in key.items():
        assert set(entry["accept"]) <= set(TYPES), item
        assert entry["key"] not in entry["accept"], item


def test_items_with_alternatives_explain_them():
    items = card_sort_items("en").set_index("item_id")
    for item, entry in answer_key().items():
        note = items.loc[item, "alternative_note"]
        assert bool(entry["accept"]) <= bool(note), f"item {item} accepts an alternative without a note"
        assert items.loc[item, "rationale"]


def test_debatable_items_follow_domain_brief():
    key = answer_key()
    assert key[3] == {"key": "co-created", "accept": ["from"]}
    assert key[12] == {"key": "co-created", "accept": ["about"]}
    assert key[15] == {"key": "from", "accept": ["about"]}
    assert key[16] == {"key": "co-created", "accept": ["for"]}
