"""The top navigation: which pages exist and who sees them.

Only pages that exist are listed: an item names a URL that resolves, and a test checks it. When a
new page (triage queue, dashboards, ratings, passports) gets its URL, add its item here with the
roles that may open it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cur.access import access_for
from cur.access_rules import (
    CLASSIFIER_ROLES,
    MASS_PROBLEM_READERS,
    PROJECT_ROLES,
    QUEUE_ROLES,
    RATING_ROLES,
    REPORT_READERS,
    SECTOR_DASHBOARD_ROLES,
    STATISTICS_ROLES,
)
from cur.roles import OVERVIEW_ROLES, SECTOR_SCOPED, RoleCode


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    icon: str = ""
    # Roles that see the item; empty means every signed-in user.
    roles: frozenset[str] = frozenset()
    staff_only: bool = False
    # The page shows a sector's figures: a sector role opens it only with sectors assigned.
    needs_sectors: bool = False

    def visible_to(self, user) -> bool:
        if not user.is_authenticated:
            return False
        if self.staff_only and not user.is_staff:
            return False
        if not self.roles:
            return True
        access = access_for(user)
        if not access.has(*self.roles):
            return False
        if self.needs_sectors and not access.is_superuser and not access.sector_ids:
            # Held only through sector roles, whose scope is empty: the page would refuse.
            return bool((access.roles & self.roles) - SECTOR_SCOPED)
        return True


@dataclass(frozen=True)
class NavLink:
    label: str | Promise
    url: str
    icon: str
    active: bool


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem(_("Главная"), "home", icon="house"),
    NavItem(_("Сообщения"), "feedback:queue", icon="inboxes", roles=QUEUE_ROLES),
    NavItem(_("Массовые проблемы"), "feedback:mass_problems", icon="people", roles=MASS_PROBLEM_READERS),
    NavItem(_("Сводка"), "ratings:overview", icon="speedometer2", roles=OVERVIEW_ROLES),
    NavItem(_("Дашборд блока"), "ratings:sector_dashboard", icon="graph-up", roles=SECTOR_DASHBOARD_ROLES, needs_sectors=True),
    NavItem(_("Статистика"), "ratings:slices", icon="bar-chart", roles=STATISTICS_ROLES, needs_sectors=True),
    NavItem(_("Рейтинги"), "ratings:ratings", icon="trophy", roles=RATING_ROLES),
    NavItem(_("Доклад"), "ratings:report_archive", icon="file-earmark-pdf", roles=REPORT_READERS),
    # Passports, indicators, risks and the roadmap share one item; the pages link to each other.
    NavItem(_("Проекты"), "roadmap:passports", icon="kanban", roles=PROJECT_ROLES, needs_sectors=True),
    # The webhook delivery log; the head opens it from the admin's list of agency endpoints.
    NavItem(_("Уведомления органов"), "webhooks:log", icon="send", roles=frozenset({RoleCode.TECHNICAL_EXECUTIVE, RoleCode.AGENCY_EXECUTOR})),
)


# Settings-like pages in the user's menu, not the top bar (the head's nine pages fill it).
USER_MENU_ITEMS: tuple[NavItem, ...] = (
    NavItem(_("Классификатор сообщений"), "feedback:classifier", icon="cpu", roles=CLASSIFIER_ROLES),
    NavItem(_("Администрирование"), "admin:index", icon="gear", staff_only=True),
    NavItem(_("API для внешних систем"), "api:docs", icon="plug", staff_only=True),
)


def nav_for(user, path: str = "", items: tuple[NavItem, ...] = NAV_ITEMS) -> list[NavLink]:
    """The items this user sees, with URLs resolved and the current one marked."""
    links = []
    for item in items:
        if not item.visible_to(user):
            continue
        url = reverse(item.url_name)
        active = path == url if url == "/" else path.startswith(url)
        links.append(NavLink(item.label, url, item.icon, active))
    return links
