"""Notify the head of the ЦУР and the sector leads of sharp growths (issue 8).

The growths are the sector dashboard's own (`growth_alerts`, per sector, the same ten a dashboard
shows), so a notification always matches what the dashboard says. The head hears of every sector,
a sector lead only of his own.

A growth stays in the 7-day window for up to a week; one notification per recipient, category and
municipality in that time is enough, so a key of any of the window's days already held by the
recipient silences it. The key still names the day, so a new spike next week notifies again.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from cur.models import Notification, NotificationKind
from cur.roles import RoleCode
from cur.services.notifications import NewNotification, notifications_create
from ratings.selectors.sector_dashboard import Growth, growth_alerts, growth_queue_url
from sectors.models import Sector
from sectors.selectors.role_holders import role_holders

WINDOW_DAYS = 7


def growth_key(item: Growth, day: date) -> str:
    return f"growth:{item.category}:{item.municipality}:{day.isoformat()}"


def _recipients() -> tuple[set[int], dict[int, set[int]]]:
    """(the heads' user ids, {a sector lead's user id: his sector ids}); active people only."""
    holders = role_holders([RoleCode.HEAD, RoleCode.SECTOR_LEAD])
    return set(holders[RoleCode.HEAD]), holders[RoleCode.SECTOR_LEAD]


def _texts(item: Growth, sector_name: str, today: date) -> tuple[str, str]:
    names = {"category": item.category_name, "place": item.place, "count": item.count}
    if item.weekly >= 1:
        percent = formats.number_format(round((item.ratio - 1) * 100), 0, use_l10n=True)
        title = _("Рост обращений: %(category)s — %(place)s, +%(percent)s\u00a0%% к обычному") % {**names, "percent": percent}
    else:
        # A percentage of «almost never» says nothing: the count says it plainly.
        title = _("Рост обращений: %(category)s — %(place)s, %(count)s за 7 дней, обычно меньше одного в неделю") % names
    period = {
        "count": item.count, "date_from": formats.date_format(today - timedelta(days=WINDOW_DAYS - 1), "d.m.Y"),
        "date_to": formats.date_format(today, "d.m.Y"), "sector": sector_name,
    }
    if item.weekly:
        usual = _("в среднем за 4 предыдущие недели — %(weekly)s в неделю") % {"weekly": formats.number_format(item.weekly, 1, use_l10n=True)}
    else:
        usual = _("за 4 предыдущие недели таких не было")
    body = _("За 7 дней (%(date_from)s — %(date_to)s) поступило %(count)s сообщ.; %(usual)s. Отраслевой блок «%(sector)s».") % {
        **period, "usual": usual,
    }
    return title, body


def growth_notifications_send(*, now=None) -> int:
    """Find the growths as of `now` (region's day) and notify who must hear; returns how many were new."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    heads, leads = _recipients()
    if not heads and not leads:
        return 0
    window = [today - timedelta(days=n) for n in range(WINDOW_DAYS)]
    candidates: list[tuple[int, Growth, NewNotification]] = []
    with translation.override(settings.LANGUAGE_CODE):
        for sector_id, sector_name in Sector.objects.filter(is_active=True).order_by("order", "name").values_list("id", "name"):
            growths = growth_alerts(filters={"sector": (sector_id,)}, today=today)
            if not growths:
                continue
            readers = heads | {user_id for user_id, sectors in leads.items() if sector_id in sectors}
            for item in growths:
                title, body = _texts(item, sector_name, today)
                url = growth_queue_url((sector_id,), item, today)
                for user_id in readers:
                    candidates.append((user_id, item, NewNotification(
                        recipient_id=user_id, kind=NotificationKind.GROWTH_ALERT, title=title, body=body, url=url,
                        dedupe_key=growth_key(item, today),
                    )))
    if not candidates:
        return 0
    recent = set(
        Notification.objects.filter(
            recipient_id__in={user_id for user_id, _item, _n in candidates},
            dedupe_key__in={growth_key(item, day) for _u, item, _n in candidates for day in window},
        ).values_list("recipient_id", "dedupe_key")
    )
    # The sharpest growth is inserted last, so a list of the newest first starts with it.
    candidates.sort(key=lambda c: c[1].ratio)
    fresh = [
        new for user_id, item, new in candidates
        if not any((user_id, growth_key(item, day)) in recent for day in window)
    ]
    return notifications_create(items=fresh, now=now)
