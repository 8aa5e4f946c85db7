"""Classify feedback text into the four customer-knowledge types, in Chinese and English.

Chinese has no spaces between words, so instead of a word segmenter the model
reads overlapping character n-grams (1 to 3 characters, inside word
boundaries), weighted by TF-IDF, and feeds them to a linear classifier
(logistic regression). The same features work for English.

Accuracy is measured by stratified k-fold cross-validation on the
hand-written corpus in ``datasets/feedback_corpus`` (see its data card); the
number reported is the one measured, nothing more.

Examples
--------
>>> from ckmkit.knowledge import FeedbackClassifier, load_feedback_corpus
>>> corpus = load_feedback_corpus()
>>> model = FeedbackClassifier().fit(corpus["text"], corpus["knowledge_type"])
>>> model.predict(["Please make the water tank bigger, it's a pain to refill."])[0]
'from'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..i18n import normalise_language, t
from ..quality import as_pandas, is_missing, is_whole, require_columns
from .content import TYPES, type_names

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterable

    import pandas as pd

__all__ = ["load_feedback_corpus", "FeedbackClassifier", "CrossValidation", "cross_validate",
           "plot_confusion"]


def load_feedback_corpus(language: str | None = None) -> pd.DataFrame:
    """The hand-written labelled feedback corpus (336 snippets, half English, half Chinese).

    Parameters
    ----------
    language : {"en", "zh"}, optional
        Keep only snippets in one language.

    Returns
    -------
    pandas.DataFrame
        ``snippet_id``, ``language``, ``channel``, ``author`` (customer/staff),
        ``knowledge_type``, ``alternative`` (a second defensible label, or
        empty), ``text``.

    Examples
    --------
    >>> corpus = load_feedback_corpus()
    >>> len(corpus), corpus["knowledge_type"].nunique()
    (336, 4)
    >>> len(load_feedback_corpus("zh"))
    168
    """
    import pandas as pd

    from ..datasets import bundled_file

    corpus = pd.read_csv(
        bundled_file("feedback_corpus", "feedback_corpus.csv"), dtype=str, keep_default_na=False
    )
    if language is not None:  # "EN", "中文", ...; an unknown language is an error, not 0 rows
        language = normalise_language(language)
        corpus = corpus[corpus["language"] == language].reset_index(drop=True)
    return corpus


class FeedbackClassifier:
    """Character n-gram TF-IDF + logistic regression for the four knowledge types.

    Parameters
    ----------
    ngram_range : tuple of int, default (1, 3)
        Lengths of the character n-grams.
    C : float, default 10.0
        Inverse regularisation strength of the logistic regression.
    seed : int, default 0
        Random state of the solver (the fit is deterministic).

    Examples
    --------
    >>> texts = ["My name is Li Wei and I live in Shanghai.", "I am 34 and work as a barista.",
    ...          "Here is how to descale your machine.", "Our guide explains grinder settings.",
    ...          "Please make the tank bigger.", "The lid is hard to open, fix it.",
    ...          "We designed the new blend together.", "Customers co-created the recipe with us."]
    >>> labels = ["about", "about", "for", "for", "from", "from", "co-created", "co-created"]
    >>> model = FeedbackClassifier().fit(texts, labels)
    >>> model.predict(["Can you make the handle longer?", "A guide on how to clean the grinder."])
    ['from', 'for']
    >>> proba = model.predict_proba(["Please fix the lid."])
    >>> list(proba.columns), proba.iloc[0].idxmax(), round(float(proba.iloc[0].max()), 1)
    (['about', 'for', 'from', 'co-created'], 'from', 0.7)
    """

    def __init__(self, ngram_range: tuple[int, int] = (1, 3), C: float = 10.0, seed: int = 0) -> None:
        self.ngram_range = ngram_range
        self.C = C
        self.seed = seed
        self.pipeline_ = None

    def _pipeline(self):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline

        return make_pipeline(
            TfidfVectorizer(analyzer="char_wb", ngram_range=self.ngram_range, sublinear_tf=True,
                            lowercase=True, min_df=1),
            LogisticRegression(C=self.C, solver="newton-cg", max_iter=500, random_state=self.seed),
        )

    def fit(self, texts: Iterable[str], labels: Iterable[str]) -> FeedbackClassifier:
        """Learn from `texts` labelled with the four types; returns ``self``.

        Parameters
        ----------
        texts : iterable of str
            Feedback texts.
        labels : iterable of str
            One knowledge type per text (``"about"``, ``"for"``, ``"from"``, ``"co-created"``);
            at least two different types.
        """
        texts = _texts(texts)
        labels = [str(label) for label in _listed(labels)]
        if len(labels) != len(texts):
            raise ValueError(t("knowledge.labels_length", texts=len(texts), labels=len(labels)))
        unknown = sorted(set(labels) - set(TYPES))
        if unknown:
            raise ValueError(t("knowledge.unknown_type", value=unknown[0], valid=", ".join(TYPES)))
        if len(set(labels)) < 2:
            raise ValueError(t("knowledge.one_type", value=labels[0]))
        self.pipeline_ = self._pipeline().fit(texts, labels)
        return self

    def _fitted(self):
        if self.pipeline_ is None:
            raise RuntimeError(t("knowledge.not_fitted"))
        return self.pipeline_

    def predict(self, texts: Iterable[str]) -> list[str]:
        """The most likely type of each text.

        Parameters
        ----------
        texts : iterable of str
            Feedback texts.
        """
        return [str(label) for label in self._fitted().predict(_texts(texts))]

    def predict_proba(self, texts: Iterable[str]) -> pd.DataFrame:
        """Probability of each type for each text, one column per type (in :data:`TYPES` order).

        Parameters
        ----------
        texts : iterable of str
            Feedback texts.
        """
        import pandas as pd

        pipeline = self._fitted()
        proba = pipeline.predict_proba(_texts(texts))
        frame = pd.DataFrame(proba, columns=pipeline.classes_)
        return frame[[c for c in TYPES if c in frame.columns]]

    def top_features(self, n: int = 8) -> dict[str, list[str]]:
        """The `n` character n-grams that push hardest towards each type.

        A space inside an n-gram is shown as ``␣``, so ``" ,"`` and ``", "`` stay two
        different cues instead of both reading ``","``.

        Parameters
        ----------
        n : int, default 8
            How many n-grams per type, at least 1.

        Examples
        --------
        >>> model = FeedbackClassifier().fit(["we built it together", "why is it broken ?"] * 3,
        ...                                  ["co-created", "from"] * 3)
        >>> model.top_features(3)["from"]
        ['y␣', 'y', 'why']
        """
        if not is_whole(n, 1):
            raise ValueError(t("knowledge.bad_top_n", value=repr(n)))
        pipeline = self._fitted()
        vocab = np.array(pipeline[0].get_feature_names_out())
        model = pipeline[-1]
        coefs = model.coef_
        if len(coefs) == 1:  # two types: one row of weights, positive towards the second
            coefs = np.vstack([-coefs[0], coefs[0]])
        return {
            str(label): [visible_spaces(s) for s in vocab[np.argsort(coef)[::-1][:n]]]
            for label, coef in zip(model.classes_, coefs, strict=True)
        }


def visible_spaces(cue: str) -> str:
    """A character n-gram with each space shown as ``␣`` (a cue's spaces are part of it).

    Examples
    --------
    >>> visible_spaces(" ,"), visible_spaces(", "), visible_spaces("一起")
    ('␣,', ',␣', '一起')
    """
    return cue.replace(" ", "\u2423")


def _listed(values: Any) -> list:
    """One text stays one item (a str is iterable, but not a list of texts)."""
    if isinstance(values, str):
        return [values]
    try:
        return list(values)
    except TypeError:
        raise TypeError(t("knowledge.not_texts", kind=type(values).__name__)) from None


def _texts(texts: Any) -> list[str]:
    """The texts as strings; a missing one (None/NaN) is an error, not the word "nan"."""
    import pandas as pd

    items = _listed(texts)
    if not items:
        raise ValueError(t("knowledge.no_texts"))
    for position, text in enumerate(items):
        if is_missing(text):
            label = texts.index[position] if isinstance(texts, pd.Series) else position
            raise ValueError(t("knowledge.missing_text", row=label))
    return [str(text) for text in items]


@dataclass(frozen=True)
class CrossValidation:
    """Result of :func:`cross_validate`.

    Attributes
    ----------
    accuracy : float
        Share of snippets whose out-of-fold prediction equals the label.
    fold_accuracy : numpy.ndarray
        Accuracy of each fold.
    lenient_accuracy : float
        Share whose prediction equals the label or the snippet's recorded
        alternative (a second defensible reading).
    confusion : pandas.DataFrame
        Counts, rows = true type, columns = predicted type (:data:`TYPES` order).
    predictions : pandas.DataFrame
        The input with a ``predicted`` column (out-of-fold).
    by_language : dict
        Accuracy per language.

    Examples
    --------
    >>> corpus = load_feedback_corpus().groupby(["knowledge_type", "language"]).head(10)
    >>> cv = cross_validate(corpus, n_splits=2)
    >>> cv.confusion.shape, int(cv.confusion.to_numpy().sum())     # every snippet once
    ((4, 4), 80)
    >>> bool(cv.accuracy == np.trace(cv.confusion) / len(corpus))  # the diagonal is correct
    True
    >>> round(cv.accuracy, 3), round(cv.lenient_accuracy, 3), sorted(cv.by_language)
    (0.512, 0.537, ['en', 'zh'])
    """

    accuracy: float
    fold_accuracy: np.ndarray
    lenient_accuracy: float
    confusion: pd.DataFrame
    predictions: pd.DataFrame
    by_language: dict[str, float]


def cross_validate(
    corpus: pd.DataFrame | None = None, *, n_splits: int = 5, seed: int = 0,
    ngram_range: tuple[int, int] = (1, 3), C: float = 10.0,
) -> CrossValidation:
    """Stratified k-fold cross-validation of :class:`FeedbackClassifier`.

    Each snippet is predicted by a model that never saw it. Folds are
    stratified by type and language together.

    Parameters
    ----------
    corpus : DataFrame, optional
        Columns ``text`` and ``knowledge_type`` (``language`` and
        ``alternative`` are used if present). Defaults to the bundled corpus.
    n_splits : int, default 5
        Number of folds; every type-and-language group needs at least this many snippets.
    seed : int, default 0
        Shuffles the folds, and is the random state of each fold's model.
    ngram_range : tuple of int, default (1, 3)
        Lengths of the character n-grams (as for :class:`FeedbackClassifier`).
    C : float, default 10.0
        Inverse regularisation strength (as for :class:`FeedbackClassifier`).

    Examples
    --------
    >>> cv = cross_validate()
    >>> 0.25 < cv.accuracy <= 1, int(cv.confusion.to_numpy().sum())
    (True, 336)
    """
    from sklearn.model_selection import StratifiedKFold

    data, strata = _folds_input(corpus, n_splits)
    predicted = np.empty(len(data), dtype=object)
    folds = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    fold_acc = []
    for train, test in folds.split(data["text"], strata):
        model = FeedbackClassifier(ngram_range=ngram_range, C=C, seed=seed)
        model.fit(data["text"].iloc[train], data["knowledge_type"].iloc[train])
        predicted[test] = np.array(model.predict(data["text"].iloc[test]), dtype=object)
        truth = data["knowledge_type"].iloc[test].to_numpy()
        fold_acc.append(float(np.mean(predicted[test] == truth)))
    data["predicted"] = predicted.astype(str)
    return _summarise(data, np.array(fold_acc))


def _folds_input(corpus: pd.DataFrame | None, n_splits: int) -> tuple[pd.DataFrame, pd.Series]:
    """The corpus checked and renumbered, and each snippet's stratum (type|language)."""
    corpus = load_feedback_corpus() if corpus is None else as_pandas(corpus)
    require_columns(corpus, ["text", "knowledge_type"])
    _texts(corpus["text"])  # names a missing text before any fold is fitted
    for column in ("knowledge_type", "language"):
        missing = corpus[column].isna() if column in corpus else None
        if missing is not None and missing.any():
            raise ValueError(t("knowledge.missing_value", column=column, row=missing.idxmax()))
    data = corpus.reset_index(drop=True).copy()
    strata = data["knowledge_type"] + "|" + data.get("language", "")
    smallest = strata.value_counts()
    if smallest.min() < n_splits:  # every fold needs each type-and-language group
        raise ValueError(t("knowledge.too_few_snippets", group=smallest.idxmin(),
                           n=int(smallest.min()), n_splits=n_splits))
    return data, strata


def _summarise(data: pd.DataFrame, fold_acc: np.ndarray) -> CrossValidation:
    import pandas as pd

    correct = data["predicted"] == data["knowledge_type"]
    alternative = data["alternative"] if "alternative" in data else pd.Series("", index=data.index)
    lenient = correct | (data["predicted"] == alternative)
    confusion = pd.crosstab(data["knowledge_type"], data["predicted"]).reindex(
        index=list(TYPES), columns=list(TYPES), fill_value=0
    )
    confusion.index.name, confusion.columns.name = "true", "predicted"
    by_language = (
        {str(k): float(v) for k, v in correct.groupby(data["language"]).mean().items()}
        if "language" in data else {}
    )
    return CrossValidation(
        accuracy=float(correct.mean()), fold_accuracy=fold_acc, lenient_accuracy=float(lenient.mean()),
        confusion=confusion, predictions=data, by_language=by_language,
    )


def plot_confusion(confusion: pd.DataFrame, ax=None):
    """Draw a confusion matrix (counts) with type names in the current language.

    Parameters
    ----------
    confusion : pandas.DataFrame
        Counts, rows = true type, columns = predicted type, as
        :attr:`CrossValidation.confusion`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = plot_confusion(cross_validate().confusion)
    >>> ax.get_xlabel()
    'Predicted type'
    """
    from ..plotting import new_axes

    ax = new_axes(ax, figsize=(5.5, 4.5))
    names = type_names()
    values = confusion.to_numpy()
    ax.imshow(values, cmap="Blues")
    ax.grid(False)
    labels = [names[c] for c in confusion.columns]
    ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
    ax.set_yticks(range(len(labels)), [names[c] for c in confusion.index])
    for (i, j), v in np.ndenumerate(values):
        ink = "white" if v > values.max() / 2 else "black"  # readable on dark and light cells
        ax.text(j, i, str(v), ha="center", va="center", color=ink)
    ax.set_xlabel(t("knowledge.predicted_type"))
    ax.set_ylabel(t("knowledge.true_type"))
    ax.set_title(t("knowledge.confusion_title"))
    return ax
