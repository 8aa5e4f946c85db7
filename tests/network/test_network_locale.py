"""The network catalogue has the same keys and placeholders in both languages."""

from __future__ import annotations

import string

from ckmkit.i18n import catalogue


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_same_keys_and_placeholders():
    en = {k: v for k, v in catalogue("en").items() if k.startswith("network.")}
    zh = {k: v for k, v in catalogue("zh").items() if k.startswith("network.")}
    assert en.keys() == zh.keys() and len(en) > 20
    for key in en:
        assert _fields(en[key]) == _fields(zh[key]), key
