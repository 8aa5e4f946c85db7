"""Which column is the customer id, the date, the amount…: column roles from their names.

Names are compared after :func:`normalise_name` (case, spaces, underscores, hyphens,
full-width characters and a bracketed unit such as ``（元）`` do not count), against
the names exports use in Chinese and English (:data:`ROLE_NAMES`). A role given by
the caller wins over any guess. When no column is named like a date, the one text
column whose values all read as dates is the date.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from ..i18n import t
from .dates import detect_date_format

__all__ = ["ROLES", "ROLE_NAMES", "FALLBACK_NAMES", "normalise_name", "guess_roles"]

#: Every role a column can play, in the order they are reported.
ROLES = ("customer_id", "date", "amount", "quantity", "unit_price", "invoice", "status")
#: Column names (normalised) that mark each role.
ROLE_NAMES: dict[str, tuple[str, ...]] = {
    "customer_id": ("客户编号", "客户id", "客户号", "客户编码", "客户代码", "会员号", "会员id", "会员编号",
                    "会员卡号", "用户id", "用户编号", "买家id", "customerid", "customer", "customerno",
                    "customernumber", "custid", "client", "clientid", "clientno", "memberid", "userid"),
    "date": ("日期", "交易日期", "下单时间", "订单日期", "下单日期", "交易时间", "购买日期", "购买时间",
             "付款时间", "支付时间", "invoicedate", "date", "orderdate", "transactiondate",
             "purchasedate", "datetime", "timestamp"),
    "amount": ("金额", "实付金额", "订单金额", "交易金额", "支付金额", "付款金额", "实收金额", "销售额",
               "销售金额", "消费金额", "amount", "revenue", "sales", "total", "totalamount",
               "ordertotal", "spend", "dollarvalue"),
    "quantity": ("数量", "购买数量", "销售数量", "件数", "quantity", "qty"),
    "unit_price": ("单价", "销售单价", "unitprice", "price"),
    "invoice": ("订单号", "订单编号", "发票号", "单号", "invoice", "invoiceno", "invoicenumber",
                "orderid", "orderno", "ordernumber", "transactionid"),
    "status": ("状态", "订单状态", "交易状态", "status", "orderstatus"),
}
#: Looser names, used only when no column has a name of :data:`ROLE_NAMES`: a file with
#: both 客户编号 and 客户名称 has one customer id, not two candidates.
FALLBACK_NAMES: dict[str, tuple[str, ...]] = {
    "customer_id": ("客户", "客户名称", "客户姓名", "顾客", "会员", "买家", "用户", "customername",
                    "clientname", "member", "user"),
    "date": ("时间", "创建时间", "time", "createdat", "created"),
    "amount": ("总价", "合计", "小计", "subtotal"),
}
_REQUIRED = ("customer_id", "date")
_PRODUCT = ("quantity", "unit_price")  # their product is the amount when there is none


def normalise_name(name: Any) -> str:
    """A column name as roles are matched: NFKC, case-folded, without separators or units.

    Parameters
    ----------
    name : object
        A column name.

    Examples
    --------
    >>> normalise_name(" Customer_ID "), normalise_name("实付金额（元）"), normalise_name("ＱＴＹ")
    ('customerid', '实付金额', 'qty')
    """
    text = unicodedata.normalize("NFKC", str(name)).casefold()
    text = re.sub(r"\(.*?\)|\[.*?\]", "", text)  # a unit: 金额(元), amount [EUR]
    return re.sub(r"[\s_\-.:/#]+", "", text)


def guess_roles(table: Any, given: Mapping[str, str | None] | None = None, *,
                file: str = "—") -> dict[str, str]:
    """The column playing each role: the ones `given`, and the others guessed by name.

    The amount is `given` ``amount``, else the product of `given` ``quantity`` and
    ``unit_price``, else a column named like an amount, else the product of columns
    named like a quantity and a unit price. A customer id, a date and an amount are
    required; the invoice number and the status are optional.

    Parameters
    ----------
    table : pandas.DataFrame
        The file's table; its values are read only to find a date column by content.
    given : mapping of role -> column name, optional
        Roles the caller named (None values are ignored); see :data:`ROLES`.
    file : str, default "—"
        The file's name, for messages.

    Returns
    -------
    dict of role -> column name
        In the order of :data:`ROLES`, the roles found only.

    Raises
    ------
    ValueError
        A given column is not in the table, a required role has no column, or several
        columns could play one role; the message lists the columns, in the reader's language.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame(columns=["客户编号", "下单时间", "数量", "单价", "备注"])
    >>> guess_roles(table)
    {'customer_id': '客户编号', 'date': '下单时间', 'quantity': '数量', 'unit_price': '单价'}
    >>> guess_roles(table, {"date": "Date"}, file="orders.csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: The column given for the date (date='Date') is not in 'orders.csv'; its columns are: ...
    """
    columns = [str(c) for c in table.columns]
    chosen = _given(given or {}, columns, file)
    free = [c for c in columns if c not in chosen.values()]
    for role in ROLES:
        if role not in chosen and not _amount_settled(role, chosen, given or {}):
            found = _by_name(role, free) or (_by_values(table, free) if role == "date" else [])
            if len(found) > 1:
                raise ValueError(t("report.ambiguous_role", file=file, role=t(f"report.role_{role}"),
                                   candidates=", ".join(found), option=role))
            if found:
                chosen[role] = found[0]
                free.remove(found[0])
    _check_required(chosen, columns, file)
    return {role: chosen[role] for role in ROLES if role in chosen}


def _given(given: Mapping[str, str | None], columns: list[str], file: str) -> dict[str, str]:
    """The roles the caller named, each checked against the table's columns."""
    chosen = {role: str(column) for role, column in given.items() if column is not None}
    if "amount" in chosen and any(role in chosen for role in _PRODUCT):
        raise ValueError(t("report.amount_or_price"))
    for role, column in chosen.items():
        if column not in columns:
            raise ValueError(t("report.unknown_column", role=t(f"report.role_{role}"), option=role,
                               column=column, file=file, columns=", ".join(columns)))
    return chosen


def _amount_settled(role: str, chosen: dict[str, str], given: Mapping[str, str | None]) -> bool:
    """No amount column is guessed when the caller named a quantity or a unit price."""
    return role == "amount" and any(given.get(r) is not None for r in _PRODUCT)


def _by_name(role: str, columns: list[str]) -> list[str]:
    """Columns with a name of the role, else with one of its looser names."""
    for names in (ROLE_NAMES[role], FALLBACK_NAMES.get(role, ())):
        if found := [c for c in columns if normalise_name(c) in names]:
            return found
    return []


def _by_values(table: Any, columns: list[str]) -> list[str]:
    """Text columns whose values all read as dates (numbers could be anything: not these)."""
    import pandas as pd

    found = []
    for column in columns:
        cells = table[column].dropna().head(200)
        if cells.dtype.kind == "M":
            found.append(column)
        elif len(cells) and pd.to_numeric(cells, errors="coerce").isna().any() \
                and detect_date_format(cells) is not None:
            found.append(column)
    return found


def _check_required(chosen: dict[str, str], columns: list[str], file: str) -> None:
    """Raise for the first required role without a column (an amount, or its two factors)."""
    needed = list(_REQUIRED)
    if "amount" not in chosen:
        needed += list(_PRODUCT) if any(r in chosen for r in _PRODUCT) else ["amount"]
    for role in needed:
        if role not in chosen:
            raise ValueError(t("report.missing_role", file=file, role=t(f"report.role_{role}"),
                               option=role, columns=", ".join(columns)))
