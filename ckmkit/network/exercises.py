"""Chapter 4 exercises, "Customer networks": checked with instant, bilingual feedback.

Keys come from exact reasoning (small networks) or from the bundled CRM world
with the kit's own functions, computed once on first use. Sources with
solutions: ``exercises/{en,zh}/04-customer-networks.ipynb``.

Examples
--------
>>> from ckmkit.exercises import check
>>> check("network.star_spread", 3.0).status
'correct'
>>> check("network.path_spread", 2.0).status
'wrong'
>>> check("network.star_spread", 2).message.startswith("Count the hub itself")  # forgot the seed
True
>>> check("network.bass_peak", 6.19).status
'correct'
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import pandas as pd

from ..exercises import PARTIAL, WRONG, Feedback, choice, exercise, graded, numeric, set_equal
from ..exercises.reading import local
from ..i18n import t

__all__ = ["crm_world_tables", "influence_key", "KEY_EMPLOYEE"]

#: The employee in the what-if exercise.
KEY_EMPLOYEE = "E014"


@cache
def crm_world_tables() -> dict[str, pd.DataFrame]:
    """The bundled CRM world's ``ties``, ``assignments`` and ``customers`` tables."""
    from ..datasets import load_crm_world

    world = load_crm_world()
    return {"ties": world.ties, "assignments": world.assignments, "customers": world.customers}


@exercise("network.star_spread", points=1,
          title={"en": "Word of mouth from a hub", "zh": "从中心客户出发的口碑"},
          hint={"en": "The hub is active; each of the 8 neighbours is reached with probability "
                      "0.25, and leaves have no one else to tell. Add up expected counts.",
                "zh": "中心客户已激活；8 位邻居各以 0.25 的概率被触达，而边缘客户没有其他人可告诉。"
                      "把期望人数加起来。"})
def _star(answer):
    feedback = numeric(answer, 1 + 8 * 0.25, abs_tol=0.05, partial_tol=0.3,
                       unit={"en": "customers", "zh": "位客户"}, mistakes=_STAR_MISTAKES)
    return _hand_feedback(feedback, _STAR_HINTS)


# Known wrong answers to the hand calculations, and what each one forgot.
_STAR_MISTAKES = {
    2.0: {"en": "Count the hub itself: it is active from the start, so add 1 to the 8 × 0.25 "
                "neighbours it reaches.",
          "zh": "别忘了中心客户本人：他一开始就是激活的，所以要在 8 × 0.25 位被触达的邻居之外再加 1。"},
    9.0: {"en": "That is everybody: each neighbour is reached only with probability 0.25, so "
                "expect 8 × 0.25 of them, plus the hub.",
          "zh": "这是所有人：每位邻居只以 0.25 的概率被触达，所以预期触达 8 × 0.25 位，再加上中心客户。"},
    1.25: {"en": "Each of the 8 neighbours gets its own chance of 0.25: multiply by 8.",
           "zh": "8 位邻居各有一次 0.25 的机会：要乘以 8。"},
    1.0: {"en": "The hub is active, but it also tells its 8 neighbours: add their expected number.",
          "zh": "中心客户已激活，但他还会告诉 8 位邻居：要加上预期被触达的邻居人数。"},
}
_STAR_HINTS = {
    "low": {"en": "Too low: the hub counts as active, and each of the 8 neighbours adds 0.25 "
                  "expected customers.",
            "zh": "偏低：中心客户本人算作已激活，8 位邻居每人贡献 0.25 位预期客户。"},
    "high": {"en": "Too high: each neighbour is reached only with probability 0.25, and the "
                   "neighbours know nobody else to tell.",
             "zh": "偏高：每位邻居只以 0.25 的概率被触达，而且邻居没有其他人可告诉。"},
    "close": {"en": "Close. Work it out exactly rather than from a simulation: 1 (the hub) + "
                    "8 × 0.25.",
              "zh": "很接近。请精确计算，而不是用模拟结果：1（中心客户）+ 8 × 0.25。"},
}


def _hand_feedback(feedback: Feedback, hints: dict) -> Feedback:
    """Replace the generic "too low / too high / close" (about rows and columns of a table)
    by what matters in a hand calculation."""
    generic = {t("exercises.numeric.too_low"): "low", t("exercises.numeric.too_high"): "high"}
    if feedback.status == WRONG and feedback.message in generic:
        return replace(feedback, message=local(hints[generic[feedback.message]]))
    if feedback.status == PARTIAL:
        return replace(feedback, message=local(hints["close"]))
    return feedback


@exercise("network.path_spread", points=1,
          title={"en": "Word of mouth along a chain", "zh": "沿着链条传播的口碑"},
          hint={"en": "A reaches B with probability 0.5; C is reached only if B is reached "
                      "and then passes it on.",
                "zh": "A 以 0.5 的概率触达 B；只有 B 被触达并继续传递时，C 才会被触达。"})
def _path(answer):
    feedback = numeric(answer, 1 + 0.5 + 0.25, abs_tol=0.02, partial_tol=0.2,
                       unit={"en": "customers", "zh": "位客户"}, mistakes=_PATH_MISTAKES)
    return _hand_feedback(feedback, _PATH_HINTS)


_PATH_MISTAKES = {
    2.0: {"en": "C can only hear it from B: C is reached with 0.5 × 0.5 = 0.25, not 0.5.",
          "zh": "C 只能从 B 那里听到：C 被触达的概率是 0.5 × 0.5 = 0.25，而不是 0.5。"},
    0.75: {"en": "Include A: A is active from the start and counts as 1.",
           "zh": "别忘了 A：A 一开始就是激活的，要算作 1 位。"},
    1.5: {"en": "C can be reached too, through B: add 0.5 × 0.5 = 0.25.",
          "zh": "C 也可能被触达（经由 B）：再加上 0.5 × 0.5 = 0.25。"},
    3.0: {"en": "That is everybody: each step succeeds only with probability 0.5.",
          "zh": "这是所有人：每一步只以 0.5 的概率成功。"},
    1.0: {"en": "A is active, but may pass it on: B with 0.5, and C through B with 0.25.",
          "zh": "A 已激活，但还可能继续传递：B 的概率是 0.5，C 经由 B 的概率是 0.25。"},
}
_PATH_HINTS = {
    "low": {"en": "Too low: count A (active from the start), B (reached with 0.5) and C "
                  "(reached only through B).",
            "zh": "偏低：要把 A（一开始就激活）、B（以 0.5 的概率被触达）和 C（只能经由 B 被触达）都算上。"},
    "high": {"en": "Too high: C can only hear it from B, so C needs two successes in a row.",
             "zh": "偏高：C 只能从 B 那里听到，所以 C 需要连续两次成功。"},
    "close": {"en": "Close. Work with exact probabilities: 1 (A) + 0.5 (B) + 0.5 × 0.5 (C).",
              "zh": "很接近。请用精确的概率计算：1（A）+ 0.5（B）+ 0.5 × 0.5（C）。"},
}


@exercise("network.most_ties", points=1,
          title={"en": "The best-connected customer", "zh": "联系最广的客户"},
          hint={"en": "Build the tie network and look at each customer's degree (number of "
                      "distinct contacts), not the summed weight.",
                "zh": "先构建客户联系网络，再看每位客户的度（不同联系人的数量），而不是权重之和。"})
def _most_ties(answer):
    from .graphs import tie_graph

    tables = crm_world_tables()
    degree = pd.Series(dict(tie_graph(tables["ties"], tables["customers"]).degree()))
    if isinstance(answer, str):
        answer = [answer]
    return set_equal(answer, set(degree.index[degree == degree.max()]),
                     what={"en": "customer ids", "zh": "客户编号"})


@exercise("network.orphaned", points=2,
          title={"en": f"Who is left alone if {KEY_EMPLOYEE} leaves?",
                 "zh": f"{KEY_EMPLOYEE} 离职后谁会失去联系人？"},
          hint={"en": "A customer is left alone when every employee assigned to them leaves; "
                      "count distinct employees per customer.",
                "zh": "当分配给某位客户的所有员工都离职时，这位客户就失去了联系人；"
                      "请统计每位客户对应的不同员工数。"})
def _orphaned(answer):
    from .risk import what_if_leaves

    outcome = what_if_leaves(crm_world_tables()["assignments"], KEY_EMPLOYEE)
    return set_equal(answer, set(outcome.orphaned.index),
                     what={"en": "customer ids", "zh": "客户编号"})


_SEEDING = {
    "a": {"en": "both hubs: they have the most ties", "zh": "两个中心客户：他们的联系最多"},
    "b": {"en": "one hub and the leader of the separate group",
          "zh": "一个中心客户，加上独立群体的带头人"},
    "c": {"en": "two customers chosen at random", "zh": "随机选两位客户"},
}


@exercise("network.overlap", points=1,
          title={"en": "Two seeds, overlapping audiences", "zh": "两个种子，受众重叠"},
          hint={"en": "What does the second hub add once the first one has told their shared "
                      "friends?",
                "zh": "第一个中心客户已经告诉了共同的朋友，第二个中心客户还能多带来什么？"})
def _overlap(answer):
    explain = {
        "a": {"en": "Their audiences are the same people: the second hub adds little.",
              "zh": "两人的受众是同一批人：第二个中心客户增加的触达很少。"},
        "b": {"en": "Right: the marginal gain of a seed counts only customers not yet reached.",
              "zh": "正确：一个种子的边际收益只计算尚未被触达的客户。"},
        "c": {"en": "Random seeds mostly land on poorly connected customers.",
              "zh": "随机种子大多落在联系较少的客户身上。"},
    }
    return choice(answer, "b", options=_SEEDING, explain=explain)


#: Two triangles joined by one tie: the communities exercise splits it into the two triangles.
TWO_TRIANGLES = [("A", "B"), ("B", "C"), ("A", "C"), ("C", "D"), ("D", "E"), ("E", "F"), ("D", "F")]

#: The linear-threshold exercise: ties (equal weights) and each customer's threshold; A is the seed.
THRESHOLD_TIES = [("A", "B"), ("B", "C"), ("B", "E"), ("C", "E"), ("C", "D"), ("A", "D"), ("D", "F")]
THRESHOLDS = {"A": 0.0, "B": 0.3, "C": 0.6, "D": 0.7, "E": 0.5, "F": 0.9}

#: The Bass exercise's coefficients of innovation and imitation (per year).
BASS_P, BASS_Q = 0.03, 0.38

#: The bus-factor exercise: this region, half of its customers (each counting 1).
BUS_REGION = "north"


@exercise("network.modularity", points=1,
          title={"en": "Modularity of two triangles", "zh": "两个三角形的模块度"},
          hint={"en": "Per community: its share of the 7 ties, minus (its members' degrees summed, "
                      "divided by 2 × 7) squared. Add the two communities.",
                "zh": "对每个社区：社区内联系占全部 7 条联系的比例，减去（社区成员的度之和 ÷ (2 × 7)）的"
                      "平方；再把两个社区相加。"})
def _modularity(answer):
    import networkx as nx

    G = nx.Graph(TWO_TRIANGLES)
    expected = nx.community.modularity(G, [{"A", "B", "C"}, {"D", "E", "F"}])
    mistakes = {
        6 / 7: {"en": "That is only the share of ties inside the communities; subtract the share "
                      "expected at random, (7/14)² per community.",
                "zh": "这只是社区内联系所占的比例；还要减去随机连线时的预期比例，每个社区为 (7/14)²。"},
        3 / 7 - 0.25: {"en": "That is one community; modularity adds up both.",
                       "zh": "这只是一个社区的值；模块度要把两个社区加起来。"},
        6 / 7 - 2 * (6 / 14) ** 2: {
            "en": "Count the bridge C–D in the degrees: C and D have 3 ties each, so each "
                  "community's degrees add up to 7, not 6.",
            "zh": "度要把桥 C–D 也算上：C 和 D 各有 3 条联系，所以每个社区的度之和是 7，而不是 6。"},
    }
    return numeric(answer, expected, abs_tol=0.005, partial_tol=0.05, mistakes=mistakes)


def _threshold_cascade(ties: list, thresholds: dict, seeds: set) -> set:
    """Who ends active under the linear-threshold rule with fixed thresholds and equal weights."""
    import networkx as nx

    G = nx.Graph(ties)
    active = set(seeds)
    while True:  # rounds: everyone whose share of active contacts reaches their threshold joins
        joining = {v for v in G if v not in active
                   and sum(u in active for u in G[v]) / G.degree(v) >= thresholds[v]}
        if not joining:
            return active
        active |= joining


@exercise("network.threshold", points=2,
          title={"en": "Linear threshold, round by round", "zh": "线性阈值模型：逐轮推演"},
          hint={"en": "Go round by round: a customer joins once the share of their contacts who are "
                      "active reaches their threshold. Someone who does not join in round 1 may join "
                      "later, when more contacts are active.",
                "zh": "一轮一轮地推演：当某位客户的已激活联系人所占比例达到其阈值时，他就被激活。"
                      "第一轮没有激活的客户，可能在后面联系人更多被激活后加入。"})
def _threshold(answer):
    expected = _threshold_cascade(THRESHOLD_TIES, THRESHOLDS, {"A"})
    return set_equal(answer, expected, points=2, what={"en": "customer names", "zh": "客户名称"})


@exercise("network.bus_factor", points=1,
          title={"en": f"The bus factor of the {BUS_REGION} region", "zh": "华北区域的巴士系数"},
          hint={"en": "Use network.bus_factor(world.assignments, world.employees) without values, so "
                      "every customer counts 1; a customer is orphaned only when all their contacts "
                      "have left.",
                "zh": "使用 network.bus_factor(world.assignments, world.employees)，不传 values，"
                      "即每位客户都算 1；只有当一位客户的所有联系人都离开时，他才失去联系人。"})
def _bus_factor(answer):
    from ..datasets import load_crm_world
    from .risk import bus_factor

    world = load_crm_world()
    table = bus_factor(world.assignments, world.employees)
    return numeric(answer, float(table.loc[BUS_REGION, "bus_factor"]), partial_tol=1,
                   unit={"en": "employees", "zh": "位员工"})


@exercise("network.bass_peak", points=1,
          title={"en": "When do adoptions peak?", "zh": "采用人数何时达到高峰？"},
          hint={"en": "In the Bass model new adoptions peak at t* = ln(q / p) / (p + q).",
                "zh": "在巴斯模型中，新增采用者在 t* = ln(q / p) / (p + q) 时达到高峰。"})
def _bass_peak(answer):
    import math

    from .bass import bass_peak

    mistakes = {math.log(BASS_Q / BASS_P) / BASS_Q: {
        "en": "Divide by p + q, not q alone: innovation keeps pulling customers in too.",
        "zh": "要除以 p + q，而不是只除以 q：创新系数同样在吸引客户。"}}
    return numeric(answer, bass_peak(BASS_P, BASS_Q), abs_tol=0.01, partial_tol=0.5,
                   unit={"en": "years", "zh": "年"}, mistakes=mistakes)


#: The referral-value exercise: profits of the customers A brought in, and the assumptions.
REFERRED = {"B": 400.0, "C": 250.0, "D": -150.0}
REFERRAL_SHARE, REFERRAL_REWARD = 0.5, 50.0

#: The influence-value exercise: a hub whose 4 contacts know nobody else, each reached with
#: probability INFLUENCE_P; their profits; and the lift in a reached customer's purchases.
CONTACTS = {"c1": 200.0, "c2": 200.0, "c3": 100.0, "c4": -100.0}
INFLUENCE_P, INFLUENCE_LIFT = 0.5, 0.1


@exercise("network.referral_value", points=2,
          title={"en": "Referral value of one customer", "zh": "一位客户的客户推荐价值"},
          hint={"en": "Referral value = incremental share × the summed profit of the customers brought in "
                      "(a loss-maker counts with its loss) − the reward × the number of referrals.",
                "zh": "客户推荐价值 = 增量比例 × 被介绍来的客户的利润之和（负值客户按其亏损计入）"
                      "− 奖励 × 推荐次数。"})
def _referral_value(answer):
    import networkx as nx

    from .value import referral_value

    G = nx.DiGraph([("A", customer) for customer in REFERRED])
    table = referral_value(G, REFERRED, incremental_share=REFERRAL_SHARE, reward=REFERRAL_REWARD)
    total, share, cost = sum(REFERRED.values()), REFERRAL_SHARE, REFERRAL_REWARD * len(REFERRED)
    positive = sum(v for v in REFERRED.values() if v > 0)
    mistakes = {
        share * positive - cost: {
            "en": "D loses money, and bringing in a loss-maker costs the firm: count D's −150 too.",
            "zh": "D 是亏损的，介绍来一位负值客户会让企业付出代价：D 的 −150 也要计入。"},
        share * total: {"en": "Subtract the rewards: 50 CNY for each of the 3 referrals.",
                        "zh": "要减去奖励：3 次推荐，每次 50 元。"},
        total - cost: {"en": "Only half of the referred customers joined because of A: multiply their "
                             "profit by 0.5 before subtracting the rewards.",
                       "zh": "被推荐的客户中只有一半是因为 A 才加入的：先把他们的利润乘以 0.5，再减去奖励。"},
        share * total - REFERRAL_REWARD: {"en": "The reward is paid for every referral: 3 × 50.",
                                          "zh": "每次推荐都要支付奖励：3 × 50。"},
    }
    feedback = numeric(answer, float(table.loc["A", "referral_value"]), abs_tol=0.5, partial_tol=30,
                       points=2, unit={"en": "CNY", "zh": "元"}, mistakes=mistakes)
    return _hand_feedback(feedback, _VALUE_HINTS)


def influence_key() -> float:
    """The influence-value exercise's key: on a star, each contact is reached with probability p."""
    return INFLUENCE_LIFT * INFLUENCE_P * sum(max(v, 0.0) for v in CONTACTS.values())


@exercise("network.influence_value", points=2,
          title={"en": "Influence value of a hub", "zh": "中心客户的客户影响价值"},
          hint={"en": "Only the lift is caused by the hub: lift × Σ (probability reached × profit), with "
                      "a loss-maker's profit counted as 0 (buying more does not make it lose more).",
                "zh": "只有提升的部分是中心客户带来的：提升比例 × Σ（被触达的概率 × 利润），"
                      "负值客户的利润按 0 计（多买一点不会让他亏得更多）。"})
def _influence_value(answer):
    positive = sum(max(v, 0.0) for v in CONTACTS.values())
    total = sum(CONTACTS.values())
    lift, p = INFLUENCE_LIFT, INFLUENCE_P
    mistakes = {
        p * total: {"en": "That is the whole profit of the customers reached, the old overstated count: "
                          "they would have bought most of it anyway. Only the lift counts.",
                    "zh": "这是被触达客户的全部利润，也就是被高估的旧算法：他们本来大多都会购买。"
                          "只有提升的部分才算。"},
        p * positive: {"en": "Those customers would have bought most of it anyway: multiply by the lift, "
                             "0.1.",
                       "zh": "这些客户本来大多都会购买：还要乘以提升比例 0.1。"},
        lift * p * total: {"en": "Count c4's loss as 0: a reached loss-maker who buys a little more "
                                 "does not lose the firm more.",
                           "zh": "c4 的亏损按 0 计：被触达的负值客户多买一点，并不会让企业亏得更多。"},
        lift * positive: {"en": "Each contact is reached only with probability 0.5.",
                          "zh": "每位联系人只以 0.5 的概率被触达。"},
    }
    feedback = numeric(answer, influence_key(), abs_tol=0.1, partial_tol=5, points=2,
                       unit={"en": "CNY", "zh": "元"}, mistakes=mistakes)
    return _hand_feedback(feedback, _VALUE_HINTS)


_VALUE_HINTS = {
    "low": {"en": "Too low: check that you subtracted each cost once and counted every customer who "
                  "adds value.",
            "zh": "偏低：检查每项成本是否只减了一次，以及是否计入了每位带来价值的客户。"},
    "high": {"en": "Too high: only the part the customer causes counts, not everything the others buy.",
             "zh": "偏高：只计算由这位客户引起的部分，而不是其他客户的全部购买。"},
    "close": {"en": "Close. Work with the exact numbers given, without rounding along the way.",
              "zh": "很接近。请直接用题目给出的数字精确计算，中间不要四舍五入。"},
}


# Graded, on each student's own CRM world: customers who hang on a single employee.
graded("network.graded_single_contact", "count", points=2,
       title={"en": "Customers with a single contact (graded)", "zh": "只有一位联系人的客户（评分题）"})
