import joblib
import numpy as np

from feedback.classifier.baseline import KeywordBaseline
from feedback.classifier.model import TextClassifier, calibration_split

from .corpus import labelled


def test_it_learns_invented_sectors():
    x, y = labelled()
    model = TextClassifier().fit(x, y)
    assert list(model.predict([
        "Огромная яма на дороге возле остановки",
        "Талонов к врачу в поликлинике нет",
        "Мусор не вывозят, контейнеры переполнены",
    ])) == ["roads", "health", "waste"]


def test_it_gives_probabilities_that_sum_to_one_and_a_confident_top_class():
    x, y = labelled()
    model = TextClassifier().fit(x, y)
    proba = model.predict_proba(["Разбит асфальт на дороге, сплошные ямы"])
    assert np.allclose(proba.sum(axis=1), 1.0)
    label, confidence = model.suggest(["Разбит асфальт на дороге, сплошные ямы"])[0]
    assert label == "roads" and confidence > 0.5


def test_it_is_deterministic():
    x, y = labelled()
    texts = ["яма у поликлиники и мусор", "врач на дороге"]
    a = TextClassifier().fit(x, y).predict_proba(texts)
    b = TextClassifier().fit(x, y).predict_proba(texts)
    assert np.array_equal(a, b)


def test_it_survives_joblib(tmp_path):
    x, y = labelled()
    model = TextClassifier().fit(x, y)
    joblib.dump(model, tmp_path / "m.joblib")
    loaded = joblib.load(tmp_path / "m.joblib")
    texts = ["Яма на дороге", "Запись к врачу"]
    assert np.array_equal(loaded.predict_proba(texts), model.predict_proba(texts))


def test_it_leaves_out_classes_too_rare_to_learn():
    x, y = labelled()
    model = TextClassifier().fit([*x, "Сломалась карусель во дворе"], [*y, "playground"])
    assert model.skipped_classes_ == ["playground"]
    assert "playground" not in set(model.classes_)


def test_it_learns_keywords_for_the_baseline():
    x, y = labelled()
    baseline = KeywordBaseline().fit(x, y)
    assert "врач" in baseline.keywords_["health"]
    assert "мусор" in baseline.keywords_["waste"]
    assert "врач" not in baseline.keywords_["roads"]
    assert list(baseline.predict(["нужен врач", "мусор во дворе"])) == ["health", "waste"]
    # With no keyword the baseline answers the most frequent class (ties: the first in order).
    assert baseline.predict(["ни одного знакомого слова"])[0] == baseline.fallback_


def test_it_calibrates_on_held_out_rows_when_the_history_is_large():
    x, y = labelled()
    # The threshold lowered so the small corpus takes the large-history path.
    model = TextClassifier(cross_calibration_max=10).fit(x, y)
    assert list(model.predict(["Огромная яма на дороге возле остановки", "Мусор не вывозят, контейнеры переполнены"])) == ["roads", "waste"]
    proba = model.predict_proba(["Талонов к врачу в поликлинике нет"])
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert model.classes_[proba.argmax()] == "health"


def test_it_keeps_every_class_on_both_sides_of_the_calibration_split():
    labels = ["a"] * 50 + ["b"] * 3 + ["c"] * 10
    fit, calibrate = calibration_split(labels, 0.2)
    assert sorted([*fit, *calibrate]) == list(range(len(labels)))
    for label, calibrated, fitted in (("a", 10, 40), ("b", 1, 2), ("c", 2, 8)):
        assert sum(labels[i] == label for i in calibrate) == calibrated
        assert sum(labels[i] == label for i in fit) == fitted


def test_two_levels_give_a_distribution_over_every_label():
    from .corpus import HEALTH, ROADS, WASTE, texts

    x, y = [], []
    for templates, labels in ((ROADS, ("pits", "asphalt")), (HEALTH, ("doctor", "drugs")), (WASTE, ("bins", "dump"))):
        for i, text in enumerate(texts(templates, 24)):
            x.append(text)
            y.append(labels[i % 2])
    groups = {"pits": "roads", "asphalt": "roads", "doctor": "health", "drugs": "health", "bins": "waste", "dump": "waste"}
    model = TextClassifier(groups=groups).fit(x, y)
    assert sorted(model.classes_) == sorted(groups)
    proba = model.predict_proba(["Огромная яма на дороге у дома 5", "Нет талонов к врачу"])
    assert np.allclose(proba.sum(axis=1), 1.0)
    # The group is right even where the label within it is a coin toss (the halves are alike).
    best = [groups[label] for label in model.predict(["Огромная яма на дороге у дома 5", "Нет талонов к врачу"])]
    assert best == ["roads", "health"]


def test_a_group_with_one_label_needs_no_model_of_its_own():
    from .corpus import HEALTH, ROADS, texts

    x = texts(ROADS, 20) + texts(HEALTH, 20)
    y = ["pits"] * 10 + ["asphalt"] * 10 + ["doctor"] * 20
    model = TextClassifier(groups={"pits": "roads", "asphalt": "roads", "doctor": "health"}).fit(x, y)
    label, confidence = model.suggest(["Не могу записаться к врачу"])[0]
    assert label == "doctor" and 0.5 < confidence <= 1
