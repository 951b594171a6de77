import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .corpus import labelled


def _write(path, rows, header=("text", "topic")):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


def test_it_trains_on_one_file_and_tests_on_another(tmp_path):
    x, y = labelled()
    rows = list(zip(x, y, strict=True))
    _write(tmp_path / "a.csv", rows[0::2])
    _write(tmp_path / "b.csv", rows[1::2])
    out = io.StringIO()
    call_command("evaluate_classifier", train=str(tmp_path / "a.csv"), test=str(tmp_path / "b.csv"), text_col="text", label_col="topic", stdout=out)
    text = out.getvalue()
    assert "обучение на 36, проверка на 36" in text
    assert "Модель" in text and "Базовый уровень" in text
    assert "roads" in text and "precision" in text


def test_it_cross_validates_with_a_label_map(tmp_path):
    x, y = labelled()
    _write(tmp_path / "a.csv", zip(x, y, strict=True))
    _write(tmp_path / "map.csv", [("roads", "transport"), ("health", "social"), ("waste", "")], header=("topic", "sector"))
    out = io.StringIO()
    call_command("evaluate_classifier", train=str(tmp_path / "a.csv"), text_col="text", label_col="topic",
                 label_map=str(tmp_path / "map.csv"), map_to="sector", stdout=out)
    text = out.getvalue()
    assert "5-кратная стратифицированная кросс-валидация на 48, 2 классов" in text
    assert "transport" in text and "roads" not in text


def test_it_names_a_missing_column_in_russian(tmp_path):
    _write(tmp_path / "a.csv", [("яма", "roads")])
    with pytest.raises(CommandError, match="нет столбцов: body"):
        call_command("evaluate_classifier", train=str(tmp_path / "a.csv"), text_col="body", label_col="topic")


def test_it_evaluates_the_two_level_model_with_groups_from_the_map(tmp_path):
    x, y = labelled()
    # Two labels per group: «roads» and «waste» are both municipal, «health» is alone.
    _write(tmp_path / "a.csv", zip(x, y, strict=True))
    _write(tmp_path / "map.csv", [("roads", "city"), ("waste", "city"), ("health", "social")], header=("topic", "sector"))
    out = io.StringIO()
    call_command("evaluate_classifier", train=str(tmp_path / "a.csv"), text_col="text", label_col="topic",
                 label_map=str(tmp_path / "map.csv"), group_by="sector", folds=3, stdout=out)
    text = out.getvalue()
    assert "двухуровневая по «sector»" in text
    assert "3 классов" in text and "roads" in text  # labels stay; groups only shape the model


def test_groups_need_the_map(tmp_path):
    x, y = labelled()
    _write(tmp_path / "a.csv", zip(x, y, strict=True))
    with pytest.raises(CommandError, match="--label-map"):
        call_command("evaluate_classifier", train=str(tmp_path / "a.csv"), text_col="text", label_col="topic", group_by="sector")
