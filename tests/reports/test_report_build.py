"""ckmkit report end to end: realistic small files in, report.html and customers.csv out."""

from __future__ import annotations

import html
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import ckmkit
from ckmkit.cli import main
from ckmkit.reports import Report, build_report

LONG = "长" * 150 + "L" * 150  # 300 characters
ODD_NAMES = ["<script>alert('x')</script>", 'Tom "the cat" & Jerry', "张三 😀🎉", LONG,
             "O'Brien & Sons <b>"]


def _log(n: int = 80, seed: int = 7) -> pd.DataFrame:
    """A year of purchases as customers make them: each buys at a rate and may drop out.

    The odd names are the best customers, so that they appear in the report's tables.
    """
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        name = ODD_NAMES[i] if i < len(ODD_NAMES) else f"C{i:03d}"
        best = i < len(ODD_NAMES)
        rate, dropout = (0.08, 0.02) if best else (rng.gamma(1.0, 0.02), rng.beta(1.0, 3.0))
        day = float(rng.integers(0, 150))
        while day < 365:
            date = pd.Timestamp("2023-01-01") + pd.Timedelta(days=int(day))
            amount = rng.gamma(2.0, 200.0 if best else 40.0)
            rows.append({"客户编号": name, "下单时间": f"{date.year}年{date.month}月{date.day}日",
                         "实付金额": f"{amount:.2f}"})
            if rng.random() < dropout:
                break
            day += rng.exponential(1 / rate)
    return pd.DataFrame(rows)


@pytest.fixture
def shop_csv(tmp_path):
    """A GBK-free UTF-8 export (emoji have no GBK code) with Chinese headers and odd names."""
    path = tmp_path / "shop & <orders>.csv"
    _log().to_csv(path, index=False, encoding="utf-8")
    return path


@pytest.fixture
def gbk_log(tmp_path):
    """A Chinese ERP export in GBK, large enough for the models."""
    path = tmp_path / "订单.csv"
    frame = _log(seed=3)
    frame["客户编号"] = [f"客户{hash(n) % 97:02d}" for n in frame["客户编号"]]
    path.write_bytes(frame.to_csv(index=False).encode("gbk"))
    return path


def test_cli_writes_three_files_and_escapes_every_name(shop_csv, tmp_path):
    out = tmp_path / "out"
    assert main(["report", str(shop_csv), "--out", str(out)]) == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower()  # no script of ours, and every name escaped
    assert "&lt;script&gt;alert(" in page and "Tom &quot;the cat&quot; &amp; Jerry" in page
    assert html.escape("shop & <orders>.csv") in page and "<orders>" not in page
    assert '<meta charset="utf-8">' in page and '<html lang="en">' in page
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)  # nothing from elsewhere
    customers = pd.read_csv(out / "customers.csv", encoding="utf-8-sig", dtype={"customer_id": str})
    assert set(ODD_NAMES) <= set(customers["customer_id"])  # intact, 300 characters and emoji too
    assert customers["customer_id"].is_unique and customers.columns[0] == "customer_id"
    for column in ("frequency", "recency", "T", "monetary_value", "rfm_segment",
                   "predicted_holdout_purchases", "p_alive", "clv", "class"):
        assert column in customers.columns
    # Each CLV with its interval from draws of the parameters, the estimate inside it.
    assert customers["clv_lower"].le(customers["clv"] + 1e-9).all()
    assert customers["clv_upper"].ge(customers["clv"] - 1e-9).all()
    assert (customers["clv_upper"] > customers["clv_lower"]).mean() > 0.9
    assert set(customers["class"]) <= {"mvc", "mgc", "bzc", "other"}
    assert (out / "customers.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8
    segments = pd.read_csv(out / "segments.csv", encoding="utf-8-sig")
    assert segments["customers"].sum() == len(customers)


def test_every_section_says_how_to_read_it_and_names_its_chapter(shop_csv):
    page = build_report(shop_csv, lang="en").html
    sections = re.findall(r'<section id="(\w+)">', page)
    assert sections == ["quality", "concentration", "rfm", "models", "clv", "classes"]
    assert page.count('<p class="how">') == len(sections)
    assert "Chapter 2 — Customer value (notebooks/en/02-customer-value.ipynb)" in page
    assert "80/20" in page and "Gini coefficient" in page and "BG/NBD" in page
    assert "Pareto/NBD" in page and "MAE" in page and "standard error" in page
    assert page.count("data:image/png;base64,") >= 4


def test_chinese_report_from_a_gbk_file(gbk_log, tmp_path):
    assert main(["report", str(gbk_log), "--out", str(tmp_path), "--lang", "zh",
                 "--holdout", "13W", "--time-unit", "D"]) == 0
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page and '"Noto Sans SC"' in page
    for heading in ("数据质量", "收入集中度", "RFM 客户群", "购买模型：校准期与验证期", "客户终身价值",
                    "客户类别与价值矩阵"):
        assert f"<h2>{heading}</h2>" in page
    assert "编码：gbk" in page and "第 2 章 客户价值" in page and "验证期：2023-" in page


def test_online_retail_excel_with_too_few_customers_for_the_models(retail_xlsx, tmp_path):
    out = tmp_path / "retail"
    assert main(["report", str(retail_xlsx), "--out", str(out), "--sheet", "Orders"]) == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Not shown:" in page  # what cannot be fitted is said, not a traceback
    assert "1 row without a customer id" in page and "1 cancellation" in page
    customers = pd.read_csv(out / "customers.csv", encoding="utf-8-sig", dtype={"customer_id": str})
    # 14527 only cancelled and 15311 only returned: no purchase of theirs is left
    assert sorted(customers["customer_id"]) == ["13047", "17850"]


@pytest.mark.parametrize(("content", "lang", "expected"), [
    ("", "en", "File 'empty.csv' is empty"),
    ("客户编号,备注,实付金额\nA,首单,12\n", "en", "No column of 'empty.csv' looks like the date"),
    ("客户编号,下单时间,实付金额\nA,2023-01-05,12\nB,2023-01-06,十二元\n", "zh",
     "“empty.csv”的列“实付金额”必须是数值；第 3 行的值为 '十二元'。"),
])
def test_bad_input_exits_2_with_one_line(tmp_path, capsys, content, lang, expected):
    path = tmp_path / "empty.csv"
    path.write_text(content, encoding="utf-8")
    assert main(["report", str(path), "--out", str(tmp_path / "out"), "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_bad_holdout_is_named_in_the_chosen_language(shop_csv, tmp_path, capsys):
    assert main(["report", str(shop_csv), "--out", str(tmp_path), "--holdout", "soon",
                 "--lang", "zh"]) == 2
    assert "--holdout“soon”既不是时长" in capsys.readouterr().err
    assert main(["report", str(shop_csv), "--out", str(tmp_path), "--holdout", "2030-01-01"]) == 2
    assert "leaves no calibration or no holdout period" in capsys.readouterr().err


def test_costs_and_referrals(shop_csv, tmp_path):
    customers = _log()["客户编号"].unique()
    costs = tmp_path / "costs.csv"
    pd.DataFrame({"客户编号": customers, "服务成本": [500.0 if i % 9 == 0 else 5.0
                                                 for i in range(len(customers))]}).to_csv(
        costs, index=False, encoding="utf-8")
    referrals = tmp_path / "referrals.csv"
    pd.DataFrame({"推荐人": customers[:10], "被推荐人": customers[10:20]}).to_csv(referrals, index=False)
    out = tmp_path / "out"
    assert main(["report", str(shop_csv), "--out", str(out), "--costs", str(costs),
                 "--referrals", str(referrals), "--lang", "zh"]) == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<h2>利润与鲸鱼曲线</h2>" in page and "<h2>推荐与网络价值</h2>" in page
    assert "10 次推荐" in page
    table = pd.read_csv(out / "customers.csv", encoding="utf-8-sig", dtype={"customer_id": str})
    table = table.set_index("customer_id")
    assert table.loc[customers[0], "cost_to_serve"] == 500.0
    assert table.loc[customers[0], "profit"] == pytest.approx(table.loc[customers[0], "revenue"] - 500)
    assert "bzc" in set(table["class"])  # with costs, some customers cost more than they bring
    assert table.loc[customers[0], "referrals"] == 1 and table.loc[customers[25], "referrals"] == 0
    assert table["network_value"].notna().sum() == 20


def test_python_api_shows_in_a_notebook_and_saves(tmp_path):
    log = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "c", "c"],
                        "date": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-01-15",
                                                "2024-01-03", "2024-03-01", "2024-05-01"]),
                        "amount": [10.0, 20.0, 5.0, 8.0, 9.0, 7.0]})
    report = ckmkit.report(log, lang="zh", time_unit="D")
    assert isinstance(report, Report) and report._repr_html_() is report.html
    assert "客户价值报告：DataFrame" in report.html
    assert report.customers.loc["c", "revenue"] == 24.0 and report.customers.loc["c", "frequency"] == 2
    names = [p.name for p in report.save(tmp_path / "nb")]
    assert names == ["report.html", "customers.csv", "segments.csv"]
    polars = pytest.importorskip("polars")
    same = ckmkit.report(polars.from_pandas(log), lang="zh", time_unit="D")
    pd.testing.assert_frame_equal(same.customers, report.customers)


def test_a_table_without_the_standard_columns(tmp_path):
    with pytest.raises(ValueError, match="columns customer_id, date and amount; it has: id, when"):
        build_report(pd.DataFrame({"id": [1], "when": [2]}), lang="en")


def test_cdnow_as_distributed():
    """The course's own data set reads as it is: space-aligned columns, YYYYMMDD dates."""
    source = Path(ckmkit.__file__).resolve().parents[1] / "datasets" / "cdnow" / "CDNOW_master.txt"
    if not source.exists():
        pytest.skip("the CDNOW files are in a source checkout only")
    log = ckmkit.reports.read_transactions(source)
    assert log.source.delimiter == " " and log.roles["amount"] == "dollar_value"
    assert log.date_format == {"date": "%Y%m%d"} and len(log.frame) == 69659


@pytest.mark.parametrize(("holdout", "expected"), [
    (None, "2023-10-20"), ("13W", "2023-10-02"), ("90D", "2023-10-03"), ("3M", "2023-10-01"),
    ("2023-06-30", "2023-06-30"),
])
def test_holdout_periods(holdout, expected):
    from ckmkit.reports._analysis import calibration_end

    frame = pd.DataFrame({"date": pd.to_datetime(["2023-01-01", "2024-01-01"])})
    assert f"{calibration_end(frame, holdout):%Y-%m-%d}" == expected


def test_time_unit_and_roles_are_checked_first():
    log = pd.DataFrame({"customer_id": ["a"], "date": pd.to_datetime(["2024-01-01"]), "amount": [1.0]})
    with pytest.raises(ValueError, match="^--time-unit must be D, W or M, not 'Y'.$"):
        build_report(log, time_unit="Y")
    with pytest.raises(ValueError, match="^请只给出 --amount"):
        build_report("orders.csv", amount="金额", quantity="数量", lang="zh")
