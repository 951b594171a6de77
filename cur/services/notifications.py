"""Writes of in-portal notifications: create (once per event), mark read.

Producers (the growth task today; mass problems and the classifier later) describe what happened as
`NewNotification`s; who gets them is the producer's business, the dedupe key makes a re-run harmless.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from cur.models import Notification


@dataclass(frozen=True)
class NewNotification:
    recipient_id: int
    kind: str
    title: str
    dedupe_key: str
    body: str = ""
    url: str = ""


@transaction.atomic
def notifications_create(*, items: Iterable[NewNotification], now=None) -> int:
    """Insert what the recipients do not have yet; returns how many were new.

    Known keys are skipped before the insert so the count is exact; ON CONFLICT DO NOTHING covers a
    concurrent run of the same task inserting the same key between the check and the insert.
    """
    now = now or timezone.now()
    wanted: dict[tuple[int, str], NewNotification] = {}
    for item in items:
        wanted.setdefault((item.recipient_id, item.dedupe_key), item)
    if not wanted:
        return 0
    known = set(
        Notification.objects.filter(
            recipient_id__in={r for r, _ in wanted}, dedupe_key__in={k for _, k in wanted}
        ).values_list("recipient_id", "dedupe_key")
    )
    rows = [
        Notification(recipient_id=item.recipient_id, kind=item.kind, title=item.title[:300], body=item.body,
                     url=item.url, dedupe_key=item.dedupe_key, created_at=now)
        for key, item in wanted.items()
        if key not in known
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


@transaction.atomic
def notification_mark_read(*, user, notification_id: int) -> Notification | None:
    """Mark the user's own notification read (once: the first reading time stays); None if not his."""
    notification = Notification.objects.filter(pk=notification_id, recipient=user).first()
    if notification is None:
        return None
    if notification.read_at is None:
        notification.read_at = timezone.now()
        # Filtered on read_at so two tabs opening it at once keep the first time.
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user) -> int:
    """Mark every unread notification of this user read; another user's are never touched."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
