"""Chapter 2 exercises, "Customer value": checked with instant, bilingual feedback.

Keys are computed from the bundled data with the kit's own functions, once, on
first use. Sources with solutions: ``exercises/{en,zh}/02-customer-value.ipynb``.

Examples
--------
>>> from ckmkit.exercises import check
>>> check("value.cdnow_8020", "no").status
'correct'
>>> check("value.retain_or_acquire", 100).status
'correct'
"""

from __future__ import annotations

import warnings
from functools import cache

import pandas as pd

from ..exercises import choice, classification, exercise, graded, numeric, set_equal
from ..i18n import t
from ..quality import DataQualityWarning

__all__ = ["CDNOW_BGNBD", "CLASS_TABLE", "CLASS_RULES", "REGULAR_COHORT", "crm_profitability"]


@cache
def crm_profitability() -> pd.DataFrame:
    """Revenue, margin, cost to serve and profit per customer of the bundled CRM world."""
    from ..datasets import load_crm_world
    from .classes import customer_profitability

    world = load_crm_world()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)  # cancelled orders, reported in the text
        return customer_profitability(world.transactions, world.interactions, world.customers)


@exercise("value.top20_share", points=2,
          title={"en": "Revenue share of the top 20 % (CRM world)",
                 "zh": "前 20% 客户的收入占比（CRM 世界）"},
          hint={"en": "Sort customers by revenue, largest first; add up the first fifth; divide by "
                      "the total. Give a share such as 0.75, not a percentage.",
                "zh": "按收入从高到低排序，把前五分之一的收入加总，再除以总收入。"
                      "请给出 0.75 这样的比例，不要写成百分数。"})
def _top20(answer):
    from .concentration import top_share

    return numeric(answer, top_share(crm_profitability()["revenue"], 0.2), abs_tol=0.001,
                   partial_tol=0.01, mistakes={0.8: _RULE_OF_THUMB})


_RULE_OF_THUMB = {"en": "0.8 is the 80/20 rule of thumb itself. Compute the share from the data and "
                        "give three decimals.",
                  "zh": "0.8 正是二八法则这一经验法则本身。请用数据算出这个比例，保留三位小数。"}


_YES_NO = {"yes": {"en": "yes, roughly 80 % of revenue comes from the top 20 %",
                   "zh": "是，大约 80% 的收入来自前 20% 的客户"},
           "no": {"en": "no, the top 20 % make clearly less than 80 %",
                  "zh": "否，前 20% 的客户贡献明显少于 80%"}}


_YES_NO_ALIASES = {"是": "yes", "符合": "yes", "y": "yes", True: "yes",
                   "否": "no", "不是": "no", "不符合": "no", "不": "no", "n": "no", False: "no"}


@exercise("value.cdnow_8020", points=1,
          title={"en": "Does CDNOW follow 80/20?", "zh": "CDNOW 符合二八法则吗？"})
def _cdnow(answer):
    explain = {"yes": {"en": "Compute it: the top 20 % of CDNOW buyers make about two thirds.",
                       "zh": "算一算：CDNOW 前 20% 的客户大约只贡献三分之二。"},
               "no": {"en": "Right: about 67 %. 80/20 is a rule of thumb, not a law.",
                      "zh": "正确：大约 67%。二八法则是经验法则，不是定律。"}}
    return choice(answer, "no", options=_YES_NO, explain=explain, aliases=_YES_NO_ALIASES)


@exercise("value.below_zero", points=2,
          title={"en": "Find the customers who lose money today", "zh": "找出目前亏损的客户"},
          hint={"en": "profit = margin − cost to serve; keep the ids with profit < 0.",
                "zh": "利润 = 毛利 − 服务成本；保留利润小于 0 的客户编号。"})
def _below_zero(answer):
    profit = crm_profitability()["profit"]
    return set_equal(answer, set(profit.index[profit < 0]),
                     what={"en": "customer ids", "zh": "客户编号"})


#: Ten customers for the classification exercise (revenue, profit, potential in yuan).
CLASS_TABLE = pd.DataFrame(
    {
        "revenue": [9000.0, 6000.0, 3000.0, 2000.0, 1200.0, 800.0, 600.0, 400.0, 300.0, 100.0],
        "profit": [2500.0, 1500.0, 600.0, 300.0, -150.0, 90.0, -400.0, 40.0, 30.0, 10.0],
        "potential": [9000.0, 6500.0, 3500.0, 8000.0, 1300.0, 7000.0, 700.0, 500.0, 2500.0, 100.0],
    },
    index=pd.Index([f"K{i:02d}" for i in range(1, 11)], name="customer_id"),
)
#: Parameters of the rules in :func:`ckmkit.value.classify_customers` used by the exercise.
CLASS_RULES = {"margin_rate": 0.25, "pareto_share": 0.8, "mgc_quantile": 0.75}

def _class_aliases() -> dict[str, str]:
    """Every name a student sees for a class, in both languages, with and without the code."""
    import re

    from ..i18n import LANGUAGES
    from .classes import CLASSES

    aliases = {"most valuable": "mvc", "most growable": "mgc", "below zero": "bzc",
               "below-zero": "bzc", "maintain": "other", "最有价值": "mvc", "最有增长潜力": "mgc",
               "负值": "bzc", "其他": "other", "维持": "other"}
    for code in CLASSES:
        for lang in LANGUAGES:
            label = t(f"value.class_{code}", lang=lang)
            aliases[label] = code
            aliases[re.sub(r"\s*[(（].*[)）]$", "", label)] = code  # "Most valuable (MVC)"
    return aliases


def _class_facts() -> dict[str, dict[str, str]]:
    """Per customer, the numbers each rule looks at (not the class they lead to)."""
    from ..i18n import LANGUAGES
    from .classes import classify_customers, mgc_cut

    table = classify_customers(CLASS_TABLE, **CLASS_RULES)
    ranked = table["revenue"].sort_values(ascending=False, kind="stable")
    share = (ranked.cumsum() / ranked.sum()).reindex(table.index)
    cut = mgc_cut(table["unrealised"], CLASS_RULES["mgc_quantile"])
    return {
        item: {lang: t("value.exercise_class_facts", lang=lang, profit=row.profit,
                       at_potential=row.profit_at_potential, share=share[item],
                       unrealised=row.unrealised, cut=cut) for lang in LANGUAGES}
        for item, row in table.iterrows()
    }


@exercise("value.classify", points=3,
          title={"en": "MVC, MGC, BZC or other?", "zh": "MVC、MGC、BZC 还是其他？"},
          hint={"en": "Apply the rules in order: BZC first, then MVC (Pareto cut), then MGC.",
                "zh": "按顺序应用规则：先判断 BZC，再判断 MVC（帕累托切分），最后判断 MGC。"})
def _classify(answer):
    from .classes import classify_customers

    key = classify_customers(CLASS_TABLE, **CLASS_RULES)["customer_class"].to_dict()
    facts = _class_facts()  # numbers, not classes: safe to show while an item is wrong
    return classification(answer, key, labels=["mvc", "mgc", "bzc", "other"],
                          aliases=_class_aliases(), rationale=facts, hints=facts)


@exercise("value.retain_or_acquire", points=1,
          title={"en": "Acquisition costs six times retention",
                 "zh": "获客成本是保持成本的六倍"},
          hint={"en": "A new customer costs 6 × 50 yuan.", "zh": "获得一位新客户要花 6 × 50 元。"})
def _retain_or_acquire(answer):
    # Budget 30,000 yuan; retaining one customer costs 50 yuan, winning one 6× as much.
    return numeric(answer, 30_000 // (6 * 50), abs_tol=0.0, rel_tol=0.0,
                   unit={"en": "customers", "zh": "位客户"}, mistakes=_ACQUIRE_MISTAKES)


_ACQUIRE_MISTAKES = {
    600: {"en": "600 is how many customers the budget keeps at 50 yuan each; winning a new customer "
                "costs six times as much.",
          "zh": "600 是按每位 50 元计算能保持的老客户数；获取一位新客户的成本是它的六倍。"},
    5000: {"en": "5,000 divides the budget by 6 only; first work out what one new customer costs.",
           "zh": "5,000 只是把预算除以 6；请先算出获取一位新客户要花多少钱。"},
}


# Graded, on each student's own CRM world (ckmkit.exercises.variant_world): no reference here.
graded("value.graded_top20_share", "share", points=2,
       title={"en": "80/20 in your own CRM world (graded)", "zh": "你自己的 CRM 世界中的二八法则（评分题）"})


# --- RFM, concentration, BG/NBD, CLV and the choice of model -----------------------------------

#: The published BG/NBD estimates on CDNOW's first 39 weeks (Fader, Hardie & Lee 2005a).
CDNOW_BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
#: The "regular" cohort of Fader & Hardie (2007): customers still active at the start of years 1–8.
REGULAR_COHORT = (1000, 631, 468, 382, 326, 289, 262, 241)


@cache
def _cdnow_customers() -> pd.DataFrame:
    from ..datasets import load_cdnow
    from .summary import summarize

    return summarize(load_cdnow("sample"))


@exercise("value.rfm_top", points=2,
          title={"en": "How many CDNOW customers score 555?", "zh": "CDNOW 有多少位客户的 RFM 得分为 555？"},
          hint={"en": "value.rfm_scores(value.summarize(cdnow)) gives R, F and M (1–5); count the "
                      "customers with 5 on all three.",
                "zh": "value.rfm_scores(value.summarize(cdnow)) 给出 R、F、M（1–5 分）；"
                      "数一数三项都是 5 分的客户。"})
def _rfm_top(answer):
    from .rfm import rfm_scores

    scores = rfm_scores(_cdnow_customers())
    top = int(((scores["R"] == 5) & (scores["F"] == 5) & (scores["M"] == 5)).sum())
    return numeric(answer, top, abs_tol=0.0, partial_tol=max(1.0, 0.1 * top),
                   unit={"en": "customers", "zh": "位客户"})


@exercise("value.gini_cdnow", points=2,
          title={"en": "Gini coefficient of CDNOW revenue", "zh": "CDNOW 收入的基尼系数"},
          hint={"en": "value.gini on each customer's revenue (value.summarize(cdnow)); two decimals.",
                "zh": "对每位客户的收入（value.summarize(cdnow)）调用 value.gini；保留两位小数。"})
def _gini_cdnow(answer):
    from .concentration import gini, top_share

    revenue = _cdnow_customers()["revenue"]
    share = round(top_share(revenue, 0.2), 3)
    mistake = {"en": "That is the revenue share of the top 20 %, not the Gini coefficient.",
               "zh": "这是前 20% 客户的收入占比，不是基尼系数。"}
    return numeric(answer, gini(revenue), abs_tol=0.005, partial_tol=0.03, mistakes={share: mistake})


def _bgnbd():
    from .models import BetaGeo

    model = BetaGeo()
    model.params_ = dict(CDNOW_BGNBD)
    return model


def _p_alive(recency: float) -> float:
    history = pd.DataFrame({"frequency": [2], "recency": [recency], "T": [39.0]})
    return float(_bgnbd().p_alive(history).iloc[0])


@exercise("value.p_alive", points=2,
          title={"en": "Is this customer still alive?", "zh": "这位客户还“活着”吗？"},
          hint={"en": "Build a one-row summary (frequency 2, recency 30, T 39) and call p_alive of a "
                      "BetaGeo whose params_ are CDNOW_BGNBD.",
                "zh": "构造一行摘要（frequency 2、recency 30、T 39），用 params_ 设为 CDNOW_BGNBD 的 "
                      "BetaGeo 调用 p_alive。"})
def _p_alive_check(answer):
    gap = {"en": "That is P(alive) with recency 9: recency is the age at the last purchase (week 30), "
                 "not the weeks since it.",
           "zh": "这是 recency 取 9 时的存活概率：recency 是最后一次购买时客户的“年龄”（第 30 周），"
                 "而不是距最后一次购买过去了多少周。"}
    return numeric(answer, _p_alive(30.0), abs_tol=0.005, partial_tol=0.03,
                   mistakes={round(_p_alive(9.0), 3): gap})


@exercise("value.retention_clv", points=2,
          title={"en": "The retention CLV by hand", "zh": "手算保持型客户终身价值"},
          hint={"en": "CLV = Σ m·rᵗ/(1+d)ᵗ for t = 0, …, 4: the first margin is received today.",
                "zh": "CLV = Σ m·rᵗ/(1+d)ᵗ，t = 0, …, 4：第一笔毛利今天就收到。"})
def _retention_clv(answer):
    from .clv import retention_clv

    value = retention_clv(100.0, 0.8, 0.1, periods=5)
    mistakes = {
        round(retention_clv(100.0, 0.8, 0.1), 2): {
            "en": "That is the value over an unlimited horizon, m(1+d)/(1+d−r); the question asks "
                  "for five periods.",
            "zh": "这是无限期的价值 m(1+d)/(1+d−r)；题目问的是五期。"},
        round(value / 1.1, 2): {
            "en": "You discounted the first margin as well; in this chapter it is received today "
                  "(t = 0).",
            "zh": "你把第一笔毛利也折现了；本章约定它在今天收到（t = 0）。"},
    }
    return numeric(answer, value, abs_tol=0.01, partial_tol=3.0, mistakes=mistakes,
                   unit={"en": "yuan", "zh": "元"})


_BOUNDARY_OPTIONS = {
    "a": {"en": "its Gompertz dropout parameter b runs to zero, where the model becomes Pareto/NBD",
          "zh": "其 Gompertz 流失参数 b 趋于 0，此时模型退化为 Pareto/NBD"},
    "b": {"en": "the optimiser failed to converge", "zh": "优化算法没有收敛"},
    "c": {"en": "the two models are the same model on any data", "zh": "两个模型在任何数据上都是同一个模型"},
    "d": {"en": "five parameters are too many for 2,357 customers",
          "zh": "对 2,357 位客户来说五个参数太多了"},
}


@exercise("value.ggompertz_boundary", points=1,
          title={"en": "Why does GGompertz/NBD tie with Pareto/NBD?",
                 "zh": "为什么 GGompertz/NBD 与 Pareto/NBD 打成平手？"})
def _ggompertz_boundary(answer):
    explain = {
        "a": {"en": "Right: on CDNOW the best fit sits on that boundary, so the extra parameter buys "
                    "nothing (the likelihood-ratio test gives p = 1).",
              "zh": "正确：在 CDNOW 上最优解正好落在这个边界上，多出的参数没有带来任何改进"
                    "（似然比检验 p = 1）。"},
        "b": {"en": "The fit converged; its optimum is on the edge of the parameter space.",
              "zh": "拟合已经收敛；它的最优解位于参数空间的边界上。"},
        "c": {"en": "GGompertz/NBD nests Pareto/NBD; with b > 0 it gives other forecasts.",
              "zh": "GGompertz/NBD 包含 Pareto/NBD 作为特例；b > 0 时两者的预测不同。"},
        "d": {"en": "The count of parameters is not the reason: BIC would penalise it, but the "
                    "likelihoods are equal.",
              "zh": "原因不在参数个数：BIC 会惩罚多出的参数，但两者的似然完全相等。"},
    }
    return choice(answer, "a", options=_BOUNDARY_OPTIONS, explain=explain)


@exercise("value.sbg_survival", points=2,
          title={"en": "Subscribers left after 12 years (sBG)", "zh": "12 年后还剩多少订阅客户（sBG）"},
          hint={"en": "Fit value.ShiftedBetaGeo to REGULAR_COHORT and call survival(12).",
                "zh": "用 REGULAR_COHORT 拟合 value.ShiftedBetaGeo，再调用 survival(12)。"})
def _sbg_survival(answer):
    from .sbg import ShiftedBetaGeo

    model = ShiftedBetaGeo().fit(list(REGULAR_COHORT), standard_errors=False)
    alpha, beta = model.params_["alpha"], model.params_["beta"]
    constant = round((1 - alpha / (alpha + beta)) ** 12, 4)  # one churn rate for everybody
    mistake = {"en": "That assumes every customer has the average churn rate. Churn rates differ: "
                     "the likely leavers go first, so retention rises and more customers remain.",
               "zh": "这假设每位客户的流失率都等于平均值。实际上流失率因人而异：容易流失的客户先走，"
                     "留存率随之上升，剩下的客户更多。"}
    return numeric(answer, float(model.survival(12)), abs_tol=0.005, partial_tol=0.02,
                   mistakes={constant: mistake})


@cache
def _online_coefficient() -> float:
    from ..datasets import load_crm_world
    from .models import BetaGeo
    from .summary import summarize

    world = load_crm_world()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)  # cancelled orders and returns, in the text
        summary = summarize(world.transactions, time_unit="W", observation_end="2024-12-31")
    channel = world.customers.set_index("customer_id")["channel"].reindex(summary.index)
    fitted = BetaGeo().fit(summary.assign(online=(channel == "online").astype(float)),
                           purchase_covariates=["online"], dropout_covariates=["online"])
    return float(fitted.params_["purchase:online"])


@exercise("value.online_rate", points=2,
          title={"en": "What does the online coefficient mean?", "zh": "在线渠道的系数意味着什么？"},
          hint={"en": "Fit BetaGeo on the CRM world's summary with purchase_covariates=['online'] and "
                      "dropout_covariates=['online']; the multiplier is exp(params_['purchase:online']).",
                "zh": "在 CRM 世界的客户摘要上拟合 BetaGeo，设 purchase_covariates=['online']、"
                      "dropout_covariates=['online']；乘数为 exp(params_['purchase:online'])。"})
def _online_rate(answer):
    import math

    coefficient = _online_coefficient()
    raw = {"en": "That is the coefficient γ itself; the purchase rate is multiplied by e^γ.",
           "zh": "这是系数 γ 本身；购买速率乘以的是 e^γ。"}
    return numeric(answer, math.exp(coefficient), abs_tol=0.01, partial_tol=0.05,
                   mistakes={round(coefficient, 2): raw})
