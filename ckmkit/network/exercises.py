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
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from ..exercises import choice, exercise, numeric, set_equal

__all__ = ["crm_world_tables", "KEY_EMPLOYEE"]

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
    return numeric(answer, 1 + 8 * 0.25, abs_tol=0.05, partial_tol=0.3,
                   unit={"en": "customers", "zh": "位客户"})


@exercise("network.path_spread", points=1,
          title={"en": "Word of mouth along a chain", "zh": "沿着链条传播的口碑"},
          hint={"en": "A reaches B with probability 0.5; C is reached only if B is reached "
                      "and then passes it on.",
                "zh": "A 以 0.5 的概率触达 B；只有 B 被触达并继续传递时，C 才会被触达。"})
def _path(answer):
    return numeric(answer, 1 + 0.5 + 0.25, abs_tol=0.02, partial_tol=0.2,
                   unit={"en": "customers", "zh": "位客户"})


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
    "b": {"en": "one hub and the centre of the separate group",
          "zh": "一个中心客户，加上另一个独立群体的中心"},
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
