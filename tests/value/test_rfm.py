"""RFM scores with deterministic ties and bilingual named segments."""

from __future__ import annotations

import pandas as pd
import pytest

import ckmkit
from ckmkit.value.rfm import SEGMENTS, rfm_scores, rfm_segments, segment_label, segment_summary


def _summary(n=10):
    return pd.DataFrame({
        "frequency": list(range(n)), "recency": [float(i) for i in range(n)],
        "T": [float(n)] * n, "revenue": [10.0 * (i + 1) for i in range(n)],
    }, index=pd.Index([f"c{i}" for i in range(n)], name="customer_id"))


def test_scores_are_quantile_groups():
    scores = rfm_scores(_summary(10), bins=5)
    assert scores["F"].tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert scores["R"].tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]  # recent = small T - recency
    assert scores.loc["c9", "RFM"] == "555"


def test_ties_share_a_score_and_order_does_not_matter():
    s = _summary(10)
    s["frequency"] = [0, 0, 0, 0, 0, 0, 1, 1, 2, 3]
    first = rfm_scores(s)
    shuffled = rfm_scores(s.sample(frac=1, random_state=1)).loc[s.index]
    pd.testing.assert_frame_equal(first, shuffled)
    assert first["F"].iloc[:6].nunique() == 1 and first["F"].iloc[0] == 1
    assert first["F"].iloc[6] == first["F"].iloc[7]


def test_segments_follow_documented_rules():
    grid = pd.DataFrame({"R": [5, 4, 3, 1, 2, 5, 1, 3, 4], "F": [5, 4, 3, 4, 3, 1, 1, 2, 3]})
    assert rfm_segments(grid).tolist() == [
        "champions", "champions", "loyal", "at_risk", "at_risk", "new", "lost", "attention", "loyal"]


def test_segment_summary_and_labels(cdnow):
    from ckmkit.value import summarize

    scores = rfm_scores(summarize(cdnow))
    table = segment_summary(scores, rfm_segments(scores))
    assert table["customers"].sum() == 2357
    assert table["customer_share"].sum() == pytest.approx(1.0)
    assert table["monetary_share"].sum() == pytest.approx(1.0)
    assert list(table.index) == [s for s in SEGMENTS if s in table.index]
    with ckmkit.language("zh"):
        assert segment_label("lost") == "已流失客户"
    with pytest.raises(ValueError, match="Unknown code"):
        segment_label("vip")


def test_bad_input():
    with pytest.raises(ValueError, match="bins"):
        rfm_scores(_summary(), bins=1)
    with pytest.raises(ValueError, match="Column 'revenue' is missing"):
        rfm_scores(_summary().drop(columns="revenue"))
    broken = _summary()
    broken.loc["c3", "revenue"] = float("nan")
    with pytest.raises(ValueError, match="row c3"):
        rfm_scores(broken)
    broken = _summary()
    broken.loc["c2", "recency"] = float("nan")  # the column at fault, not T − recency
    with pytest.raises(ValueError, match="Column 'recency' must hold finite numbers; row c2 has nan"):
        rfm_scores(broken)
