"""Celery beat's polling of the channel feeds (CUR_FEEDS), against a fake HTTP server answer."""

from __future__ import annotations

import io
import json
import urllib.error
from datetime import timedelta

import pytest
from django.utils import timezone

from feedback import tasks
from feedback.adapters import feeds
from feedback.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def web(monkeypatch):
    """urlopen answering from a dict {url: body}; other addresses are unreachable."""
    pages: dict[str, bytes] = {}
    asked: list[str] = []

    def urlopen(url, timeout):
        asked.append(url)
        if url not in pages:
            raise urllib.error.URLError("Connection refused")
        return io.BytesIO(pages[url])

    monkeypatch.setattr(feeds.urllib.request, "urlopen", urlopen)
    web = type("Web", (), {"pages": pages, "asked": asked})
    return web


def test_it_polls_each_feed_and_reads_it_again_without_duplicates(region, web, settings):
    when = (timezone.now() - timedelta(hours=1)).isoformat()
    settings.CUR_FEEDS = {"pos": "https://pos.example/feed.json", "social": "https://monitor.example/feed.json"}
    web.pages["https://pos.example/feed.json"] = json.dumps([{"id": 7, "text": "Яма у дома 5", "created_at": when, "municipality": "Тверь"}]).encode()
    web.pages["https://monitor.example/feed.json"] = json.dumps(
        {"items": [{"network": "VK", "post_url": "https://vk.com/wall-1_2", "author": "ivan", "text": "Темно во дворе", "published_at": when}]}
    ).encode()
    assert tasks.poll_feeds() == {"pos": {"created": 1, "duplicates": 0, "errors": 0}, "social": {"created": 1, "duplicates": 0, "errors": 0}}
    assert Message.objects.get(channel=region.pos).external_id == "7"
    assert Message.objects.get(channel=region.social).external_id == "vk:https://vk.com/wall-1_2"
    assert tasks.poll_feeds()["pos"] == {"created": 0, "duplicates": 1, "errors": 0}
    assert Message.objects.count() == 2
    assert web.asked.count("https://pos.example/feed.json") == 2


def test_an_unreachable_or_broken_feed_does_not_stop_the_others(region, web, settings, caplog):
    when = (timezone.now() - timedelta(hours=1)).isoformat()
    settings.CUR_FEEDS = {"social": "https://down.example/feed.json", "pos": "https://pos.example/feed.json"}
    web.pages["https://pos.example/feed.json"] = json.dumps([{"id": 8, "text": "Нет воды", "created_at": when}]).encode()
    result = tasks.poll_feeds()
    assert result["social"] == {"created": 0, "duplicates": 0, "errors": 1}
    assert result["pos"]["created"] == 1
    assert "Лента social" in caplog.text and "Connection refused" in caplog.text
    web.pages["https://pos.example/feed.json"] = b"<html>not json</html>"
    assert tasks.poll_feeds()["pos"] == {"created": 0, "duplicates": 0, "errors": 1}
    assert Message.objects.count() == 1


def test_beat_polls_the_feeds_only_when_they_are_configured():
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = "import django; django.setup(); from django.conf import settings; print(settings.CELERY_BEAT_SCHEDULE.get('poll-feeds'))"
    root = Path(__file__).resolve().parents[2]

    def schedule(**extra):
        env = {key: value for key, value in os.environ.items() if not key.startswith("CUR_FEEDS")}
        env.update(DJANGO_SETTINGS_MODULE="cur.settings.test", **extra)
        result = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True)
        return result.returncode, result.stdout.strip() + result.stderr

    assert schedule() == (0, "None")
    code_, out = schedule(CUR_FEEDS="pos=https://pos.example/feed.json", CUR_FEEDS_EVERY_MINUTES="2")
    assert code_ == 0 and "feedback.tasks.poll_feeds" in out and "120.0" in out
    code_, out = schedule(CUR_FEEDS="pos")
    assert code_ != 0 and "CUR_FEEDS" in out
