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


def test_segments_read_the_bins_the_scores_were_made_with():
    scores = rfm_scores(_summary(9), bins=3)  # thirds: 1 1 1 2 2 2 3 3 3 for R and F alike
    assert scores.attrs["bins"] == 3
    assert scores["R"].tolist() == [1, 1, 1, 2, 2, 2, 3, 3, 3]
    segments = rfm_segments(scores)
    assert segments.tolist() == ["lost"] * 3 + ["loyal"] * 3 + ["champions"] * 3
    # a subset keeps its bins
    assert rfm_segments(scores.loc[["c0", "c8"]]).tolist() == ["lost", "champions"]
    assert rfm_segments(scores, bins=3).equals(segments)


def test_segment_rules_for_three_bins():
    # with bins=3 a score of 1 is low, 2 mid and 3 high (the middle of each third)
    grid = pd.DataFrame({"R": [3, 2, 3, 1, 1, 3, 1, 2, 2], "F": [3, 3, 2, 3, 2, 1, 1, 1, 2]})
    grid.attrs["bins"] = 3
    assert rfm_segments(grid).tolist() == [
        "champions", "loyal", "loyal", "at_risk", "at_risk", "new", "lost", "attention", "loyal"]


def test_segment_rules_for_five_bins_are_unchanged():
    grid = pd.DataFrame({"R": [r for r in range(1, 6) for _ in range(5)],
                         "F": [f for _ in range(5) for f in range(1, 6)]})
    old_high, old_mid = grid > 0.6 * 5, grid > 0.4 * 5  # the rule as first written for bins=5
    for column in ("R", "F"):
        assert (old_high[column] == (grid[column] >= 4)).all()
        assert (old_mid[column] == (grid[column] >= 3)).all()
    counts = rfm_segments(grid).value_counts().to_dict()
    assert counts == {"champions": 4, "loyal": 5, "at_risk": 6, "new": 4, "lost": 4, "attention": 2}


def test_scores_and_bins_that_disagree_are_refused():
    scores = rfm_scores(_summary(9), bins=3)
    with pytest.raises(ValueError, match=r"^The scores were made with bins=3, not bins=5; leave bins out"):
        rfm_segments(scores, bins=5)
    hand_made = pd.DataFrame({"R": [1, 2, 5], "F": [1, 2, 3]}, index=["x", "y", "z"])
    with pytest.raises(ValueError, match=r"^Column 'R' must hold whole scores from 1 to 3; row z has 5\.$"):
        rfm_segments(hand_made, bins=3)
    with ckmkit.language("zh"), pytest.raises(ValueError,
                                              match="^列“F”须为 1 到 5 的整数得分；第 y 行的值为 2.5。$"):
        rfm_segments(hand_made.assign(F=[1.0, 2.5, 3.0]))
    with pytest.raises(ValueError, match="bins must be a whole number ≥ 2, not 2.0"):
        rfm_segments(hand_made, bins=2.0)
