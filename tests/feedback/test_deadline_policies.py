from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from cur.roles import RoleCode
from feedback.deadlines import DeadlineRules
from feedback.models import CalendarOverride, DeadlinePolicy, MessageStatus
from feedback.services import notifications, triage

MSK = ZoneInfo("Europe/Moscow")
MONDAY = datetime(2025, 11, 24, 10, 0, tzinfo=MSK)


def test_it_uses_the_most_specific_policy(region):
    potholes = region.categories["Ямы и выбоины"]
    DeadlinePolicy.objects.create(kind=region.pos_kind, answer_term=8, answer_unit="working_days")
    DeadlinePolicy.objects.create(kind=region.pos_kind, channel=region.pos, answer_term=9, answer_unit="working_days")
    DeadlinePolicy.objects.create(kind=region.pos_kind, category=potholes, answer_term=3, answer_unit="working_days")
    rules = DeadlineRules.load()
    assert rules.term_for(region.pos_kind).amount == 8
    assert rules.term_for(region.pos_kind, channel_id=region.pos.id).amount == 9
    assert rules.term_for(region.pos_kind, channel_id=region.pos.id, category_id=potholes.id).amount == 3
    assert rules.term_for(region.appeal).amount == 30  # the kind's own default


def test_it_ignores_inactive_policies(region):
    DeadlinePolicy.objects.create(kind=region.pos_kind, answer_term=5, answer_unit="working_days", is_active=False)
    assert DeadlineRules.load().term_for(region.pos_kind).amount == 10


def test_it_keeps_one_policy_per_scope_and_at_most_30_days(region):
    DeadlinePolicy.objects.create(kind=region.pos_kind, answer_term=8, answer_unit="working_days")
    with pytest.raises(IntegrityError), transaction.atomic():
        DeadlinePolicy.objects.create(kind=region.pos_kind, answer_term=9, answer_unit="working_days")
    with pytest.raises(IntegrityError), transaction.atomic():
        DeadlinePolicy.objects.create(kind=region.appeal, channel=region.letter, answer_term=45, answer_unit="calendar_days")


def test_it_counts_with_the_heads_calendar_overrides(region):
    CalendarOverride.objects.create(date=date(2025, 11, 25), is_working=False, note="Региональный выходной")
    rules = DeadlineRules.load()
    # 10 working days from Mon 24.11.2025, 25.11 off: 26, 27, 28, 1–5, 8, 9 Dec.
    assert rules.deadlines_for(region.pos_kind, MONDAY).answer.date() == date(2025, 12, 9)


def test_it_recomputes_the_deadline_when_the_category_changes(region, make_message, make_user):
    potholes = region.categories["Ямы и выбоины"]
    DeadlinePolicy.objects.create(kind=region.pos_kind, category=potholes, answer_term=2, answer_unit="working_days", note="Ускоренный порядок")
    message = make_message(region)
    before = message.deadline_at
    message = triage.message_classify(message=message, category=potholes, by=make_user(RoleCode.OPERATOR))
    assert message.deadline_at < before
    expected = DeadlineRules.load().deadlines_for(region.pos_kind, message.registered_at, category_id=potholes.id).answer
    assert message.deadline_at == expected


def test_it_sends_each_agency_a_digest_of_due_and_overdue(region, make_message, make_user):
    clerk = make_user(RoleCode.AGENCY_EXECUTOR, agency=region.city)
    clerk.official.email = "clerk@city.example"
    clerk.official.save(update_fields=["email"])
    now = timezone.now()
    routed = {"status": MessageStatus.ROUTED, "agency": region.city, "sector": region.roads, "category": region.categories["Тротуары"]}
    make_message(region, deadline_at=now - timedelta(days=1), **routed)
    make_message(region, deadline_at=now + timedelta(hours=5), **routed)
    make_message(region, deadline_at=now + timedelta(days=9), **routed)
    make_message(region, deadline_at=now - timedelta(days=1), **{**routed, "status": MessageStatus.CLOSED})
    assert notifications.send_deadline_reminders(now=now) == 1
    assert mail.outbox[0].to == ["clerk@city.example"]
    assert "просрочено 1, истекает 1" in mail.outbox[0].subject
