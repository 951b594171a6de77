"""E-mail to agencies: a newly routed message, and reminders about deadlines."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Count, Q
from django.utils import timezone

from feedback.models import Message, MessageStatus
from sectors.models import Agency

_WITH_AGENCY = [MessageStatus.ROUTED, MessageStatus.IN_WORK, MessageStatus.INTERIM, MessageStatus.RETURNED, MessageStatus.REOPENED]


def _recipients(agency: Agency) -> list[str]:
    emails = {agency.email} if agency.email else set()
    emails |= set(
        agency.officials.filter(is_active=True, role_assignments__role__code="agency_executor")
        .exclude(email="").values_list("email", flat=True)
    )
    return sorted(e for e in emails if e)


def notify_routed(message_id: int) -> int:
    """One letter to the agency's addresses; no personal data of the resident in it (152-ФЗ)."""
    message = Message.objects.select_related("agency", "category", "sector").get(pk=message_id)
    if message.agency is None or message.status not in (MessageStatus.ROUTED, MessageStatus.REOPENED):
        return 0
    recipients = _recipients(message.agency)
    if not recipients:
        return 0
    deadline = timezone.localtime(message.deadline_at).strftime("%d.%m.%Y %H:%M") if message.deadline_at else "—"
    verb = "возобновлено" if message.status == MessageStatus.REOPENED else "направлено"
    body = (
        f"В {message.agency} {verb} сообщение № {message.number}.\n"
        f"Категория: {message.sector} / {message.category}\n"
        f"Срок ответа: {deadline}\n\n"
        f"Откройте его в портале ЦУР: {settings.CUR_PUBLIC_URL.rstrip('/')}/messages/{message.pk}/\n"
    )
    return send_mail(f"ЦУР: сообщение № {message.number} — срок до {deadline}", body, None, recipients)


def send_deadline_reminders(*, now=None, soon=timedelta(days=1)) -> int:
    """A daily digest to each agency: overdue messages and those due within `soon`."""
    now = now or timezone.now()
    rows = (
        Message.objects.filter(status__in=_WITH_AGENCY, agency__isnull=False, deadline_at__lt=now + soon)
        .values("agency")
        .annotate(overdue=Count("id", filter=Q(deadline_at__lt=now)), due=Count("id", filter=Q(deadline_at__gte=now)))
    )
    sent = 0
    agencies = Agency.objects.in_bulk([r["agency"] for r in rows])
    for row in rows:
        agency = agencies[row["agency"]]
        recipients = _recipients(agency)
        if not recipients:
            continue
        body = (
            f"{agency}: просрочено сообщений — {row['overdue']}, срок истекает в ближайшие сутки — {row['due']}.\n"
            f"Список: {settings.CUR_PUBLIC_URL.rstrip('/')}/messages/?deadline=soon\n"
        )
        sent += send_mail(f"ЦУР: сроки ответов — просрочено {row['overdue']}, истекает {row['due']}", body, None, recipients)
    return sent

