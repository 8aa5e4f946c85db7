"""Tables shown in Chinese name every column the kit produces; the data keeps its ids."""

from __future__ import annotations

import warnings
from types import SimpleNamespace

import pandas as pd
import pytest

import ckmkit
from ckmkit import content, network, value
from ckmkit.datasets import load_cdnow, load_crm_world
from ckmkit.tables import _html, _names, _text, header, readable, show_headers


def test_header_puts_the_meaning_before_the_id_in_chinese_only():
    assert header("monetary_value", lang="zh") == "平均重复消费额（monetary_value）"
    assert header("co-created", lang="zh") == "共创的知识（co-created）"
    assert header("monetary_value", lang="en") == "monetary_value"
    assert header("my_column", lang="zh") == "my_column"
    assert header(("revenue", "sum"), lang="zh") == ("revenue", "sum")


def test_readable_relabels_headers_not_data():
    table = pd.DataFrame({"revenue": [3.0, 1.0], "note": [1, 2]},
                         index=pd.Index(["C1", "revenue"], name="customer_id"))
    table.columns.name = "class_label"
    shown = readable(table, lang="zh")
    assert list(shown.columns) == ["收入（revenue）", "note"]
    assert shown.index.tolist() == ["C1", "revenue"]  # row labels are data
    assert shown.index.name == "客户编号（customer_id）"
    assert shown.columns.name == "客户类别（class_label）"
    assert shown["收入（revenue）"].tolist() == [3.0, 1.0]
    assert list(table.columns) == ["revenue", "note"] and table.index.name == "customer_id"
    assert readable(table, lang="en") is table
    assert readable(table["revenue"], lang="zh") is not None  # a Series passes through


def test_row_labels_are_headed_only_when_all_are_column_ids():
    crosstab = pd.DataFrame([[3, 1], [0, 4]], index=pd.Index(["about", "from"], name="predicted"),
                            columns=pd.Index(["about", "from"], name="knowledge_type"))
    shown = readable(crosstab, lang="zh")
    assert shown.index.tolist() == ["关于客户的知识（about）", "来自客户的知识（from）"]
    assert shown.index.name == "预测类型（predicted）"
    mixed = crosstab.rename(index={"from": "east"}).rename_axis("note")
    assert readable(mixed, lang="zh").index.tolist() == ["about", "east"]
    record = pd.Series({"customers_orphaned": 20, "revenue_at_risk": 4.5})
    assert readable(record, lang="zh").index.tolist() == ["失去负责人的客户数（customers_orphaned）",
                                                          "面临风险的收入（revenue_at_risk）"]
    by_source = pd.Series([140.0], index=pd.Index(["referral"], name="acquisition_source"),
                          name="acquisition_cost")
    shown = readable(by_source, lang="zh")
    assert (shown.index.tolist(), shown.index.name, shown.name) == (
        ["老客推荐（referral）"], "获客来源（acquisition_source）", "获客成本（acquisition_cost）")
    assert by_source.name == "acquisition_cost" and readable(by_source, lang="en") is by_source


def test_codes_are_named_in_columns_and_indexes():
    customers = load_crm_world().customers.head(3)
    shown = readable(customers, lang="zh")
    assert shown["地区（region）"].tolist() == ["华北（north）", "华东（east）", "西部（west）"]
    assert shown["获客来源（acquisition_source）"].iloc[0] == "广告（advertising）"
    assert customers["region"].iloc[0] == "north"
    by_region = customers.groupby("region")["acquisition_cost"].sum()
    assert readable(by_region, lang="zh").index.tolist() == ["华东（east）", "华北（north）",
                                                             "西部（west）"]
    odd = pd.Series(["east", "atlantis", None], name="region")
    shown = readable(odd, lang="zh")
    assert shown.tolist()[:2] == ["华东（east）", "atlantis"] and shown.isna().tolist()[2]
    assert readable(pd.Series([1, 2], name="region"), lang="zh").tolist() == [1, 2]
    assert readable(customers, lang="zh", codes=False)["地区（region）"].iloc[0] == "north"


def test_notebook_html_is_pandas_own_with_headings():
    long = pd.DataFrame({"region": ["east", "west"] * 50, "revenue": range(100)})
    with ckmkit.language("en"):
        assert _html(long) == long._repr_html_()
    with ckmkit.language("zh"):
        html = _html(long)
    assert "<th>地区（region）</th>" in html and "<td>华东（east）</td>" in html
    assert "100 rows × 2 columns" in html and html.count("<tr>") == 11  # pandas' 10 of 100 rows


def test_readable_handles_hierarchical_headers():
    table = pd.DataFrame([[1, 2]], columns=pd.MultiIndex.from_tuples(
        [("revenue", "about"), ("profit", "from")], names=["measure", "knowledge_type"]))
    shown = readable(table, lang="zh")
    assert shown.columns.tolist() == [("收入（revenue）", "关于客户的知识（about）"),
                                      ("利润（profit）", "来自客户的知识（from）")]
    assert shown.columns.names == ["measure", "知识类型（knowledge_type）"]


def test_names_are_chinese():
    names = _names("zh")
    assert _names("en") == {}
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in name) or name.isascii()
               for name in names.values())
    assert len(names) > 150


def _kit_tables() -> dict[str, pd.DataFrame]:
    """The tables the chapters show, computed as the chapters compute them (smaller runs)."""
    world = load_crm_world()
    cdnow = load_cdnow("sample")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ckmkit.DataQualityWarning)
        profit = value.customer_profitability(world.transactions, world.interactions,
                                              world.customers)
        split = value.calibration_holdout(cdnow, time_unit="W", calibration_end="1997-09-30",
                                          observation_end="1998-06-30")
    segment = world.customers.set_index("customer_id")["segment"]
    profit["potential"] = value.peer_potential(profit["revenue"], segment, quantile=0.9)
    classes = value.classify_customers(profit)
    rfm = value.rfm_scores(value.summarize(cdnow))
    repeaters = split[split["frequency"] > 0]
    bg, gg = value.BetaGeo().fit(split), value.GammaGamma().fit(repeaters)
    ties = network.tie_graph(world.ties, world.customers)
    communities = network.detect_communities(ties, seed=1)
    tables = {name: getattr(world, name) for name in world.tables()}
    tables.update({f"content.{name}": content.frame(name) for name in content.names()})
    tables.update({
        "world.summary": world.summary(),
        "profitability": profit,
        "holdout": split,
        "rfm": rfm,
        "segments": value.segment_summary(rfm, value.rfm_segments(rfm)),
        "clv": value.customer_lifetime_value(bg, gg, split, horizon=12, margin=0.3),
        "classes": classes,
        "class_summary": value.class_summary(classes),
        "value_matrix": value.value_matrix(classes),
        "centrality": network.centrality_table(ties, k=50, seed=0),
        "communities": network.community_summary(ties, communities),
        "key_person_risk": network.key_person_risk(world.assignments,
                                                   profit[["revenue", "profit"]]),
        "bus_factor": network.bus_factor(world.assignments, world.employees, profit["revenue"]),
        "what_if_leaves": network.what_if_leaves(world.assignments, "E001",
                                                 profit[["revenue", "profit"]]).summary.to_frame().T,
        "referral_value": network.referral_value(network.referral_graph(world.referrals, world.customers),
                                                 profit["profit"], reward=60.0),
    })
    return tables


def test_every_column_the_chapters_show_has_a_chinese_name():
    names = _names("zh")
    missing = {name: sorted(set(map(str, frame.columns)) - set(names))
               for name, frame in _kit_tables().items()}
    assert {name: cols for name, cols in missing.items() if cols} == {}


def test_notebook_tables_follow_the_language():
    interactive = pytest.importorskip("IPython.core.interactiveshell")
    shell = interactive.InteractiveShell.instance()
    try:
        table = pd.DataFrame({"frequency": [2]}, index=pd.Index(["C1"], name="customer_id"))
        show_headers()
        with ckmkit.language("zh"):
            data, _ = shell.display_formatter.format(table)
        assert "重复购买次数（frequency）" in data["text/html"]
        assert "客户编号（customer_id）" in data["text/html"]
        assert "frequency" in data["text/plain"] and "重复" not in data["text/plain"]
        with ckmkit.language("en"):
            data, _ = shell.display_formatter.format(table)
        assert "<th>frequency</th>" in data["text/html"] and "重复" not in data["text/html"]
        record = pd.Series({"revenue_at_risk": 4.5})
        with ckmkit.language("zh"):
            data, _ = shell.display_formatter.format(record)
        assert data["text/plain"].startswith("面临风险的收入（revenue_at_risk）    4.5")
        assert "<th>面临风险的收入（revenue_at_risk）</th>" in data["text/html"]
        with ckmkit.language("en"):
            data, _ = shell.display_formatter.format(record)
        assert "text/html" not in data and data["text/plain"].startswith("revenue_at_risk    4.5")
        show_headers(False)
        with ckmkit.language("zh"):
            html, _ = shell.display_formatter.format(table)
            text, _ = shell.display_formatter.format(record)
        assert "重复" not in html["text/html"] and "面临" not in text["text/plain"]
    finally:
        show_headers(False)
        interactive.InteractiveShell.clear_instance()



def test_names_use_the_course_words():
    glossary = content.frame("glossary", lang="zh").set_index("term_id")["term_zh"]
    names = _names("zh")
    shared = sorted(set(glossary.index) & set(names))
    assert shared == ["ckm", "crm", "delight", "engagement_value", "four_c", "influence_value", "km",
                      "knowledge_value", "referral_value", "satisfaction"]
    assert all(glossary[term].startswith(names[term]) for term in shared)  # 4C and 4C 理论
    assert header("community", lang="zh") == "社区（community）"  # as chapter 4 says
    assert header("label", lang="zh") == "标签（label）"  # segment names and verdicts alike
    assert header("sole_customers", lang="zh") == "仅由其服务的客户数（sole_customers）"


def test_seeding_strategies_are_named_once():
    table = pd.DataFrame({"strategy": ["celf", "degree", "mine"], "mean": [3.0, 2.0, 1.0]})
    shown = readable(table, lang="zh")
    assert shown["策略（strategy）"].tolist() == ["贪心算法（celf）", "联系最多（degree）", "mine"]


def test_coded_levels_of_a_hierarchical_index_are_named():
    customers = load_crm_world().customers
    table = customers.groupby(["region", "segment"])["acquisition_cost"].sum().unstack()
    shown = readable(table, lang="zh")
    assert shown.index.tolist()[:2] == ["华东（east）", "华北（north）"]
    assert shown.columns.tolist() == ["企业客户（business）", "个人客户（consumer）"]
    stacked = readable(table.stack(), lang="zh")
    assert stacked.index.names == ["地区（region）", "客户群（segment）"]
    assert stacked.index[0] == ("华东（east）", "企业客户（business）")


def test_showing_a_long_table_relabels_only_what_pandas_shows(monkeypatch):
    import ckmkit.tables as tables

    seen = []
    named = tables._named_codes
    monkeypatch.setattr(tables, "_named_codes",
                        lambda values, *rest: seen.append(len(values)) or named(values, *rest))
    long = pd.DataFrame({"region": ["east", "west"] * 50_000, "revenue": range(100_000)},
                        index=pd.Index(["north", "south"] * 50_000, name="region"))
    with ckmkit.language("zh"), pd.option_context("display.max_rows", 20, "display.min_rows", 6):
        html = _html(long)
        series = _html(long["revenue"])
        printed = []
        _text(long["revenue"], SimpleNamespace(text=printed.append), False)
    assert max(seen) <= 40
    assert "Name: 收入（revenue）, Length: 100000" in printed[0] and "地区（region）" in printed[0]
    assert "100000 rows × 2 columns" in html and html.count("<tr>") == 1 + 6 + 1
    assert "<th>华北（north）</th>" in html and "<td>西部（west）</td>" in html
    assert "100000 rows × 1 columns" in series and "<th>收入（revenue）</th>" in series


def test_a_series_is_a_table_in_chinese_and_pandas_text_in_english():
    record = pd.Series({"revenue_at_risk": 4.5, "customers_orphaned": 20}, dtype=object)
    with ckmkit.language("zh"):
        html = _html(record)
        unnamed = _html(pd.Series([1.5], index=pd.Index(["east"], name="region")))
    assert "<th>面临风险的收入（revenue_at_risk）</th>" in html and "<td>4.5</td>" in html
    assert "<th>华东（east）</th>" in unnamed and "<th>0</th>" not in unnamed
    with ckmkit.language("en"):
        assert _html(record) is None  # IPython then shows pandas' own text


def test_display_options_are_pandas_own():
    table = pd.DataFrame({"revenue": [1.23456, 2.0], "region": ["east", None]})  # None: NaN
    with ckmkit.language("zh"):
        with pd.option_context("display.precision", 1):
            assert "<td>1.2</td>" in _html(table)
        with pd.option_context("display.notebook_repr_html", False):
            assert _html(table) is None  # pandas' text instead, as pandas does
        with pd.option_context("display.large_repr", "info", "display.max_rows", 1):
            long = pd.concat([table] * 5)
            assert "Index: 10 entries" in _html(long)  # pandas' summary of the whole table
        assert "<td>华东（east）</td>" in _html(table) and "<td>NaN</td>" in _html(table)


def test_a_styler_can_be_headed_with_header():
    table = pd.DataFrame({"revenue": [1.0]})
    with ckmkit.language("zh"):
        html = table.style.format_index(header, axis="columns").to_html()
    assert "收入（revenue）" in html and table.columns.tolist() == ["revenue"]


def test_codes_of_orders_contacts_staff_and_sources_are_named():
    world = load_crm_world()
    orders = readable(world.transactions.head(1), lang="zh")
    assert orders[["品类（category）", "状态（status）"]].iloc[0].tolist() == [
        "意式咖啡机（espresso_machine）", "已完成（completed）"]
    assert readable(world.interactions.head(1), lang="zh")["类型（kind）"].iloc[0] == "电话（phone）"
    ideas = readable(world.feedback.dropna(subset="adopted").head(1), lang="zh")
    assert ideas["是否采纳（adopted）"].iloc[0] == "已采纳（yes）"
    assert readable(world.employees.head(1), lang="zh")["角色（role）"].iloc[0] == (
        "客户经理（account_manager）")
    assert readable(world.assignments.head(1), lang="zh")["角色（role）"].iloc[0] == (
        "主要负责（primary）")
    references = readable(content.frame("references"), lang="zh")
    assert set(references["状态（status）"]) == {"已核实（verified）", "未核实（unverified）"}
