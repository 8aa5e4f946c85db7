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

from functools import cache

from .. import content
from ..exercises import CORRECT, PARTIAL, Feedback, choice, exercise, graded, numeric
from ..exercises.reading import local
from ._classify import classify
from .grading import grade_card_sort

__all__ = ["CODIFICATION_SNIPPETS", "METHOD_SCENARIOS", "SMALL_RECORDS", "small_records", "GEBERT_ASPECTS",
           "CODIFICATION_HINTS", "METHOD_HINTS", "TOOL_HINTS", "UNIQUE_MISTAKES", "UNIQUE_DEFENSIBLE"]


@exercise("knowledge.card_sort", points=5,
          title={"en": "Sort the 19 items into the four types", "zh": "把 19 个条目归入四种客户知识"},
          hint={"en": "Ask who holds the knowledge and in which direction it flows.",
                "zh": "想一想：知识掌握在谁手里？朝哪个方向流动？"})
def _card_sort(answer):
    return grade_card_sort(answer)


#: Snippets to sort into S0's codification classes: id -> (text, class, why). They live in
#: ``codification_classes.toml`` and none repeats an example of ``concepts.codification_classes()``.
CODIFICATION_SNIPPETS = {r["snippet_id"]: (r["text"], r["class_id"], r["why"])
                         for r in content.load("codification_classes")["exercise"]}
#: A question per snippet, shown while it is wrong; it names no class.
CODIFICATION_HINTS = {r["snippet_id"]: r["hint"] for r in content.load("codification_classes")["exercise"]}


def _shown(rows: list[dict], id_column: str, name_column: str) -> dict:
    """``{label id: bilingual name}`` for a table's rows."""
    return {r[id_column]: dict(r[name_column]) for r in rows}


@exercise("knowledge.codification", points=3,
          title={"en": "Codification classes", "zh": "知识的编码分类"},
          hint={"en": "How-to, record, directory or value?", "zh": "是做法、记录、目录，还是价值观？"})
def _codification(answer):
    shown = _shown(content.load("codification_classes")["rows"], "class_id", "name")
    aliases = {"流程": "process", "事实": "fact", "编目": "catalog", "文化": "cultural",
               "catalogue": "catalog", "culture": "cultural", "procedure": "process"}
    return classify(answer, {k: v[1] for k, v in CODIFICATION_SNIPPETS.items()}, shown=shown,
                    rationale={k: v[2] for k, v in CODIFICATION_SNIPPETS.items()},
                    hints=CODIFICATION_HINTS,
                    items={k: v[0] for k, v in CODIFICATION_SNIPPETS.items()}, aliases=aliases)


#: Questions shown while a tool is on the wrong stage (they name no stage).
TOOL_HINTS = {
    "search_engine": {"en": "What does a search engine give you about knowledge you do not have yet?",
                      "zh": "对于你还没有的知识，搜索引擎能给你什么？"},
    "data_mining": {"en": "After mining, does the firm know something it did not know before?",
                    "zh": "挖掘之后，企业是否知道了以前不知道的东西？"},
    "synthesis": {"en": "Once scattered pieces are linked, what exists that did not exist before?",
                  "zh": "零散的知识连起来之后，多了什么以前没有的东西？"},
    "innovation": {"en": "After innovation, does the firm hold more knowledge, or the same knowledge "
                         "in more places?",
                   "zh": "创新之后，企业拥有的知识是变多了，还是同样的知识到了更多地方？"},
    "taxonomy": {"en": "What does a classification scheme do to knowledge the firm already has?",
                 "zh": "分类体系对企业已有的知识做了什么？"},
    "template": {"en": "What does a template change about the way knowledge is written down?",
                 "zh": "模板改变了知识被记录下来的哪一方面？"},
    "intranet": {"en": "Who gains from the network: the person who already knows, or others?",
                 "zh": "网络让谁受益：本来就懂的人，还是其他人？"},
    "email_groupware": {"en": "After an e-mail is sent, is there new knowledge, or do more people have it?",
                        "zh": "邮件发出后，是多了新知识，还是有更多人掌握了它？"},
}


@exercise("knowledge.tool_stage", points=2,
          title={"en": "KM tools by stage", "zh": "知识管理工具所属阶段"},
          hint={"en": "Does the tool create, standardise or move knowledge?",
                "zh": "这个工具是在产生知识、规范知识，还是传递知识？"})
def _tool_stage(answer):
    rows = content.load("km_tools")["rows"]
    stages = content.load("km_tools")["stages"]
    return classify(answer, {r["tool_id"]: r["stage"] for r in rows},
                    shown={s: dict(v["label"]) for s, v in stages.items()},
                    rationale={r["tool_id"]: r["what_it_does"] for r in rows}, hints=TOOL_HINTS,
                    items={r["tool_id"]: r["tool"] for r in rows})


#: Scenario -> (text, method) for the collection-method exercise. They live in
#: ``collection_methods.toml`` and none repeats an example of ``concepts.collection_methods()``.
METHOD_SCENARIOS = {r["scenario_id"]: (r["text"], r["method_id"])
                    for r in content.load("collection_methods")["exercise"]}
#: A question per scenario, shown while it is wrong; it names no method.
METHOD_HINTS = {r["scenario_id"]: r["hint"] for r in content.load("collection_methods")["exercise"]}


@exercise("knowledge.collection_method", points=2,
          title={"en": "Pick the collection method", "zh": "选择收集方法"},
          hint={"en": "Asking many, asking few in depth, watching, or changing something on purpose?",
                "zh": "是问很多人、深入问少数人、观察，还是有意改变某个因素？"})
def _collection_method(answer):
    rows = [r for r in content.load("collection_methods")["rows"]
            if r["method_id"] in {"questionnaire", "interview", "observation", "experiment"}]
    aliases = {"问卷": "questionnaire", "问卷调查": "questionnaire", "survey": "questionnaire",
               "访谈": "interview", "观察": "observation", "observe": "observation", "实验": "experiment",
               "a/b test": "experiment", "questionnaires": "questionnaire", "interviews": "interview",
               "experiments": "experiment"}
    return classify(answer, {k: v[1] for k, v in METHOD_SCENARIOS.items()},
                    shown=_shown(rows, "method_id", "method"),
                    rationale={k: next(r["how"] for r in rows if r["method_id"] == v[1])
                               for k, v in METHOD_SCENARIOS.items()},
                    hints=METHOD_HINTS,
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


#: Typical wrong counts for :data:`SMALL_RECORDS` -> what went wrong (none names the count).
UNIQUE_MISTAKES = {
    8: {"en": "8 is the number of records: nothing has been merged yet. Several records belong to the "
              "same person once phones, e-mails and names are written the same way.",
        "zh": "8 是记录的条数：还没有合并任何记录。把电话、邮箱和姓名统一写法之后，有几条记录属于同一个人。"},
    7: {"en": "7 is what matching the raw text gives: the only identical strings are the office line "
              "021-62001234 of r4 and r5, who are two different people (王磊 and 李娜), while the real "
              "duplicates differ only in format (+86 and spaces, full-width digits and ＠, capitals, 陳靜 "
              "written in traditional characters).",
        "zh": "7 是按原始文本匹配得到的结果：唯一完全相同的字符串是 r4 和 r5 共用的办公室座机 021-62001234，"
              "而他们是两个人（王磊和李娜）；真正的重复记录只是写法不同（+86 和空格、全角数字和＠、大小写、"
              "繁体的“陳靜”）。"},
    6: {"en": "Some duplicates are still apart. Normalise every phone and e-mail first: full-width digits "
              "and ＠ (r6), +86 and spaces (r2, r8), capital letters (r3), traditional characters (陳靜).",
        "zh": "还有重复记录没有合并。请先统一每个电话和邮箱的写法：全角数字和＠（r6）、+86 和空格（r2、r8）、"
              "大写字母（r3）、繁体字（陳靜）。"},
    2: {"en": "You chained every link: the office line 021-62001234 joins 王磊 (r4) to 李娜 (r5), and the "
              "name 王磊 joins r4 to r7, so three people end up as one. A shared landline or a common name "
              "is not enough evidence on its own.",
        "zh": "你把所有线索都串了起来：办公室座机 021-62001234 把王磊（r4）和李娜（r5）连在一起，"
              "同名又把 r4 和 r7 连在一起，结果三个人成了一个人。"
              "共用座机或常见姓名本身都不足以证明是同一个人。"},
}
UNIQUE_MISTAKES[5] = UNIQUE_MISTAKES[6]

#: 3 is defensible (the two 王磊 may be one person), so it earns half the points.
UNIQUE_DEFENSIBLE = {
    3: {"en": "Half the points: 3 is defensible only if you decided that the two 王磊 (r4 and r7) are one "
              "person. They share no phone and no e-mail, only a very common name, so the key keeps them "
              "apart. If you got 3 because r4 and r5 share 021-62001234, look again: one office line, "
              "two names, two people.",
        "zh": "得一半分：只有当你认定两个王磊（r4 和 r7）是同一个人时，3 才说得通。他们没有共同的电话或邮箱，"
              "只有一个很常见的名字，所以标准答案把他们分开。如果你得到 3 是因为 r4 和 r5 共用 021-62001234，"
              "请再看一遍：一条办公室座机、两个名字，是两个人。"},
}


@exercise("knowledge.unique_customers", points=2,
          title={"en": "How many customers are really there?", "zh": "实际上有几位客户？"},
          hint={"en": "Normalise phones and e-mails first; one office line can serve two people, "
                      "and two people can share a name.",
                "zh": "先统一电话和邮箱的写法；一条办公室座机可能有两个人用，两个人也可能同名。"})
def _unique_customers(answer):
    for count, why in UNIQUE_DEFENSIBLE.items():
        if numeric(answer, count).status == CORRECT:
            return Feedback("", 0.5, 1.0, PARTIAL, local(why), (), "numeric")
    return numeric(answer, 4, abs_tol=0, mistakes=UNIQUE_MISTAKES)


KNOWLEDGE_ROLE = {
    "a": {"en": "Knowledge about customers", "zh": "关于客户的知识"},
    "b": {"en": "Knowledge from customers", "zh": "来自客户的知识"},
    "c": {"en": "Knowledge for customers", "zh": "用于客户的知识"},
}


@exercise("knowledge.gibbert_focus", points=1,
          title={"en": "What does CKM manage, according to Gibbert et al.?",
                 "zh": "按照 Gibbert 等的观点，CKM 主要管理什么？"})
def _gibbert_focus(answer):
    return choice(answer, "b", options=KNOWLEDGE_ROLE, explain={
        "a": {"en": "That is what CRM's customer database holds.", "zh": "那是 CRM 客户数据库里保存的内容。"},
        "b": {"en": "Yes: knowledge that resides in customers, their experience and creativity.",
              "zh": "对：存在于客户身上的知识，即他们的经验和创造力。"},
        "c": {"en": "Important, but it is the firm's knowledge given to customers.",
              "zh": "也很重要，但那是企业提供给客户的知识。"},
    })


#: Gebert et al. (2003): the four aspects KM manages as CRM's service provider, and distractors.
GEBERT_ASPECTS = {
    "a": {"en": "content", "zh": "内容（content）"},
    "b": {"en": "competence", "zh": "能力（competence）"},
    "c": {"en": "control", "zh": "控制（control）"},
    "d": {"en": "collaboration", "zh": "协作（collaboration）"},
    "e": {"en": "composition", "zh": "组合（composition）"},
    "f": {"en": "campaigns", "zh": "营销活动（campaigns）"},
}
_GEBERT_WHY = {
    "a": {"en": "Content: the customer knowledge itself, stored so it can be found.",
          "zh": "内容：客户知识本身，存储起来以便查找。"},
    "b": {"en": "Competence: who knows what, so a process can reach the right expert.",
          "zh": "能力：谁掌握什么知识，使业务流程能找到合适的专家。"},
    "c": {"en": "Control is a management task, but not one of the four aspects.",
          "zh": "控制是一项管理任务，但不在这四个方面之中。"},
    "d": {"en": "Collaboration: people working together across processes and with customers.",
          "zh": "协作：员工跨流程、并与客户一起工作。"},
    "e": {"en": "Composition: how the pieces of knowledge are organised and combined for a process.",
          "zh": "组合：知识如何为某个业务流程组织和组合起来。"},
    "f": {"en": "Campaign management is one of the CRM processes KM serves, not a KM aspect.",
          "zh": "营销活动管理是知识管理所服务的 CRM 流程之一，而不是知识管理的一个方面。"},
}


@exercise("knowledge.gebert_aspects", points=2,
          title={"en": "What KM manages for CRM (Gebert et al. 2003)",
                 "zh": "知识管理为 CRM 管理哪些方面（Gebert 等，2003）"},
          hint={"en": "Two options are not about knowledge: one is a CRM process, one a management task.",
                "zh": "有两个选项与知识无关：一个是 CRM 流程，一个是管理职能。"})
def _gebert_aspects(answer):
    return choice(answer, {"a", "b", "d", "e"}, options=GEBERT_ASPECTS, explain=_GEBERT_WHY)


@cache
def _identity_reference() -> dict[str, float]:
    """What exact and normalised matching give on the chapter's messy records, and the true counts."""
    from .identity import load_customer_records, pairwise_scores, resolve_identities  # deferred: data

    records = load_customer_records()
    exact = resolve_identities(records, method="exact")
    return {"exact_recall": pairwise_scores(exact, records["person_id"])["recall"],
            "normalised": int(resolve_identities(records, method="normalised").nunique()),
            "exact": int(exact.nunique()), "true": int(records["person_id"].nunique()),
            "records": len(records)}


@exercise("knowledge.exact_recall", points=2,
          title={"en": "How many duplicates does exact matching find?",
                 "zh": "精确匹配能找出多少重复记录？"},
          hint={"en": "Resolve the messy records with method=\"exact\" and score the result against "
                      "person_id with pairwise_scores; recall is the share of true duplicate pairs found.",
                "zh": "用 method=\"exact\" 合并杂乱记录，再用 pairwise_scores 对照 person_id 打分；"
                      "召回率是找出的真实重复记录对所占的比例。"})
def _exact_recall_check(answer):
    return numeric(answer, _identity_reference()["exact_recall"], abs_tol=0.005, partial_tol=0.03)


@exercise("knowledge.normalised_people", points=1,
          title={"en": "How many customers does normalised matching find?",
                 "zh": "规范化匹配找出了多少位客户？"},
          hint={"en": "Count the distinct ids that resolve_identities(records) gives, not person_id.",
                "zh": "统计 resolve_identities(records) 给出的不同编号的个数，而不是 person_id 的个数。"})
def _normalised_people(answer):
    counts = _identity_reference()
    mistakes = {
        counts["true"]: {"en": "That is the number of real people (person_id). The question asks how many "
                               "the method finds: a few duplicates are still apart.",
                         "zh": "这是真实人数（person_id 的个数）。题目问的是方法找出的人数："
                               "仍有几条重复记录没有合并。"},
        counts["exact"]: {"en": "That is what exact matching finds. Use the default, normalised method.",
                          "zh": "这是精确匹配的结果。请使用默认的规范化方法。"},
        counts["records"]: {"en": "That is the number of records: nothing has been merged.",
                            "zh": "这是记录条数：还没有合并任何记录。"},
    }
    return numeric(answer, counts["normalised"], abs_tol=0, mistakes=mistakes)


# Graded, on each student's own CRM world: which kind of contact takes most of the staff's time.
graded("knowledge.graded_top_kind", "choice", points=2,
       options=["chat", "complaint", "email", "phone", "repair", "visit"],
       title={"en": "Where your staff's contact time goes (graded)",
              "zh": "员工的接触时间花在哪里（评分题）"})
