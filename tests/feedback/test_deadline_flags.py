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
    assert refresh_overdue_flags(now=now) == {"flagged": 1, "cleared": 2}
    for message in (late, late_but_closed, on_time, moved):
        message.refresh_from_db()
    assert (late.is_overdue, late_but_closed.is_overdue, on_time.is_overdue, moved.is_overdue) == (True, False, False, False)
    assert refresh_overdue_flags(now=now) == {"flagged": 0, "cleared": 0}


def test_it_runs_as_a_celery_task(region, make_message):
    make_message(region, deadline_at=timezone.now() - timedelta(days=2))
    assert refresh_deadline_flags.delay().get() == {"flagged": 1, "cleared": 0}
