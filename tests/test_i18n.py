"""Both catalogues are complete and consistent; the language switch behaves."""

import re
import string
from importlib import resources

import pytest

import ckmkit
from ckmkit import i18n
from ckmkit.i18n import t


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_section_exists_in_both_languages():
    folders = {lang: {p.name for p in (resources.files("ckmkit") / "locales" / lang).iterdir()
                      if p.name.endswith(".toml")} for lang in i18n.LANGUAGES}
    assert folders["en"] == folders["zh"]
    assert {"common.toml", "quality.toml", "world.toml"} <= folders["en"]


def _singulars(messages: dict[str, str]) -> dict[str, str]:
    return {key: text for key, text in messages.items() if key.endswith("_one")}


def test_every_key_exists_in_both_languages():
    # Singular forms ("<key>_one") belong to a language, not to both: Chinese has none.
    en, zh = i18n.catalogue("en"), i18n.catalogue("zh")
    en_keys, zh_keys = set(en) - set(_singulars(en)), set(zh) - set(_singulars(zh))
    assert sorted(en_keys - zh_keys) == [], "keys missing from the Chinese catalogue"
    assert sorted(zh_keys - en_keys) == [], "keys missing from the English catalogue"


def test_placeholders_agree_and_nothing_is_empty():
    en, zh = i18n.catalogue("en"), i18n.catalogue("zh")
    for key in set(en) - set(_singulars(en)):
        assert en[key].strip() and zh[key].strip(), key
        assert _fields(en[key]) == _fields(zh[key]), key
        # an English message is not left in Chinese
        assert en[key] != zh[key] or not re.search(r"[\u4e00-\u9fff]", zh[key]), key


def test_singular_forms_pair_with_a_plural_and_take_its_count():
    en = i18n.catalogue("en")
    assert _singulars(en), "English singular forms are missing"
    for key, text in _singulars(en).items():
        plural = en[key.removesuffix("_one")]
        assert "{n}" in plural and _fields(text) == _fields(plural), key
        values = dict.fromkeys(_fields(text), 1)
        assert t(key.removesuffix("_one"), **values, lang="en") == text.format(**values)
    assert t("quality.reason_cancelled", n=1, lang="en") == "1 cancelled order"
    assert t("quality.reason_cancelled", n=3, lang="en") == "3 cancelled orders"
    assert t("quality.reason_cancelled", n=1, lang="zh") == "已取消订单 1 行"


def test_chinese_catalogue_is_chinese():
    zh = i18n.catalogue("zh")
    han = re.compile(r"[\u4e00-\u9fff]")
    assert sum(bool(han.search(text)) for text in zh.values()) / len(zh) > 0.8


def test_set_language_accepts_common_spellings():
    try:
        assert ckmkit.set_language("zh-CN") == "zh"
        assert t("common.customer") == "客户"
        assert ckmkit.set_language("English") == "en"
        assert t("common.customer") == "customer"
    finally:
        ckmkit.set_language("en")


def test_unknown_language_is_a_bilingual_error():
    with pytest.raises(ValueError, match="fr.*未知语言"):
        ckmkit.set_language("fr")


def test_context_manager_restores_the_language():
    ckmkit.set_language("en")
    with ckmkit.language("zh"):
        assert ckmkit.get_language() == "zh"
        with ckmkit.language("en"):
            assert t("common.revenue") == "revenue"
        assert t("common.revenue") == "收入"
    assert ckmkit.get_language() == "en"


def test_values_fill_the_template_in_each_language():
    assert t("quality.missing_column", lang="zh", column="amount", available="id") == \
        "缺少列“amount”；表中现有的列：id。"


def test_unknown_key_names_the_key():
    with pytest.raises(KeyError, match="common.nope"):
        t("common.nope")


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/srv/course/notebooks/zh", "zh"), ("/srv/course/notebooks/en", "en"),
     ("C:/course/notebooks/zh/sub", "zh")],
)
def test_language_comes_from_the_notebook_folder(path, expected, monkeypatch):
    monkeypatch.delenv("CKMKIT_LANG", raising=False)
    assert i18n.detect_language(path.replace("/", __import__("os").sep)) == expected


def test_environment_variable_wins(monkeypatch):
    monkeypatch.setenv("CKMKIT_LANG", "zh")
    assert i18n.detect_language("/course/notebooks/en") == "zh"


def test_setup_picks_the_folder_language(tmp_path, monkeypatch):
    monkeypatch.delenv("CKMKIT_LANG", raising=False)
    folder = tmp_path / "notebooks" / "zh"
    folder.mkdir(parents=True)
    monkeypatch.chdir(folder)
    try:
        assert ckmkit.setup() is None  # nothing for a notebook cell to show
        assert ckmkit.get_language() == "zh"
    finally:
        ckmkit.set_language("en")


def test_setup_shows_the_kits_warnings_as_one_line(monkeypatch):
    import warnings

    monkeypatch.setattr(warnings, "formatwarning", warnings.formatwarning)  # restored afterwards
    ckmkit.setup("en", theme=False)
    ckmkit.setup("en", theme=False)  # a second call does not wrap the first
    shown = warnings.formatwarning("Excluded 3 of 9 rows", ckmkit.DataQualityWarning,
                                   "/site-packages/ckmkit/quality.py", 120, "warnings.warn(...)")
    assert shown == "DataQualityWarning: Excluded 3 of 9 rows\n"
    other = warnings.formatwarning("careful", UserWarning, "/tmp/x.py", 3, "x = 1")
    assert other.startswith("/tmp/x.py:3: UserWarning: careful")
