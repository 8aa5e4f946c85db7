"""Course content files: both languages everywhere, and the tables the chapters rely on."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import ckmkit
from ckmkit import concepts, content
from ckmkit.i18n import LANGUAGES

CJK = range(0x4E00, 0x9FFF + 1)


def _bilingual_values(value, path=""):
    """Yield (path, pair) for every {en, zh} pair nested anywhere in `value`."""
    if isinstance(value, dict):
        if set(value) & set(LANGUAGES):
            yield path, value
            return
        for key, inner in value.items():
            yield from _bilingual_values(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _bilingual_values(inner, f"{path}[{i}]")


@pytest.mark.parametrize("name", content.names())
def test_every_entry_has_both_languages(name):
    pairs = list(_bilingual_values(content.load(name)))
    assert pairs, f"{name} has no bilingual text"
    for path, pair in pairs:
        assert set(pair) == set(LANGUAGES), f"{name}{path} has {sorted(pair)}"
        en, zh = pair["en"], pair["zh"]
        assert bool(en.strip()) == bool(zh.strip()), f"{name}{path}: one side is empty"
        if zh.strip():
            assert any(ord(c) in CJK for c in zh), f"{name}{path}: zh side has no Chinese"


@pytest.mark.parametrize("name", content.names())
def test_every_table_has_title_sources_and_declared_columns(name):
    data = content.load(name)
    assert content.is_bilingual(data["meta"]["title"])
    assert data["meta"]["sources"]
    frame = content.frame(name)
    assert list(frame.columns) == data["meta"]["columns"]
    assert not frame.empty


def test_content_files_are_valid_toml_and_all_listed():
    folder = Path(content.__file__).parent
    files = sorted(p.stem for p in folder.glob("*.toml"))
    assert tuple(files) == content.names()
    for path in folder.glob("*.toml"):
        tomllib.loads(path.read_text(encoding="utf-8"))


def test_unknown_table_names_the_available_ones():
    with pytest.raises(KeyError, match="crm_vs_ckm"):
        content.load("no_such_table")


def test_frames_follow_the_language():
    en = concepts.crm_vs_ckm("en")
    with ckmkit.language("zh"):
        zh = concepts.crm_vs_ckm()
    assert en["dimension_id"].tolist() == zh["dimension_id"].tolist()
    assert zh.loc[0, "dimension"] == "概念" and en.loc[0, "dimension"] == "Concept"


def test_crm_vs_ckm_has_five_dimensions_and_similarities():
    ids = concepts.crm_vs_ckm()["dimension_id"].tolist()
    assert ids == ["concept", "goal", "focus", "customer_role", "company_role", "similarity"]


def test_compare_returns_both_sides_and_rejects_unknown_dimension():
    side = concepts.compare("goal")
    assert {"crm", "ckm", "example", "dimension"} <= set(side)
    assert "knowledge" in side["ckm"]
    with pytest.raises(ValueError, match="concept, goal"):
        concepts.compare("price")
    with ckmkit.language("zh"), pytest.raises(ValueError, match="没有名为"):
        concepts.compare("price")


@pytest.mark.parametrize(
    ("name", "steps"),
    [
        ("apqc", ["create_collect", "share_understand", "adapt_apply"]),
        ("km_history", ["data_collection", "information_mining", "knowledge_discovery"]),
        ("customer_knowledge", ["collect", "organise", "disseminate", "apply"]),
        ("philosophy", ["production", "sales", "market", "customer_value"]),
    ],
)
def test_processes_are_in_order(name, steps):
    table = concepts.process(name)
    assert table["step_id"].tolist() == steps
    assert table["position"].tolist() == list(range(1, len(steps) + 1))


def test_unknown_process_is_a_clear_error():
    with pytest.raises(ValueError, match="apqc"):
        concepts.process("pdca")


def test_four_p_map_to_four_c():
    table = concepts.four_p_four_c("en").set_index("pair_id")
    assert table.loc["price", "four_c"] == "Cost to the customer"
    assert table.loc["promotion", "four_c"] == "Communication"
    assert len(table) == 4


def test_km_tools_cover_three_stages_with_labels():
    tools = concepts.km_tools("zh")
    assert set(tools["stage"]) == {"generation", "codification", "transfer"}
    assert set(tools["stage_label"]) == {"生成", "编码", "转移"}


def test_value_chain_has_five_primary_stages():
    vc = concepts.value_chain()
    primary = vc[vc["part"] == "primary"].sort_values("position")
    assert primary["step_id"].tolist() == [
        "portfolio_analysis", "customer_intimacy", "network_development",
        "value_proposition", "lifecycle",
    ]


def test_gibbert_cells_are_marked_unverified():
    assert not concepts.gibbert_comparison()["verified"].any()
    assert content.is_bilingual(content.load("gibbert_comparison")["meta"]["note"])
    assert len(concepts.ckm_styles()) == 5


def test_glossary_covers_domain_terms():
    glossary = concepts.glossary().set_index("term_id")
    for term_id, zh in [("crm", "客户关系管理"), ("retention_rate", "保持率"), ("tacit", "隐性知识")]:
        assert glossary.loc[term_id, "term_zh"] == zh
    assert glossary.index.is_unique


def test_references_filter_by_chapter_and_carry_status():
    refs = concepts.references()
    assert set(refs["status"]) == {"verified", "unverified"}
    ch1 = concepts.references(1)
    assert 0 < len(ch1) < len(refs)
    assert all(1 in chs for chs in ch1["chapters"])
