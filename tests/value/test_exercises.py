"""Chapter-2 exercise checks: right answers pass, wrong and blank answers say so."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from ckmkit import DataQualityWarning
from ckmkit.exercises import check
from ckmkit.value.exercises import crm_profitability

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def world_profit():
    from ckmkit.datasets import load_crm_world

    world = load_crm_world()
    tx = world.transactions[world.transactions["status"] != "cancelled"]
    per = tx.groupby("customer_id")[["amount", "margin"]].sum()
    cost = world.interactions.groupby("customer_id")["cost"].sum()
    ids = world.customers["customer_id"]
    margin = per["margin"].reindex(ids).fillna(0.0)
    profit = margin - cost.reindex(ids).fillna(0.0).to_numpy()
    return per["amount"].reindex(ids).fillna(0.0), profit


def test_top20_share_key_computed_independently(world_profit):
    revenue, _ = world_profit
    ranked = revenue.sort_values(ascending=False)
    share = ranked.iloc[:400].sum() / ranked.sum()
    assert check("value.top20_share", share).status == "correct"
    assert check("value.top20_share", round(share, 3)).status == "correct"
    assert check("value.top20_share", share + 0.008).status == "partial"
    assert check("value.top20_share", share + 0.03).status == "wrong"
    guess = check("value.top20_share", 0.8)  # the rule of thumb, 0.017 below the share
    assert guess.points == 0 and "rule of thumb" in guess.message
    assert check("value.top20_share", 81.7).status == "malformed"  # a percentage, not a share
    assert check("value.top20_share").status == "not_answered"


def test_cdnow_does_not_follow(world_profit):
    assert check("value.cdnow_8020", "no").points == 1
    assert check("value.cdnow_8020", "yes").status == "wrong"
    for answer in ("否", "不符合", False, " No "):  # the prompt's Chinese gloss, a bool, spacing
        assert check("value.cdnow_8020", answer).status == "correct", answer
    assert check("value.cdnow_8020", "是").status == "wrong"


def test_below_zero_ids(world_profit):
    _, profit = world_profit
    ids = set(profit.index[profit < 0])
    assert len(ids) == 192
    assert check("value.below_zero", sorted(ids)).status == "correct"
    assert check("value.below_zero", sorted(ids)[:96]).status == "partial"


def test_below_zero_reads_what_pandas_hands_back():
    table = crm_profitability()
    losing = table[table["profit"] < 0]
    for answer in (losing, losing["profit"], table["profit"] < 0, losing.index,
                   [i.lower() for i in losing.index]):
        assert check("value.below_zero", answer).status == "correct", type(answer)
    numbers = check("value.below_zero", list(range(1, 169)))
    assert numbers.status == "malformed" and "customer ids" in numbers.message
    assert check("value.below_zero", []).status == "not_answered"
    extra = check("value.below_zero", [*losing.index, "C99999"])
    assert "1 should not be there (C99999)" in extra.message and "missing" not in extra.message


def test_classify_key_follows_the_rules():
    from ckmkit.value.exercises import CLASS_TABLE

    key = {"K01": "mvc", "K02": "mvc", "K03": "mvc", "K04": "mgc", "K05": "bzc",
           "K06": "mgc", "K07": "bzc", "K08": "other", "K09": "other", "K10": "other"}
    assert list(CLASS_TABLE.index) == list(key)
    assert check("value.classify", key).status == "correct"
    wrong = {**key, "K09": "mgc"}
    assert check("value.classify", wrong).status == "partial"
    assert check("value.classify", {**key, "K05": "负值客户"}).status == "correct"  # alias
    for label in ("Other", "其他客户", "maintain", "Below zero (BZC)", "最有增长潜力客户（MGC）"):
        assert check("value.classify", {**key, "K09": label}).status != "malformed", label
    extra = check("value.classify", {**key, "K11": "mvc"})
    assert extra.status == "malformed" and "K11" in extra.message  # named, so it can be removed


def test_classify_feedback_gives_each_customers_numbers_not_its_class():
    from ckmkit.value.exercises import CLASS_TABLE

    fb = check("value.classify", {"K05": "other"})
    k05 = next(d for d in fb.details if d.item == "K05")
    assert k05.status == "wrong"
    assert "-150" in k05.message and "-125" in k05.message and "91%" in k05.message
    assert not any(code in k05.message.lower() for code in ("bzc", "mvc", "mgc", "other"))
    assert len(fb.details) == len(CLASS_TABLE)


def test_retain_or_acquire():
    assert check("value.retain_or_acquire", 100).status == "correct"
    assert check("value.retain_or_acquire", 600).status == "wrong"
    assert "six times" in check("value.retain_or_acquire", 600).message  # forgot the 6×


@pytest.mark.parametrize("folder", ["notebooks", "exercises"])
def test_chapter_notebooks_share_code_and_check_every_exercise(folder):
    def code(lang):
        nb = json.loads((ROOT / folder / lang / "02-customer-value.ipynb").read_text("utf-8"))
        return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]

    en, zh = code("en"), code("zh")
    assert en == zh
    assert en[0].startswith("import ckmkit")
    joined = "\n".join(en)
    for exercise_id in ("top20_share", "cdnow_8020", "below_zero", "classify", "retain_or_acquire",
                        "rfm_top", "gini_cdnow", "p_alive", "retention_clv", "ggompertz_boundary",
                        "sbg_survival", "online_rate"):
        assert f'check("value.{exercise_id}"' in joined


def test_profitability_report_is_raised_where_expected():
    from ckmkit.datasets import load_crm_world
    from ckmkit.value import customer_profitability

    world = load_crm_world()
    with pytest.warns(DataQualityWarning, match="221 cancelled orders"):
        customer_profitability(world.transactions, world.interactions)


def test_rfm_top_counts_customers_scoring_five_three_times():
    from ckmkit.datasets import load_cdnow
    from ckmkit.value import rfm_scores, summarize

    scores = rfm_scores(summarize(load_cdnow("sample")))
    top = int((scores["RFM"] == "555").sum())
    assert top == 233  # the CDNOW sample's customers with R = F = M = 5
    assert check("value.rfm_top", top).status == "correct"
    assert check("value.rfm_top", top + 20).status == "partial"
    assert check("value.rfm_top", int((scores["R"] == 5).sum())).status == "wrong"


def test_gini_cdnow_and_its_likely_confusion():
    from ckmkit.datasets import load_cdnow
    from ckmkit.value import summarize

    revenue = np.sort(summarize(load_cdnow("sample"))["revenue"].to_numpy())
    n = revenue.size  # Gini from its definition: mean absolute difference over twice the mean
    gini = np.abs(revenue[:, None] - revenue[None, :]).sum() / (2 * n * n * revenue.mean())
    assert check("value.gini_cdnow", round(gini, 2)).status == "correct"
    assert check("value.gini_cdnow", gini + 0.02).status == "partial"
    top20 = revenue[::-1][: n // 5].sum() / revenue.sum()
    assert "top 20 %" in check("value.gini_cdnow", round(top20, 3)).message


def test_p_alive_by_the_closed_form():
    r, alpha, a, b = 0.243, 4.414, 0.793, 2.426
    x, t_x, t = 2, 30.0, 39.0  # Fader, Hardie & Lee (2005a), eq. for P(alive | x, t_x, T)
    p = 1 / (1 + a / (b + x - 1) * ((alpha + t) / (alpha + t_x)) ** (r + x))
    assert check("value.p_alive", round(p, 3)).status == "correct"
    assert check("value.p_alive", p - 0.02).status == "partial"
    assert "recency is the age" in check("value.p_alive", 0.237).message


def test_retention_clv_by_the_formula():
    value = sum(100 * 0.8 ** k / 1.1 ** k for k in range(5))
    assert value == pytest.approx(292.06, abs=0.005)
    assert check("value.retention_clv", 292.06).status == "correct"
    assert "unlimited horizon" in check("value.retention_clv", 366.67).message
    assert "discounted the first" in check("value.retention_clv", round(value / 1.1, 2)).message


def test_ggompertz_boundary_choice():
    assert check("value.ggompertz_boundary", "a").status == "correct"
    assert check("value.ggompertz_boundary", "b").status == "wrong"


def test_sbg_survival_against_the_published_estimates():
    from scipy.special import beta as beta_fn

    alpha, beta = 0.704, 1.182  # Fader & Hardie (2007), regular cohort
    survival = beta_fn(alpha, beta + 12) / beta_fn(alpha, beta)
    assert survival == pytest.approx(0.170, abs=0.001)
    assert check("value.sbg_survival", round(survival, 3)).status == "correct"
    assert check("value.sbg_survival", survival + 0.015).status == "partial"
    assert "average churn" in check("value.sbg_survival", 0.0037).message


def test_online_rate_is_the_multiplier_of_the_purchase_rate():
    from ckmkit.datasets import load_crm_world
    from ckmkit.value import BetaGeo, summarize

    world = load_crm_world()
    with pytest.warns(DataQualityWarning):
        weekly = summarize(world.transactions, time_unit="W", observation_end="2024-12-31")
    channel = world.customers.set_index("customer_id")["channel"].reindex(weekly.index)
    fitted = BetaGeo().fit(weekly.assign(online=(channel == "online").astype(float)),
                           purchase_covariates=["online"], dropout_covariates=["online"])
    gamma = fitted.params_["purchase:online"]
    assert check("value.online_rate", round(float(np.exp(gamma)), 2)).status == "correct"
    assert check("value.online_rate", float(np.exp(gamma)) + 0.03).status == "partial"
    assert "coefficient" in check("value.online_rate", round(gamma, 2)).message
