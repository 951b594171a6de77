"""In-portal notifications of suggested mass problems (feedback.selectors.near_duplicates): the
operators, who join the messages into one problem, and the leads of the problem's sector hear of a
house where several residents wrote about one thing, once per problem.

A problem is named by its house, its category and the day of its first message; while one at the
same house and category was notified within the list's window (LIST_DAYS), a changed first
message (the list keeps a house's latest messages) does not make it new again.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from cur.models import Notification, NotificationKind
from cur.roles import RoleCode
from cur.services.notifications import NewNotification, notifications_create
from feedback.selectors.near_duplicates import LIST_DAYS, Cluster, suggested_clusters
from feedback.templatetags.mass_problems import messages_count
from sectors.selectors.role_holders import role_holders


def _recipients() -> tuple[list[int], dict[int, set[int]]]:
    """(operators' user ids, {a sector lead's user id: his sector ids}); active people only."""
    holders = role_holders([RoleCode.OPERATOR, RoleCode.SECTOR_LEAD])
    return sorted(holders[RoleCode.OPERATOR]), holders[RoleCode.SECTOR_LEAD]


def _house(cluster: Cluster) -> str:
    first = cluster.messages[0]
    return f"mass:{first.municipality_id}:{cluster.key}:{cluster.category}:"


def _sector_id(cluster: Cluster) -> int | None:
    sectors = Counter(m.sector_id for m in cluster.messages if m.sector_id)
    return sectors.most_common(1)[0][0] if sectors else None


def _with_place(cluster: Cluster) -> str:
    """The address, with its municipality unless the address names it already («г. Тверь, …»)."""
    core = cluster.municipality.split()[0].casefold() if cluster.municipality else ""
    if not core or core in cluster.address.casefold():
        return cluster.address
    return f"{cluster.address} ({cluster.municipality})"


def mass_problem_notifications_send(*, now=None) -> int:
    """Notify of the suggested mass problems not notified yet; returns how many notifications were new."""
    from django.contrib.auth import get_user_model

    now = now or timezone.now()
    operators, leads = _recipients()
    if not operators:
        return 0  # nobody to join them; the leads read the list on their own
    # Operators read every message: the first one's view of the list is everyone's, cut by sector below.
    clusters = suggested_clusters(get_user_model().objects.get(pk=operators[0]), now=now)
    if not clusters:
        return 0
    recent = set(
        Notification.objects.filter(kind=NotificationKind.MASS_PROBLEM, created_at__gte=now - timedelta(days=LIST_DAYS))
        .values_list("dedupe_key", flat=True)
    )
    url = reverse("feedback:mass_problems")
    items = []
    with translation.override(settings.LANGUAGE_CODE):
        for cluster in clusters:
            house = _house(cluster)
            if any(key.startswith(house) for key in recent):
                continue
            key = f"{house}{timezone.localtime(cluster.first_at).date().isoformat()}"
            title = _("Похоже на массовую проблему: %(count)s — %(address)s") % {
                "count": messages_count(cluster.count), "address": _with_place(cluster),
            }
            body = _("%(what)s. Первое — %(first)s, последнее — %(last)s. Объедините их в одну массовую проблему.") % {
                "what": cluster.category or _("Категория не указана"),
                "first": formats.date_format(timezone.localtime(cluster.first_at), "d.m.Y H:i"),
                "last": formats.date_format(timezone.localtime(cluster.last_at), "d.m.Y H:i"),
            }
            sector = _sector_id(cluster)
            readers = set(operators) | {user_id for user_id, sectors in leads.items() if sector in sectors}
            items += [
                NewNotification(recipient_id=user_id, kind=NotificationKind.MASS_PROBLEM, title=title, body=body, url=url, dedupe_key=key)
                for user_id in sorted(readers)
            ]
    return notifications_create(items=items, now=now)
