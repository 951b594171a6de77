"""Figures of a classifier on labelled texts: accuracy, macro-F1, per-class P/R/F1, confusion.

Labels the model never saw (too rare to learn) stay in the evaluation and count as errors: the
figures say how the suggestion would do on the real stream, not on the easy part of it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold

from .model import SEED


def metrics(y_true, y_pred) -> dict:
    """JSON-ready figures; classes ordered by support (largest first), then by name."""
    y_true = [str(x) for x in y_true]
    y_pred = [str(x) for x in y_pred]
    support = {label: y_true.count(label) for label in set(y_true)}
    labels = sorted(set(y_true) | set(y_pred), key=lambda c: (-support.get(c, 0), c))
    precision, recall, f1, counts = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    true_labels = sorted(set(y_true))
    return {
        "n": len(y_true),
        "accuracy": float(accuracy_score(y_true, y_pred)),
        # Macro over the classes present in the test set: a class only predicted (never true)
        # would add a zero that says nothing about the test set.
        "macro_f1": float(f1_score(y_true, y_pred, labels=true_labels, average="macro", zero_division=0)),
        "classes": [
            {"label": label, "precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
            for label, p, r, f, s in zip(labels, precision, recall, f1, counts, strict=True)
        ],
        "labels": labels,
        "confusion": confusion_matrix(y_true, y_pred, labels=labels).tolist(),
    }


THRESHOLDS = (0.6, 0.7, 0.8, 0.9, 0.95)


def threshold_table(y_true, guesses, group_of, thresholds=THRESHOLDS) -> dict[str, list[dict]]:
    """What an auto-classification threshold would have done on held-out messages, per group (the
    sector of the guessed category): of the messages guessed into the group, the share at or above
    each threshold («covered») and how many of those were right («precision»).

    `guesses` are (label, confidence) pairs from TextClassifier.suggest; `group_of` maps a label
    to its group (None: left out). The head picks a sector's threshold from this table.
    """
    rows: dict[str, list[tuple[float, bool]]] = {}
    for truth, (label, confidence) in zip(y_true, guesses, strict=True):
        group = group_of(str(label))
        if group is not None:
            rows.setdefault(str(group), []).append((float(confidence), str(label) == str(truth)))
    table = {}
    for group, seen in rows.items():
        table[group] = []
        for t in thresholds:
            above = [right for confidence, right in seen if confidence >= t]
            table[group].append({
                "threshold": t, "total": len(seen), "covered": len(above),
                "precision": (sum(above) / len(above)) if above else None,
            })
    return table


@dataclass
class Comparison:
    model: dict
    baseline: dict


def train_and_test(make_model, make_baseline, train_x, train_y, test_x, test_y) -> Comparison:
    model = make_model().fit(train_x, train_y)
    baseline = make_baseline().fit(train_x, train_y)
    return Comparison(metrics(test_y, model.predict(test_x)), metrics(test_y, baseline.predict(test_x)))


def cross_validate(make_model, make_baseline, texts, labels, folds: int = 5) -> Comparison:
    """Stratified k-fold: every text is predicted once by a model that did not see it."""
    texts = np.array(list(texts), dtype=object)
    labels = np.array([str(x) for x in labels], dtype=object)
    model_pred = np.empty(len(labels), dtype=object)
    base_pred = np.empty(len(labels), dtype=object)
    # Classes rarer than the folds cannot be stratified; they are spread as they fall.
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The least populated class", category=UserWarning)
        splits = list(splitter.split(texts, labels))
    for train, test in splits:
        model_pred[test] = make_model().fit(texts[train], labels[train]).predict(texts[test])
        base_pred[test] = make_baseline().fit(texts[train], labels[train]).predict(texts[test])
    return Comparison(metrics(labels, model_pred), metrics(labels, base_pred))


def format_report(title: str, figures: dict) -> str:
    lines = [
        f"{title}: accuracy {figures['accuracy']:.3f}, macro-F1 {figures['macro_f1']:.3f} (n={figures['n']})",
        f"  {'класс':<40} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>8}",
    ]
    for row in figures["classes"]:
        lines.append(f"  {row['label'][:40]:<40} {row['precision']:>9.3f} {row['recall']:>7.3f} {row['f1']:>6.3f} {row['support']:>8}")
    return "\n".join(lines)
