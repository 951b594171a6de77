"""Part of bench/classifier.py: ingestion with and without the analysis of new messages.

The same demo messages are ingested twice through `messages_ingest` in batches of 500 (what the
API and the channel adapters do): once with the analysis off, once on, with a real Celery worker
(one process) consuming the analysis tasks beside the ingesting process — the way the portal
runs, both competing for this machine's two cores. Prints

- `classifier.ingest_off` / `classifier.ingest_on` in msg/s and `classifier.ingest_slowdown` in %
  (goal ≤ 20 %): what classification costs the intake;
- `classifier.analysis_lag` in s: from the last batch's commit until the worker has stored the
  suggestion and tone of every message; `classifier.analysed` in msg/s end to end.

The benchmark's model is an active category version stored in a temporary directory; the
previously active version is restored and the benchmark's messages deleted at the end.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import timedelta

from _common import ROOT, delete_bench_messages, figure, say, timed

PREFIX = "bench-classifier-"
BATCH = 500
GOAL_SLOWDOWN = 20.0


def _clean(channel_id: int) -> int:
    return delete_bench_messages(channel_id, PREFIX)


def _ingest(channel, texts: list[str], start: int, *, analyse: bool) -> tuple[float, list[int]]:
    from django.utils import timezone

    from feedback.services.intake import IncomingMessage, messages_ingest

    received = timezone.now() - timedelta(minutes=5)
    ids: list[int] = []
    with timed() as watch:
        for offset in range(0, len(texts), BATCH):
            items = [
                IncomingMessage(text=text, received_at=received, external_id=f"{PREFIX}{start + offset + i}")
                for i, text in enumerate(texts[offset:offset + BATCH])
            ]
            ids.extend(m.pk for m in messages_ingest(channel=channel, items=items, analyse=analyse).created)
    return watch.seconds, ids


def _start_worker(model_dir: str) -> subprocess.Popen:
    env = dict(os.environ, CUR_CLASSIFIER_DIR=model_dir, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    command = [sys.executable, "-m", "celery", "-A", "cur", "worker", "--pool", "solo", "-l", "warning", "-n", "bench-classifier@%h"]
    worker = subprocess.Popen(command, cwd=ROOT, env=env)
    from cur.celery import app

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if app.control.ping(timeout=1.0):
            return worker
    worker.terminate()
    sys.exit("Celery worker не запустился за минуту.")


def _wait_analysed(ids: list[int]) -> None:
    from feedback.models import MessageSuggestion

    started = time.perf_counter()
    while MessageSuggestion.objects.filter(message_id__in=ids).count() < len(ids):
        if time.perf_counter() - started > 600:
            sys.exit("Анализ не завершился за 10 минут: проверьте Celery worker.")
        time.sleep(0.2)


def run(model, texts: list[str]) -> None:
    """Ingest `texts` with analysis off, then on; `model` is a fitted category TextClassifier."""
    from django.conf import settings

    from feedback.classifier import storage
    from feedback.models import Channel, ClassifierTarget, ClassifierVersion, TrainingState

    channel = Channel.objects.filter(default_kind__isnull=False, is_active=True).order_by("order", "id").first()
    if channel is None:
        sys.exit("Нет канала с видом сообщения по умолчанию: загрузите справочники (setup_portal).")
    _clean(channel.id)
    was_active = list(ClassifierVersion.objects.filter(target=ClassifierTarget.CATEGORY, is_active=True).values_list("pk", flat=True))
    with tempfile.TemporaryDirectory() as model_dir:
        settings.CLASSIFIER_MODEL_DIR = model_dir
        ClassifierVersion.objects.filter(pk__in=was_active).update(is_active=False)
        version = ClassifierVersion.objects.create(target=ClassifierTarget.CATEGORY, state=TrainingState.READY, stage="bench")
        path = storage.path_for(version.pk, version.target)
        storage.save(model, path)
        ClassifierVersion.objects.filter(pk=version.pk).update(file_path=str(path), is_active=True)
        worker = _start_worker(model_dir)
        try:
            # Warm up both paths (dictionaries, the model file in the worker) outside the figures.
            _wait_analysed(_ingest(channel, texts[:BATCH], 10**8, analyse=True)[1])
            _ingest(channel, texts[:BATCH], 2 * 10**8, analyse=False)
            say(f"приём {len(texts)} сообщений пакетами по {BATCH}: без анализа…")
            off_seconds, _ = _ingest(channel, texts, 0, analyse=False)
            say("…и с анализом (подсказка, тон, автомаршрутизация) в Celery worker")
            started = time.perf_counter()
            on_seconds, ids = _ingest(channel, texts, len(texts), analyse=True)
            ingested = time.perf_counter()
            _wait_analysed(ids)
            done = time.perf_counter()
        finally:
            worker.terminate()
            worker.wait(timeout=30)
            ClassifierVersion.objects.filter(pk=version.pk).delete()
            ClassifierVersion.objects.filter(pk__in=was_active).update(is_active=True)
            deleted = _clean(channel.id)
    off_rate, on_rate = len(texts) / off_seconds, len(texts) / on_seconds
    slowdown = 100 * (1 - on_rate / off_rate)
    figure("classifier.ingest_off", off_rate, "msg/s", 0)
    figure("classifier.ingest_on", on_rate, "msg/s", 0)
    figure("classifier.ingest_slowdown", slowdown, "%")
    figure("classifier.analysis_lag", done - ingested, "s")
    figure("classifier.analysed", len(ids) / (done - started), "msg/s", 0)
    say(f"цель: замедление приёма ≤ {GOAL_SLOWDOWN:.0f} %: {'выполнена' if slowdown <= GOAL_SLOWDOWN else 'НЕ выполнена'}; "
        f"удалено сообщений бенчмарка: {deleted}")
