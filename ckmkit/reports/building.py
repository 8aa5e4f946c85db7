"""A researcher's transaction log → a bilingual, self-contained HTML report and a customer table.

The report runs the course's analyses in the order the chapters teach them (data quality,
concentration, RFM, purchase models on a calibration/holdout split, CLV, the three customer
classes, profit and referrals when their files are given); each section is one function
that lays out its results, says in one sentence how to read them and names its chapter.
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..i18n import get_language, language, t
from ..quality import DataQualityWarning, as_pandas, warn
from . import _analysis as analysis
from . import _page as page
from .reading import Source
from .transactions import TransactionLog, read_transactions

__all__ = ["Report", "build_report", "LARGE"]

#: Rows from which a progress bar is shown on the terminal, stage by stage.
LARGE = 1_000_000
_STANDARD = ("customer_id", "date", "amount")
_FIGURE_SAMPLE = 20_000  # customers drawn in a scatter plot; the tables count them all
_TOP = 15  # customers listed in the CLV and network tables


class Report:
    """A finished report: its HTML page and its customer and segment tables.

    Shown in a notebook as the page itself; :meth:`save` writes ``report.html``,
    ``customers.csv`` and ``segments.csv``.

    Parameters
    ----------
    html : str
        The self-contained page.
    customers : pandas.DataFrame
        One row per customer, indexed by customer id.
    segments : pandas.DataFrame
        One row per RFM segment.
    timings : dict of str -> float, optional
        Seconds spent in each stage of building (reading, summary, models, CLV, page).

    Examples
    --------
    >>> import pandas as pd
    >>> report = Report("<p>hi</p>", pd.DataFrame({"clv": [1.0]}), pd.DataFrame())
    >>> report._repr_html_()
    '<p>hi</p>'
    """

    def __init__(self, html: str, customers: Any, segments: Any,
                 timings: dict[str, float] | None = None) -> None:
        self.html = html
        self.customers = customers
        self.segments = segments
        self.timings = dict(timings or {})

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"Report({len(self.customers)} customers, {len(self.segments)} segments)"

    def save(self, directory: str | os.PathLike[str]) -> list[Path]:
        """Write ``report.html``, ``customers.csv`` and ``segments.csv`` into `directory`.

        The CSV files are UTF-8 with a byte-order mark, so that Excel shows Chinese
        names correctly; pandas, Polars and R read the mark away.

        Parameters
        ----------
        directory : str or path-like
            Created if it does not exist.

        Returns
        -------
        list of pathlib.Path
            The three files written.

        Examples
        --------
        >>> import tempfile, pandas as pd
        >>> report = Report("<p>hi</p>", pd.DataFrame({"clv": [1.0]}), pd.DataFrame())
        >>> [p.name for p in report.save(tempfile.mkdtemp())]
        ['report.html', 'customers.csv', 'segments.csv']
        """
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        paths = [folder / "report.html", folder / "customers.csv", folder / "segments.csv"]
        paths[0].write_text(self.html, encoding="utf-8")
        self.customers.to_csv(paths[1], encoding="utf-8-sig")
        self.segments.to_csv(paths[2], encoding="utf-8-sig")
        return paths


def build_report(data: Any, *, lang: str | None = None, customer_id: str | None = None,
                 date: str | None = None, amount: str | None = None, quantity: str | None = None,
                 unit_price: str | None = None, invoice: str | None = None,
                 status: str | None = None, costs: str | os.PathLike[str] | None = None,
                 referrals: str | os.PathLike[str] | None = None, sheet: str | None = None,
                 holdout: str | None = None, time_unit: str = "W",
                 progress: bool | None = None) -> Report:
    """Read a transaction log and build its report (what ``ckmkit report`` runs).

    Parameters
    ----------
    data : str, path-like or DataFrame
        A CSV, Excel or Parquet file, or a pandas or Polars table with the columns
        ``customer_id``, ``date`` and ``amount`` (and optionally ``status``).
    lang : {"en", "zh"}, optional
        The report's language; by default the session's.
    customer_id, date, amount, quantity, unit_price, invoice, status : str, optional
        The file's column for each role; by default guessed from their names.
    costs : str or path-like, optional
        A file of cost to serve per customer (a customer id and a ``cost`` column):
        adds profit, the whale curve and BZC on profit.
    referrals : str or path-like, optional
        A file of referrals (referrer, referred): adds the referral network and network value.
    sheet : str, optional
        The Excel sheet to read.
    holdout : str, optional
        The holdout period: ``13W``, ``90D``, ``3M`` before the last purchase, or the date
        it starts; by default the last fifth of the observed period.
    time_unit : {"D", "W", "M"}
        The unit of recency, T and the models' rates.
    progress : bool, optional
        A bar per stage on the terminal; by default for :data:`LARGE` files or on a terminal.

    Returns
    -------
    Report

    Raises
    ------
    ValueError
        A file that cannot be read or a column that holds the wrong kind of value
        (the message names the file, the column and an example row), or a bad `holdout`.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"customer_id": ["a", "a", "b"], "amount": [10.0, 5.0, 8.0],
    ...                     "date": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-02-01"])})
    >>> build_report(log, lang="en").customers.loc["a", "revenue"]
    np.float64(15.0)
    """
    if time_unit not in ("D", "W", "M"):
        raise ValueError(t("report.bad_time_unit", value=time_unit, lang=lang))
    if amount is not None and (quantity is not None or unit_price is not None):
        raise ValueError(t("report.amount_and_product", lang=lang))
    roles = {"customer_id": customer_id, "date": date, "amount": amount, "quantity": quantity,
             "unit_price": unit_price, "invoice": invoice, "status": status}
    with language(lang or get_language()) as code, _kit_warnings() as notes:
        report = _build(data, roles, sheet, code, holdout, time_unit, costs, referrals, progress, notes)
    return report


@contextmanager
def _kit_warnings() -> Iterator[list[Any]]:
    """Warnings recorded as they come, for the page; those not the kit's are passed on after.

    The kit's own (rows left out, a model that did not converge) belong on the page, under
    data quality, rather than on the terminal.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield caught
    for item in caught:
        if not _is_kit_warning(item):
            warn(str(item.message), item.category)


def _is_kit_warning(item: Any) -> bool:
    """Whether a recorded warning is one of the kit's own."""
    from ..value import ConvergenceWarning

    return issubclass(item.category, (DataQualityWarning, ConvergenceWarning))


def _build(data: Any, roles: dict[str, Any], sheet: str | None, lang: str, holdout: str | None,
           time_unit: str, costs: Any, referrals: Any, progress: bool | None,
           notes: list[Any]) -> Report:
    """The stages of :func:`build_report`, in the report's language, with a progress bar."""
    with _Stages(progress, _rows_hint(data)) as stages:
        stages.next("report.stage_read")
        log = _log(data, roles, sheet, lang)
        results = analysis.Results(log=log, unit=time_unit, notes=notes)
        stages.next("report.stage_summary", len(log.frame))
        analysis.summarize_log(results)
        if costs is not None:
            results.profit = analysis.read_costs(costs, log.frame)
        stages.next("report.stage_models")
        analysis.fit_holdout(results, holdout)
        stages.next("report.stage_clv")
        analysis.fit_value(results)
        analysis.classify(results)
        if referrals is not None:
            analysis.network(results, analysis.read_referrals(referrals))
        stages.next("report.stage_html")
        report = Report(_html(results, lang), _customers(results), _segments(results))
        stages.next(None)
    report.timings = stages.timings
    return report


class _Stages:
    """A tqdm bar on stderr moving one stage at a time, or nothing; each stage is timed."""

    def __init__(self, show: bool | None, rows: int) -> None:
        if show is None:
            show = rows >= LARGE or sys.stderr.isatty()
        self.bar = None
        self.timings: dict[str, float] = {}
        self.current: tuple[str, float] | None = None
        if show:
            from tqdm.auto import tqdm

            self.bar = tqdm(total=5, file=sys.stderr, unit="stage", leave=False)

    def __enter__(self) -> _Stages:
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.close()

    def next(self, key: str | None, rows: int | None = None) -> None:
        """End the stage under way and start the stage `key` (None: the last has ended)."""
        now = time.perf_counter()
        if self.current is not None:
            name, start = self.current
            self.timings[name] = now - start
        self.current = None if key is None else (key.rsplit("_", 1)[-1], now)
        if self.bar is not None and key is not None:
            if self.bar.n or self.bar.desc:
                self.bar.update(1)
            self.bar.set_description(t(key))
            if rows is not None:
                self.bar.set_postfix(rows=f"{rows:,}")


def _rows_hint(data: Any) -> int:
    """Rows of a table, or a file's size over 30 bytes (a typical log line) for a file."""
    if isinstance(data, (str, os.PathLike)):
        path = Path(data)
        return path.stat().st_size // 30 if path.is_file() else 0
    return len(data) if hasattr(data, "__len__") else 0


def _log(data: Any, roles: dict[str, Any], sheet: str | None, lang: str) -> TransactionLog:
    """The transaction log: a file read with the given roles, or a table as it is."""
    if isinstance(data, (str, os.PathLike)):
        return read_transactions(data, sheet=sheet, lang=lang, **roles)
    frame = as_pandas(data)
    if not set(_STANDARD) <= set(frame.columns):
        raise ValueError(t("report.not_a_log", columns=", ".join(map(str, frame.columns))))
    kept = [c for c in (*_STANDARD, "status") if c in frame.columns]
    frame = frame[kept].reset_index(drop=True)
    return TransactionLog(frame=frame, source=Source("DataFrame", "table"),
                          roles={c: c for c in kept}, date_format={}, exclusions={},
                          rows=len(frame), lang=lang)


def _html(results: analysis.Results, lang: str) -> str:
    """The page: the title, a line on the data, then each section that has something to show."""
    log, summary = results.log, results.summary
    title = t("report.title", file=log.source.file)
    dates = log.frame["date"]
    intro = [t("report.intro", customers=f"{len(summary):,}", rows=f"{log.rows:,}",
               file=log.source.file, start=f"{dates.min():%Y-%m-%d}", end=f"{dates.max():%Y-%m-%d}",
               unit=t(f"report.unit_{results.unit}"))]
    sections = [_section_quality(results), _section_concentration(results), _section_rfm(results),
                _section_models(results), _section_clv(results), _section_classes(results)]
    if results.profit is not None:
        sections.append(_section_profit(results))
    if results.network is not None:
        sections.append(_section_network(results))
    return page.page(title, intro, sections, lang)


def _section_quality(results: analysis.Results) -> page.Section:
    """Rows read and set aside, the roles and the date format: the log's own description."""
    log = results.log
    if log.source.format == "table":
        described = [t("report.describe_rows", n=log.rows, kept=len(log.frame))]
    else:
        described = log.describe()
    # The notes are read when the page is made: by then every step has warned what it had to.
    notes = list(dict.fromkeys(str(w.message) for w in results.notes if _is_kit_warning(w)))
    return page.Section("quality", 0, page.lines(described + notes))


def _section_concentration(results: analysis.Results) -> page.Section:
    """The 80/20 verdict with its tolerance, the Gini coefficient, the Lorenz and Pareto curves."""
    from ..value import pareto_check
    from ..value.plots import plot_lorenz, plot_pareto

    revenue = results.summary["revenue"].clip(lower=0)
    check = pareto_check(revenue)
    fig, axes = _figure(2)
    plot_lorenz(revenue, ax=axes[0])
    plot_pareto(revenue, ax=axes[1])
    body = (page.paragraph(check.message()) + page.paragraph(t("report.gini", gini=f"{check.gini:.3f}"))
            + page.figure(fig, t("report.section_concentration")))
    return page.Section("concentration", 2, body)


def _section_rfm(results: analysis.Results) -> page.Section:
    """The segments' table and the mean spend by R and F score."""
    from ..value.plots import plot_rfm_heatmap

    fig, axes = _figure(1)
    plot_rfm_heatmap(results.scores, ax=axes[0], min_customers=1)
    body = page.table(_segments(results)) + page.figure(fig, t("report.section_rfm"))
    return page.Section("rfm", 2, body)


#: The comparison's columns on the page, by their names in compare_models.
_MODEL_COLUMNS = {"parameters": "parameters", "n_params": "n_params", "loglik": "loglik", "aic": "aic",
                  "bic": "bic", "lr_against": "lr_against", "lr_p_value": "lr_p_value",
                  "holdout_mae": "mae", "holdout_rmse": "rmse", "holdout_predicted": "predicted",
                  "holdout_actual": "actual", "holdout_error_pct": "error_pct"}


def _section_models(results: analysis.Results) -> page.Section:
    """The split, the models' comparison (fit, AIC/BIC, nesting test, holdout errors), tracking plots."""
    from ..value.plots import plot_calibration_holdout

    log = results.log.frame
    split = t("report.split", start=f"{log['date'].min():%Y-%m-%d}",
              calibration_end=f"{results.calibration_end:%Y-%m-%d}", end=f"{log['date'].max():%Y-%m-%d}")
    if "models" in results.missing:
        return page.Section("models", 2, page.paragraph(split) + _missing(results, "models"))
    table = results.holdout[list(_MODEL_COLUMNS)].rename(
        columns=lambda c: t(f"report.col_{_MODEL_COLUMNS[c]}"))
    table.index.name = t("report.col_model")
    best = results.holdout["bic"].idxmin()
    fig, axes = _figure(2)
    _plot_tracking(analysis.tracking(results), best, axes[0])
    plot_calibration_holdout(results.models[best], results.split, ax=axes[1], time_unit=results.unit)
    if results.fit_sample is not None:
        split += " " + t("report.fit_sample", n=f"{results.fit_sample:,}", total=f"{len(results.split):,}")
    if "GGompertz/NBD" not in results.models:
        split += " " + t("report.no_gompertz", n=f"{analysis.GOMPERTZ_LIMIT:,}")
    body = (page.paragraph(split) + page.table(table, digits=3)
            + page.paragraph(t("report.best_model", model=best))
            + page.figure(fig, t("report.section_models")))
    return page.Section("models", 2, body)


def _plot_tracking(tables: dict[str, Any], best: str, ax: Any) -> None:
    """The cumulative tracking plot of the `best` model, with the other models' lines added."""
    from ..value.plots import plot_tracking

    plot_tracking(tables[best], ax=ax)
    for name, table in tables.items():
        if name != best:
            ax.plot(table.index, table["model_cumulative"], ":", label=t("value.plot_model", model=name))
    ax.legend()


def _section_clv(results: analysis.Results) -> page.Section:
    """CLV totals, the parameters with their standard errors, and the customers of highest CLV."""
    horizon = f"{analysis.HORIZON_DAYS / 7:.0f} {t('report.unit_W')}"
    if "clv" in results.missing:
        return page.Section("clv", 2, _missing(results, "clv"), {"horizon": horizon})
    clv = results.clv["clv"]
    body = page.paragraph(t("report.clv_total", total=f"{clv.sum():,.2f}", mean=f"{clv.mean():,.2f}"))
    body += page.paragraph(_clv_uncertainty(results))
    body += page.table(_parameters(results), digits=4)
    top = _customers(results).nlargest(_TOP, "clv")
    body += page.paragraph(t("report.clv_top")) + page.table(top.rename(columns=_column_name))
    return page.Section("clv", 2, body, {"horizon": horizon})


def _clv_uncertainty(results: analysis.Results) -> str:
    """How sure each CLV is: the typical width of the customers' intervals, or why there are none."""
    if results.intervals is None:
        return t("report.clv_no_intervals", reason=results.missing.get("clv_intervals", ""))
    clv = results.clv["clv"]
    width = (results.intervals["clv_upper"] - results.intervals["clv_lower"]).where(clv > 0) / clv
    return t("report.clv_intervals", level=f"{analysis.CLV_LEVEL:.0%}", draws=analysis.CLV_DRAWS,
             width=f"{width.median():.1%}", wide=f"{width.quantile(0.9):.1%}")


def _section_classes(results: analysis.Results) -> page.Section:
    """Counts and value of MVC, MGC, BZC and the others, and the value matrix."""
    from ..value import class_summary
    from ..value.plots import plot_value_matrix

    classified = results.classified
    fig, axes = _figure(1)
    plot_value_matrix(_sample(classified), ax=axes[0])
    body = page.table(class_summary(classified))
    if results.profit is None:
        body += page.paragraph(t("report.classes_no_costs"))
    return page.Section("classes", 2, body + page.figure(fig, t("report.section_classes")))


def _section_profit(results: analysis.Results) -> page.Section:
    """Total profit and the whale curve."""
    from ..value.plots import plot_whale

    profit = results.profit
    totals = {key: f"{profit[column].sum():,.2f}" for key, column in
              (("profit", "profit"), ("revenue", "revenue"), ("cost", "cost_to_serve"))}
    fig, axes = _figure(1)
    plot_whale(profit["profit"], ax=axes[0])
    body = page.paragraph(t("report.profit_total", **totals)) + page.figure(fig, t("report.section_profit"))
    return page.Section("profit", 2, body)


def _section_network(results: analysis.Results) -> page.Section:
    """The referral counts and the customers of highest network value."""
    graph = results.graph
    counts = page.paragraph(t("report.referrals", edges=graph.number_of_edges(),
                              nodes=graph.number_of_nodes()))
    top = results.network.sort_values("network_value", ascending=False).head(_TOP)
    return page.Section("network", 4, counts + page.table(top))


def _column_name(column: str) -> str:
    """The page's name for a column of customers.csv that the shared headers do not name."""
    keys = {"rfm_segment": "report.col_segment", "class": "report.col_class",
            "predicted_holdout_purchases": "report.col_predicted_each", "p_alive": "report.col_p_alive"}
    return t(keys[column]) if column in keys else column


def _missing(results: analysis.Results, key: str) -> str:
    """Why a section shows nothing, as a note."""
    return page.paragraph(t("report.unavailable", reason=results.missing[key]), "note")


def _parameters(results: analysis.Results) -> Any:
    """Each model's parameters with their standard errors (the uncertainty stated today)."""
    import pandas as pd

    rows = []
    for name, model in (("BG/NBD", results.full_model), ("Gamma-Gamma", results.spend_model)):
        errors = getattr(model, "standard_errors_", None) or {}
        rows += [{t("report.col_model"): name, t("report.col_parameter"): key,
                  t("report.col_estimate"): value, t("report.col_standard_error"): errors.get(key)}
                 for key, value in model.params_.items()]
    return pd.DataFrame(rows).set_index([t("report.col_model"), t("report.col_parameter")])


def _figure(n: int) -> tuple[Any, list[Any]]:
    """A figure of `n` panels side by side, outside pyplot (nothing is kept open)."""
    from matplotlib.figure import Figure

    from ..plotting import use_cjk_font

    use_cjk_font()
    fig = Figure(figsize=(6.0 * n, 4.2), layout="constrained")
    axes = fig.subplots(1, n, squeeze=False)[0]
    return fig, list(axes)


def _sample(frame: Any) -> Any:
    """At most a scatter plot's worth of rows, drawn the same way every time."""
    return frame if len(frame) <= _FIGURE_SAMPLE else frame.sample(_FIGURE_SAMPLE, random_state=0)


def _customers(results: analysis.Results) -> Any:
    """One row per customer: summary, RFM segment, predictions, CLV, class, profit, referrals."""
    import pandas as pd

    summary = results.summary
    table = summary[["frequency", "recency", "T", "monetary_value", "revenue"]].copy()
    table["rfm_segment"] = results.segments.reindex(table.index).astype("str")
    if "BG/NBD" in results.models:
        split = results.split
        table["predicted_holdout_purchases"] = results.models["BG/NBD"].expected_purchases(
            split, t=split["duration_holdout"])
    if results.full_model is not None:
        table["p_alive"] = results.full_model.p_alive(summary)
    if results.clv is not None:
        table["clv"] = results.clv["clv"]
    if results.intervals is not None:
        table[["clv_lower", "clv_upper"]] = results.intervals[["clv_lower", "clv_upper"]]
    if results.profit is not None:
        table[["cost_to_serve", "profit"]] = results.profit[["cost_to_serve", "profit"]]
    if results.network is not None:
        table["referrals"] = pd.Series(dict(results.graph.out_degree())).reindex(table.index).fillna(0)
        table["network_value"] = results.network["network_value"].reindex(table.index)
    table["class"] = results.classified["customer_class"].astype("str")
    return table


def _segments(results: analysis.Results) -> Any:
    """The RFM segments: customers, scores and shares of each."""
    from ..value import segment_summary

    return segment_summary(results.scores, results.segments)

