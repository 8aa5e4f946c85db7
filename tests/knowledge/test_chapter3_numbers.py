"""The numbers chapter 3's prose states are what its data give."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _prose(lang: str) -> str:
    cells = nbformat.read(ROOT / "notebooks" / lang / "03-customer-knowledge.ipynb", as_version=4).cells
    return " ".join(" ".join(c.source for c in cells if c.cell_type == "markdown").split())


@pytest.fixture(scope="module")
def feedback():
    from ckmkit.datasets import load_crm_world

    return load_crm_world().feedback


@pytest.mark.parametrize("lang, rows, share", [("en", "Its 1,200 rows", "About two thirds"),
                                               ("zh", "它的 1,200 行", "约有三分之二是中文")])
def test_crm_world_feedback_size_and_language_mix(lang, rows, share, feedback):
    prose = _prose(lang)
    assert rows in prose and share in prose
    assert len(feedback) == 1200
    assert feedback["text"].nunique() < len(feedback)  # "reuse a smaller pool of texts"
    assert 0.6 < (feedback["language"] == "zh").mean() < 0.72  # "about two thirds"


def test_crm_world_accuracy_is_above_the_cross_validated_one_and_drops_when_weighted_equally(feedback):
    from ckmkit import knowledge

    corpus = knowledge.load_feedback_corpus()
    cv = knowledge.cross_validate(corpus, n_splits=5, seed=0)
    model = knowledge.FeedbackClassifier().fit(corpus["text"], corpus["knowledge_type"])
    hit = model.predict(feedback["text"]) == feedback["knowledge_type"].to_numpy()
    by_language = feedback.assign(hit=hit).groupby("language")["hit"].mean()
    assert hit.mean() > cv.accuracy  # "Why is this higher than the cross-validated accuracy?"
    assert by_language.mean() < hit.mean()  # "with both languages weighted equally ... drops"
    assert by_language["zh"] > by_language["en"]  # "where the model is stronger"
    assert all(by_language[lang] > cv.by_language[lang] for lang in ("en", "zh"))  # texts are easier
