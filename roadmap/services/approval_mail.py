"""E-mail after a decision: the next approver is told a document waits for him; the author is
told his document was returned or approved."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from roadmap.approvals.chains import CaseState
from roadmap.approvals.registry import entry_for_content_type
from roadmap.models import Decision
from sectors.models import Official


def _emails_of_role(role: str, sector_id: int | None = None) -> set[str]:
    officials = Official.objects.filter(is_active=True, role_assignments__role__code=role)
    if sector_id is not None:
        officials = officials.filter(role_assignments__sectors__id=sector_id)
    emails = set()
    for email, user_email in officials.values_list("email", "user__email"):
        if email or user_email:
            emails.add(email or user_email)
    return emails


def approval_notify(decision_id: int) -> int:
    decision = Decision.objects.select_related("case", "case__author").get(pk=decision_id)
    case = decision.case
    entry = entry_for_content_type(case.content_type_id)
    link = settings.CUR_PUBLIC_URL.rstrip("/") + entry.url(case.object_id)
    when = timezone.localtime(decision.at).strftime("%d.%m.%Y %H:%M")
    if case.state == CaseState.REVIEW:
        recipients = _emails_of_role(case.pending_role)
        subject = f"ЦУР: ждёт вашего решения — {case.title}"
        lead = f"{entry.kind_label} «{case.title}» {case.state_label}."
    elif case.state == CaseState.RETURNED:
        recipients = _emails_of_role(case.pending_role, case.sector_id)
        subject = f"ЦУР: возвращено с замечаниями — {case.title}"
        lead = f"{entry.kind_label} «{case.title}» возвращён на доработку."
    elif case.state == CaseState.APPROVED:
        recipients = _emails_of_role(case.chain_def.author_role, case.sector_id)
        subject = f"ЦУР: утверждено — {case.title}"
        lead = f"{entry.kind_label} «{case.title}» утверждён."
    else:
        return 0
    if case.author and case.author.email and case.state != CaseState.REVIEW:
        recipients.add(case.author.email)
    if not recipients:
        return 0
    body = (
        f"{lead}\n"
        f"Решение: {decision.get_decision_display()}, {decision.actor_name}, {when}.\n"
        + (f"Комментарий: {decision.comment}\n" if decision.comment else "")
        + f"\nОткройте документ в портале ЦУР: {link}\n"
    )
    return send_mail(subject, body, None, sorted(recipients))
