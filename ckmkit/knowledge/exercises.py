"""Chapter 3 exercises (section ``knowledge``): card sort, codification, tools, methods, identity.

Examples
--------
>>> from ckmkit.exercises import check
>>> from ckmkit.knowledge.grading import solution
>>> check("knowledge.card_sort", solution()).points
5.0
>>> check("knowledge.unique_customers", 4).status
'correct'
"""

from __future__ import annotations

from .. import content
from ..exercises import choice, classification, exercise, numeric
from .grading import grade_card_sort

__all__ = ["CODIFICATION_SNIPPETS", "METHOD_SCENARIOS", "SMALL_RECORDS", "small_records"]


@exercise("knowledge.card_sort", points=5,
          title={"en": "Sort the 19 items into the four types", "zh": "把 19 个条目归入四种客户知识"},
          hint={"en": "Ask who holds the knowledge and in which direction it flows.",
                "zh": "想一想：知识掌握在谁手里？朝哪个方向流动？"})
def _card_sort(answer):
    return grade_card_sort(answer)


#: Snippets to sort into S0's codification classes: id -> (text, class, why).
CODIFICATION_SNIPPETS = {
    "refund": ({"en": "Steps to approve a refund for a returned kettle", "zh": "退货电水壶的退款审批步骤"}, "process",
               {"en": "It says how to do something, step by step.", "zh": "它说明怎样一步步做一件事。"}),
    "order": ({"en": "Order 1023: 3 grinders, delivered 2024-05-01", "zh": "订单 1023：3 台磨豆机，2024-05-01 送达"}, "fact",
              {"en": "A verifiable record of an event, with figures.", "zh": "可核实的事件记录，带有数字。"}),
    "experts": ({"en": "Which technician can repair dual-boiler machines, by city", "zh": "各城市能修双锅炉机的技师名单"},
                "catalog", {"en": "It tells you who knows what and where to find them.", "zh": "它告诉你谁懂什么、去哪里找。"}),
    "customer_first": ({"en": "'Fix the problem first, discuss blame later'", "zh": "“先解决问题，再讨论责任”"}, "cultural",
                       {"en": "An unwritten rule of behaviour: a value.", "zh": "一条不成文的行为准则，即价值观。"}),
    "products": ({"en": "The list of all grinder models and their burr sizes", "zh": "所有磨豆机型号及刀盘尺寸一览"}, "catalog",
                 {"en": "A directory of what exists.", "zh": "关于“有什么”的目录。"}),
    "descale": ({"en": "How to descale a machine with citric acid", "zh": "用柠檬酸给机器除垢的方法"}, "process",
                {"en": "A procedure.", "zh": "这是一个操作流程。"}),
}


@exercise("knowledge.codification", points=3,
          title={"en": "Codification classes", "zh": "知识的编码分类"},
          hint={"en": "How-to, record, directory or value?", "zh": "是做法、记录、目录，还是价值观？"})
def _codification(answer):
    labels = [r["class_id"] for r in content.load("codification_classes")["rows"]]
    aliases = {name: r["class_id"] for r in content.load("codification_classes")["rows"] for name in r["name"].values()}
    aliases.update({"流程": "process", "事实": "fact", "编目": "catalog", "文化": "cultural", "catalogue": "catalog"})
    return classification(answer, {k: v[1] for k, v in CODIFICATION_SNIPPETS.items()}, labels=labels,
                          rationale={k: v[2] for k, v in CODIFICATION_SNIPPETS.items()},
                          items={k: v[0] for k, v in CODIFICATION_SNIPPETS.items()}, aliases=aliases)


@exercise("knowledge.tool_stage", points=2,
          title={"en": "KM tools by stage", "zh": "知识管理工具所属阶段"},
          hint={"en": "Does the tool create, standardise or move knowledge?",
                "zh": "这个工具是在产生知识、规范知识，还是传递知识？"})
def _tool_stage(answer):
    rows = content.load("km_tools")["rows"]
    stages = content.load("km_tools")["stages"]
    aliases = {name: s for s, v in stages.items() for name in v["label"].values()}
    return classification(answer, {r["tool_id"]: r["stage"] for r in rows}, labels=list(stages),
                          rationale={r["tool_id"]: r["what_it_does"] for r in rows},
                          items={r["tool_id"]: r["tool"] for r in rows}, aliases=aliases)


#: Scenario -> (text, method) for the collection-method exercise.
METHOD_SCENARIOS = {
    "ab_price": ({"en": "Two prices for one grinder in two similar stores for a month",
                  "zh": "在两家相似门店给同一款磨豆机标不同价格，持续一个月"}, "experiment"),
    "survey": ({"en": "Five questions e-mailed to every buyer after delivery", "zh": "送货后给每位买家发五道题的邮件"},
               "questionnaire"),
    "watch": ({"en": "Staff note which machines shoppers touch first", "zh": "店员记录顾客先摸哪台机器"}, "observation"),
    "owner": ({"en": "An hour with a café owner about her plans for next year", "zh": "和一位咖啡馆老板聊一小时明年的打算"},
              "interview"),
}


@exercise("knowledge.collection_method", points=2,
          title={"en": "Pick the collection method", "zh": "选择收集方法"},
          hint={"en": "Asking many, asking few in depth, watching, or changing something on purpose?",
                "zh": "是问很多人、深入问少数人、观察，还是有意改变某个因素？"})
def _collection_method(answer):
    rows = [r for r in content.load("collection_methods")["rows"]
            if r["method_id"] in {"questionnaire", "interview", "observation", "experiment"}]
    aliases = {name: r["method_id"] for r in rows for name in r["method"].values()}
    aliases.update({"问卷": "questionnaire", "访谈": "interview", "观察": "observation", "实验": "experiment"})
    return classification(answer, {k: v[1] for k, v in METHOD_SCENARIOS.items()},
                          labels=[r["method_id"] for r in rows],
                          rationale={k: next(r["how"] for r in rows if r["method_id"] == v[1])
                                     for k, v in METHOD_SCENARIOS.items()},
                          items={k: v[0] for k, v in METHOD_SCENARIOS.items()}, aliases=aliases)


#: A small messy table for the identity exercise: four people, eight records.
SMALL_RECORDS = [
    ("r1", "陈静", "139-0011-2233", ""),
    ("r2", "陳靜", "+86 139 0011 2233", "chenjing@163.com"),
    ("r3", "Jing Chen", "", "CHENJING@163.COM"),
    ("r4", "王磊", "021-62001234", "wanglei@qq.com"),
    ("r5", "李娜", "021-62001234", "lina88@qq.com"),
    ("r6", "Li Na", "１５８００９９８８７７", "lina88＠qq.com"),
    ("r7", "王磊", "18612345678", "wl2020@126.com"),
    ("r8", "wang lei", "186 1234 5678", ""),
]


def small_records():
    """:data:`SMALL_RECORDS` as a DataFrame (``record_id``, ``name``, ``phone``, ``email``)."""
    import pandas as pd

    return pd.DataFrame(SMALL_RECORDS, columns=["record_id", "name", "phone", "email"])


@exercise("knowledge.unique_customers", points=2,
          title={"en": "How many customers are really there?", "zh": "实际上有几位客户？"},
          hint={"en": "Normalise phones and e-mails first; one office line can serve two people, "
                      "and two people can share a name.",
                "zh": "先统一电话和邮箱的写法；一条办公室座机可能有两个人用，两个人也可能同名。"})
def _unique_customers(answer):
    return numeric(answer, 4, abs_tol=0)


KNOWLEDGE_ROLE = {
    "a": {"en": "Knowledge about customers", "zh": "关于客户的知识"},
    "b": {"en": "Knowledge from customers", "zh": "来自客户的知识"},
    "c": {"en": "Knowledge for customers", "zh": "用于客户的知识"},
}


@exercise("knowledge.gibbert_focus", points=1,
          title={"en": "What does CKM manage, according to Gibbert et al.?",
                 "zh": "按照 Gibbert 等人的观点，CKM 主要管理什么？"})
def _gibbert_focus(answer):
    return choice(answer, "b", options=KNOWLEDGE_ROLE, explain={
        "a": {"en": "That is what CRM's customer database holds.", "zh": "那是 CRM 客户数据库里保存的内容。"},
        "b": {"en": "Yes: knowledge that resides in customers, their experience and creativity.",
              "zh": "对：存在于客户身上的知识，即他们的经验和创造力。"},
        "c": {"en": "Important, but it is the firm's knowledge given to customers.",
              "zh": "也很重要，但那是企业提供给客户的知识。"},
    })
