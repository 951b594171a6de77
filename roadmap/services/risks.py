"""Project risks: recorded by the sector responsible or the head; the head escalates to the
curator (Положение Tver п.10.8), which is an immutable record and a letter to the curator."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cur.mail import portal_url, send_letter
from cur.roles import RoleCode
from cur.task_queue import enqueue
from roadmap.access import holds, may_draft_for
from roadmap.models import Risk, RiskEscalation, RiskState
from roadmap.services.approvals import ApprovalRefused
from sectors.selectors.role_holders import role_holder_emails

FIELDS = ("title", "probability", "impact", "owner", "mitigation", "state")


def _may_edit(by, project) -> None:
    if not (holds(by, RoleCode.HEAD) or may_draft_for(by, project.sector_id)):
        raise ApprovalRefused(_("Риски проекта ведут руководитель ЦУР и ответственный за его отраслевой блок."))


@transaction.atomic
def risk_create(*, project, by, fields: dict) -> Risk:
    _may_edit(by, project)
    return Risk.objects.create(project=project, created_by=by, **{f: fields[f] for f in FIELDS if f in fields})


@transaction.atomic
def risk_update(*, risk: Risk, by, fields: dict) -> Risk:
    risk = Risk.objects.select_for_update(of=("self",)).select_related("project").get(pk=risk.pk)
    _may_edit(by, risk.project)
    for name in FIELDS:
        setattr(risk, name, fields[name])
    risk.updated_at = timezone.now()
    risk.save(update_fields=[*FIELDS, "updated_at"])
    return risk


@transaction.atomic
def risk_escalate(*, risk: Risk, by, comment: str, notify: bool = True) -> RiskEscalation:
    risk = Risk.objects.select_for_update().get(pk=risk.pk)
    if not holds(by, RoleCode.HEAD):
        raise ApprovalRefused(_("Вопросы на решение куратора выносит руководитель ЦУР."))
    if risk.state == RiskState.CLOSED:
        raise ApprovalRefused(_("Риск снят: выносить его куратору незачем."))
    comment = (comment or "").strip()
    if not comment:
        raise ApprovalRefused(_("Напишите, какое решение нужно от куратора."))
    escalation = RiskEscalation.objects.create(risk=risk, by=by, by_name=by.get_full_name(), comment=comment)
    risk.state, risk.updated_at = RiskState.ESCALATED, timezone.now()
    risk.save(update_fields=["state", "updated_at"])
    if notify:
        enqueue("roadmap.tasks.notify_risk_escalation", escalation.pk)
    return escalation


def escalation_notify(escalation_id: int) -> int:
    escalation = RiskEscalation.objects.select_related("risk__project").get(pk=escalation_id)
    risk = escalation.risk
    context = {"risk": risk, "comment": escalation.comment, "link": portal_url(reverse("roadmap:risk", args=[risk.pk]))}
    return 1 if send_letter("risk_escalation", context, role_holder_emails(RoleCode.CURATOR)) else 0
