"""The keyword-rules baseline the model is measured against.

What a ЦУР without machine learning does: a list of keywords per class, a message goes to the
class whose keywords it mentions most. The lists are learnt from the training set (the lemmas
most tied to each class by χ²), not written by hand for one region, so the comparison is fair on
any labelled file.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.feature_selection import chi2

from .model import normalise_all

KEYWORDS_PER_CLASS = 15


class KeywordBaseline:
    def __init__(self, keywords_per_class: int = KEYWORDS_PER_CLASS):
        self.keywords_per_class = keywords_per_class

    def fit(self, texts, labels):
        labels = np.array([str(x) for x in labels])
        vectorizer = CountVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False, min_df=2, binary=True)
        matrix = vectorizer.fit_transform(normalise_all(texts))
        vocabulary = np.array(vectorizer.get_feature_names_out())
        self.classes_ = np.array(sorted(set(labels)))
        self.fallback_ = Counter(labels).most_common(1)[0][0]
        self.keywords_: dict[str, list[str]] = {}
        for label in self.classes_:
            mine = labels == label
            scores, _ = chi2(matrix, mine)
            scores = np.nan_to_num(scores)
            # Only words more frequent inside the class than outside: χ² also rewards words
            # that a class never uses, which are no evidence *for* it.
            inside = np.asarray(matrix[mine].mean(axis=0)).ravel()
            outside = np.asarray(matrix[~mine].mean(axis=0)).ravel() if (~mine).any() else np.zeros_like(inside)
            scores[inside <= outside] = 0
            top = [i for i in np.argsort(-scores, kind="stable")[: self.keywords_per_class] if scores[i] > 0]
            self.keywords_[str(label)] = [str(vocabulary[i]) for i in top]
        return self

    def predict(self, texts) -> np.ndarray:
        out = []
        for lemmas in normalise_all(texts):
            words = set(lemmas.split())
            best, best_hits = self.fallback_, 0
            for label, keywords in self.keywords_.items():
                hits = sum(1 for k in keywords if k in words)
                if hits > best_hits:
                    best, best_hits = label, hits
            out.append(best)
        return np.array(out)
