from datetime import timedelta

from django.utils import timezone

from feedback.models import MessageStatus
from feedback.services.deadline_flags import refresh_overdue_flags
from feedback.tasks import refresh_deadline_flags


def test_it_flags_open_messages_past_deadline(region, make_message):
    now = timezone.now()
    late = make_message(region, deadline_at=now - timedelta(hours=1), status=MessageStatus.IN_WORK)
    late_but_closed = make_message(region, deadline_at=now - timedelta(hours=1), status=MessageStatus.CLOSED, is_overdue=True)
    on_time = make_message(region, deadline_at=now + timedelta(days=1))
    moved = make_message(region, deadline_at=now + timedelta(days=30), is_overdue=True, status=MessageStatus.ROUTED)
    result = refresh_overdue_flags(now=now)
    assert (result["flagged"], result["cleared"]) == (1, 2)
    for message in (late, late_but_closed, on_time, moved):
        message.refresh_from_db()
    assert (late.is_overdue, late_but_closed.is_overdue, on_time.is_overdue, moved.is_overdue) == (True, False, False, False)
    result = refresh_overdue_flags(now=now)
    assert (result["flagged"], result["cleared"]) == (0, 0)


def test_it_runs_as_a_celery_task(region, make_message):
    make_message(region, deadline_at=timezone.now() - timedelta(days=2))
    assert refresh_deadline_flags.delay().get()["flagged"] == 1


def test_it_flags_what_is_due_by_the_end_of_the_next_working_day(region, make_message):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    msk = ZoneInfo("Europe/Moscow")
    friday = datetime(2025, 10, 31, 12, 0, tzinfo=msk)  # 01.11.2025 is a working Saturday
    today = make_message(region, deadline_at=datetime(2025, 10, 31, 23, 59, tzinfo=msk))
    saturday = make_message(region, deadline_at=datetime(2025, 11, 1, 23, 59, tzinfo=msk))
    wednesday = make_message(region, deadline_at=datetime(2025, 11, 5, 23, 59, tzinfo=msk))
    closed = make_message(region, deadline_at=datetime(2025, 10, 31, 23, 59, tzinfo=msk), status=MessageStatus.CLOSED)
    assert refresh_overdue_flags(now=friday)["due_soon"] == 2
    for message in (today, saturday, wednesday, closed):
        message.refresh_from_db()
    assert [m.is_due_soon for m in (today, saturday, wednesday, closed)] == [True, True, False, False]
    later = datetime(2025, 11, 2, 12, 0, tzinfo=msk)
    result = refresh_overdue_flags(now=later)
    today.refresh_from_db()
    assert today.is_overdue and not today.is_due_soon and result["not_due_soon"] == 2
