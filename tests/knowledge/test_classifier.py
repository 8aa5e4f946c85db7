"""The feedback corpus and the character n-gram classifier."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import ckmkit
from ckmkit.knowledge import TYPES, FeedbackClassifier, cross_validate, load_feedback_corpus
from ckmkit.knowledge.classifier import plot_confusion


@pytest.fixture(scope="module")
def corpus():
    return load_feedback_corpus()


@pytest.fixture(scope="module")
def cv(corpus):
    return cross_validate(corpus)


def test_corpus_size_languages_and_types(corpus):
    assert len(corpus) >= 300
    counts = corpus.groupby(["language", "knowledge_type"]).size()
    assert set(corpus["language"]) == {"en", "zh"}
    assert set(corpus["knowledge_type"]) == set(TYPES)
    assert counts.min() >= 30


def test_corpus_is_clean(corpus):
    assert corpus["snippet_id"].is_unique
    assert corpus["text"].is_unique
    assert (corpus["text"].str.len() > 5).all()
    alt = corpus["alternative"]
    assert set(alt) <= set(TYPES) | {""}
    assert (alt != corpus["knowledge_type"]).all()
    assert (alt != "").sum() >= 20, "the corpus should record its ambiguous cases"
    zh = corpus[corpus["language"] == "zh"]["text"]
    assert zh.map(lambda s: any("\u4e00" <= c <= "\u9fff" for c in s)).all()


def test_corpus_does_not_overlap_crm_world_pool(corpus):
    # Chapter 3 tests the classifier on the CRM world's feedback; no shared text allowed.
    world = ckmkit.datasets.load_crm_world().feedback
    assert not set(world["text"]) & set(corpus["text"])


def test_cross_validation_is_consistent(cv, corpus):
    confusion = cv.confusion.to_numpy()
    assert confusion.sum() == len(corpus)
    assert list(cv.confusion.index) == list(TYPES) == list(cv.confusion.columns)
    assert cv.accuracy == pytest.approx(np.trace(confusion) / confusion.sum())
    assert cv.accuracy == pytest.approx(
        (cv.predictions["predicted"] == cv.predictions["knowledge_type"]).mean()
    )
    assert cv.accuracy <= cv.lenient_accuracy
    assert len(cv.fold_accuracy) == 5
    assert set(cv.by_language) == {"en", "zh"}


def test_classifier_beats_chance_clearly_but_is_not_perfect(cv):
    # Four balanced classes: chance is 0.25. The corpus is hard on purpose.
    assert 0.45 < cv.accuracy < 0.95


def test_cross_validation_is_deterministic(corpus):
    a, b = cross_validate(corpus, seed=3), cross_validate(corpus, seed=3)
    assert a.accuracy == b.accuracy
    pd.testing.assert_frame_equal(a.confusion, b.confusion)


def test_cross_validation_passes_the_model_settings_to_every_fold(corpus):
    small = corpus.groupby(["knowledge_type", "language"]).head(10).reset_index(drop=True)
    default = cross_validate(small, n_splits=2)
    same = cross_validate(small, n_splits=2, ngram_range=(1, 3), C=10.0)
    assert same.accuracy == default.accuracy
    pd.testing.assert_frame_equal(same.predictions, default.predictions)
    words = cross_validate(small, n_splits=2, ngram_range=(2, 2), C=0.01)
    assert not words.predictions["predicted"].equals(default.predictions["predicted"])


def test_fit_predict_and_probabilities(corpus):
    model = FeedbackClassifier().fit(corpus["text"], corpus["knowledge_type"])
    texts = ["我们和客户一起设计了新的吧台", "Please stop sending me so many emails, it's annoying."]
    assert model.predict(texts) == ["co-created", "from"]
    proba = model.predict_proba(texts)
    assert list(proba.columns) == list(TYPES)
    assert np.allclose(proba.sum(axis=1), 1)
    assert set(model.top_features(3)) == set(TYPES)


def test_bad_input_gives_clear_messages():
    with pytest.raises(RuntimeError, match="fit"):
        FeedbackClassifier().predict(["x"])
    with pytest.raises(ValueError, match="'praise' is not a knowledge type"):
        FeedbackClassifier().fit(["a", "b"], ["about", "praise"])
    with pytest.raises(ValueError, match="knowledge_type"):
        cross_validate(pd.DataFrame({"text": ["a"]}))


@pytest.fixture(scope="module")
def model(corpus):
    return FeedbackClassifier().fit(corpus["text"], corpus["knowledge_type"])


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda m: m.predict(None), TypeError, "as a list or a pandas Series, not a NoneType"),
    (lambda m: m.predict([]), ValueError, "No texts were given"),
    (lambda m: m.predict(["fine", np.nan]), ValueError, "Text 1 is missing"),
    (lambda m: m.top_features(-1), ValueError, "n must be a whole number of at least 1, not -1"),
    (lambda m: FeedbackClassifier().fit(["a", "b"], ["for"]), ValueError,
     "2 texts but 1 labels"),
    (lambda m: FeedbackClassifier().fit(["a", "b"], ["for", "for"]), ValueError,
     "only one knowledge type"),
    (lambda m: FeedbackClassifier().fit(pd.Series(["a", None], index=["s1", "s2"]),
                                        ["for", "from"]), ValueError, "Text s2 is missing"),
])
def test_classifier_input_errors_name_the_problem(model, call, error, message):
    with pytest.raises(error, match=message):
        call(model)


def test_one_string_is_one_text_not_its_characters(model):
    text = "Please make the lid bigger."
    assert model.predict(text) == model.predict([text])
    assert len(model.predict_proba(text)) == 1


def test_cross_validation_input_errors(corpus):
    broken = corpus.assign(knowledge_type=corpus["knowledge_type"].where(corpus.index != 5))
    with pytest.raises(ValueError, match="Column 'knowledge_type' has a missing value in row 5"):
        cross_validate(broken)
    small = corpus.groupby(["knowledge_type", "language"]).head(2)
    with ckmkit.language("zh"), pytest.raises(ValueError, match="只有 2 条片段.*5 折"):
        cross_validate(small)
    with pytest.raises(ValueError, match="Unknown language 'fr'"):
        load_feedback_corpus("fr")
    assert len(load_feedback_corpus("中文")) == len(load_feedback_corpus("zh"))


def test_cross_validation_takes_a_polars_table(corpus):
    pl = pytest.importorskip("polars")
    small = corpus.groupby(["knowledge_type", "language"]).head(6).reset_index(drop=True)
    assert cross_validate(pl.from_pandas(small), n_splits=3).accuracy == cross_validate(
        small, n_splits=3).accuracy


def test_confusion_plot_labels_follow_language(cv):
    import matplotlib

    matplotlib.use("Agg")
    with ckmkit.language("zh"):
        ax = plot_confusion(cv.confusion)
    assert ax.get_xlabel() == "预测类型"
    assert ax.get_yticklabels()[0].get_text() == "关于客户的知识"
