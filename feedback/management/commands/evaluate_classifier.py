"""Evaluate the message classifier on any labelled CSV, next to the keyword-rules baseline.

    python manage.py evaluate_classifier --train A.csv --test B.csv --text-col C --label-col L
    python manage.py evaluate_classifier --train A.csv --text-col C --label-col L   # 5-fold CV
    … --label-map M.csv --map-from X --map-to Y   # labels translated through a table first
    … --label-map M.csv --group-by G              # two-level model: labels grouped by column G
"""

from __future__ import annotations

import time

import pandas as pd
from django.core.management.base import BaseCommand, CommandError

from feedback.classifier.baseline import KeywordBaseline
from feedback.classifier.evaluation import cross_validate, format_report, train_and_test
from feedback.classifier.model import TextClassifier


def _read(path: str, columns: list[str]) -> pd.DataFrame:
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as error:
        raise CommandError(f"Не удалось прочитать {path}: {error}") from error
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise CommandError(f"В файле {path} нет столбцов: {', '.join(missing)}. Есть: {', '.join(frame.columns)}")
    return frame


class Command(BaseCommand):
    help = "Обучает классификатор на одном размеченном CSV и оценивает на другом (или 5-кратной кросс-валидацией)."

    def add_arguments(self, parser):
        parser.add_argument("--train", required=True, help="CSV для обучения")
        parser.add_argument("--test", help="CSV для проверки; без него — стратифицированная кросс-валидация")
        parser.add_argument("--text-col", required=True, help="столбец с текстом сообщения")
        parser.add_argument("--label-col", required=True, help="столбец с меткой")
        parser.add_argument("--label-map", help="CSV с таблицей перевода меток")
        parser.add_argument("--map-from", help="столбец таблицы перевода: исходная метка (по умолчанию — как --label-col)")
        parser.add_argument("--map-to", help="столбец таблицы перевода: новая метка")
        parser.add_argument(
            "--group-by",
            help="столбец таблицы перевода: группа метки (например, отраслевой блок категории) — двухуровневая модель, как в портале",
        )
        parser.add_argument("--folds", type=int, default=5)

    def handle(self, *args, **opts):
        text_col, label_col = opts["text_col"], opts["label_col"]
        mapping = groups = None
        if opts["group_by"] and not opts["label_map"]:
            raise CommandError("--group-by берёт группы из таблицы перевода: укажите --label-map.")
        if opts["label_map"]:
            map_from = opts["map_from"] or label_col
            if not opts["map_to"] and not opts["group_by"]:
                raise CommandError("Укажите --map-to (столбец с новой меткой) или --group-by (столбец с группой метки).")
            table = _read(opts["label_map"], [c for c in (map_from, opts["map_to"], opts["group_by"]) if c])
            if opts["map_to"]:
                mapping = dict(zip(table[map_from].str.strip(), table[opts["map_to"]].str.strip(), strict=True))
            if opts["group_by"]:
                keys = table[opts["map_to"] or map_from].str.strip()
                groups = dict(zip(keys, table[opts["group_by"]].str.strip(), strict=True))

        def load(path: str) -> tuple[list[str], list[str]]:
            frame = _read(path, [text_col, label_col])
            frame = frame[(frame[text_col].str.strip() != "") & (frame[label_col].str.strip() != "")]
            labels = frame[label_col].str.strip()
            if mapping is not None:
                unmapped = sorted(set(labels) - set(mapping))
                if unmapped:
                    self.stderr.write(f"{path}: {len(unmapped)} меток нет в таблице перевода, строки пропущены: {', '.join(unmapped[:10])}")
                keep = labels.isin(mapping.keys())
                frame, labels = frame[keep], labels[keep].map(mapping)
                # A label the table translates to nothing has no class to learn.
                frame, labels = frame[labels != ""], labels[labels != ""]
            return frame[text_col].tolist(), labels.tolist()

        train_x, train_y = load(opts["train"])

        def make_model() -> TextClassifier:
            return TextClassifier(groups=groups)

        started = time.perf_counter()
        if opts["test"]:
            test_x, test_y = load(opts["test"])
            result = train_and_test(make_model, KeywordBaseline, train_x, train_y, test_x, test_y)
            how = f"обучение на {len(train_x)}, проверка на {len(test_x)}"
        else:
            if opts["folds"] < 2:
                raise CommandError("--folds должно быть не меньше 2.")
            result = cross_validate(make_model, KeywordBaseline, train_x, train_y, folds=opts["folds"])
            how = f"{opts['folds']}-кратная стратифицированная кросс-валидация на {len(train_x)}"
        self.stdout.write(f"Оценка классификатора: {how}, {len(set(train_y))} классов, {time.perf_counter() - started:.1f} с")
        kind = f"двухуровневая по «{opts['group_by']}»" if groups else "одноуровневая"
        self.stdout.write(format_report(f"Модель (TF-IDF лемм и символьных n-грамм + LinearSVC, калибровка; {kind})", result.model))
        self.stdout.write(format_report("Базовый уровень (ключевые слова, χ²)", result.baseline))
        self.stdout.write(
            f"Итого: модель accuracy {result.model['accuracy']:.3f} / macro-F1 {result.model['macro_f1']:.3f}; "
            f"ключевые слова accuracy {result.baseline['accuracy']:.3f} / macro-F1 {result.baseline['macro_f1']:.3f}"
        )
