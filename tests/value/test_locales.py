"""Every customer-value message exists in both languages with the same placeholders."""

from __future__ import annotations

import string
import tomllib
from pathlib import Path

import ckmkit

LOCALES = Path(ckmkit.__file__).parent / "locales"


def _flat(table: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = str(value)
    return out


def _load(lang: str) -> dict[str, str]:
    return _flat(tomllib.loads((LOCALES / lang / "value.toml").read_text(encoding="utf-8")))


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_same_keys_and_placeholders():
    en, zh = _load("en"), _load("zh")
    assert sorted(en) == sorted(zh)
    for key in en:
        assert _fields(en[key]) == _fields(zh[key]), key
        assert en[key] != zh[key] or not any("\u4e00" <= c <= "\u9fff" for c in zh[key]), key
