"""Notifications are written once per event and read only by their recipient."""

from __future__ import annotations

import pytest

from cur.models import Notification, NotificationKind
from cur.roles import RoleCode
from cur.services.notifications import (
    NewNotification,
    notification_mark_read,
    notifications_create,
    notifications_mark_all_read,
)

pytestmark = pytest.mark.django_db


def _note(user, key="growth:1:2:2026-11-18", title="Рост обращений: Ямы и выбоины — Ржев, +240 % к обычному"):
    return NewNotification(recipient_id=user.pk, kind=NotificationKind.GROWTH_ALERT, title=title, dedupe_key=key, url="/messages/?category=1")


@pytest.fixture
def head(make_user):
    return make_user(RoleCode.HEAD)


@pytest.fixture
def other(make_user):
    return make_user(RoleCode.SECTOR_LEAD)


def test_it_creates_an_event_once_per_recipient_however_often_it_is_found(head, other):
    assert notifications_create(items=[_note(head), _note(head), _note(other)]) == 2
    assert notifications_create(items=[_note(head), _note(other)]) == 0
    assert notifications_create(items=[_note(head, key="growth:1:2:2026-11-19")]) == 1
    assert Notification.objects.filter(recipient=head).count() == 2
    assert Notification.objects.filter(recipient=other).count() == 1


def test_it_stores_what_the_recipient_reads_unread(head):
    notifications_create(items=[_note(head)])
    note = Notification.objects.get(recipient=head)
    assert note.title == "Рост обращений: Ямы и выбоины — Ржев, +240 % к обычному"
    assert note.url == "/messages/?category=1" and note.is_unread


def test_it_marks_only_the_users_own_notification_read_and_keeps_the_first_time(head, other):
    notifications_create(items=[_note(head), _note(other)])
    mine = Notification.objects.get(recipient=head)
    theirs = Notification.objects.get(recipient=other)
    assert notification_mark_read(user=head, notification_id=theirs.pk) is None
    theirs.refresh_from_db()
    assert theirs.read_at is None
    first = notification_mark_read(user=head, notification_id=mine.pk).read_at
    assert first is not None
    notification_mark_read(user=head, notification_id=mine.pk)
    mine.refresh_from_db()
    assert mine.read_at == first


def test_it_marks_all_of_the_users_notifications_read_and_nobody_elses(head, other):
    notifications_create(items=[_note(head, key="a"), _note(head, key="b"), _note(other, key="a")])
    assert notifications_mark_all_read(user=head) == 2
    assert not Notification.objects.filter(recipient=head, read_at__isnull=True).exists()
    assert Notification.objects.get(recipient=other).read_at is None
    assert notifications_mark_all_read(user=head) == 0
