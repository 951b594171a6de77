"""The message's life as a table (DESIGN.md §3): which action may move a message from which
states to which, and who may take it. Services consult it before every change, views use it to
show only the buttons that will work.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cur.access import access_for
from cur.access_rules import AGENCY_STAFF, CUR_STAFF
from cur.roles import RoleCode
from feedback.access import visible_messages
from feedback.models import Message
from feedback.models import MessageStatus as S

AGENCY = AGENCY_STAFF
# Sector leads control quality of their sectors: they may comment, not change the route.
COMMENTERS = CUR_STAFF | {RoleCode.SECTOR_LEAD, RoleCode.SECTOR_RESPONSIBLE, RoleCode.DIRECTION_LEAD}

_TRIAGE = {S.NEW, S.CLASSIFIED}
_WITH_AGENCY = {S.ROUTED, S.IN_WORK, S.INTERIM, S.RETURNED, S.REOPENED}


class TransitionRefused(Exception):
    """A change the workflow does not allow; the message is in Russian and shown to the user."""


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str | None  # None: the state does not change
    roles: frozenset[str]
    agency_bound: bool = False  # the actor must belong to the message's agency


def _t(action, label, sources, target, roles, agency_bound=False) -> Transition:
    return Transition(action, label, frozenset(s.value for s in sources), target.value if target else None, frozenset(roles), agency_bound)


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        _t("classify", _("Классифицировать"), _TRIAGE | _WITH_AGENCY, None, CUR_STAFF),
        _t("route", _("Направить в орган"), {S.CLASSIFIED} | _WITH_AGENCY, S.ROUTED, CUR_STAFF),
        _t("reject", _("Отклонить"), _TRIAGE, S.REJECTED, CUR_STAFF),
        _t("forward", _("Перенаправить по компетенции"), _TRIAGE | {S.ROUTED, S.IN_WORK}, S.FORWARDED, CUR_STAFF),
        _t("duplicate", _("Отметить дубликатом"), _TRIAGE | {S.ROUTED, S.IN_WORK}, S.DUPLICATE, CUR_STAFF),
        _t("mass_problem", _("Массовая проблема"), _TRIAGE | _WITH_AGENCY, None, CUR_STAFF),
        _t("comment", _("Комментарий"), frozenset(S), None, COMMENTERS),
        _t("extend", _("Продлить срок"), _WITH_AGENCY | _TRIAGE, None, CUR_STAFF),
        _t("take", _("Взять в работу"), {S.ROUTED, S.RETURNED, S.REOPENED}, S.IN_WORK, AGENCY, True),
        _t("interim", _("Промежуточный ответ"), _WITH_AGENCY, S.INTERIM, AGENCY, True),
        _t("answer", _("Ответить"), _WITH_AGENCY, S.ANSWERED, AGENCY, True),
        _t("reroute_request", _("Запросить переадресацию"), {S.ROUTED, S.IN_WORK, S.INTERIM, S.RETURNED, S.REOPENED}, None, AGENCY, True),
        _t("accept", _("Принять ответ"), {S.ANSWERED}, S.CLOSED, CUR_STAFF),
        _t("return", _("Вернуть ответ"), {S.ANSWERED}, S.RETURNED, CUR_STAFF),
        _t("rate", _("Оценка жителя"), {S.CLOSED}, None, CUR_STAFF),
    ]
}


def _is_message_agency_staff(access, message: Message) -> bool:
    # An agency's answer is the agency's: not even an administrator writes it on its behalf.
    return RoleCode.AGENCY_EXECUTOR in access.roles and message.agency_id in access.agency_ids


def refusal(message: Message, action: str, user) -> str | None:
    """Why this user may not take this action on this message now, or None when they may."""
    transition = TRANSITIONS[action]
    access = access_for(user)
    if not visible_messages(user).filter(pk=message.pk).exists():
        return str(_("Сообщение вам недоступно."))
    if not (access.is_superuser and not transition.agency_bound or access.roles & transition.roles):
        return str(_("Действие «%(action)s» недоступно вашей роли.") % {"action": transition.label})
    if transition.agency_bound and not _is_message_agency_staff(access, message):
        return str(_("Сообщение направлено не в ваш орган."))
    if message.status not in transition.sources:
        return str(
            _("Действие «%(action)s» невозможно: сообщение в состоянии «%(state)s».")
            % {"action": transition.label, "state": message.get_status_display()}
        )
    return None


def check(message: Message, action: str, user) -> Transition:
    reason = refusal(message, action, user)
    if reason:
        raise TransitionRefused(reason)
    return TRANSITIONS[action]


def allowed_actions(message: Message, user) -> list[str]:
    """Actions this user can take on the message now: the card shows exactly these."""
    if not visible_messages(user).filter(pk=message.pk).exists():
        return []
    access = access_for(user)
    allowed = []
    for action, transition in TRANSITIONS.items():
        if message.status not in transition.sources:
            continue
        if not (access.is_superuser and not transition.agency_bound or access.roles & transition.roles):
            continue
        if transition.agency_bound and not _is_message_agency_staff(access, message):
            continue
        allowed.append(action)
    return allowed
