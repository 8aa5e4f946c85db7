"""Unique customer identity: normalisation, deduplication, pairwise scores."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ckmkit.knowledge import (
    load_customer_records,
    normalise_email,
    normalise_name,
    normalise_phone,
    pairwise_scores,
    resolve_identities,
)
from ckmkit.knowledge.identity import names_compatible

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def records():
    return load_customer_records()


def test_records_shape_and_ground_truth(records):
    assert list(records.columns) == ["record_id", "source", "name", "phone", "email", "person_id"]
    assert records["record_id"].is_unique
    assert len(records) > records["person_id"].nunique() > 100
    assert ((records["phone"] != "") | (records["email"] != "")).all()


def test_records_file_is_what_the_build_script_writes(tmp_path):
    script = ROOT / "datasets" / "customer_records" / "build_records.py"
    if not script.exists():
        pytest.skip("build script ships only in a source checkout")
    copy = tmp_path / "build_records.py"
    copy.write_text(script.read_text(encoding="utf-8"), encoding="utf-8")
    subprocess.run([sys.executable, str(copy)], check=True)
    rebuilt = (tmp_path / "customer_records.csv").read_bytes()
    assert rebuilt == (script.parent / "customer_records.csv").read_bytes()


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("138-1234-5678", "13812345678"), ("+86 138 1234 5678", "13812345678"),
     ("008613812345678", "13812345678"),
     ("１３８１２３４５６７８", "13812345678"), ("(138) 12345678", "13812345678"), ("", ""),
     ("021-62345678", "02162345678")],
)
def test_normalise_phone(raw, clean):
    assert normalise_phone(raw) == clean


def test_normalise_email_and_name():
    assert normalise_email("  Wei.Zhang＠QQ.COM ") == "wei.zhang@qq.com"
    assert normalise_name("張偉") == normalise_name("张 伟（先生）") == normalise_name("张伟女士") == "张伟"
    assert normalise_name("ZHANG Wei") == normalise_name("wei zhang") == "wei zhang"


def test_names_compatible_rules():
    assert names_compatible("w zhang", "wei zhang")
    assert names_compatible("张伟", "wei zhang")  # different scripts cannot be compared
    assert names_compatible("", "张伟")
    assert not names_compatible("张伟", "李娜")
    assert not names_compatible("n li", "wei zhang")


def test_dedupe_scores_on_shipped_records(records):
    scores = pairwise_scores(resolve_identities(records), records["person_id"])
    assert scores["precision"] >= 0.97
    assert scores["recall"] >= 0.95
    assert abs(scores["predicted_people"] - scores["true_people"]) <= 5


def test_normalising_beats_exact_matching(records):
    exact = pairwise_scores(resolve_identities(records, method="exact"), records["person_id"])
    smart = pairwise_scores(resolve_identities(records), records["person_id"])
    assert exact["recall"] < 0.6 < smart["recall"]
    assert exact["precision"] < smart["precision"]  # exact phone match merges colleagues


def test_traps_are_handled(records):
    resolved = resolve_identities(records)
    # Namesakes and office colleagues: never one id for two people.
    assert (records.groupby(resolved)["person_id"].nunique() == 1).all()


def test_ids_are_ordered_and_aligned():
    frame = pd.DataFrame({"name": ["A", "B", "A"], "phone": ["1", "2", "1"], "email": ["", "", ""]},
                         index=[10, 11, 12])
    ids = resolve_identities(frame)
    assert ids.tolist() == ["U0001", "U0002", "U0001"]
    assert ids.index.tolist() == [10, 11, 12]


def test_bad_input_is_a_clear_error():
    with pytest.raises(ValueError, match="Column 'email' is missing"):
        resolve_identities(pd.DataFrame({"name": ["a"], "phone": ["1"]}))
    with pytest.raises(ValueError, match="method"):
        resolve_identities(pd.DataFrame({"name": [], "phone": [], "email": []}), method="fuzzy")


@given(st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=30))
def test_perfect_prediction_scores_one(labels):
    scores = pairwise_scores(labels, labels)
    assert scores["precision"] == scores["recall"] == 1.0


@given(st.lists(st.sampled_from(["a", "b", "c"]), min_size=2, max_size=30))
def test_all_singletons_have_full_precision(labels):
    scores = pairwise_scores(range(len(labels)), labels)
    assert scores["precision"] == 1.0
    assert scores["predicted_people"] == len(labels)


def test_spreadsheet_cells_missing_values_and_scoring_input():
    import numpy as np
    import pandas as pd

    import ckmkit
    from ckmkit.knowledge.identity import normalise_phone, pairwise_scores, resolve_identities

    # a phone column read as floats, with gaps: 13812345678.0 is the mobile, NaN is no phone
    records = pd.DataFrame({"name": ["Zhang Wei", "Wei Zhang", "Li Na", "Wang Fang"],
                            "phone": [13812345678.0, "138 1234 5678", np.nan, np.nan],
                            "email": [None, np.nan, None, np.nan]})
    assert normalise_phone(13812345678.0) == "13812345678"
    assert resolve_identities(records).tolist() == ["U0001", "U0001", "U0002", "U0003"]
    nullable = records.astype({"email": "string"})  # pandas' own missing value, pd.NA
    assert resolve_identities(nullable).tolist() == ["U0001", "U0001", "U0002", "U0003"]
    with pytest.raises(ValueError, match="2 predicted ids but 1 true ones"):
        pairwise_scores(["u1", "u2"], ["p1"])
    with pytest.raises(ValueError, match="Record 1 has no id"):
        pairwise_scores(["u1", None, "u2"], ["p1", "p1", "p2"])
    with ckmkit.language("zh"), pytest.raises(ValueError, match="method 须为"):
        resolve_identities(records, method="fuzzy")
