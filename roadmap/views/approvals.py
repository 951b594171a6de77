"""POST /projects/approvals/<case>/: one endpoint for every decision on every kind of document.

The document must be readable by the user (else 404); the service decides whether he may take
the step now (else the refusal, 403) and whether all it needs is there (else 400).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from roadmap.access import may_read_sector
from roadmap.approvals.chains import DecisionKind
from roadmap.approvals.registry import entry_for_content_type
from roadmap.forms.common import DecisionForm
from roadmap.models import ApprovalCase
from roadmap.services.approvals import SUBMIT, ApprovalRefused, approval_decide, approval_submit
from roadmap.views.common import refused, require_projects


@login_required
@require_POST
def decide(request, pk: int):
    require_projects(request.user)
    case = get_object_or_404(ApprovalCase, pk=pk)
    if not may_read_sector(request.user, case.sector_id):
        raise Http404
    entry = entry_for_content_type(case.content_type_id)
    document = get_object_or_404(entry.model, pk=case.object_id)
    back = entry.url(case.object_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return refused(request, ApprovalRefused(_("Неизвестное решение.")), back)
    action, comment = form.cleaned_data["action"], form.cleaned_data["comment"]
    try:
        if action == SUBMIT:
            decision = approval_submit(document=document, by=request.user, comment=comment)
        else:
            decision = approval_decide(document=document, by=request.user, action=action, comment=comment)
    except ApprovalRefused as exc:
        return refused(request, exc, back)
    done = {
        DecisionKind.SUBMITTED: _("Документ представлен: он %(state)s."),
        DecisionKind.AGREED: _("Документ согласован: теперь он %(state)s."),
        DecisionKind.APPROVED: _("Документ утверждён."),
        DecisionKind.RETURNED: _("Документ возвращён автору с замечаниями."),
    }[decision.decision]
    case.refresh_from_db()
    messages.success(request, done % {"state": case.state_label})
    return redirect(back)
