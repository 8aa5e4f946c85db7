"""Chapter 1 exercises (section ``concepts``) and the quiz specifications the widgets use.

Each entry of :data:`QUIZZES` describes one question for
:func:`ckmkit.widgets.concepts.quiz`: its kind (``choice``, ``matching`` or
``ordering``), the prompt and the choices; the widget builds controls from it
and grades through :func:`ckmkit.exercises.check`.

Examples
--------
>>> from ckmkit.exercises import check
>>> check("concepts.four_p_four_c", {"product": "customer value", "price": "cost",
...        "place": "convenience", "promotion": "communication"}).status
'correct'
>>> check("concepts.order_customer_knowledge", ["collect", "organise", "apply", "disseminate"]).status
'partial'
"""

from __future__ import annotations

from .. import content
from ..exercises import choice, classification, exercise, graded, matching, ordering
from .answers import CRM_OR_CKM_LABELS, DELIGHT_LABELS, canonical, four_p, table
from .answers import FOUR_C as FOUR_C_SPELLINGS
from .answers import steps as step_spellings

__all__ = ["QUIZZES", "FOUR_C", "ORDERINGS", "quiz_spec"]

#: Right-hand side of the 4P -> 4C matching: id -> label.
FOUR_C = {
    "customer value": {"en": "Customer value", "zh": "客户价值"},
    "cost": {"en": "Cost", "zh": "成本"},
    "convenience": {"en": "Convenience", "zh": "便利"},
    "communication": {"en": "Communication", "zh": "沟通"},
}


def _four_p_items() -> dict:
    return {r["pair_id"]: r["four_p"] for r in content.load("four_p_four_c")["rows"]}


@exercise("concepts.four_p_four_c", points=2,
          title={"en": "Match each P to its C", "zh": "把每个 P 与对应的 C 连起来"},
          hint={"en": "Look at each P from the buyer's side of the counter.",
                "zh": "站在买方的角度看每一个 P。"})
def _four_p_four_c(answer):
    key = dict(zip(_four_p_items(), FOUR_C, strict=True))
    rows = content.load("four_p_four_c")["rows"]
    return matching(canonical(answer, FOUR_C_SPELLINGS, keys=four_p()), key, right=list(FOUR_C),
                    items=_four_p_items(), rationale={r["pair_id"]: r["shift"] for r in rows})


#: Ordering exercises: exercise name -> process name in :func:`ckmkit.concepts.process`.
ORDERINGS = {
    "order_apqc": "apqc",
    "order_km_history": "km_history",
    "order_customer_knowledge": "customer_knowledge",
    "order_philosophy": "philosophy",
}


def _steps(process: str) -> dict:
    rows = [r for r in content.load("km_sequences")["rows"] if r["sequence"] == process]
    return {r["step_id"]: r["step"] for r in sorted(rows, key=lambda r: r["position"])}


def _register_ordering(name: str, process: str) -> None:
    steps = _steps(process)
    title = {lang: " → ".join(s[lang] for s in steps.values()) for lang in ("en", "zh")}

    @exercise(f"concepts.{name}", points=1, title={"en": f"Put in order ({len(steps)} steps)",
                                                   "zh": f"排序（{len(steps)} 步）"},
              hint={"en": "Which step needs the result of another?", "zh": "哪一步需要用到另一步的结果？"})
    def _check(answer, _steps=steps):
        return ordering(canonical(answer, step_spellings(process)), list(_steps), items=_steps)

    _check.__doc__ = str(title)


for _name, _process in ORDERINGS.items():
    _register_ordering(_name, _process)


@exercise("concepts.order_value_chain", points=1,
          title={"en": "Buttle's five primary stages in order", "zh": "Buttle 价值链五个主要阶段的顺序"})
def _order_value_chain(answer):
    rows = [r for r in content.load("value_chain")["rows"] if r["part"] == "primary"]
    steps = {r["step_id"]: r["step"] for r in sorted(rows, key=lambda r: r["position"])}
    return ordering(canonical(answer, table({k: v.values() for k, v in steps.items()})),
                    list(steps), items=steps)


#: Statements for "CRM, CKM or both?" (docs/DOMAIN.md §3.3): id -> (text, label).
CRM_OR_CKM = {
    "captive": ({"en": "The customer is tied in, e.g. by a loyalty scheme.",
                 "zh": "客户被“锁定”，例如靠忠诚计划。"}, "crm"),
    "cocreator": ({"en": "The customer is a partner who creates value with the firm.",
                   "zh": "客户是与企业一起创造价值的伙伴。"}, "ckm"),
    "relationship": ({"en": "The focus is the relationship: from buyer–seller to strategic alliance.",
                      "zh": "重点是关系本身：从买卖关系到战略联盟。"}, "crm"),
    "innovation": ({"en": "The goal is new products and greater capacity for knowledge innovation.",
                    "zh": "目标是新产品和更强的知识创新能力。"}, "ckm"),
    "km_base": ({"en": "It can rest on knowledge management and a customer database.",
                 "zh": "可以建立在知识管理和客户数据库之上。"}, "both"),
}
_CRM_OR_CKM_WHY = {
    "crm": {"en": "S4's table puts this on the CRM side.", "zh": "S4 的比较表把它列在 CRM 一侧。"},
    "ckm": {"en": "S4's table puts this on the CKM side.", "zh": "S4 的比较表把它列在 CKM 一侧。"},
    "both": {"en": "S4 lists this among the similarities.", "zh": "S4 把它列为两者的相同点。"},
}


@exercise("concepts.crm_or_ckm", points=2,
          title={"en": "CRM, CKM or both?", "zh": "CRM、CKM，还是两者都是？"})
def _crm_or_ckm(answer):
    return classification(
        canonical(answer, CRM_OR_CKM_LABELS), {k: v[1] for k, v in CRM_OR_CKM.items()},
        labels=["crm", "ckm", "both"],
        items={k: v[0] for k, v in CRM_OR_CKM.items()},
        # the row already shows the statement, so the rationale only names the source's side
        rationale={k: _CRM_OR_CKM_WHY[v[1]] for k, v in CRM_OR_CKM.items()},
    )


#: Satisfaction or delight (S2): case id -> (text, label).
DELIGHT_CASES = {
    "late": ({"en": "The machine arrives three days late.", "zh": "机器晚到了三天。"}, "dissatisfied"),
    "on_time": ({"en": "The machine arrives on the promised day and works.",
                 "zh": "机器按约定日期送到，运行正常。"}, "satisfied"),
    "calibrate": ({"en": "The installer also calibrates the customer's old grinder, unasked and free.",
                   "zh": "安装师傅主动免费校准了客户的旧磨豆机。"}, "delighted"),
    "promised_gift": ({"en": "The advertised free bag of beans is in the box.",
                       "zh": "广告承诺的赠品咖啡豆在箱子里。"}, "satisfied"),
}


@exercise("concepts.delight", points=2, title={"en": "Dissatisfied, satisfied or delighted?",
                                                "zh": "不满意、满意还是愉悦？"},
          hint={"en": "Delight needs something good that the customer did not expect.",
                "zh": "愉悦需要客户没有预料到的好处。"})
def _delight(answer):
    why = {
        "dissatisfied": {"en": "Experience fell short of the promise.", "zh": "体验没有达到承诺。"},
        "satisfied": {"en": "Experience matched what was expected, nothing more.",
                      "zh": "体验与预期相符，仅此而已。"},
        "delighted": {"en": "A pleasant surprise beyond what was expected.", "zh": "超出预期的惊喜。"},
    }
    return classification(canonical(answer, DELIGHT_LABELS),
                          {k: v[1] for k, v in DELIGHT_CASES.items()},
                          labels=["dissatisfied", "satisfied", "delighted"],
                          items={k: v[0] for k, v in DELIGHT_CASES.items()},
                          rationale={k: why[v[1]] for k, v in DELIGHT_CASES.items()})


def _place(answer, name: str, item: str, label: str, shown: str, detail: str):
    """Grade a placement exercise from a content table: its ``[[exercise]]`` rows put items on labels.

    `name` is the table, `item` and `label` the columns of its ``[[exercise]]`` rows, `label` also
    the id column of its ``rows``, whose `shown` column names each label and `detail` says what it
    means. An item's rationale is that name and meaning, shown once the item is right; its ``hint``
    (a question that names no label) while it is wrong. Names in either language are accepted.
    """
    data = content.load(name)
    sep = {"en": ": ", "zh": "："}
    meaning = {r[label]: {lang: r[shown][lang] + sep[lang] + r[detail][lang] for lang in sep}
               for r in data["rows"]}
    spellings = table({r[label]: r[shown].values() for r in data["rows"]})
    rows = data["exercise"]
    return classification(canonical(answer, spellings), {r[item]: r[label] for r in rows},
                          labels=[r[label] for r in data["rows"]],
                          items={r[item]: r["text"] for r in rows}, hints={r[item]: r["hint"] for r in rows},
                          rationale={r[item]: meaning[r[label]] for r in rows})


@exercise("concepts.crm_types", points=2,
          title={"en": "Operational, analytical or collaborative CRM?",
                 "zh": "操作型、分析型还是协作型 CRM？"},
          hint={"en": "Running customer work, studying data, or connecting channels and people?",
                "zh": "是在处理面向客户的工作、分析数据，还是连接渠道和人员？"})
def _crm_types(answer):
    return _place(answer, "crm_types", "item_id", "type_id", "type", "what_it_does")


@exercise("concepts.value_chain_activities", points=2,
          title={"en": "Place each activity on Buttle's value chain",
                 "zh": "把每项活动放到 Buttle 价值链的相应阶段"},
          hint={"en": "Choose whom to serve, know them, line up partners, design the offer, manage the "
                      "relationship over time.",
                "zh": "选客户、了解客户、组织合作伙伴、设计价值主张、长期管理客户关系。"})
def _value_chain_activities(answer):
    return _place(answer, "value_chain", "activity_id", "step_id", "step", "description")


@exercise("concepts.ckm_styles", points=3,
          title={"en": "Gibbert et al.'s five styles of CKM", "zh": "Gibbert 等提出的五种客户知识管理方式"},
          hint={"en": "Ask who produces, who learns, what is made, where knowledge flows and who owns it.",
                "zh": "想一想：谁参与生产、谁在学习、做出了什么、知识在谁之间流动、成果归谁。"})
def _ckm_styles(answer):
    return _place(answer, "ckm_styles", "scenario_id", "style_id", "style", "idea")


CUSTOMER_ROLE = {
    "a": {"en": "A captive buyer held by loyalty schemes", "zh": "被忠诚计划锁定的买家"},
    "b": {"en": "An active partner in creating value", "zh": "价值创造中的主动伙伴"},
    "c": {"en": "A passive receiver of information", "zh": "被动的信息接受者"},
}


@exercise("concepts.customer_role", points=1,
          title={"en": "What role does the customer play in CKM?",
                 "zh": "在 CKM 中，客户扮演什么角色？"})
def _customer_role(answer):
    return choice(answer, "b", options=CUSTOMER_ROLE, explain={
        "a": {"en": "That describes the customer in CRM.", "zh": "这是 CRM 中的客户角色。"},
        "b": {"en": "Yes: CKM turns customers into co-creators.", "zh": "对：CKM 把客户变成共创者。"},
        "c": {"en": "That is closer to the customer's place in classic KM.",
              "zh": "这更接近传统知识管理中客户的位置。"},
    })


#: Quiz widget specifications: exercise id -> kind, prompt and choices.
QUIZZES = {
    "concepts.customer_role": {
        "kind": "choice", "prompt": {"en": "In CKM, the customer is …", "zh": "在 CKM 中，客户是……"},
        "options": CUSTOMER_ROLE},
    "concepts.four_p_four_c": {
        "kind": "matching",
        "prompt": {"en": "Match each P with the C that replaces it.", "zh": "为每个 P 选出取代它的 C。"},
        "left": _four_p_items, "right": FOUR_C},
    **{f"concepts.{name}": {
        "kind": "ordering",
        "prompt": {"en": "Put the stages in order, first to last.", "zh": "按先后顺序排列各阶段。"},
        "steps": (lambda p=process: _steps(p))}
       for name, process in ORDERINGS.items()},
}


def quiz_spec(exercise_id: str) -> dict:
    """The quiz specification for `exercise_id`, with callables resolved.

    Parameters
    ----------
    exercise_id : str
        A key of :data:`QUIZZES`, e.g. ``"concepts.order_apqc"``.

    Examples
    --------
    >>> quiz_spec("concepts.order_apqc")["kind"]
    'ordering'
    """
    try:
        spec = QUIZZES[exercise_id]
    except KeyError:
        raise KeyError(f"no quiz {exercise_id!r}; available: {', '.join(QUIZZES)}") from None
    return {k: v() if callable(v) else v for k, v in spec.items()}


# Graded: the package knows the kind of answer only; the reference is in the instructor's key pack.
graded("concepts.graded_ckm_goal", "choice", points=2, options=["a", "b", "c"],
       title={"en": "What CKM adds to CRM (graded)", "zh": "CKM 比 CRM 多了什么（评分题）"})
