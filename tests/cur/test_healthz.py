import pytest

from portal.services import health


@pytest.fixture
def worker_up(monkeypatch):
    monkeypatch.setattr(health, "check_celery", lambda timeout=1.0: {"ok": True, "detail": "работающих Celery worker: 1"})


def test_it_reports_every_service(client, db, worker_up, monkeypatch):
    monkeypatch.setattr("portal.views.health.check_celery", health.check_celery)
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "redis", "celery", "backlog"}
    assert all(item["ok"] for item in body["checks"].values())


def test_it_answers_503_when_no_worker_answers(client, db, monkeypatch):
    # The test settings run no worker: the real probe must say so.
    monkeypatch.setattr("portal.views.health.check_celery", lambda: health.check_celery(timeout=0.3))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["celery"]["ok"] is False


def test_it_answers_503_when_redis_is_down(client, db, settings, monkeypatch):
    monkeypatch.setattr("portal.views.health.check_celery", lambda: {"ok": True, "detail": ""})
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"] == {"ok": False, "detail": "Redis недоступен: ConnectionError"}


def test_it_reports_a_broken_database():
    class Broken:
        def cursor(self):
            raise OSError("нет связи")

    assert health.check_database(Broken()) == {"ok": False, "detail": "PostgreSQL недоступен: OSError"}


def test_it_refuses_anything_but_get(client, db):
    assert client.post("/healthz").status_code == 405


def test_it_shows_what_waits_after_the_commits(region, make_message, django_capture_on_commit_callbacks, monkeypatch):
    from django.db import connection

    from cur import id_queue

    assert health.check_backlog(connection)["detail"].startswith("ждут: уведомлений органов — 0, разбора — 0")
    monkeypatch.setattr(id_queue, "task_by_name", lambda name: type("Idle", (), {"apply_async": lambda *a, **kw: None})())  # no worker takes them
    with django_capture_on_commit_callbacks(execute=True):
        id_queue.queue_on_commit({"feedback.tasks.notify_agencies_of_queued_routed_messages": [11, 12]})
    make_message(region)  # one more change for the statistics
    backlog = health.check_backlog(connection)
    assert backlog["ok"] is True
    assert "уведомлений органов — 2" in backlog["detail"] and "изменений сводок — 0" not in backlog["detail"]
    id_queue.take("feedback.tasks.notify_agencies_of_queued_routed_messages")
