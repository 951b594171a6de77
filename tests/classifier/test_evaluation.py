from feedback.classifier.evaluation import cross_validate, format_report, metrics


def test_it_computes_figures_by_hand():
    # a: 3 true, 2 predicted right; b: 1 true, predicted right; one b predicted for an a.
    figures = metrics(["a", "a", "a", "b"], ["a", "a", "b", "b"])
    assert figures["accuracy"] == 0.75
    rows = {r["label"]: r for r in figures["classes"]}
    assert rows["a"] == {"label": "a", "precision": 1.0, "recall": 2 / 3, "f1": 0.8, "support": 3}
    assert rows["b"]["precision"] == 0.5 and rows["b"]["recall"] == 1.0
    assert abs(figures["macro_f1"] - (0.8 + 2 / 3) / 2) < 1e-9
    assert figures["labels"] == ["a", "b"]
    assert figures["confusion"] == [[2, 1], [0, 1]]


def test_it_counts_unknown_predictions_as_errors_without_a_macro_zero():
    figures = metrics(["a", "a"], ["a", "z"])
    assert figures["accuracy"] == 0.5
    assert abs(figures["macro_f1"] - 2 / 3) < 1e-9  # only class a is in the test set


def test_it_cross_validates_every_text_once():
    class Majority:
        def fit(self, x, y):
            self.label = max(set(y), key=list(y).count)
            return self

        def predict(self, x):
            return [self.label] * len(x)

    texts = [f"t{i}" for i in range(10)]
    labels = ["a"] * 7 + ["b"] * 3
    result = cross_validate(Majority, Majority, texts, labels, folds=5)
    assert result.model["n"] == 10 and result.model["accuracy"] == 0.7


def test_it_formats_a_table():
    text = format_report("Модель", metrics(["a", "b"], ["a", "a"]))
    assert "accuracy 0.500" in text and "support" in text


def test_the_threshold_table_counts_coverage_and_precision_per_group():
    from feedback.classifier.evaluation import threshold_table

    truth = ["a", "a", "b", "b", "c"]
    guesses = [("a", 0.95), ("a", 0.65), ("a", 0.92), ("b", 0.99), ("c", 0.99)]
    group = {"a": "roads", "b": "roads", "c": None}.get
    table = threshold_table(truth, guesses, group, thresholds=(0.6, 0.9))
    assert set(table) == {"roads"}  # a label without a group is left out
    low, high = table["roads"]
    assert low == {"threshold": 0.6, "total": 4, "covered": 4, "precision": 0.75}
    assert high["covered"] == 3 and abs(high["precision"] - 2 / 3) < 1e-9
