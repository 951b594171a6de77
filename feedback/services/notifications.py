"""E-mail to agencies: a newly routed message, and reminders about deadlines."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from cur.mail import portal_url, send_letter
from cur.roles import RoleCode
from feedback.models import Message, MessageStatus
from sectors.models import Agency
from sectors.selectors.role_holders import role_holder_emails

_WITH_AGENCY = [MessageStatus.ROUTED, MessageStatus.IN_WORK, MessageStatus.INTERIM, MessageStatus.RETURNED, MessageStatus.REOPENED]


def _recipients(agency: Agency) -> set[str]:
    """The agency's own address and its executors'."""
    return ({agency.email} if agency.email else set()) | role_holder_emails(RoleCode.AGENCY_EXECUTOR, agency_id=agency.pk)


def notify_routed(message_id: int) -> int:
    """One letter to the agency's addresses; no personal data of the resident in it (152-ФЗ)."""
    message = Message.objects.select_related("agency", "category", "sector").get(pk=message_id)
    if message.agency is None or message.status not in (MessageStatus.ROUTED, MessageStatus.REOPENED):
        return 0
    deadline = timezone.localtime(message.deadline_at).strftime("%d.%m.%Y %H:%M") if message.deadline_at else "—"
    context = {
        "message": message, "deadline": deadline, "reopened": message.status == MessageStatus.REOPENED,
        "link": portal_url(f"/messages/{message.pk}/"),
    }
    return 1 if send_letter("agency_routed", context, _recipients(message.agency)) else 0


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
        context = {"agency": agency, "overdue": row["overdue"], "due": row["due"], "link": portal_url("/messages/?deadline=soon")}
        sent += 1 if send_letter("agency_deadlines", context, _recipients(agency)) else 0
    return sent

