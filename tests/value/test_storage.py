"""A fitted model round-trips through its JSON file and predicts exactly the same."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import ckmkit
from ckmkit.value import MODELS, BetaGeo, GammaGamma, ParetoNBD, load_model


@pytest.fixture(scope="module")
def fitted(cdnow_cal):
    repeaters = cdnow_cal[cdnow_cal["frequency"] > 0]
    return {"BetaGeo": BetaGeo().fit(cdnow_cal), "ParetoNBD": ParetoNBD().fit(cdnow_cal),
            "GammaGamma": GammaGamma().fit(repeaters)}


@pytest.mark.parametrize("name", ["BetaGeo", "ParetoNBD"])
def test_transaction_model_round_trip_predicts_identically(name, fitted, cdnow_cal, tmp_path):
    model = fitted[name]
    path = model.save(tmp_path / "model.json", time_unit="W")
    loaded = load_model(path)
    assert type(loaded) is type(model)
    assert loaded.params_ == model.params_
    assert loaded.standard_errors_ == model.standard_errors_
    assert (loaded.loglik_, loaded.n_customers_, loaded.n_histories_, loaded.converged_) == (
        model.loglik_, model.n_customers_, model.n_histories_, model.converged_)
    assert loaded.units_ == {"time": "W", "money": None}
    pd.testing.assert_frame_equal(loaded.summary_, model.summary_)
    pd.testing.assert_series_equal(loaded.expected_purchases(cdnow_cal, t=39),
                                   model.expected_purchases(cdnow_cal, t=39), check_exact=True)
    pd.testing.assert_series_equal(loaded.p_alive(cdnow_cal), model.p_alive(cdnow_cal),
                                   check_exact=True)
    assert loaded.loglik(cdnow_cal) == model.loglik(cdnow_cal)


def test_spend_model_round_trip(fitted, cdnow_cal, tmp_path):
    model = fitted["GammaGamma"]
    loaded = load_model(model.save(tmp_path / "gg.json", money_unit="USD"))
    repeaters = cdnow_cal[cdnow_cal["frequency"] > 0]
    pd.testing.assert_series_equal(loaded.expected_spend(repeaters), model.expected_spend(repeaters),
                                   check_exact=True)
    assert loaded.mean_spend == model.mean_spend
    assert loaded.units_ == {"time": None, "money": "USD"}


def test_file_is_small_plain_json(fitted, tmp_path):
    path = fitted["BetaGeo"].save(tmp_path / "bg.json", time_unit="W")
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["model"] == "BetaGeo" and record["format_version"] == 1
    assert record["ckmkit_version"] and record["n_customers"] == 2357
    assert set(record["parameters"]) == {"r", "alpha", "a", "b"}
    assert record["loglik"] == pytest.approx(-9582.43, abs=0.01)
    assert path.stat().st_size < 2000
    # re-saving a loaded model keeps its units
    again = json.loads(load_model(path).save(tmp_path / "again.json").read_text(encoding="utf-8"))
    assert again == record


def test_unfitted_model_cannot_be_saved(tmp_path):
    with pytest.raises(ValueError, match="not fitted yet"):
        BetaGeo().save(tmp_path / "x.json")


def _write(tmp_path, record):
    path = tmp_path / "m.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    return path


@pytest.mark.parametrize(("lang", "change", "message"), [
    ("en", {"model": "os.system"}, r"holds a model 'os.system' this ckmkit does not know; it knows "
                                   r"BetaGeo, ParetoNBD, GammaGamma"),
    ("zh", {"model": "Nope"}, "中的模型“Nope”不为当前 ckmkit 所知"),
    ("en", {"format_version": 2}, r"written in model-file format 2, newer than this ckmkit reads "
                                  r"\(up to 1\); update ckmkit"),
    ("zh", {"format_version": 99}, "请升级 ckmkit"),
    ("en", {"parameters": {"r": 1.0}}, r"gives BetaGeo the parameters r, but the model has r, alpha, a, b"),
])
def test_bad_files_get_clear_errors(fitted, tmp_path, lang, change, message):
    record = json.loads(fitted["BetaGeo"].save(tmp_path / "bg.json").read_text(encoding="utf-8"))
    path = _write(tmp_path, {**record, **change})
    with ckmkit.language(lang), pytest.raises(ValueError, match=message):
        load_model(path)


def test_a_json_file_that_is_no_model(tmp_path):
    with pytest.raises(ValueError, match="is not a ckmkit model file"):
        load_model(_write(tmp_path, [1, 2, 3]))


def test_every_registered_model_saves_and_loads(tmp_path):
    for name, model_class in MODELS.items():
        model = model_class()
        model.params_ = {p: 1.0 + i for i, p in enumerate(model_class._param_names)}
        model.loglik_, model.converged_, model.n_customers_, model.n_histories_ = -1.0, True, 3, 2
        loaded = load_model(model.save(tmp_path / f"{name}.json"))
        assert type(loaded) is model_class and loaded.params_ == model.params_
        assert not hasattr(loaded, "standard_errors_")
        assert np.isfinite(loaded.loglik_)


def test_discrete_and_contractual_models_round_trip(tmp_path):
    from ckmkit.datasets import load_donations
    from ckmkit.value import BetaGeoBetaBinom, ShiftedBetaGeo

    donations = load_donations()
    bgbb = BetaGeoBetaBinom().fit(donations, weights="weights")
    loaded = load_model(bgbb.save(tmp_path / "bgbb.json"))
    assert loaded.params_ == bgbb.params_ and loaded.loglik_ == bgbb.loglik_
    np.testing.assert_array_equal(loaded.expected_transactions(donations, 5),
                                  bgbb.expected_transactions(donations, 5))
    np.testing.assert_array_equal(loaded.p_alive(donations), bgbb.p_alive(donations))
    sbg = ShiftedBetaGeo().fit([1000, 631, 468, 382, 326, 289, 262, 241])
    loaded = load_model(sbg.save(tmp_path / "sbg.json"))
    assert loaded.params_ == sbg.params_
    assert loaded.survival(np.arange(10)).tolist() == sbg.survival(np.arange(10)).tolist()
    assert loaded.discounted_expected_residual_lifetime(0.1, 3) == \
        sbg.discounted_expected_residual_lifetime(0.1, 3)
