"""The scale benchmark's log is realistic, and a fit heading for the no-dropout boundary stops early.

``benchmarks/report/make_log.py`` must make customers drop out (purchases stop at each
customer's dropout), or BG/NBD and Pareto/NBD run to their boundary and the benchmark times
that instead of a report. On a log where nobody drops out, Pareto/NBD's finite-difference
search heads for that boundary, where its likelihood overflows: it must end there, not drift.
"""

from __future__ import annotations

import importlib.util
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ckmkit.value import ConvergenceWarning, ParetoNBD, summarize

ROOT = Path(__file__).resolve().parents[2]


def _make_log():
    spec = importlib.util.spec_from_file_location("make_log", ROOT / "benchmarks" / "report" / "make_log.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_benchmark_log_has_dropouts_and_pareto_nbd_recovers_them():
    make_log = _make_log()
    log = make_log.make_log(20_000, 2_000, seed=1)
    assert abs(len(log) - 20_000) < 1_000 and log["customer_id"].nunique() == 2_000
    assert log.equals(make_log.make_log(20_000, 2_000, seed=1))  # seeded
    log["date"] = pd.to_datetime(log["date"])
    last = log.groupby("customer_id")["date"].max()
    idle = (log["date"].max() - last).dt.days
    # With a mean lifetime of about 150 days, most customers have long been gone by the end.
    assert (idle > 182).mean() > 0.4
    fit = ParetoNBD().fit(summarize(log, time_unit="W"), standard_errors=False)
    assert fit.converged_ and not fit.at_boundary_
    assert 0.7 < fit.params_["r"] < 1.15 and 0.55 < fit.params_["s"] < 1.1
    assert 13 < fit.params_["beta"] < 34  # 150 days = 21.4 weeks


def _no_dropout_log(customers: int = 2_000, seed: int = 0) -> pd.DataFrame:
    """The old benchmark log: each customer's purchases spread uniformly to the period's end."""
    rng = np.random.default_rng(seed)
    first = rng.integers(0, 280, size=customers)
    dropout = rng.beta(2.0, 18.0, size=customers)
    counts = rng.geometric(np.clip(dropout, 1e-3, 1.0), size=customers)
    counts = np.maximum(1, np.round(counts * 10 * customers / counts.sum())).astype(np.int64)
    owner = np.repeat(np.arange(customers), counts)
    day = first[owner] + (rng.random(owner.size) * (546 - first[owner])).astype(np.int64)
    opening = np.r_[True, owner[1:] != owner[:-1]]
    day[opening] = first[owner][opening]
    return pd.DataFrame({"customer_id": owner, "amount": 1.0,
                         "date": pd.Timestamp("2022-01-03") + pd.to_timedelta(day, unit="D")})


def test_a_fit_heading_for_the_boundary_stops_early(monkeypatch):
    pieces, calls = ParetoNBD._pieces, []

    def counted(logp, x, tx, big_t):
        calls.append(1)
        if len(calls) > 1_500:  # a drifting search: thousands of evaluations, minutes each
            raise AssertionError("the search did not stop at the boundary")
        return pieces(logp, x, tx, big_t)

    monkeypatch.setattr(ParetoNBD, "_pieces", staticmethod(counted))
    summary = summarize(_no_dropout_log(), time_unit="W")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit = ParetoNBD().fit(summary, standard_errors=False)
    assert not fit.converged_
    assert any(issubclass(w.category, ConvergenceWarning) for w in caught)
    assert all(np.isfinite(list(fit.params_.values())))
    # Nobody drops out: the dropout rate's shape heads to 0 (far below the 0.8 of a real log).
    assert fit.params_["s"] < 0.2
    # The search ends where the likelihood stops being finite, instead of drifting on until
    # r, α and β reach the squashing's limit of 1e8 (each step there costs up to a second
    # per likelihood on a large log).
    assert fit.params_["r"] < 10
    assert len(calls) < 1_500



def test_the_report_says_how_sure_each_clv_is(tmp_path):
    from ckmkit.reports import build_report

    log = _make_log().make_log(20_000, 2_000, seed=2)
    report = build_report(log.assign(date=pd.to_datetime(log["date"])), lang="zh")
    customers = report.customers
    assert customers["clv_lower"].le(customers["clv"] + 1e-9).all()
    assert customers["clv_upper"].ge(customers["clv"] - 1e-9).all()
    width = ((customers["clv_upper"] - customers["clv_lower"]) / customers["clv"]).median()
    assert 0.0 < width < 0.5  # 2,000 customers pin the parameters down to a few per cent
    assert f"一半客户的区间宽度小于其 CLV 的 {width:.1%}" in report.html
    # The models compared on the calibration period, GGompertz/NBD too (2,000 customers).
    for name in ("BG/NBD", "MBG/NBD", "Pareto/NBD", "GGompertz/NBD"):
        assert name in report.html
    assert "跟踪图" in report.html and "BIC" in report.html
