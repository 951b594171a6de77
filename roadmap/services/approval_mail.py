"""E-mail after a decision: the next approver is told a document waits for him; the author is
told his document was returned or approved."""

from __future__ import annotations

from django.utils import timezone

from cur.mail import portal_url, send_letter
from roadmap.approvals.chains import CaseState
from roadmap.approvals.registry import entry_for_content_type
from roadmap.models import Decision
from sectors.selectors.role_holders import role_holder_emails


def approval_notify(decision_id: int) -> int:
    decision = Decision.objects.select_related("case", "case__author").get(pk=decision_id)
    case = decision.case
    entry = entry_for_content_type(case.content_type_id)
    if case.state == CaseState.REVIEW:
        outcome, recipients = "review", role_holder_emails(case.pending_role)
    elif case.state == CaseState.RETURNED:
        outcome, recipients = "returned", role_holder_emails(case.pending_role, sector_id=case.sector_id)
    elif case.state == CaseState.APPROVED:
        outcome, recipients = "approved", role_holder_emails(case.chain_def.author_role, sector_id=case.sector_id)
    else:
        return 0
    if case.author and case.author.email and case.state != CaseState.REVIEW:
        recipients.add(case.author.email)
    context = {
        "outcome": outcome, "title": case.title, "kind_label": entry.kind_label, "state_label": case.state_label,
        "decision_label": decision.get_decision_display(), "actor": decision.actor_name,
        "when": timezone.localtime(decision.at).strftime("%d.%m.%Y %H:%M"), "comment": decision.comment,
        "link": portal_url(entry.url(case.object_id)),
    }
    return 1 if send_letter("approval_decision", context, recipients) else 0
