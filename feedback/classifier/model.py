"""The scikit-learn pipeline that suggests a label from a message's raw text.

raw text → lemmas (text.normalise) → TF-IDF of lemma 1–2-grams ∪ TF-IDF of character 3–5-grams
within words → linear SVM → calibrated probabilities (sigmoid). (2–5-grams were no more accurate
on the shared real messages and a third slower to train.) The SVM is the strongest linear model
on short texts; calibration makes its confidence mean what it says, which the auto-routing
threshold relies on. Everything is seeded, so the same data gives the same model.

How the probabilities are calibrated depends on the size of the history. Up to 20,000 messages,
three SVMs are fitted on two thirds each and calibrated on the third they did not see (every
example counts: on the 2,000 shared real messages this is 1–3 points of accuracy and macro-F1
better for the 17 categories). Beyond that, one SVM is fitted on 80 % of each class and
calibrated on the other 20 %: a third of the work, which keeps 100,000 messages within the
two-minute goal, and with that much data the two ways differ by less than a point.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.frozen import FrozenEstimator
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.svm import LinearSVC

from .text import normalise

SEED = 20240601
# A class needs this many examples to be learnt (two to fit, one to calibrate); rarer labels are
# left out of training and count as errors in the evaluation.
MIN_CLASS_EXAMPLES = 3
CALIBRATION_SHARE = 0.2
# Up to this many training messages, calibration is cross-validated (see above).
CROSS_CALIBRATION_MAX = 20_000
CALIBRATION_FOLDS = 3


def normalise_all(texts) -> list[str]:
    return [normalise(t) for t in texts]


def _split(text: str) -> list[str]:
    return text.split()


def features() -> Pipeline:
    return Pipeline([
        ("lemmas", FunctionTransformer(normalise_all)),
        ("tfidf", FeatureUnion([
            ("words", TfidfVectorizer(
                tokenizer=_split, token_pattern=None, lowercase=False, ngram_range=(1, 2),
                min_df=2, max_features=200_000, sublinear_tf=True, dtype=np.float32,
            )),
            ("chars", TfidfVectorizer(
                analyzer="char_wb", ngram_range=(3, 5), lowercase=False,
                min_df=2, max_features=300_000, sublinear_tf=True, dtype=np.float32,
            )),
        ])),
    ])


def calibration_split(labels: list[str], share: float) -> tuple[np.ndarray, np.ndarray]:
    """Row numbers to fit on and to calibrate on: `share` of each class, at least one row, goes to
    calibration and at least two stay for fitting (calibration fails on a class it never saw)."""
    rng = np.random.default_rng(SEED)
    by_class: dict[str, list[int]] = {}
    for row, label in enumerate(labels):
        by_class.setdefault(label, []).append(row)
    fit, calibrate = [], []
    for label in sorted(by_class):
        rows = rng.permutation(by_class[label])
        n = min(max(1, round(share * len(rows))), len(rows) - 2)
        calibrate.extend(rows[:n])
        fit.extend(rows[n:])
    return np.sort(np.array(fit)), np.sort(np.array(calibrate))


def _calibrated_svm(matrix, labels: np.ndarray, *, C: float, share: float, cross: bool):
    """A linear SVM with sigmoid-calibrated probabilities (see the module's note on the two ways)."""
    # The dual solver always: "auto" picks the primal one when messages outnumber features (a
    # large regular history), and the primal one was 1.7 times slower there.
    svm = LinearSVC(C=C, class_weight="balanced", dual=True, max_iter=2000, random_state=SEED)
    if cross:
        model = CalibratedClassifierCV(svm, method="sigmoid", cv=CALIBRATION_FOLDS)
        return model.fit(matrix, labels)
    fit_rows, calibration_rows = calibration_split(list(labels), share)
    svm.fit(matrix[fit_rows], labels[fit_rows])
    return CalibratedClassifierCV(FrozenEstimator(svm), method="sigmoid").fit(matrix[calibration_rows], labels[calibration_rows])


class _Constant:
    """The «model» of a group with a single class: probability one."""

    def __init__(self, label: str):
        self.classes_ = np.array([label], dtype=object)

    def predict_proba(self, matrix) -> np.ndarray:
        return np.ones((matrix.shape[0], 1))


class TextClassifier(BaseEstimator, ClassifierMixin):
    """Features + calibrated linear SVM. `fit(texts, labels)`, `predict_proba(texts)`.

    With `groups` (label → group, e.g. category → its sector) the model is two-level: one SVM
    chooses the group, one per group chooses the label within it, and P(label) = P(group) ×
    P(label | group). A flat SVM over 60 categories trains 60 one-against-all problems on every
    message; the two levels train about 8 + 8 on the same data — four times less work at 100,000
    messages — and the within-group models only learn the distinctions that matter there.
    """

    def __init__(
        self, C: float = 0.5, calibration_share: float = CALIBRATION_SHARE, cross_calibration_max: int = CROSS_CALIBRATION_MAX,
        groups: dict[str, str] | None = None,
    ):
        self.C = C
        self.calibration_share = calibration_share
        self.cross_calibration_max = cross_calibration_max
        self.groups = groups

    def _svm(self, matrix, labels: np.ndarray):
        # The size of the whole history decides, not of a group's share of it.
        return _calibrated_svm(matrix, labels, C=self.C, share=self.calibration_share, cross=self.cross_)

    def fit(self, texts, labels):
        texts, labels = list(texts), [str(x) for x in labels]
        counts = Counter(labels)
        keep = [i for i, y in enumerate(labels) if counts[y] >= MIN_CLASS_EXAMPLES]
        if len({labels[i] for i in keep}) < 2:
            raise ValueError("Для обучения нужно хотя бы два класса, в каждом не меньше трёх примеров.")
        self.skipped_classes_ = sorted(y for y, n in counts.items() if n < MIN_CLASS_EXAMPLES)
        self.features_ = features()
        matrix = self.features_.fit_transform([texts[i] for i in keep])
        kept_labels = np.array([labels[i] for i in keep], dtype=object)
        self.cross_ = len(keep) <= self.cross_calibration_max
        if not self.groups:
            self.model_ = self._svm(matrix, kept_labels)
            self.classes_ = self.model_.classes_
            return self
        group_of = np.array([str(self.groups.get(y, "")) for y in kept_labels], dtype=object)
        self.classes_ = np.array(sorted(set(kept_labels)), dtype=object)
        self.top_ = self._svm(matrix, group_of) if len(set(group_of)) > 1 else _Constant(group_of[0])
        self.within_ = {}
        for group in self.top_.classes_:
            rows = np.flatnonzero(group_of == group)
            inside = kept_labels[rows]
            self.within_[group] = self._svm(matrix[rows], inside) if len(set(inside)) > 1 else _Constant(inside[0])
        return self

    def _proba(self, matrix) -> np.ndarray:
        if not self.groups:
            return self.model_.predict_proba(matrix)
        column = {label: j for j, label in enumerate(self.classes_)}
        out = np.zeros((matrix.shape[0], len(self.classes_)))
        top = self.top_.predict_proba(matrix)
        for g, group in enumerate(self.top_.classes_):
            model = self.within_[group]
            inside = model.predict_proba(matrix)
            for k, label in enumerate(model.classes_):
                out[:, column[label]] = top[:, g] * inside[:, k]
        return out

    def predict_proba(self, texts) -> np.ndarray:
        return self._proba(self.features_.transform(list(texts)))

    def predict(self, texts) -> np.ndarray:
        return self.classes_[self.predict_proba(texts).argmax(axis=1)]

    def suggest(self, texts) -> list[tuple[str, float]]:
        """(label, confidence) per text: the most probable class and its calibrated probability."""
        proba = self.predict_proba(texts)
        best = proba.argmax(axis=1)
        return [(str(self.classes_[j]), float(proba[i, j])) for i, j in enumerate(best)]
