"""Who sees the ratings (Положение п.13.4): the rating is an aggregate of agencies' work, not messages.

- the head, the curator, the responsible executive, direction leads and operators read the
  ratings and drill down into the messages (they read all messages anyway);
- sector-scoped roles (sector leads and responsibles) and the governor's office read the tables
  and the export, without the drill-down: it would list other sectors' messages;
- agency staff are refused: an agency must not see other agencies' details;
- only the head edits the methodology and recomputes a month;
- the methodology page (the formula and weights, no data) is open to every portal role,
  agency staff included: whoever is rated may know how.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from cur.access import Access, access_for
from cur.access_rules import RATING_ROLES
from cur.roles import RoleCode


def may_read_ratings(access: Access) -> bool:
    return access.is_superuser or bool(access.roles & RATING_ROLES)


def may_drill_down(access: Access) -> bool:
    return access.reads_all_messages


def may_manage(access: Access) -> bool:
    return access.has(RoleCode.HEAD)


def require_ratings(user) -> Access:
    access = access_for(user)
    if not may_read_ratings(access):
        raise PermissionDenied(_("Рейтинги органов и муниципалитетов доступны руководству и сотрудникам ЦУР."))
    return access


def require_drill_down(user) -> Access:
    access = require_ratings(user)
    if not may_drill_down(access):
        raise PermissionDenied(_("Списки сообщений за баллами рейтинга доступны тем, кто работает с сообщениями всего региона."))
    return access


def require_head(user) -> Access:
    access = access_for(user)
    if not may_manage(access):
        raise PermissionDenied(_("Менять методику и пересчитывать рейтинг может только руководитель ЦУР."))
    return access


def require_any_role(user) -> Access:
    access = access_for(user)
    if not (access.is_superuser or access.roles):
        raise PermissionDenied(_("Методика рейтинга доступна сотрудникам портала."))
    return access
