"""Chapter 1 content as tables: CRM vs CKM, the KM process, 4P→4C, delight, value chain.

Every function returns a :class:`pandas.DataFrame` in the current language
(see :func:`ckmkit.set_language`); the text lives in bilingual data files in
``ckmkit/content/``, so notebooks in both languages share identical code.

=================================  ==================================================
:func:`crm_vs_ckm`                 five dimensions and the similarities (S4)
:func:`gibbert_comparison`         KM vs CRM vs CKM (two rows, paraphrased)
:func:`crm_types`                  operational, analytical and collaborative CRM
:func:`ckm_styles`                 Gibbert et al.'s five CKM styles
:func:`definitions`                CRM, CKM, KM as the seed texts define them
:func:`process`                    ordered stages: APQC, KM history, customer knowledge
:func:`km_tools`                   KM tools by stage (generation, codification, transfer)
:func:`codification_classes`       process / fact / catalog / cultural knowledge
:func:`four_p_four_c`              4P → 4C
:func:`satisfaction_vs_delight`    satisfaction and delight side by side
:func:`value_chain`                Buttle's CRM value chain (primary stages)
:func:`employees_as_customers`     knowledge employees seen as customers (S2)
:func:`collection_methods`         ways to collect customer knowledge (S1)
:func:`glossary`, :func:`references`
=================================  ==================================================

Examples
--------
>>> import ckmkit
>>> from ckmkit import concepts
>>> concepts.crm_vs_ckm()["dimension"].tolist()[:2]
['Concept', 'Basic goal']
>>> with ckmkit.language("zh"):
...     concepts.four_p_four_c()["four_p"].tolist()
['产品', '价格', '渠道', '促销']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import content
from ..i18n import t

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "PROCESSES",
    "crm_vs_ckm",
    "compare",
    "gibbert_comparison",
    "ckm_styles",
    "crm_types",
    "definitions",
    "process",
    "km_tools",
    "codification_classes",
    "four_p_four_c",
    "satisfaction_vs_delight",
    "value_chain",
    "employees_as_customers",
    "collection_methods",
    "glossary",
    "references",
]

#: Names of the ordered processes in :func:`process`.
PROCESSES: tuple[str, ...] = ("apqc", "km_history", "customer_knowledge", "philosophy")


def crm_vs_ckm(lang: str | None = None) -> pd.DataFrame:
    """CRM and CKM compared on five dimensions plus what they share (S4).

    Parameters
    ----------
    lang : {"en", "zh"}, optional
        Language of the text columns; default the current language.

    Returns
    -------
    pandas.DataFrame
        Columns ``dimension_id``, ``dimension``, ``crm``, ``ckm``, ``example``.

    Examples
    --------
    >>> crm_vs_ckm()["dimension_id"].tolist()
    ['concept', 'goal', 'focus', 'customer_role', 'company_role', 'similarity']
    """
    return content.frame("crm_vs_ckm", lang)


def compare(dimension_id: str, lang: str | None = None) -> dict[str, str]:
    """Both sides of one CRM-vs-CKM dimension, with an example.

    Parameters
    ----------
    dimension_id : str
        One of the ``dimension_id`` values of :func:`crm_vs_ckm`, e.g. ``"customer_role"``.
    lang : {"en", "zh"}, optional
        Language of the texts and of the error message; default the current language.

    Raises
    ------
    ValueError
        If `dimension_id` is unknown; the message lists the valid ones.

    Examples
    --------
    >>> compare("customer_role")["ckm"]
    'Often active: a partner in the process of creating value.'
    """
    table = crm_vs_ckm(lang).set_index("dimension_id")
    if dimension_id not in table.index:
        raise ValueError(
            t("concepts.unknown_dimension", value=dimension_id, valid=", ".join(table.index), lang=lang)
        )
    return table.loc[dimension_id].to_dict()


def gibbert_comparison(lang: str | None = None) -> pd.DataFrame:
    """KM, CRM and CKM compared, after Gibbert, Leibold & Probst (2002).

    Only the two rows that secondary copies of the article's Table 1 confirm
    (the guiding idea, and where the knowledge is sought), in the course's words;
    quote the article itself, not this table.

    Parameters
    ----------
    lang : {"en", "zh"}, optional
        Language of the text columns; default the current language.

    Examples
    --------
    >>> gibbert_comparison()["aspect_id"].tolist()
    ['axiom', 'where']
    """
    return content.frame("gibbert_comparison", lang)


def ckm_styles(lang: str | None = None) -> pd.DataFrame:
    """Gibbert et al.'s five styles of CKM, with an example from the course brand.

    Parameters
    ----------
    lang : {"en", "zh"}, optional
        Language of the text columns; default the current language.

    Examples
    --------
    >>> len(ckm_styles())
    5
    """
    return content.frame("ckm_styles", lang)


def crm_types(lang: str | None = None) -> pd.DataFrame:
    """Operational, analytical and collaborative CRM: what each layer does, with an example.

    Parameters
    ----------
    lang : {"en", "zh"}, optional
        Language of the text columns; default the current language.

    Examples
    --------
    >>> crm_types()["type_id"].tolist()
    ['operational', 'analytical', 'collaborative']
    """
    return content.frame("crm_types", lang)


def definitions(lang: str | None = None) -> pd.DataFrame:
    """CRM, CKM, KM, customer and customer knowledge as the seed texts define them.

    Parameters
    ----------
    lang : {"en", "zh"}, optional
        Language of the text columns; default the current language.

    Examples
    --------
    >>> "ckm_s4" in set(definitions()["definition_id"])
    True
    """
    return content.frame("definitions", lang)


def process(name: str, lang: str | None = None) -> pd.DataFrame:
    """The stages of one ordered process, first stage first.

    Parameters
    ----------
    name : {"apqc", "km_history", "customer_knowledge", "philosophy"}
        APQC's three KM stages; the three-step history of KM; collect →
        organise → disseminate → apply (S1); production → sales → market →
        customer-value orientation (S3).
    lang : {"en", "zh"}, optional
        Language of the text columns; default the current language.

    Examples
    --------
    >>> process("customer_knowledge")["step_id"].tolist()
    ['collect', 'organise', 'disseminate', 'apply']
    """
    if name not in PROCESSES:
        raise ValueError(t("concepts.unknown_process", value=name, valid=", ".join(PROCESSES), lang=lang))
    table = content.frame("km_sequences", lang)
    steps = table[table["sequence"] == name].sort_values("position")
    return steps.drop(columns="sequence").reset_index(drop=True)


def km_tools(lang: str | None = None) -> pd.DataFrame:
    """KM tools by stage, with the stage's name in the current language.

    Parameters
    ----------
    lang : {"en", "zh"}, optional
        Language of the text columns; default the current language.

    Examples
    --------
    >>> km_tools().groupby("stage", sort=False).size().to_dict()
    {'generation': 4, 'codification': 2, 'transfer': 2}
    """
    table = content.frame("km_tools", lang)
    labels = content.load("km_tools")["stages"]
    table.insert(2, "stage_label", [content.localise(labels[s]["label"], lang) for s in table["stage"]])
    return table


def codification_classes(lang: str | None = None) -> pd.DataFrame:
    """The four codification classes of S0 with the course's working definitions.

    Parameters
    ----------
    lang : {"en", "zh"}, optional
        Language of the text columns; default the current language.

    Examples
    --------
    >>> codification_classes()["class_id"].tolist()
    ['process', 'fact', 'catalog', 'cultural']
    """
    return content.frame("codification_classes", lang)


def four_p_four_c(lang: str | None = None) -> pd.DataFrame:
    """The 4P and the 4C that replace them (S2; Lauterborn 1990).

    Parameters
    ----------
    lang : {"en", "zh"}, optional
        Language of the text columns; default the current language.

    Examples
    --------
    >>> four_p_four_c().set_index("pair_id").loc["place", "four_c"]
    'Convenience'
    """
    return content.frame("four_p_four_c", lang)


def satisfaction_vs_delight(lang: str | None = None) -> pd.DataFrame:
    """Satisfaction and delight compared (S2; Oliver, Rust & Varki 1997).

    Parameters
    ----------
    lang : {"en", "zh"}, optional
        Language of the text columns; default the current language.

    Examples
    --------
    >>> satisfaction_vs_delight()["aspect_id"].tolist()
    ['definition', 'emotion', 'effect', 'example']
    """
    return content.frame("satisfaction_delight", lang)


def value_chain(lang: str | None = None) -> pd.DataFrame:
    """Buttle's CRM value chain: its five primary stages, in order.

    Parameters
    ----------
    lang : {"en", "zh"}, optional
        Language of the text columns; default the current language.

    Examples
    --------
    >>> vc = value_chain()
    >>> vc[vc["part"] == "primary"]["step_id"].tolist()[0]
    'portfolio_analysis'
    """
    return content.frame("value_chain", lang)


def employees_as_customers(lang: str | None = None) -> pd.DataFrame:
    """Five ways knowledge employees resemble customers (S2), with the CRM idea each borrows.

    Parameters
    ----------
    lang : {"en", "zh"}, optional
        Language of the text columns; default the current language.

    Examples
    --------
    >>> len(employees_as_customers())
    5
    """
    return content.frame("employees_as_customers", lang)


def collection_methods(lang: str | None = None) -> pd.DataFrame:
    """Ways to collect customer knowledge (S1).

    Parameters
    ----------
    lang : {"en", "zh"}, optional
        Language of the text columns; default the current language.

    Examples
    --------
    >>> collection_methods()["method_id"].tolist()[:4]
    ['questionnaire', 'interview', 'observation', 'experiment']
    """
    return content.frame("collection_methods", lang)


def glossary(lang: str | None = None) -> pd.DataFrame:
    """The course glossary: each term in both languages and a definition in the current one.

    Parameters
    ----------
    lang : {"en", "zh"}, optional
        Language of the text columns; default the current language.

    Examples
    --------
    >>> g = glossary().set_index("term_id")
    >>> g.loc["delight", "term_zh"]
    '愉悦'
    """
    return content.frame("glossary", lang)


def references(chapter: int | None = None) -> pd.DataFrame:
    """Works cited in the course, optionally only those for one chapter.

    ``status`` is ``"verified"`` when title and venue were confirmed in public
    material, ``"unverified"`` when they come from memory.

    Parameters
    ----------
    chapter : int, optional
        Only the works cited in this chapter, by its number (e.g. ``3``); default every work.

    Examples
    --------
    >>> "gibbert2002" in set(references(3)["ref_id"])
    True
    """
    table = content.frame("references")
    if chapter is not None:
        table = table[[chapter in chs for chs in table["chapters"]]].reset_index(drop=True)
    return table
