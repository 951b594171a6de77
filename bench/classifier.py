"""Benchmark: the message classifier's speed on demo texts (never on real residents' messages).

Texts and labels come from the demo generator in memory (`feedback.demo.generator`: the same
phrases, addresses and styles as the demo database), so the database is only read for the
reference tables (sectors, categories, channels…). Prints:

- `classifier.train_100k: Y s` — training the sector model (lemmas, TF-IDF, calibrated SVM) on
  100,000 demo messages (goal ≤ 120 s);
- `classifier.predict: X msg/s` — suggestions per second on one core for messages arriving in
  batches of 500 (ingestion), goal ≥ 1,000 msg/s;
- `classifier.predict_single: X msg/s` — one message per call (the card);
- `classifier.holdout_accuracy: Z %` — a sanity figure on 10,000 unseen demo messages (demo texts
  are far more regular than real ones: see README for figures on real data);
- `classifier.train_categories_100k: Y s` — the category model (every leaf category, two levels:
  sector, then category within it, as the portal trains it) on the same messages, goal ≤ 120 s
  too: the weekly training trains both;
- ingestion with the analysis of new messages on and off (bench/_intake_analysis.py), on a
  database made for benchmarks only (it writes and deletes messages).

Threads of numpy/BLAS are pinned to one before numpy loads, so the figures are for one core.
"""

from __future__ import annotations

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"

import argparse  # noqa: E402
import sys  # noqa: E402

import numpy as np  # noqa: E402
from _common import ROOT, figure, parse_args, say, setup_django, timed  # noqa: E402

# bench/ratings.py would shadow the `ratings` app that the demo generator imports.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if p not in (str(ROOT), str(ROOT / "bench"))]

GOAL_PREDICT = 1000
GOAL_TRAIN_S = 120


def demo_texts(n: int, seed: int) -> tuple[list[str], list[str], list[str]]:
    """n demo message texts with their sector and category ids, generated in memory chunk by chunk."""
    from django.utils import timezone

    from feedback.demo import generator as g

    ref = g.load_reference(seed)
    clock = g.Clock(now=timezone.now(), months=12, horizon_days=g._horizon(ref.kinds))
    received = g.sample_received(np.random.default_rng([seed, 1]), n, clock)
    texts, labels, categories = [], [], []
    for index, offset in enumerate(range(0, n, g.CHUNK_SIZE)):
        builder = g.ChunkBuilder(ref, clock, seed=seed, index=index, received=received[offset:offset + g.CHUNK_SIZE],
                                 first_id=1, run_prefix="bench-", offset=offset)
        for step in ("_choose_channels", "_choose_subjects", "_choose_fate", "_choose_places", "_choose_authors",
                     "_link_duplicates", "_choose_staff", "_live", "_state_now"):
            getattr(builder, step)()
        contexts = builder._addresses()[2]
        texts.extend(builder._message_texts(contexts))
        labels.extend(str(s) for s in ref.category_sector[builder.category].tolist())
        categories.extend(str(c) for c in ref.category_ids[builder.category].tolist())
    return texts, labels, categories


def category_sectors() -> dict[str, str]:
    """Category id → its sector id: the category model is two-level, as the portal trains it."""
    from sectors.models import Category

    return {str(pk): str(sector) for pk, sector in Category.objects.values_list("pk", "sector_id")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--classifier-train", type=int, default=100_000, help="обучающих сообщений")
    parser.add_argument("--classifier-test", type=int, default=10_000, help="сообщений для скорости подсказки")
    parser.add_argument("--classifier-ingest", type=int, default=5_000, help="сообщений для приёма с анализом и без (0 — не мерить)")
    parser.add_argument("--force", action="store_true", help="разрешить базу, имя которой не оканчивается на _bench")
    args = parse_args(parser)
    setup_django()
    from feedback.classifier.model import TextClassifier
    from feedback.classifier.text import lemma

    say(f"Генерирую {args.classifier_train + args.classifier_test} демо-текстов в памяти…")
    texts, labels, categories = demo_texts(args.classifier_train + args.classifier_test, seed=8)
    train_x, train_y = texts[: args.classifier_train], labels[: args.classifier_train]
    test_x, test_y = texts[args.classifier_train:], labels[args.classifier_train:]
    lemma.cache_clear()  # training pays for the dictionary look-ups itself
    say(f"Обучаю на {len(train_x)} сообщениях…")
    with timed() as watch:
        model = TextClassifier().fit(train_x, train_y)
    figure(f"classifier.train_{len(train_x) // 1000}k", watch.seconds, "s")
    say(f"цель ≤ {GOAL_TRAIN_S} с: {'выполнена' if watch.seconds <= GOAL_TRAIN_S else 'НЕ выполнена'}")

    with timed() as watch:
        predicted = [label for start in range(0, len(test_x), 500) for label in model.predict(test_x[start:start + 500])]
    rate = len(test_x) / watch.seconds
    figure("classifier.predict", rate, "msg/s", 0)
    say(f"цель ≥ {GOAL_PREDICT} сообщ./с: {'выполнена' if rate >= GOAL_PREDICT else 'НЕ выполнена'}")
    single = test_x[:1000]
    with timed() as watch:
        for text in single:
            model.suggest([text])
    figure("classifier.predict_single", len(single) / watch.seconds, "msg/s", 0)
    accuracy = float(np.mean(np.array(predicted) == np.array(test_y)))
    figure("classifier.holdout_accuracy", accuracy * 100, "%")

    say(f"Обучаю модель категорий ({len(set(categories))} классов) на {len(train_x)} сообщениях…")
    with timed() as watch:
        category_model = TextClassifier(groups=category_sectors()).fit(train_x, categories[: args.classifier_train])
    figure(f"classifier.train_categories_{len(train_x) // 1000}k", watch.seconds, "s")
    say(f"цель ≤ {GOAL_TRAIN_S} с: {'выполнена' if watch.seconds <= GOAL_TRAIN_S else 'НЕ выполнена'}")
    if args.classifier_ingest:
        from _common import database_name

        if not database_name().endswith("_bench") and not args.force:
            say("приём с анализом не измерен: нужна база для бенчмарков (make bench) или --force")
            return
        # The bench folder was taken off the path above (it would shadow the ratings app); at its
        # end it shadows nothing.
        sys.path.append(str(ROOT / "bench"))
        import _intake_analysis

        _intake_analysis.run(category_model, test_x[: args.classifier_ingest])


if __name__ == "__main__":
    main()
