"""Unique customer identity: merge messy records into one id per person (S1; docs/DOMAIN.md §7.1).

The same customer turns up as ``张伟``, ``張偉``, ``ZHANG Wei`` and ``W. Zhang``,
with the phone written ``138-1234-5678``, ``+86 138 1234 5678`` or in
full-width digits. :func:`resolve_identities` normalises names, phones and
e-mail addresses, links records that share a contact detail, and refuses a
phone link when the names clearly disagree (two colleagues on one office
line). :func:`pairwise_scores` measures the result against ground truth.

Examples
--------
>>> import pandas as pd
>>> records = pd.DataFrame({
...     "record_id": ["a", "b", "c", "d"],
...     "name": ["张伟", "張偉", "W. Zhang", "李娜"],
...     "phone": ["138-1234-5678", "", "+86 138 1234 5678", "021-62345678"],
...     "email": ["", "zw@qq.com", "ZW@QQ.COM", ""],
... })
>>> resolve_identities(records).tolist()
['U0001', 'U0001', 'U0001', 'U0002']
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Literal

from ..i18n import t
from ..quality import is_missing, require_columns

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "load_customer_records",
    "normalise_phone",
    "normalise_email",
    "normalise_name",
    "names_compatible",
    "resolve_identities",
    "pairwise_scores",
]

# Traditional -> simplified for characters common in names; a full converter (OpenCC) would
# cover everything, this keeps the kit dependency-free and handles the usual cases.
_T2S = str.maketrans(
    "張劉陳楊黃趙吳鄭許謝馬馮孫胡蕭羅葉蘇盧鍾龔顧賴錢湯韓偉靜麗強軍曉東紅華剛濤國慶軒鵬傑玲蘭鳳龍輝飛雲貴寶義傳誌"
    "張劉陳",
    "张刘陈杨黄赵吴郑许谢马冯孙胡萧罗叶苏卢钟龚顾赖钱汤韩伟静丽强军晓东红华刚涛国庆轩鹏杰玲兰凤龙辉飞云贵宝义传志"
    "张刘陈",
)
_HONORIFICS = re.compile(r"(先生|女士|小姐|老师|经理|总|\b(mr|mrs|ms|miss|dr)\b\.?)", re.IGNORECASE)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def load_customer_records() -> pd.DataFrame:
    """Messy customer records with the true person behind each one.

    Returns
    -------
    pandas.DataFrame
        ``record_id``, ``source``, ``name``, ``phone``, ``email`` (strings,
        empty when missing) and ``person_id`` (ground truth). See the data card
        in ``datasets/customer_records``.

    Examples
    --------
    >>> records = load_customer_records()
    >>> len(records), records["person_id"].nunique()
    (322, 156)
    """
    import pandas as pd

    from ..datasets import bundled_file

    path = bundled_file("customer_records", "customer_records.csv")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _text(value: object) -> str:
    """A cell as text: "" when missing, whole floats without ".0" (phones read from Excel)."""
    if is_missing(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def normalise_phone(phone: str) -> str:
    """Digits only, full-width folded, Chinese country code removed from mobiles.

    Parameters
    ----------
    phone : str
        A phone number as written; a number read from a spreadsheet, or a missing
        value (read as ""), works too.

    Examples
    --------
    >>> normalise_phone("+86 138 1234 5678"), normalise_phone("１３８１２３４５６７８")
    ('13812345678', '13812345678')
    >>> normalise_phone("0086-13812345678"), normalise_phone("021-6234 5678")
    ('13812345678', '02162345678')
    >>> normalise_phone(13812345678.0), normalise_phone(float("nan"))  # read from a spreadsheet
    ('13812345678', '')
    """
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", _text(phone)))
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11 and digits[len(prefix)] == "1":
            return digits[len(prefix):]
    return digits


def normalise_email(email: str) -> str:
    """Trimmed, lower-case, with full-width characters (e.g. ``＠``) folded.

    Parameters
    ----------
    email : str
        An e-mail address as written; a missing value reads as "".

    Examples
    --------
    >>> normalise_email(" Wei.Zhang＠QQ.com ")
    'wei.zhang@qq.com'
    """
    return unicodedata.normalize("NFKC", _text(email)).strip().lower()


def normalise_name(name: str) -> str:
    """A comparable form of a name: simplified Chinese without spaces, or sorted Latin tokens.

    Honorifics (先生, Mr...) are dropped and traditional characters common in names
    are simplified.

    Parameters
    ----------
    name : str
        A name as written; a missing value reads as "".

    Examples
    --------
    >>> normalise_name("張 偉（先生）")
    '张伟'
    >>> normalise_name("ZHANG Wei") == normalise_name("wei zhang")
    True
    >>> normalise_name("W. Zhang")
    'w zhang'
    """
    text = unicodedata.normalize("NFKC", _text(name)).translate(_T2S)
    text = _HONORIFICS.sub(" ", text)
    if _CJK.search(text):
        return "".join(_CJK.findall(text))
    tokens = re.findall(r"[a-z]+", text.lower())
    return " ".join(sorted(tokens))


def names_compatible(a: str, b: str) -> bool:
    """Could two normalised names belong to one person?

    Equal names are compatible; so are Latin names that agree up to an initial
    (``w zhang`` ~ ``wei zhang``). A Chinese and a Latin name cannot be compared
    without transliteration, so they do not block a link; an empty name never does.

    Parameters
    ----------
    a, b : str
        Two names, already normalised by :func:`normalise_name`.

    Examples
    --------
    >>> names_compatible("w zhang", "wei zhang"), names_compatible("张伟", "李娜")
    (True, False)
    """
    if not a or not b or a == b:
        return True
    if bool(_CJK.search(a)) != bool(_CJK.search(b)):
        return True
    if _CJK.search(a):
        return False
    ta, tb = a.split(), b.split()
    if len(ta) != len(tb):
        return False
    full = [tok for tok in ta + tb if len(tok) > 1]
    initials = [tok for tok in ta + tb if len(tok) == 1]
    return all(any(f.startswith(i) for f in full) for i in initials) and (
        {tok for tok in ta if len(tok) > 1} <= set(tb) or {tok for tok in tb if len(tok) > 1} <= set(ta)
    )


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)


def resolve_identities(
    records: pd.DataFrame,
    *,
    name: str = "name",
    phone: str = "phone",
    email: str = "email",
    method: Literal["normalised", "exact"] = "normalised",
    prefix: str = "U",
) -> pd.Series:
    """One resolved customer id per record: records of the same person share an id.

    Parameters
    ----------
    records : DataFrame
        One row per record, with name, phone and e-mail columns (empty or
        missing values allowed).
    name, phone, email : str
        Column names.
    method : {"normalised", "exact"}
        ``"normalised"`` links records with the same normalised e-mail, or the
        same normalised phone when the names are compatible. ``"exact"`` is the
        naive baseline: identical raw phone or e-mail text, nothing else.
    prefix : str, default "U"
        Ids are ``U0001``, ``U0002``, ... in order of first appearance.

    Returns
    -------
    pandas.Series
        Resolved ids, aligned with `records`.

    Examples
    --------
    >>> import pandas as pd
    >>> records = pd.DataFrame([("Li Na", "021-6234 5678", "lina@163.com"),
    ...                         ("Wang Fang", "02162345678", ""),  # the same office line
    ...                         ("LI Na", "", "LINA@163.com")], columns=["name", "phone", "email"])
    >>> resolve_identities(records).tolist()  # one line, two names: not linked
    ['U0001', 'U0002', 'U0001']
    >>> resolve_identities(records, method="exact").tolist()
    ['U0001', 'U0002', 'U0003']
    """
    import pandas as pd

    require_columns(records, [name, phone, email])
    if method not in ("normalised", "exact"):
        raise ValueError(t("knowledge.bad_method", value=repr(method)))
    data = records[[name, phone, email]]
    if method == "exact":
        phones, emails = [_text(p) for p in data[phone]], [_text(e) for e in data[email]]
        names = [""] * len(data)
    else:
        phones = [normalise_phone(p) for p in data[phone]]
        emails = [normalise_email(e) for e in data[email]]
        names = [normalise_name(n) for n in data[name]]
    uf = _UnionFind(len(data))
    _link(uf, emails, names, check_names=False)
    _link(uf, phones, names, check_names=True)
    roots = [uf.find(i) for i in range(len(data))]
    ids = {root: f"{prefix}{k:04d}" for k, root in enumerate(dict.fromkeys(roots), 1)}
    return pd.Series([ids[r] for r in roots], index=records.index, name="resolved_id")


def _link(uf: _UnionFind, keys: list[str], names: list[str], *, check_names: bool) -> None:
    groups: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        if key.strip():
            groups.setdefault(key, []).append(i)
    for members in groups.values():
        for pos, i in enumerate(members):
            for j in members[:pos]:
                if not check_names or names_compatible(names[i], names[j]):
                    uf.union(i, j)
                    break


def pairwise_scores(predicted, truth) -> dict[str, float]:
    """Pairwise precision, recall and F1 of a deduplication against ground truth.

    A pair of records is *predicted* a match if both got the same resolved id,
    and a *true* match if both belong to the same person.

    Parameters
    ----------
    predicted : sequence
        The resolved id of each record (e.g. from :func:`resolve_identities`).
    truth : sequence
        The true person id of each record, in the same order.

    Returns
    -------
    dict
        ``precision``, ``recall`` and ``f1`` (rounded to 3 places), and the numbers of
        ``predicted_people`` and ``true_people``.

    Examples
    --------
    >>> pairwise_scores(["u1", "u1", "u2", "u3"], ["p1", "p1", "p1", "p2"])
    {'precision': 1.0, 'recall': 0.333, 'f1': 0.5, 'predicted_people': 3, 'true_people': 2}
    """
    import pandas as pd

    predicted, truth = list(predicted), list(truth)
    if len(predicted) != len(truth):
        raise ValueError(t("knowledge.scores_length", predicted=len(predicted), truth=len(truth)))
    frame = pd.DataFrame({"p": predicted, "t": truth})
    if len(frame) == 0:
        raise ValueError(t("knowledge.no_records"))
    missing = frame.isna().any(axis=1)
    if missing.any():  # a group-by would drop the record, and its pairs, without a word
        raise ValueError(t("knowledge.missing_person", row=int(missing.idxmax())))

    def pairs(sizes) -> int:
        return int(sum(n * (n - 1) // 2 for n in sizes))

    both = pairs(frame.groupby(["p", "t"]).size())
    pred, true = pairs(frame.groupby("p").size()), pairs(frame.groupby("t").size())
    precision = both / pred if pred else 1.0
    recall = both / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
        "predicted_people": int(frame["p"].nunique()), "true_people": int(frame["t"].nunique()),
    }
