"""Chapter 5 exercises, "Customer engagement value": checked with instant, bilingual feedback.

The hand calculations take their numbers from the constants below (the questions
quote them), so a question and its key cannot disagree; the exercises on the
CRM world compute their keys once, on first use, with the kit's own functions.
Sources with solutions: ``exercises/{en,zh}/05-customer-engagement-value.ipynb``.

Examples
--------
>>> from ckmkit.exercises import check
>>> check("engagement.cev_total", 1700).status
'correct'
>>> check("engagement.cev_total", 1200).message.startswith("That is the CLV alone")
True
>>> check("engagement.knowledge_types", ["from", "co-created"]).status
'correct'
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from ..exercises import PARTIAL, WRONG, Feedback, choice, classification, exercise, numeric, set_equal
from ..exercises.reading import local
from ..i18n import t

__all__ = ["COMPONENTS", "REFERRAL", "INFLUENCE", "IDEAS", "QUADRANT_CUSTOMERS"]

#: Exercise 1: one customer's four components (yuan).
COMPONENTS = {"clv": 1200.0, "referral_value": 300.0, "influence_value": 150.0, "knowledge_value": 50.0}
#: Exercise 2: referred customers' CLVs (yuan), the share who joined only because of the
#: referral, and the reward paid for every referral.
REFERRAL = {"clvs": (900.0, 600.0, 300.0, 200.0), "incremental_share": 0.4, "reward": 50.0}
#: Exercise 3: contacts, purchase probability without and with the customer's word of
#: mouth, and the profit of one purchase (yuan).
INFLUENCE = {"contacts": 10, "base": 0.20, "lifted": 0.26, "profit": 300.0}
#: Exercise 5: suggestions sent, suggestions adopted, value of an adopted idea (yuan).
IDEAS = {"sent": 5, "adopted": 2, "idea_value": 400.0}
#: Exercise 6: CLV and CRV (yuan) of four customers; "high" means at least 1,000 yuan of CLV
#: and at least 200 yuan of CRV.
QUADRANT_CUSTOMERS = {"A": (2500.0, 600.0), "B": (3000.0, 20.0), "C": (400.0, 900.0), "D": (300.0, 0.0)}
QUADRANT_CUTS = (1000.0, 200.0)

_YUAN = {"en": "yuan", "zh": "元"}


def _hand_feedback(feedback: Feedback, hints: dict) -> Feedback:
    """Replace the generic "too low / too high / close" (written for tables) by what
    matters in a hand calculation."""
    generic = {t("exercises.numeric.too_low"): "low", t("exercises.numeric.too_high"): "high"}
    if feedback.status == WRONG and feedback.message in generic:
        return replace(feedback, message=local(hints[generic[feedback.message]]))
    if feedback.status == PARTIAL:
        return replace(feedback, message=local(hints["close"]))
    return feedback


# --- 1 · the sum -------------------------------------------------------------------------------

@exercise("engagement.cev_total", points=1,
          title={"en": "One customer's engagement value", "zh": "一位客户的客户参与价值"},
          hint={"en": "CEV = CLV + CRV + CIV + CKV: add the four components.",
                "zh": "CEV = CLV + CRV + CIV + CKV：把四个组成部分加起来。"})
def _cev_total(answer):
    c = COMPONENTS
    mistakes = {
        c["clv"]: {"en": "That is the CLV alone: engagement value adds what the customer brings "
                         "through referrals, influence and knowledge.",
                   "zh": "这只是客户终身价值：客户参与价值还要加上客户通过推荐、影响和知识带来的价值。"},
        c["referral_value"] + c["influence_value"] + c["knowledge_value"]: {
            "en": "Those are only the indirect contributions: add the customer's own purchases (CLV).",
            "zh": "这只是间接贡献：还要加上客户自己购买的价值（CLV）。"},
    }
    hints = {"low": {"en": "Too low: one of the four components is missing.",
                     "zh": "偏低：少加了四个组成部分中的某一项。"},
             "high": {"en": "Too high: add each component once.", "zh": "偏高：每个组成部分只加一次。"},
             "close": {"en": "Close: add the four numbers exactly.", "zh": "很接近：请把四个数精确相加。"}}
    feedback = numeric(answer, sum(c.values()), abs_tol=0.5, partial_tol=60, unit=_YUAN, mistakes=mistakes)
    return _hand_feedback(feedback, hints)


# --- 2 · referral value ------------------------------------------------------------------------

@exercise("engagement.referral_value", points=2,
          title={"en": "Referral value by hand", "zh": "手算客户推荐价值"},
          hint={"en": "Count only the customers who joined because of the referral (the incremental "
                      "share of the referred CLVs), then subtract the reward paid for every referral.",
                "zh": "只计算因推荐才加入的客户（被推荐客户 CLV 中的增量比例），"
                      "再减去为每一次推荐支付的奖励。"})
def _referral(answer):
    r = REFERRAL
    total, n = sum(r["clvs"]), len(r["clvs"])
    mistakes = {
        total - n * r["reward"]: {
            "en": "That counts every referred customer in full: some would have joined anyway. "
                  "Multiply their CLV by the incremental share.",
            "zh": "这把每位被推荐客户都全额计入了，而其中一些人即使没有推荐也会加入。"
                  "请把他们的 CLV 乘以增量比例。"},
        r["incremental_share"] * total: {
            "en": "The reward is a cost of the referral programme: subtract it.",
            "zh": "推荐奖励是推荐计划的成本：要减去。"},
        r["incremental_share"] * (total - n * r["reward"]): {
            "en": "The reward is paid for every referral, not only for the incremental ones.",
            "zh": "奖励是为每一次推荐支付的，不只是为增量部分支付。"},
        total: {"en": "That is the referred customers' whole CLV: count only the incremental share and "
                      "subtract the rewards.",
                "zh": "这是被推荐客户的全部 CLV：只应计入增量部分，并减去奖励。"},
    }
    hints = {"low": {"en": "Too low: check the incremental share (it applies to the CLVs) and count "
                           "each reward once.",
                     "zh": "偏低：检查增量比例（它作用于 CLV），每笔奖励只扣一次。"},
             "high": {"en": "Too high: only the incremental share of the referred CLVs counts, and every "
                            "referral costs its reward.",
                      "zh": "偏高：只计被推荐客户 CLV 的增量部分，而且每次推荐都要扣除奖励。"},
             "close": {"en": "Close: incremental share × the sum of the CLVs − number of referrals × reward.",
                       "zh": "很接近：增量比例 × CLV 之和 − 推荐次数 × 奖励。"}}
    expected = r["incremental_share"] * total - n * r["reward"]
    feedback = numeric(answer, expected, abs_tol=0.5, partial_tol=40, unit=_YUAN, mistakes=mistakes)
    return _hand_feedback(feedback, hints)


# --- 3 · influence value -----------------------------------------------------------------------

@exercise("engagement.influence_value", points=2,
          title={"en": "Influence value by hand", "zh": "手算客户影响价值"},
          hint={"en": "Influence value is the lift the customer causes: the change in each contact's "
                      "purchase probability, times the number of contacts, times the profit of a purchase.",
                "zh": "客户影响价值是该客户带来的增量："
                      "每位联系人购买概率的变化 × 联系人数 × 一次购买的利润。"})
def _influence(answer):
    i = INFLUENCE
    mistakes = {
        i["contacts"] * i["lifted"] * i["profit"]: {
            "en": "That is the whole expected profit of the contacts. Most of it would have come "
                  "anyway: count only the lift, from 0.20 to 0.26.",
            "zh": "这是联系人的全部预期利润，其中大部分即使没有口碑也会发生："
                  "只计算提升的部分，即从 0.20 到 0.26。"},
        i["contacts"] * i["base"] * i["profit"]: {
            "en": "That is what the contacts buy without the customer's word of mouth; the customer "
                  "causes only the difference.",
            "zh": "这是没有该客户口碑时联系人的购买；该客户带来的只是两者之差。"},
        (i["lifted"] - i["base"]) * i["profit"]: {
            "en": "That is one contact: the customer has ten.",
            "zh": "这只是一位联系人的：该客户有十位联系人。"},
    }
    hints = {"low": {"en": "Too low: multiply the lift by every contact and by the profit of a purchase.",
                     "zh": "偏低：把概率的提升乘以全部联系人数，再乘以一次购买的利润。"},
             "high": {"en": "Too high: only the lift counts, not the contacts' whole profit.",
                      "zh": "偏高：只计算提升的部分，而不是联系人的全部利润。"},
             "close": {"en": "Close: contacts × (0.26 − 0.20) × profit, exactly.",
                       "zh": "很接近：联系人数 ×（0.26 − 0.20）× 利润，请精确计算。"}}
    expected = i["contacts"] * (i["lifted"] - i["base"]) * i["profit"]
    feedback = numeric(answer, expected, abs_tol=0.5, partial_tol=20, unit=_YUAN, mistakes=mistakes)
    return _hand_feedback(feedback, hints)


# --- 4 · which knowledge is the customer's contribution ------------------------------------------

_KNOWLEDGE = {
    "about": {"en": "knowledge about customers (what the firm records of them)",
              "zh": "关于客户的知识（企业记录的客户信息）"},
    "for": {"en": "knowledge for customers (what the firm tells them)",
            "zh": "为客户提供的知识（企业告诉客户的信息）"},
    "from": {"en": "knowledge from customers (their feedback and ideas)",
             "zh": "来自客户的知识（客户的反馈和创意）"},
    "co-created": {"en": "co-created knowledge (developed together with customers)",
                   "zh": "与客户共同创造的知识（与客户一起开发的知识）"},
}


@exercise("engagement.knowledge_types", points=1,
          title={"en": "Which knowledge counts in knowledge value?", "zh": "哪些知识计入客户知识价值？"},
          hint={"en": "Knowledge value rewards what the customer contributes. Who does the work for each "
                      "type?",
                "zh": "客户知识价值衡量的是客户的贡献。每一类知识是由谁付出努力得来的？"})
def _knowledge_types(answer):
    explain = {
        "about": {"en": "The firm collects it by observing the customer; the customer contributes nothing "
                        "on purpose, and its value is already in how the firm serves them (CLV).",
                  "zh": "这是企业通过观察客户收集的，客户并没有主动贡献什么；"
                        "它的价值已经体现在企业如何服务该客户上（CLV）。"},
        "for": {"en": "The firm gives it to the customer: it is a cost of serving them, not their "
                      "contribution.",
                "zh": "这是企业提供给客户的：它是服务客户的成本，而不是客户的贡献。"},
        "from": {"en": "Right: feedback and ideas the customer offers.",
                 "zh": "正确：客户主动提供的反馈和创意。"},
        "co-created": {"en": "Right: the customer shares in creating it.",
                       "zh": "正确：客户参与了它的创造。"},
    }
    aliases = {"co_created": "co-created", "cocreated": "co-created", "来自客户": "from",
               "共同创造": "co-created"}
    return choice(answer, {"from", "co-created"}, options=_KNOWLEDGE, explain=explain, aliases=aliases)


# --- 5 · knowledge value -----------------------------------------------------------------------

@exercise("engagement.knowledge_value", points=1,
          title={"en": "Knowledge value by hand", "zh": "手算客户知识价值"},
          hint={"en": "Only adopted suggestions create value for the firm.",
                "zh": "只有被采纳的建议才会为企业创造价值。"})
def _knowledge_value(answer):
    k = IDEAS
    mistakes = {
        k["sent"] * k["idea_value"]: {
            "en": "That values every suggestion; only the adopted ones saved the firm money.",
            "zh": "这把每条建议都算上了；只有被采纳的建议才为企业节省了成本。"},
        k["idea_value"]: {"en": "Two suggestions were adopted.", "zh": "被采纳的建议有两条。"},
    }
    hints = {"low": {"en": "Too low: count every adopted suggestion.",
                     "zh": "偏低：每条被采纳的建议都要计入。"},
             "high": {"en": "Too high: suggestions that were not adopted are worth nothing here.",
                      "zh": "偏高：未被采纳的建议在这里不计价值。"},
             "close": {"en": "Close: adopted suggestions × value of an adopted idea.",
                       "zh": "很接近：被采纳的建议数 × 每条被采纳创意的价值。"}}
    feedback = numeric(answer, k["adopted"] * k["idea_value"], abs_tol=0.5, partial_tol=50, unit=_YUAN,
                       mistakes=mistakes)
    return _hand_feedback(feedback, hints)


# --- 6 · the 2 × 2 by hand ---------------------------------------------------------------------

#: Kumar's four groups of CLV against CRV (Kumar, Petersen & Leone 2007).
QUADRANTS = {
    "champions": {"en": "champions: high CLV, high CRV", "zh": "冠军型：CLV 高，CRV 高"},
    "affluents": {"en": "affluents: high CLV, low CRV", "zh": "富裕型：CLV 高，CRV 低"},
    "advocates": {"en": "advocates: low CLV, high CRV", "zh": "倡导型：CLV 低，CRV 高"},
    "misers": {"en": "misers: low CLV, low CRV", "zh": "吝啬型：CLV 低，CRV 低"},
}


def _quadrant(clv: float, crv: float) -> str:
    high_clv, high_crv = clv >= QUADRANT_CUTS[0], crv >= QUADRANT_CUTS[1]
    return {(True, True): "champions", (True, False): "affluents", (False, True): "advocates",
            (False, False): "misers"}[(high_clv, high_crv)]


@exercise("engagement.quadrant", points=2,
          title={"en": "Who buys, who brings", "zh": "谁购买，谁带来客户"},
          hint={"en": "Compare each customer's CLV with 1,000 yuan and CRV with 200 yuan; the group names "
                      "say which of the two is high.",
                "zh": "把每位客户的 CLV 与 1,000 元比较、CRV 与 200 元比较；分组名称说明了哪一项高。"})
def _quadrant_exercise(answer):
    key = {name: _quadrant(*values) for name, values in QUADRANT_CUSTOMERS.items()}
    rationale = {name: {"en": f"CLV {clv:,.0f}, CRV {crv:,.0f} yuan.",
                        "zh": f"CLV {clv:,.0f} 元，CRV {crv:,.0f} 元。"}
                 for name, (clv, crv) in QUADRANT_CUSTOMERS.items()}
    aliases = {"冠军型": "champions", "富裕型": "affluents", "倡导型": "advocates", "吝啬型": "misers"}
    return classification(answer, key, labels=list(QUADRANTS), rationale=rationale, aliases=aliases)


# --- 7 · double counting -----------------------------------------------------------------------

_DOUBLE = {
    "a": {"en": "in A's CLV and in A's CRV", "zh": "计入 A 的 CLV，也计入 A 的 CRV"},
    "b": {"en": "in B's own CLV; A's CRV counts only the part that would not have happened without A",
          "zh": "计入 B 自己的 CLV；A 的 CRV 只计入没有 A 就不会发生的那部分"},
    "c": {"en": "only in A's CRV, never in B's CLV", "zh": "只计入 A 的 CRV，绝不计入 B 的 CLV"},
    "d": {"en": "nowhere: referred customers are a gift", "zh": "都不计入：被推荐的客户是白得的"},
}


@exercise("engagement.double_count", points=1,
          title={"en": "Counting a referred customer once", "zh": "被推荐客户只算一次"},
          hint={"en": "Each component values a different behaviour of a different customer.",
                "zh": "每个组成部分衡量的是不同客户的不同行为。"})
def _double_count(answer):
    explain = {
        "a": {"en": "B's purchases are B's behaviour, not A's: counting them in A's CLV double counts.",
              "zh": "B 的购买是 B 的行为，不是 A 的：计入 A 的 CLV 就重复计算了。"},
        "b": {"en": "Right: CLV values a customer's own purchases; CRV values only the customers the "
                    "referrer added.",
              "zh": "正确：CLV 衡量客户自己的购买；CRV 只衡量推荐人额外带来的客户。"},
        "c": {"en": "B is a customer too: B's own CLV describes B. A's CRV counts only the incremental part.",
              "zh": "B 也是客户：B 自己的 CLV 描述的是 B。A 的 CRV 只计增量部分。"},
        "d": {"en": "B's purchases are real profit, and A's referral caused part of it.",
              "zh": "B 的购买是实实在在的利润，其中一部分是 A 的推荐带来的。"},
    }
    return choice(answer, "b", options=_DOUBLE, explain=explain)


# --- 8–10 · on the CRM world -------------------------------------------------------------------

@cache
def crm_world_engagement():
    """Engagement value of the bundled CRM world with the default assumptions (computed once)."""
    from ..datasets import load_crm_world
    from .course import engagement_value

    return engagement_value(load_crm_world())


@exercise("engagement.missed_share", points=1,
          title={"en": "What CLV misses", "zh": "CLV 遗漏了多少"},
          hint={"en": "Add up engagement value and CLV over all customers; the part of the total that is "
                      "not CLV is what CLV misses.",
                "zh": "把所有客户的客户参与价值和 CLV 分别加总；"
                      "总额中不属于 CLV 的部分就是 CLV 遗漏的部分。"})
def _missed_share(answer):
    table = crm_world_engagement()
    clv_share = float(table["clv"].sum() / table["engagement_value"].sum())
    mistakes = {round(clv_share, 3): {"en": "That is CLV's share: the question asks for the rest.",
                                      "zh": "这是 CLV 所占的比例：题目问的是其余部分。"}}
    return numeric(answer, 1.0 - clv_share, abs_tol=0.005, partial_tol=0.03, mistakes=mistakes)


@exercise("engagement.most_undervalued", points=1,
          title={"en": "The most undervalued customer", "zh": "被低估最多的客户"},
          hint={"en": "Rank customers by CLV and by engagement value (1 = highest) and take the customer "
                      "whose rank improves most.",
                "zh": "分别按 CLV 和客户参与价值给客户排名（1 为最高），找出排名提升最多的客户。"})
def _most_undervalued(answer):
    from .course import ranking_shift

    shift = ranking_shift(crm_world_engagement())
    if isinstance(answer, str):
        answer = [answer]
    return set_equal(answer, set(shift.index[shift["rank_gain"] == shift["rank_gain"].max()]),
                     what={"en": "customer ids", "zh": "客户编号"})


@exercise("engagement.champions", points=1,
          title={"en": "How many champions?", "zh": "冠军型客户有多少位？"},
          hint={"en": "Champions have high CLV and high CRV; the cut-offs are the medians of the positive "
                      "values of each.",
                "zh": "冠军型客户的 CLV 和 CRV 都高；分界线分别是两者正值的中位数。"})
def _champions(answer):
    from .course import engagement_quadrants

    count = int((engagement_quadrants(crm_world_engagement()) == "champions").sum())
    return numeric(answer, count, abs_tol=0, partial_tol=max(2, count // 10),
                   unit={"en": "customers", "zh": "位客户"})
