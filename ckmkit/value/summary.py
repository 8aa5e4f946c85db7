"""From a transaction log to one row per customer: the summary every CLV model starts from.

The aggregation is written once against `narwhals`, so the same code runs on
pandas (the default), Polars and DuckDB, and hands back the caller's frame type.

Conventions follow the "buy 'til you die" literature (Fader, Hardie & Lee 2005):
purchases on the same calendar day merge into one transaction; ``frequency`` counts
*repeat* purchase days; ``recency`` is the time from the first to the last purchase
day and ``T`` the time from the first purchase day to the observation end, both in
the chosen unit (weeks = days / 7); ``monetary_value`` is the mean spend per repeat
purchase day (0 for customers without repeats).
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

import narwhals as nw
import numpy as np

from ..i18n import t
from ..quality import (
    collect,
    is_real,
    not_number,
    not_real,
    raise_bad_value,
    report_exclusions,
    require_columns,
    sort_kind,
    to_narwhals,
)
from ._frames import MEASURES

__all__ = ["summarize", "calibration_holdout", "unit_days", "TIME_UNITS"]

#: Length of one time unit in days. A month is a mean Gregorian month.
TIME_UNITS: dict[str, float] = {"D": 1.0, "W": 7.0, "M": 365.25 / 12}
_UNIT_ALIASES = {
    "d": "D", "day": "D", "days": "D",
    "w": "W", "week": "W", "weeks": "W",
    "m": "M", "month": "M", "months": "M",
}
#: Status values that mark a row as not a purchase, in lower case: see :func:`status_in`.
CANCELLED = ("cancelled", "canceled")
RETURNED = ("return", "returned")

_P = "__ck_"  # prefix of helper columns, unlikely to clash with the caller's
_DAY, _CODE = f"{_P}day", f"{_P}code"
_N_DAYS, _FIRST, _LAST, _REPEAT = f"{_P}days", f"{_P}first", f"{_P}last", f"{_P}rep"
#: Engines by how the summary aggregates on them (narwhals implementation names); see _by_day.
_ONE_PASS = ("pandas", "polars", "duckdb")
_BY_DAY = ("dask", "pyarrow", "pyspark")
_SECONDS_PER_DAY = 86_400
#: Aggregate pandas logs on Polars when it is installed (see _on_polars); tests turn it off.
_ROUTE_PANDAS_TO_POLARS = True


def unit_days(time_unit: str | float) -> float:
    """Length of `time_unit` in days.

    Parameters
    ----------
    time_unit : {"D", "W", "M"} or float
        Day, week (7 days), month (365.25 / 12 days), or a positive number of days.

    Examples
    --------
    >>> unit_days("W"), unit_days("days"), unit_days(14), unit_days(np.int64(7))
    (7.0, 1.0, 14.0, 7.0)
    """
    if isinstance(time_unit, str):
        key = _UNIT_ALIASES.get(time_unit.strip().lower())
        if key is not None:
            return TIME_UNITS[key]
    elif is_real(time_unit):
        if np.isfinite(float(time_unit)) and time_unit > 0:  # NumPy scalars count: np.int64(7) is 7 days
            return float(time_unit)
    raise ValueError(t("value.bad_time_unit", value=repr(time_unit)))


def _parse_day(value: Any, name: str) -> _dt.datetime:
    """Midnight of the calendar day `value` falls on (a naive datetime)."""
    import pandas as pd

    if isinstance(value, pd.Period):  # a period ends on its last day: "1997-09" means 1997-09-30
        value = value.end_time
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        stamp = pd.NaT
    if pd.isna(stamp):
        raise ValueError(t("value.bad_date", name=name, value=repr(value)))
    return _dt.datetime.combine(stamp.date(), _dt.time())


def _midnight(value: Any) -> _dt.datetime | None:
    """Midnight of the day of a date/datetime read back from a frame (None for a missing one)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    try:
        import pandas as pd

        if pd.isna(value):
            return None
        return _dt.datetime.combine(pd.Timestamp(value).date(), _dt.time())
    except (TypeError, ValueError):
        return None


_TICKS_PER_SECOND = {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}
#: Datetime units Polars holds; it turns seconds into milliseconds (other stamps than pandas').
_POLARS_UNITS = ("ms", "us", "ns")
_EPOCH = _dt.datetime(1970, 1, 1)


@dataclass(frozen=True)
class _Days:
    """How the day of a purchase is held: a day number or a midnight.

    pandas and Polars cast datetimes to integers for free, so there a day is the
    integer number of days since 1970-01-01 (floor of ticks / ticks per day: one
    cheap operation per row, and plain integer keys to group by). DuckDB cannot
    cast a timestamp to an integer; there, and on Dask and PyArrow, a day is the
    datetime truncated to midnight and durations come from the difference in
    seconds. Spark can do neither through narwhals, so there the day number comes
    from the calendar (year and day of the year), which costs more per row.
    """

    ticks: int | None  # ticks of the datetime column per day; None: see `calendar`
    calendar: bool = False  # day numbers from the calendar; False (and no ticks): midnights

    @classmethod
    def of(cls, nwf: Any, dtype: Any) -> _Days:
        impl = nwf.implementation
        if impl.is_spark_like():
            return cls(None, calendar=True)
        if not (impl.is_pandas_like() or impl.is_polars()):
            return cls(None)
        time_unit = "us" if dtype == nw.Date else getattr(dtype, "time_unit", "us")
        return cls(_TICKS_PER_SECOND[time_unit] * _SECONDS_PER_DAY)

    @property
    def numbers(self) -> bool:
        return self.ticks is not None or self.calendar

    def column(self, date: str, dtype: Any) -> nw.Expr:
        """Each row's calendar day (local time for zoned stamps)."""
        expr = nw.col(date)
        if dtype == nw.Date:
            expr = expr.cast(nw.Datetime("us"))
        elif getattr(dtype, "time_zone", None):
            expr = expr.dt.replace_time_zone(None)
        if self.ticks is not None:
            return expr.cast(nw.Int64) // self.ticks
        if self.calendar:  # days since 0001-01-01 as date.toordinal counts them, then from 1970
            y = expr.dt.year().cast(nw.Int64) - 1  # ≥ 0, so // needs no care for signs
            return (365 * y + y // 4 - y // 100 + y // 400
                    + expr.dt.ordinal_day().cast(nw.Int64) - _EPOCH.toordinal())
        return expr if dtype == nw.Date else expr.dt.truncate("1d")

    def literal(self, day: _dt.datetime) -> nw.Expr:
        return nw.lit((day - _EPOCH).days) if self.numbers else nw.lit(day)

    def between(self, later: Any, earlier: nw.Expr, unit: float) -> nw.Expr:
        """``later − earlier`` in units of `unit` days; `later` is an expression or a midnight."""
        stop = self.literal(later) if isinstance(later, _dt.datetime) else later
        if self.numbers:
            return (stop - earlier) / unit
        return (stop - earlier).dt.total_seconds() / (_SECONDS_PER_DAY * unit)

    def midnight(self, value: Any) -> _dt.datetime | None:
        """The day read back from a frame as a midnight (None for a missing value)."""
        if self.numbers and isinstance(value, (int, np.integer)):
            return _EPOCH + _dt.timedelta(days=int(value))
        return _midnight(value)


@dataclass
class _Prepared:
    rows: Any  # narwhals frame of the kept rows, with a day column (see _Days)
    counts: dict[str, int]
    total: int
    end: _dt.datetime | None  # midnight of the last day observed (None: no row has a date)
    kept: int  # rows left to summarise
    eager: bool  # the caller passed an eager frame: hand back an eager one
    days: _Days  # how the day column holds days
    pandas_ids: Any = None  # id dtype of a pandas caller whose log Polars aggregates

    def engine_unit(self, unit: float) -> float:
        """The unit the engine divides by: days on the Polars route, see :func:`_polars_to_pandas`."""
        return unit if self.pandas_ids is None else 1.0


def status_in(status: Any, names: tuple[str, ...]) -> Any:
    """Where a status is one of `names` (lower case), ignoring case and surrounding spaces.

    `status` is a narwhals string expression or Series, so the same test runs on
    every engine; missing statuses match nothing. Use it with :data:`CANCELLED`
    and :data:`RETURNED`.

    Examples
    --------
    >>> import pandas as pd
    >>> status = nw.from_native(pd.Series([" Cancelled", "CANCELED", "completed", None]),
    ...                         series_only=True)
    >>> status_in(status, CANCELLED).to_list()
    [True, True, False, False]
    """
    return status.str.strip_chars().str.to_lowercase().is_in(names)


def _date_type(nwf: Any, dtype: Any, date: str) -> Any:
    """The date column's dtype, read from pandas itself where narwhals does not know it.

    narwhals reads pandas dtypes from their text and (in the versions this was written
    against) takes only zone names of letters and slashes, so
    ``datetime64[us, America/New_York]`` (an underscore) or ``Etc/GMT+8`` come back
    as Unknown although they are ordinary zoned datetimes.
    """
    if dtype == nw.Unknown and nwf.implementation.value in ("pandas", "dask"):
        import pandas as pd

        native = nwf.to_native().dtypes[date]
        if isinstance(native, pd.DatetimeTZDtype):
            return nw.Datetime(native.unit, str(native.tz))
    return dtype


def _check_types(frame: Any, nwf: Any, dtypes: dict, date: str, amount: str | None,
                 customer_id: str):
    """Raise for a column of the wrong type; return `nwf` with an object amount as floats.

    An object column of numbers and missing values (an Excel export) is converted;
    any text in it, even text that reads as a number, is an error naming the row.
    """
    if not (dtypes[date] == nw.Datetime or dtypes[date] == nw.Date):
        _raise_bad_column(frame, nwf, date, "value.not_datetime", lambda s: np.ones(len(s), bool))
    if dtypes[customer_id] == nw.Object:  # only pandas holds mixed types in one column
        _check_one_type(frame, collect(nwf.select(customer_id))[customer_id].to_numpy(),
                        customer_id)
    if amount is None or dtypes[amount].is_numeric():
        return nwf
    values = collect(nwf.select(amount))[amount].to_numpy()
    if dtypes[amount] == nw.Object and not not_real(values).any():
        dtypes[amount] = nw.Float64()
        if not isinstance(nwf, nw.DataFrame):
            return nwf.with_columns(nw.col(amount).cast(nw.Float64))
        # Not a cast: pandas cannot cast pd.NA (nor some Decimals) to float.
        import pandas as pd

        floats = np.where(pd.isna(values), np.nan, values).astype("float64")
        return nwf.with_columns(nw.new_series(amount, floats, nw.Float64(),
                                              backend=nwf.implementation))
    raise_bad_value(frame, values, amount, "value.not_numeric", _text_or_other)


def _text_or_other(values: np.ndarray) -> np.ndarray:
    """The rows to show for a column that is not numeric: text that reads as no number first."""
    unreadable = not_number(values)
    return unreadable if unreadable.any() else not_real(values)


def _check_one_type(frame: Any, values: np.ndarray, column: str) -> None:
    """Raise if an object column mixes kinds of values that cannot be sorted together.

    Numbers of any type compare with each other; text with numbers does not (1 and
    "1" would also be two customers). The example is the first row of a kind that
    fewer rows hold.
    """
    import pandas as pd

    kinds = np.array([sort_kind(v) for v in values], dtype=object)
    kinds[pd.isna(values)] = ""  # None, NaN, pd.NA and NaT are missing ids, not a kind
    counts = Counter(kind for kind in kinds if kind)
    if len(counts) > 1:
        major = counts.most_common(1)[0][0]
        names = sorted({type(v).__name__ for v, kind in zip(values, kinds) if kind})
        raise_bad_value(frame, values, column, "value.mixed_types",
                        lambda _: (kinds != major) & (kinds != ""), types=", ".join(names))


def _raise_bad_column(frame: Any, nwf: Any, column: str, key: str, is_bad) -> None:
    raise_bad_value(frame, collect(nwf.select(column))[column].to_numpy(), column, key, is_bad)


def _prepare(
    transactions: Any,
    customer_id: str,
    date: str,
    amount: str | None,
    *,
    observation_end: Any,
    status: str | None,
    drop_duplicates: bool,
) -> _Prepared:
    """Check the input, count the rows to exclude by reason (one aggregation), keep the rest.

    Each row gets one code in the same pass that computes its day: the first rule it
    breaks, 0 if none, or a last code for an infinite amount in an otherwise kept row
    (an error). One small group-by over the code gives every count (and the last
    purchase day when it ends the window). On eager frames the missing-value rules are
    left out for columns without missing values.
    """
    columns = [customer_id, date] + [c for c in (amount, status) if c is not None]
    nwf, schema = _checked(transactions, columns, customer_id, date, amount)
    pandas_ids = None
    if not drop_duplicates:  # (duplicates compare every column, which may hold anything)
        nwf, pandas_ids = _on_polars(nwf, columns, customer_id)
    eager = isinstance(nwf, nw.DataFrame)
    source = nwf
    if eager and nwf.implementation.is_polars():
        nwf = nwf.lazy()  # one optimised query per collect instead of a copy per step
    nwf, duplicates = _without_duplicates(nwf) if drop_duplicates else (nwf, 0)
    days = _Days.of(nwf, schema[date])
    end = None if observation_end is None else _parse_day(observation_end, "observation_end")
    reasons = _reasons(schema, customer_id, date, amount, status, end, days)
    if eager:  # rules that no row can break need no test: null counts are cheap on eager frames
        reasons = _drop_impossible(source, reasons, customer_id, date, amount, schema)
    flagged = nwf.select(*_picked(customer_id, date, amount, status, days, schema),
                         _code(reasons, amount).cast(nw.Int32).alias(_CODE))  # one pass, one operation
    aggs = [nw.len().alias(f"{_P}n")]
    if end is None:  # the log's last day ends the window, whether that row is kept or not
        aggs.append(nw.col(_DAY).max().alias(f"{_P}end"))
    stats = collect(flagged.group_by(_CODE).agg(*aggs))
    if any(code == len(reasons) + 1 for code, *_ in stats.iter_rows()):
        _raise_bad_column(transactions, nwf, amount, "value.not_finite", _infinite)
    counts, total, kept_n, last_day = _tally(stats, reasons, days)
    if drop_duplicates:
        counts = {"reason_duplicate": duplicates, **counts}
    total += duplicates
    end = last_day if end is None else end
    kept = flagged if kept_n == total - duplicates else flagged.filter(nw.col(_CODE) == 0)
    return _Prepared(kept, counts, total, end, kept_n, eager, days, pandas_ids)


def _checked(transactions: Any, columns: list[str], customer_id: str, date: str,
             amount: str | None) -> tuple[Any, dict]:
    """The log as narwhals with its columns checked, and its schema (object amounts as floats)."""
    nwf = to_narwhals(transactions)
    _check_engine(nwf)
    require_columns(transactions, columns)
    if customer_id in MEASURES:  # the summary's own columns would collide with the id
        raise ValueError(t("value.id_clashes", column=customer_id))
    # Column names from the schema: asking a Polars LazyFrame for .columns warns.
    schema = dict(nwf.collect_schema())
    schema[date] = _date_type(nwf, schema[date], date)
    return _check_types(transactions, nwf, schema, date, amount, customer_id), schema


def _without_duplicates(nwf: Any) -> tuple[Any, int]:
    """Rows identical in every column dropped (rows differing in, say, order_id are kept), and how many."""
    before = collect(nwf.select(nw.len()))["len"].item()
    nwf = _unique_rows(nwf)
    return nwf, before - collect(nwf.select(nw.len()))["len"].item()


def _picked(customer_id: str, date: str, amount: str | None, status: str | None, days: _Days,
            schema: dict) -> list[nw.Expr]:
    """The columns the summary reads, and each row's day."""
    picked = [nw.col(customer_id), nw.col(date), days.column(date, schema[date]).alias(_DAY)]
    if amount is not None:  # float sums everywhere; casting inside group_by is slow on pandas
        picked.append(nw.col(amount).cast(nw.Float64))
    if status is not None:
        picked.append(nw.col(status))
    return picked


def _code(reasons: list[tuple[str, nw.Expr]], amount: str | None) -> nw.Expr:
    """Each row's code: 1 + the first rule it breaks, 0 if none, one past the rules for an infinite amount."""
    code: nw.Expr = nw.lit(0)
    if amount is not None:  # an infinite amount in a row otherwise kept is an error, not a reason
        code = nw.when(~nw.col(amount).is_finite()).then(len(reasons) + 1).otherwise(code)
    for i in reversed(range(len(reasons))):  # the first rule a row breaks decides its reason
        code = nw.when(reasons[i][1]).then(i + 1).otherwise(code)
    return code


def _tally(stats: Any, reasons: list[tuple[str, nw.Expr]],
           days: _Days) -> tuple[dict[str, int], int, int, _dt.datetime | None]:
    """Counts by reason (in rule order), rows in all, rows kept, and the last day of any dated row."""
    counts: dict[str, int] = {}
    total, kept_n, last_days = 0, 0, []
    for code_value, n, *last in sorted(stats.iter_rows()):  # reasons in rule order everywhere
        total += int(n)
        key = reasons[code_value - 1][0] if code_value else None
        if last and key != "reason_missing_date":  # pandas turns NaT into a huge negative day
            last_days.append(days.midnight(last[0]))
        if key is None:
            kept_n = int(n)
        else:
            counts[key] = counts.get(key, 0) + int(n)
    return counts, total, kept_n, max((day for day in last_days if day is not None), default=None)


def _on_polars(nwf: Any, columns: list[str], customer_id: str) -> tuple[Any, Any]:
    """A checked pandas log as Polars, when Polars is installed; and the id dtype to restore.

    The aggregation is the same narwhals code either way, but narwhals costs more per
    operation on pandas than the whole summary of a small log takes on Polars (CDNOW:
    about half the time). pandas itself works the same way with numexpr and
    bottleneck. Only columns whose conversion is exact go: integer or text ids,
    datetimes naive or in a named zone, numeric amounts, text statuses; anything
    else, or no Polars, stays on pandas.
    """
    if not _ROUTE_PANDAS_TO_POLARS or nwf.implementation is not nw.Implementation.PANDAS:
        return nwf, None
    from importlib.util import find_spec

    if find_spec("polars") is None or find_spec("pyarrow") is None:  # Polars reads pandas via Arrow
        return nwf, None
    import polars as pl

    native = nwf.to_native()
    if not all(_converts_exactly(native[c].dtype, c == customer_id) for c in columns):
        return nwf, None
    # Column by column: selecting the columns from pandas first costs more than converting them.
    return nw.from_native(pl.DataFrame({c: native[c] for c in columns})), native[customer_id].dtype


def _converts_exactly(dtype: Any, is_id: bool) -> bool:
    """Whether a pandas column of `dtype` reaches Polars with the same values."""
    import zoneinfo

    import pandas as pd

    if isinstance(dtype, pd.StringDtype):  # ids and statuses
        return True
    if isinstance(dtype, pd.DatetimeTZDtype):  # a named zone, not a fixed offset
        return dtype.unit in _POLARS_UNITS and str(dtype.tz) in zoneinfo.available_timezones()
    if not isinstance(dtype, np.dtype):  # categories, masked numbers, Arrow types
        return False
    if dtype.kind == "M":
        return np.datetime_data(dtype)[0] in _POLARS_UNITS
    return dtype.kind in ("iu" if is_id else "iuf")  # float ids would group differently


def _unique_rows(nwf: Any) -> Any:
    """The rows that differ from every other in some column (one of each identical set)."""
    try:
        return nwf.unique()
    except TypeError:  # pandas cannot hash lists or dicts (items, JSON): compare their text
        native = nwf.to_native()
        text = native.astype({c: str for c in native.columns if native[c].dtype == object})
        return nw.from_native(native[~text.duplicated().to_numpy()])


def _check_engine(nwf: Any) -> None:
    """Refuse engines the summary is not checked on, rather than risk wrong numbers.

    narwhals accepts more engines than are tested here (Modin, cuDF, Ibis, SQLFrame, …),
    and engines differ exactly where the summary is delicate: on Dask a group-by
    ``n_unique`` adds up per-partition counts, and on PyArrow a window minimum can land
    on the wrong rows. Those two, and Spark, therefore take :func:`_by_day`.
    """
    impl = nwf.implementation
    if impl.value not in _ONE_PASS + _BY_DAY:
        raise TypeError(t("value.engine_not_supported", engine=str(impl)))


def _drop_impossible(nwf, reasons, customer_id, date, amount, schema):
    """Leave out the missing-id/date/amount rules for columns without a missing value."""
    # Series methods, not a select: one frame operation costs more than the counts on small logs.
    found = {"reason_missing_id": nwf.get_column(customer_id).null_count(),
             "reason_missing_date": nwf.get_column(date).null_count()}
    if amount is not None:
        money = nwf.get_column(amount)
        found["reason_missing_amount"] = money.null_count() + (
            money.is_nan().sum() if schema[amount].is_float() else 0)
    return [(key, cond) for key, cond in reasons if found.get(key, 1)]


def _reasons(schema, customer_id, date, amount, status, end, days) -> list[tuple[str, nw.Expr]]:
    """(reason key, condition) in the order rows are attributed to a reason.

    A condition that is null (a comparison with a missing value) counts as false.
    """
    out = [
        ("reason_missing_id", nw.col(customer_id).is_null()),
        ("reason_missing_date", nw.col(date).is_null()),
    ]
    if amount is not None:
        missing = nw.col(amount).is_null()
        if schema[amount].is_float():
            missing = missing | nw.col(amount).is_nan()
        out.append(("reason_missing_amount", missing))
    if status is not None:
        marked = nw.col(status)
        if schema[status] != nw.String:  # categories, or numbers: compare their text
            marked = marked.cast(nw.String)
        out.append(("reason_cancelled", status_in(marked, CANCELLED)))
        out.append(("value.reason_return_status", status_in(marked, RETURNED)))
    if amount is not None:
        out.append(("reason_return", nw.col(amount) < 0))
    if end is not None:
        out.append(("reason_after_end", days.column(date, schema[date]) > days.literal(end)))
    return out


def _infinite(values: np.ndarray) -> np.ndarray:
    return np.isinf(np.asarray(values, dtype="float64"))


def _per_customer(rows, customer_id: str, date: str, amount: str | None, end: _dt.datetime,
                  unit: float, days: _Days):
    """One row per customer: repeat purchase days, recency, age, repeat spend and totals."""
    one_pass = rows.implementation.value in _ONE_PASS
    per = (_one_pass if one_pass else _by_day)(rows, customer_id, date, amount)
    repeats = nw.col(_N_DAYS).cast(nw.Int64) - 1
    out = [
        repeats.alias("frequency"),
        days.between(nw.col(_LAST), nw.col(_FIRST), unit).alias("recency"),
        days.between(end, nw.col(_FIRST), unit).alias("T"),
    ]
    if amount is not None:  # without repeats the repeat spend is 0, so dividing by 1 gives 0
        out.append((nw.col(_REPEAT) / repeats.clip(lower_bound=1)).alias("monetary_value"))
    money = ["revenue"] if amount is not None else []
    return per.select(
        customer_id, *out, nw.col("n_transactions").cast(nw.Int64), *money,
        "first_purchase", "last_purchase",
    ).sort(customer_id)



def _one_pass(rows, customer_id: str, date: str, amount: str | None):
    """One group-by over the rows: distinct purchase days, first and last day, spend.

    Same-day purchases merge because the days are counted distinct. The spend on
    the first day (not a repeat purchase) is set apart with a window minimum.
    """
    aggs = [
        nw.col(_DAY).n_unique().alias(_N_DAYS), nw.col(_DAY).min().alias(_FIRST),
        nw.col(_DAY).max().alias(_LAST), nw.len().alias("n_transactions"),
        nw.col(date).min().alias("first_purchase"), nw.col(date).max().alias("last_purchase"),
    ]
    if amount is not None:
        # amount × (not the first day): cheaper than when/then, and amounts here are finite
        rows = rows.with_columns(
            (nw.col(amount)
             * (nw.col(_DAY) != nw.col(_DAY).min().over(customer_id)).cast(nw.Float64))
            .alias(_REPEAT)
        )
        aggs += [nw.col(amount).sum().alias("revenue"), nw.col(_REPEAT).sum()]
    return rows.group_by(customer_id).agg(*aggs)


def _by_day(rows, customer_id: str, date: str, amount: str | None):
    """Group by customer and day, then by customer: the same columns as :func:`_one_pass`.

    For partitioned or chunked engines (Dask, PyArrow, Spark), where a distinct count
    or a window per customer may not be computed across partitions. Only group-bys
    and a join: the first day of each customer is joined back onto its days.
    """
    daily = [nw.len().alias("n_transactions"), nw.col(date).min().alias("first_purchase"),
             nw.col(date).max().alias("last_purchase")]
    if amount is not None:
        daily.append(nw.col(amount).sum().alias("revenue"))
    days = rows.group_by(customer_id, _DAY).agg(*daily)
    aggs = [
        nw.len().alias(_N_DAYS), nw.col(_DAY).min().alias(_FIRST), nw.col(_DAY).max().alias(_LAST),
        nw.col("n_transactions").sum(), nw.col("first_purchase").min(),
        nw.col("last_purchase").max(),
    ]
    if amount is not None:
        starts = days.group_by(customer_id).agg(nw.col(_DAY).min().alias(f"{_P}start"))
        days = days.join(starts, on=customer_id).with_columns(
            (nw.col("revenue") * (nw.col(_DAY) != nw.col(f"{_P}start")).cast(nw.Float64))
            .alias(_REPEAT))
        aggs += [nw.col("revenue").sum(), nw.col(_REPEAT).sum()]
    return days.group_by(customer_id).agg(*aggs)


def _to_caller(result, customer_id: str, prep: _Prepared, unit: float):
    if prep.eager and isinstance(result, nw.LazyFrame):
        result = result.collect()
    native = result.to_native()
    if prep.pandas_ids is not None:  # a pandas log aggregated by Polars goes back to pandas
        return _polars_to_pandas(native, customer_id, prep.pandas_ids, unit)
    if hasattr(native, "set_index") and type(native).__module__.startswith("pandas"):
        return native.set_index(customer_id)
    return native


def _polars_to_pandas(frame: Any, customer_id: str, id_dtype: Any, unit: float) -> Any:
    """A Polars summary as the pandas one: indexed by customer, ids of the caller's dtype.

    Column by column through NumPy, which on small summaries takes a sixth of the time
    of ``to_pandas().set_index()``; zoned stamps keep their zone. Polars left
    ``recency`` and ``T`` in days: it divides by a number as a product with its
    reciprocal (381 / 7 one unit in the last place below pandas' quotient), NumPy divides.
    """
    import pandas as pd

    def column(name):
        series = frame[name]
        if getattr(series.dtype, "time_zone", None):  # NumPy would drop the zone
            return series.to_pandas().array
        return series.to_numpy() / unit if name in ("recency", "T") else series.to_numpy()

    ids = pd.Index(frame[customer_id].to_numpy()).astype(id_dtype)
    return pd.DataFrame({c: column(c) for c in frame.columns if c != customer_id},
                        index=_as_set_index(ids, customer_id))


def _as_set_index(ids: Any, name: str) -> Any:
    """The index ``DataFrame.set_index`` makes of the column `ids` (pandas 3).

    Signed integers in equal steps (none or several) become a ``RangeIndex``, which
    is int64 whatever their own type; anything else is kept as it is.

    Examples
    --------
    >>> import pandas as pd
    >>> _as_set_index(pd.Index(np.array([3, 5, 7], dtype="int8")), "id")
    RangeIndex(start=3, stop=9, step=2, name='id')
    >>> _as_set_index(pd.Index(np.array([3, 5, 8], dtype="int8")), "id")
    Index([3, 5, 8], dtype='int8', name='id')
    """
    import pandas as pd

    if ids.dtype.kind == "i" and len(ids) != 1:
        if not len(ids):
            return pd.RangeIndex(0, name=name)
        steps = np.diff(ids.to_numpy().astype(np.int64))
        if steps[0] and (steps == steps[0]).all():
            return pd.RangeIndex(int(ids[0]), int(ids[-1]) + int(steps[0]), int(steps[0]),
                                 name=name)
    return ids.rename(name)


def _empty_like(rows, customer_id, date, amount, days):
    # Zero usable rows (`rows` is empty): the same columns, no customers (the end day is
    # irrelevant). Not rows.head(0): on Dask that fails when the result is computed.
    return _per_customer(rows, customer_id, date, amount, _EPOCH, 1.0, days)


def summarize(
    transactions: Any, customer_id: str = "customer_id", date: str = "date",
    amount: str | None = "amount", *, time_unit: str | float = "D", observation_end: Any = None,
    status: str | None = None, drop_duplicates: bool = False, strict: bool = False,
) -> Any:
    """Summarise a transaction log into one row per customer.

    Parameters
    ----------
    transactions : pandas, Polars (eager or lazy), DuckDB, Dask, PyArrow or PySpark table
        One row per purchase record.
    customer_id, date, amount : str
        Column names. `date` must be a datetime or date column, naive or in any time
        zone; days are calendar days in the zone of the stamps. DuckDB and Spark keep
        no zone with the data: there a zoned stamp's day is taken in the connection's
        or session's zone (DuckDB's ``SET TimeZone``, Spark's
        ``spark.sql.session.timeZone``), as those engines show it. `amount` must be
        numeric, or a pandas object column of numbers and missing values
        (``amount=None`` skips the money columns). A zero amount is a real purchase.
    time_unit : {"D", "W", "M"} or float, default "D"
        Unit of ``recency`` and ``T``: days, weeks (days / 7), months
        (days / 30.4375) or any positive number of days.
    observation_end : date-like, optional
        End of the observation window (inclusive). Default: the last day of the log,
        the latest date of any row, kept or excluded (a return on the last day
        still shows that the log runs to that day); a ``pandas.Period``: its last day.
    status : str, optional
        Column of order statuses; rows marked ``cancelled`` (or ``canceled``) or
        ``return`` (or ``returned``) are excluded, whatever their case and surrounding
        spaces.
    drop_duplicates : bool, default False
        Drop rows identical to an earlier one in every column of the table (and
        report them). Off by default because two identical records on one day can
        be two real purchases (as in CDNOW).
    strict : bool, default False
        Raise :class:`ckmkit.DataQualityError` instead of warning when rows are excluded.

    Returns
    -------
    frame of the caller's type
        Sorted by customer; pandas input gives a frame indexed by `customer_id`.
        Columns: ``frequency`` (repeat purchase days), ``recency``, ``T``,
        ``monetary_value`` (mean repeat-day spend), ``n_transactions`` (records
        kept), ``revenue`` (total spend), ``first_purchase``, ``last_purchase``.

    Warns
    -----
    DataQualityWarning
        With a count per reason when rows are excluded: missing id, date or
        amount, cancellations, returns (negative amounts or a return status),
        dates after `observation_end`, and duplicates when asked.

    Raises
    ------
    ValueError
        A column is missing or repeated, `date` is not a date, `amount` is not
        numeric or not finite, `customer_id` mixes text and numbers or is named like
        a column of the summary (the message names the column and an example row).
    TypeError
        `transactions` is not a table, or a table of an engine the summary does
        not support (Modin, cuDF, Ibis, …: convert it to one of the above first).

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({
    ...     "customer_id": [1, 1, 1, 2],
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-15", "2024-01-08"]),
    ...     "amount": [10.0, 5.0, 20.0, 0.0]})
    >>> summarize(tx, time_unit="W", observation_end="2024-01-29")[["frequency", "recency", "T",
    ...     "monetary_value", "revenue"]]  # doctest: +NORMALIZE_WHITESPACE
                 frequency  recency    T  monetary_value  revenue
    customer_id
    1                    1      2.0  4.0            20.0     35.0
    2                    0      0.0  3.0             0.0      0.0
    """
    unit = unit_days(time_unit)
    prep = _prepare(transactions, customer_id, date, amount, observation_end=observation_end,
                    status=status, drop_duplicates=drop_duplicates)
    report_exclusions(prep.counts, total=prep.total, strict=strict)
    if not prep.kept:
        return _to_caller(_empty_like(prep.rows, customer_id, date, amount, prep.days), customer_id,
                          prep, unit)
    result = _per_customer(prep.rows, customer_id, date, amount, prep.end, prep.engine_unit(unit),
                           prep.days)
    return _to_caller(result, customer_id, prep, unit)


def calibration_holdout(
    transactions: Any, customer_id: str = "customer_id", date: str = "date",
    amount: str | None = "amount", *, calibration_end: Any, observation_end: Any = None,
    time_unit: str | float = "D", status: str | None = None, drop_duplicates: bool = False,
    strict: bool = False,
) -> Any:
    """Split a log at `calibration_end`: a calibration summary plus holdout counts.

    The calibration columns are those of :func:`summarize` (so a model can be
    fitted on the result directly); the holdout columns are
    ``frequency_holdout`` (purchase days in the holdout window),
    ``monetary_value_holdout`` (mean spend per holdout purchase day) and
    ``duration_holdout`` (length of the window in `time_unit`). Customers whose
    first purchase falls in the holdout window are not part of the calibration
    cohort; their rows are excluded and reported.

    Parameters
    ----------
    transactions : table
        One row per purchase record, on any engine :func:`summarize` takes.
    customer_id, date, amount : str
        Column names, as in :func:`summarize` (``amount=None`` skips the money columns).
    calibration_end : date-like
        Last day of the calibration window (inclusive); it must lie before the end
        and on or after the first purchase. A ``pandas.Period`` stands for its last day.
    observation_end : date-like, optional
        Last day of the whole window. Default: the last day of the log, as in
        :func:`summarize`.
    time_unit : {"D", "W", "M"} or float, default "D"
        Unit of ``recency``, ``T`` and ``duration_holdout``, as in :func:`summarize`.
    status : str, optional
        Column of order statuses; cancellations and returns are excluded, as in
        :func:`summarize`.
    drop_duplicates : bool, default False
        Drop (and report) rows identical to an earlier one in every column.
    strict : bool, default False
        Raise :class:`ckmkit.DataQualityError` instead of warning when rows are excluded.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 1], "amount": [1.0, 2.0, 4.0],
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-03", "2024-01-06"])})
    >>> out = calibration_holdout(tx, calibration_end="2024-01-04", observation_end="2024-01-08")
    >>> out.loc[1, ["frequency", "T", "frequency_holdout", "monetary_value_holdout",
    ...             "duration_holdout"]].tolist()
    [1.0, 3.0, 1.0, 4.0, 4.0]
    """
    unit = unit_days(time_unit)
    prep = _prepare(transactions, customer_id, date, amount, observation_end=observation_end,
                    status=status, drop_duplicates=drop_duplicates)
    cal_day = _parse_day(calibration_end, "calibration_end")
    _check_calibration_end(prep, cal_day, calibration_end, observation_end)
    cal, hold, late = _split_at(prep, cal_day, customer_id, date, amount, unit)
    report_exclusions({**prep.counts, "value.reason_new_in_holdout": late}, total=prep.total,
                      strict=strict)
    duration = ((prep.end if prep.end is not None else cal_day) - cal_day).days / unit
    return _to_caller(_with_holdout(cal, hold, customer_id, amount, duration), customer_id, prep, unit)


def _check_calibration_end(prep: _Prepared, cal_day: _dt.datetime, calibration_end: Any,
                           observation_end: Any) -> None:
    """A calibration end on or after the observation end leaves no holdout window: refuse it."""
    if prep.end is not None and cal_day >= prep.end:
        raise ValueError(t("value.calibration_after_end", calibration_end=calibration_end,
                           observation_end=observation_end or prep.end.date()))


def _split_at(prep: _Prepared, cal_day: _dt.datetime, customer_id: str, date: str,
              amount: str | None, unit: float) -> tuple[Any, Any, int]:
    """Calibration summary, holdout counts, and the rows of customers new in the holdout."""
    cal_rows = prep.rows.filter(nw.col(_DAY) <= prep.days.literal(cal_day))
    cal = _per_customer(cal_rows, customer_id, date, amount, cal_day, prep.engine_unit(unit),
                        prep.days)
    hold = _holdout(prep.rows.filter(nw.col(_DAY) > prep.days.literal(cal_day)), customer_id, amount)
    newcomers = hold.join(cal.select(customer_id), on=customer_id, how="anti")
    late = collect(newcomers.select(nw.col(f"{_P}rows").sum()))[f"{_P}rows"].item() or 0
    if prep.kept and late == prep.kept:  # every purchase is a newcomer's: no calibration cohort
        raise ValueError(t("value.calibration_before_start", calibration_end=cal_day.date()))
    return cal, hold, int(late)


def _with_holdout(cal: Any, hold: Any, customer_id: str, amount: str | None, duration: float) -> Any:
    """The calibration summary with each customer's holdout columns (zeros for no holdout purchase)."""
    fill = [nw.col("frequency_holdout").fill_null(0).cast(nw.Int64)]
    if amount is not None:
        fill.append(nw.col("monetary_value_holdout").fill_null(0.0))
    return (
        cal.join(hold.drop(f"{_P}rows"), on=customer_id, how="left")
        .with_columns(*fill, nw.lit(duration).alias("duration_holdout"))
        .sort(customer_id)
    )


def _holdout(rows, customer_id: str, amount: str | None):
    aggs = [nw.len().alias(f"{_P}n")]
    if amount is not None:
        aggs.append(nw.col(amount).sum().alias(f"{_P}amt"))
    daily = rows.group_by(customer_id, _DAY).agg(*aggs)
    out = [nw.len().alias("frequency_holdout"), nw.col(f"{_P}n").sum().alias(f"{_P}rows")]
    if amount is not None:
        out.append(nw.col(f"{_P}amt").mean().alias("monetary_value_holdout"))
    return daily.group_by(customer_id).agg(*out)
