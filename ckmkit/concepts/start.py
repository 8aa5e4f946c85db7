"""Chapter 0, "Start here" (section ``start``): a warm-up that uses every kind of check once.

It lives with chapter 1 because both ask about the same ideas and read students'
spellings through the same tables (:mod:`ckmkit.concepts.answers`).

Examples
--------
>>> from ckmkit.exercises import check
>>> check("start.crm_origin", "a").status
'correct'
>>> check("start.cdnow_customers", 2357).points
1.0
"""

from __future__ import annotations

from functools import cache

from ..exercises import choice, classification, exercise, graded, matching, numeric, ordering, set_equal
from ..exercises.reading import fold_spelling
from .answers import FOUR_C, KNOWLEDGE_TYPES, canonical, four_p, steps

# The origin of the term is contested (docs/DOMAIN.md 1.1), so the question asks for the honest
# summary and scores none of the competing claims as fact.
ORIGIN_OPTIONS = {
    "a": {"en": "It spread through software vendors and IT analysts in the 1990s; who coined it, and when, "
                "is disputed",
          "zh": "它在 20 世纪 90 年代经由软件厂商和 IT 分析机构传播开来；究竟由谁、在哪一年提出，说法不一"},
    "b": {"en": "Philip Kotler, 1967", "zh": "菲利普·科特勒，1967 年"},
    "c": {"en": "APQC, 2005", "zh": "美国生产力与质量中心（APQC），2005 年"},
    "d": {"en": "Gartner Group coined it in 1999, as all sources agree",
          "zh": "高德纳咨询公司（Gartner Group）于 1999 年提出，各文献看法一致"},
}
ORIGIN_EXPLAIN = {
    "a": {"en": "Yes: S0 credits Gartner with 1997, S1 with 1999, and Buttle (2009) places vendors' use of "
                "the term in the mid-1990s. Say what the sources claim, not who was first.",
          "zh": "对：S0 说高德纳咨询公司 1997 年提出，S1 说 1999 年，Buttle（2009）则认为软件厂商在 "
                "90 年代中期就已使用这一术语。要说清各文献的说法，而不是断言谁最先提出。"},
    "b": {"en": "Kotler shaped marketing management, not the term CRM.",
          "zh": "科特勒奠定了营销管理学，但没有提出 CRM 这一术语。"},
    "c": {"en": "APQC defined knowledge management, not CRM.",
          "zh": "APQC 定义的是知识管理，而不是 CRM。"},
    "d": {"en": "The sources do not agree: S0 says 1997, S1 says 1999, and others place the term earlier.",
          "zh": "各文献并不一致：S0 说 1997 年，S1 说 1999 年，还有文献认为更早。"},
}


@exercise("start.crm_origin", points=1,
          title={"en": "Where does the term CRM come from?", "zh": "CRM 这一术语从何而来？"})
def _crm_origin(answer):
    return choice(answer, "a", options=ORIGIN_OPTIONS, explain=ORIGIN_EXPLAIN)


FRONT_END_OPTIONS = {
    "a": {"en": "sales management", "zh": "销售管理"},
    "b": {"en": "payroll", "zh": "薪资核算"},
    "c": {"en": "marketing management", "zh": "营销管理"},
    "d": {"en": "customer service", "zh": "客户服务"},
    "e": {"en": "warehouse stock-taking", "zh": "仓库盘点"},
}
FRONT_END_EXPLAIN = {
    "a": {"en": "A front-end module: sales-force automation captures customer contacts.",
          "zh": "前端模块：销售自动化记录与客户的每次接触。"},
    "b": {"en": "An internal back-office task with no customer contact.",
          "zh": "内部后台工作，不接触客户。"},
    "c": {"en": "A front-end module: campaigns and e-mail bring customer responses.",
          "zh": "前端模块：营销活动和电子邮件带回客户的反应。"},
    "d": {"en": "A front-end module: the call centre hears problems first-hand.",
          "zh": "前端模块：呼叫中心第一时间听到客户的问题。"},
    "e": {"en": "Back-office logistics; it feeds CRM but does not face the customer.",
          "zh": "后台物流工作；它为 CRM 提供数据，但不面对客户。"},
}


@exercise("start.front_end", points=2,
          title={"en": "CRM front-end modules", "zh": "CRM 前端模块"})
def _front_end(answer):
    return choice(answer, {"a", "c", "d"}, options=FRONT_END_OPTIONS, explain=FRONT_END_EXPLAIN)


KM_HISTORY = ["data collection", "information mining", "knowledge discovery"]
KM_HISTORY_NAMES = {
    "data collection": {"en": "data collection", "zh": "数据收集（data collection）"},
    "information mining": {"en": "information mining", "zh": "信息挖掘（information mining）"},
    "knowledge discovery": {"en": "knowledge discovery", "zh": "知识发现（knowledge discovery）"},
}


@exercise("start.km_history", points=2,
          title={"en": "Three steps of KM history", "zh": "知识管理发展的三个阶段"})
def _km_history(answer):
    spellings = {name: fold_spelling(step) for name, step in steps("km_history").items()}  # ids fold to ours
    return ordering(canonical(answer, spellings), KM_HISTORY, items=KM_HISTORY_NAMES)


FOUR_P_FOUR_C = {
    "product": "customer value",
    "price": "cost",
    "place": "convenience",
    "promotion": "communication",
}
FOUR_C_WHY = {
    "product": {"en": "Start from what the customer values, not from what the firm makes.",
                "zh": "从客户看重的价值出发，而不是从企业生产什么出发。"},
    "price": {"en": "The customer's whole cost of obtaining the benefit, not just the price tag.",
              "zh": "客户获得利益所付出的全部成本，而不只是标价。"},
    "place": {"en": "How easy it is for the customer to buy, not where the firm sells.",
              "zh": "客户购买是否方便，而不是企业在哪里销售。"},
    "promotion": {"en": "Two-way dialogue with the customer instead of one-way persuasion.",
                  "zh": "与客户的双向沟通，取代单向的说服。"},
}


@exercise("start.four_p_four_c", points=2,
          title={"en": "From 4P to 4C", "zh": "从 4P 到 4C"})
def _four_p_four_c(answer):
    return matching(canonical(answer, FOUR_C, keys=four_p()), FOUR_P_FOUR_C, rationale=FOUR_C_WHY)


KNOWLEDGE_KEY = {"name": "A", "product manual": "F", "opinions": "R", "dialogue": "C",
                 "satisfaction": "R"}
KNOWLEDGE_ACCEPT = {"dialogue": ["R"], "satisfaction": ["A"]}
KNOWLEDGE_ITEMS = {
    "name": {"en": "customer name", "zh": "客户姓名（name）"},
    "product manual": {"en": "product manual", "zh": "产品说明书（product manual）"},
    "opinions": {"en": "customer opinions", "zh": "客户意见（opinions）"},
    "dialogue": {"en": "customer dialogue", "zh": "客户对话（dialogue）"},
    "satisfaction": {"en": "customer satisfaction", "zh": "客户满意度（satisfaction）"},
}
KNOWLEDGE_WHY = {
    "name": {"en": "Identity data the firm holds about the customer.",
             "zh": "企业掌握的关于客户的身份信息。"},
    "product manual": {"en": "Knowledge the firm provides so customers can use the product.",
                       "zh": "企业提供给客户、帮助其使用产品的知识。"},
    "opinions": {"en": "Views that originate in the customer.",
                 "zh": "源自客户本人的看法。"},
    "dialogue": {"en": "Dialogue is where firm and customer produce knowledge together.",
                 "zh": "对话是企业与客户共同产生知识的场所。"},
    "satisfaction": {"en": "The customer's own evaluation, elicited from them.",
                     "zh": "客户自己的评价，需要从客户那里获得。"},
}


@exercise("start.knowledge_types", points=3,
          title={"en": "Four kinds of customer knowledge", "zh": "四类客户知识"})
def _knowledge_types(answer):
    return classification(canonical(answer, KNOWLEDGE_TYPES), KNOWLEDGE_KEY, labels="AFRC",
                          accept=KNOWLEDGE_ACCEPT, rationale=KNOWLEDGE_WHY, items=KNOWLEDGE_ITEMS)


@cache
def _cdnow_totals():
    from ..datasets.cdnow import load_cdnow  # deferred: only these three checks need pandas and the data

    return load_cdnow("sample").groupby("customer_id")["amount"].sum()


@exercise("start.cdnow_customers", points=1,
          title={"en": "Customers in the CDNOW sample", "zh": "CDNOW 样本中的客户数"},
          hint={"en": "Count distinct customer_id values, not rows.",
                "zh": "统计不同的 customer_id 个数，而不是行数。"})
def _cdnow_customers(answer):
    return numeric(answer, len(_cdnow_totals()))


@exercise("start.cdnow_top20_share", points=2,
          title={"en": "Revenue share of the top 20%", "zh": "前 20% 客户的收入占比"},
          hint={"en": "Total the amount per customer first, then sort from largest to smallest.",
                "zh": "先按客户汇总金额，再从大到小排序。"})
def _cdnow_top20_share(answer):
    totals = _cdnow_totals().sort_values(ascending=False)
    share = totals.iloc[: len(totals) // 5].sum() / totals.sum()
    return numeric(answer, float(share), abs_tol=0.005, partial_tol=0.03)


@exercise("start.cdnow_big_spenders", points=2,
          title={"en": "Customers who spent over $1,000", "zh": "消费超过 1000 美元的客户"})
def _cdnow_big_spenders(answer):
    totals = _cdnow_totals()
    return set_equal(answer, set(totals[totals > 1000].index))


# Graded, on each student's own CRM world: the package knows only that the answer is a number.
graded("start.graded_cost_ratio", "number", points=2,
       title={"en": "What a sales visit costs next to a referral (graded)",
              "zh": "上门推销与老客推荐的获客成本之比（评分题）"})
