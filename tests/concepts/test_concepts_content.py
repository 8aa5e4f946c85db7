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


def test_gibbert_table_keeps_only_the_confirmed_rows():
    assert concepts.gibbert_comparison()["aspect_id"].tolist() == ["axiom", "where"]
    assert "verified" not in concepts.gibbert_comparison().columns
    assert content.is_bilingual(content.load("gibbert_comparison")["meta"]["note"])
    assert len(concepts.ckm_styles()) == 5


def test_value_chain_lists_no_unchecked_supporting_conditions():
    vc = content.load("value_chain")
    assert {r["part"] for r in vc["rows"]} == {"primary"}
    assert {r["step_id"] for r in vc["exercise"]} == {r["step_id"] for r in vc["rows"]}


def test_crm_types_are_the_three_layers_in_both_languages():
    assert concepts.crm_types("zh")["type"].tolist() == ["操作型 CRM", "分析型 CRM", "协作型 CRM"]
    placed = {r["type_id"] for r in content.load("crm_types")["exercise"]}
    assert placed == set(concepts.crm_types()["type_id"])


def test_definitions_name_their_source_in_the_readers_language():
    zh = concepts.definitions("zh").set_index("definition_id")
    assert zh.loc["crm_gartner", "source"].startswith("高德纳咨询公司")
    assert "有争议" in zh.loc["crm_gartner", "source"]
    assert "客户盈利能力" in zh.loc["crm_gartner", "definition"]


def test_glossary_covers_domain_terms():
    glossary = concepts.glossary().set_index("term_id")
    for term_id, zh in [("crm", "客户关系管理"), ("retention_rate", "保持率"), ("tacit", "隐性知识")]:
        assert glossary.loc[term_id, "term_zh"] == zh
    assert glossary.index.is_unique


#: The course's one Chinese term per concept (docs/DOMAIN.md section 8).
COURSE_TERMS = {
    "pareto_rule": "二八法则", "customer_profitability": "客户盈利能力", "customer_profit": "客户利润",
    "customer_lifetime_value": "客户终身价值", "engagement_value": "客户参与价值",
    "referral_value": "客户推荐价值", "influence_value": "客户影响价值", "knowledge_value": "客户知识价值",
    "mvc": "最有价值客户", "mgc": "最有增长潜力客户", "bzc": "负值客户", "covariate": "协变量",
    "confidence_interval": "置信区间", "bootstrap": "自助法", "alive_probability": "存活概率",
    "word_of_mouth": "口碑", "customer_network_value": "网络价值",
}


def test_glossary_uses_the_course_terms_and_no_retired_ones():
    glossary = concepts.glossary("zh").set_index("term_id")
    assert {t: glossary.loc[t, "term_zh"] for t in COURSE_TERMS} == COURSE_TERMS
    text = glossary.to_string()
    assert "客户收益率" not in text and "80/20 规律" not in text and "80/20 法则" not in text


def test_zh_catalogues_use_the_course_terms():
    from importlib import resources

    folder = resources.files("ckmkit") / "locales" / "zh"
    text = "".join(p.read_text(encoding="utf-8") for p in folder.iterdir() if p.name.endswith(".toml"))
    for retired in ("客户收益率", "80/20 规律", "80/20 法则"):
        assert retired not in text


def test_references_filter_by_chapter_and_carry_status():
    refs = concepts.references()
    assert set(refs["status"]) == {"verified", "unverified"}
    ch1 = concepts.references(1)
    assert 0 < len(ch1) < len(refs)
    assert all(1 in chs for chs in ch1["chapters"])
