"""/notifications/: a person's own notifications, opening one, marking all read; the bell in the bar."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cur.models import Notification, NotificationKind
from cur.roles import RoleCode

pytestmark = pytest.mark.django_db

LIST = "/notifications/"


def _notify(user, title, *, minutes_ago=0, url="/messages/?category=7&municipality=2", read=False):
    now = timezone.now()
    return Notification.objects.create(
        recipient=user, kind=NotificationKind.GROWTH_ALERT, title=title, body="За 7 дней поступило 12 сообщ.",
        url=url, dedupe_key=title, created_at=now - timedelta(minutes=minutes_ago), read_at=now if read else None,
    )


@pytest.fixture
def head(make_user):
    return make_user(RoleCode.HEAD)


@pytest.fixture
def lead(make_user):
    return make_user(RoleCode.SECTOR_LEAD)


def test_it_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get(LIST)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_it_refuses_a_user_without_a_role_and_shows_him_no_bell(client, make_user):
    client.force_login(make_user())
    assert client.get(LIST).status_code == 403
    assert 'data-cur="notifications"' not in client.get("/").content.decode()


def test_it_lists_own_notifications_newest_first_with_the_unread_marked(client, head, lead):
    _notify(head, "Рост обращений: Тротуары — Тверь, +150 % к обычному", minutes_ago=90, read=True)
    _notify(head, "Рост обращений: Ямы и выбоины — Ржев, +240 % к обычному", minutes_ago=5)
    _notify(lead, "Рост обращений: Запись к врачу — Тверь, +300 % к обычному")
    client.force_login(head)
    page = client.get(LIST).content.decode()
    assert page.index("Ямы и выбоины — Ржев") < page.index("Тротуары — Тверь")
    assert "Запись к врачу" not in page
    assert page.count('data-unread="1"') == 1 and page.count('data-unread="0"') == 1
    assert "Отметить всё прочитанным" in page
    local = timezone.localtime(Notification.objects.get(title__contains="Ржев").created_at)
    assert local.strftime("%d.%m.%Y %H:%M") in page


def test_it_escapes_the_text_of_a_notification(client, head):
    _notify(head, "Рост: <script>alert(1)</script> — Ржев")
    client.force_login(head)
    page = client.get(LIST).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_it_shows_the_unread_count_on_the_bell(client, head):
    _notify(head, "первое")
    _notify(head, "второе")
    _notify(head, "прочитанное", read=True)
    client.force_login(head)
    page = client.get("/").content.decode()
    bell = page[page.index('data-cur="notifications"'):]
    assert '<span class="badge rounded-pill text-bg-danger" data-cur="unread-badge">2</span>' in bell[: bell.index("</a>")]


def test_it_counts_the_unread_with_one_query_per_page(client, head):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _notify(head, "первое")
    client.force_login(head)
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    counts = [q["sql"] for q in queries.captured_queries if '"cur_notification"' in q["sql"]]
    assert len(counts) == 1 and "COUNT(" in counts[0]


def test_opening_a_notification_marks_it_read_and_goes_to_its_link(client, head):
    note = _notify(head, "Рост обращений: Ямы и выбоины — Ржев")
    client.force_login(head)
    response = client.post(f"/notifications/{note.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/messages/?category=7&municipality=2"
    note.refresh_from_db()
    assert note.read_at is not None


def test_opening_needs_a_post(client, head):
    note = _notify(head, "Рост обращений")
    client.force_login(head)
    assert client.get(f"/notifications/{note.pk}/open/").status_code == 405
    note.refresh_from_db()
    assert note.read_at is None


def test_another_users_notification_does_not_exist_for_him(client, head, lead):
    theirs = _notify(lead, "Рост обращений: Запись к врачу — Тверь")
    client.force_login(head)
    assert client.post(f"/notifications/{theirs.pk}/open/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_link_outside_the_portal_is_not_followed(client, head):
    note = _notify(head, "Рост обращений", url="https://example.com/phish")
    client.force_login(head)
    response = client.post(f"/notifications/{note.pk}/open/")
    assert response["Location"] == LIST


def test_marking_all_read_touches_only_own_notifications(client, head, lead):
    _notify(head, "первое")
    _notify(head, "второе")
    theirs = _notify(lead, "чужое")
    client.force_login(head)
    response = client.post("/notifications/read-all/", follow=True)
    assert "Все уведомления отмечены прочитанными." in response.content.decode()
    assert not Notification.objects.filter(recipient=head, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert 'data-cur="unread-badge"' not in client.get(LIST).content.decode()


def test_it_pages_a_long_list(client, head):
    for n in range(35):
        _notify(head, f"Уведомление {n:02d}", minutes_ago=n)
    client.force_login(head)
    first = client.get(LIST).content.decode()
    assert "Уведомление 00" in first and "Уведомление 34" not in first and "Страница 1 из 2" in first
    second = client.get(LIST, {"page": 2}).content.decode()
    assert "Уведомление 34" in second and "Уведомление 00" not in second
    assert client.get(LIST, {"page": "много"}).status_code == 200
