"""Risks the head brought to the curator's decision (п.10.8), as items of the curator's home list
«Ждут вашего решения»: they wait for him as a passport on his approval stage does."""

from __future__ import annotations

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _

from cur.access import access_for
from cur.roles import RoleCode
from roadmap.models import Risk, RiskState
from roadmap.selectors.approvals import WAITING_LIMIT, WaitingItem


def escalated_for(user, limit: int = WAITING_LIMIT) -> list[WaitingItem]:
    """Escalated risks, the longest waiting first; empty for anyone but the curator (no query)."""
    if not access_for(user).has(RoleCode.CURATOR):
        return []
    risks = (
        Risk.objects.filter(state=RiskState.ESCALATED).select_related("project")
        .annotate(escalated_at=Max("escalations__at")).order_by("escalated_at", "id")[:limit]
    )
    return [
        WaitingItem(
            title=risk.title, kind_label=_("Риск проекта «%(project)s»") % {"project": risk.project},
            state_label=str(RiskState.ESCALATED.label), url=reverse("roadmap:risk", args=[risk.pk]),
            since=risk.escalated_at or risk.updated_at, returned=False,
        )
        for risk in risks
    ]
