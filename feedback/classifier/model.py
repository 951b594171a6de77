"""The scikit-learn pipeline that suggests a label from a message's raw text.

raw text → lemmas (text.normalise) → TF-IDF of lemma 1–2-grams ∪ TF-IDF of character 2–5-grams
within words → linear SVM → calibrated probabilities (sigmoid, 3-fold). The SVM is the strongest
linear model on short texts; calibration makes its confidence mean what it says, which the
auto-routing threshold relies on. Everything is seeded, so the same data gives the same model.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.svm import LinearSVC

from .text import normalise

SEED = 20240601
# A class needs this many examples to be learnt (calibration splits it in three); rarer labels
# are left out of training and count as errors in the evaluation.
MIN_CLASS_EXAMPLES = 3


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
                analyzer="char_wb", ngram_range=(2, 5), lowercase=False,
                min_df=2, max_features=300_000, sublinear_tf=True, dtype=np.float32,
            )),
        ])),
    ])


class TextClassifier(BaseEstimator, ClassifierMixin):
    """Features + calibrated linear SVM. `fit(texts, labels)`, `predict_proba(texts)`."""

    def __init__(self, C: float = 0.5, calibration_folds: int = 3):
        self.C = C
        self.calibration_folds = calibration_folds

    def fit(self, texts, labels):
        texts, labels = list(texts), [str(x) for x in labels]
        counts = Counter(labels)
        keep = [i for i, y in enumerate(labels) if counts[y] >= MIN_CLASS_EXAMPLES]
        if len({labels[i] for i in keep}) < 2:
            raise ValueError("Для обучения нужно хотя бы два класса, в каждом не меньше трёх примеров.")
        self.skipped_classes_ = sorted(y for y, n in counts.items() if n < MIN_CLASS_EXAMPLES)
        self.features_ = features()
        matrix = self.features_.fit_transform([texts[i] for i in keep])
        svm = LinearSVC(C=self.C, class_weight="balanced", random_state=SEED)
        self.model_ = CalibratedClassifierCV(svm, method="sigmoid", cv=self.calibration_folds)
        self.model_.fit(matrix, [labels[i] for i in keep])
        self.classes_ = self.model_.classes_
        return self

    def predict_proba(self, texts) -> np.ndarray:
        return self.model_.predict_proba(self.features_.transform(list(texts)))

    def predict(self, texts) -> np.ndarray:
        return self.classes_[self.predict_proba(texts).argmax(axis=1)]

    def suggest(self, texts) -> list[tuple[str, float]]:
        """(label, confidence) per text: the most probable class and its calibrated probability."""
        proba = self.predict_proba(texts)
        best = proba.argmax(axis=1)
        return [(str(self.classes_[j]), float(proba[i, j])) for i, j in enumerate(best)]
