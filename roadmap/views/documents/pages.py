"""The pages of every approvable document: its page (the document, its timeline of decisions and
exactly the decisions its reader may take), a new one, editing, and the one decision endpoint.

Each page passes the gate (`access`), reads through the kind's selector and writes through the
kind's service; what differs between kinds is declared in their `DocumentKind`.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from roadmap.approvals.chains import DecisionKind
from roadmap.approvals.registry import entry_for_content_type
from roadmap.forms.common import DecisionForm
from roadmap.models import ApprovalCase
from roadmap.selectors import approvals as approval_reads
from roadmap.services.approvals import SUBMIT, ApprovalRefused, actions_for, approval_decide, approval_submit
from roadmap.views.common import refused, require_projects
from roadmap.views.documents.access import EDIT, Refusal, creation_scope_for_user, document_for_user
from roadmap.views.documents.kind import DocumentForms, DocumentKind
from roadmap.views.documents.kinds import kind_for_model


def document_page(*methods: str):
    """Signed in, these methods only, and a refusal shown with its reason and the way back."""

    def decorate(view):
        @wraps(view)
        def page(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except Refusal as exc:
                return refused(request, exc, exc.back)

        return login_required(require_http_methods(list(methods))(page))

    return decorate


@document_page("GET")
def document_detail(request, kind: DocumentKind, pk: int):
    document = document_for_user(request.user, kind, pk)
    case = kind.case(document)
    return render(request, kind.detail_template, {
        "document": document,
        kind.name: document,
        "case": case,
        "decisions": approval_reads.timeline(case),
        "actions": actions_for(request.user, case) if case else [],
        "may_edit": kind.may_edit(request.user, document),
        "section": kind.section,
        **kind.detail_context(request.user, document),
    })


@document_page("GET", "POST")
def document_create(request, kind: DocumentKind, project_pk: int | None = None):
    parent, scope = creation_scope_for_user(request.user, kind, project_pk)
    forms = kind.bind_new(_posted(request), user=request.user, parent=parent, scope=scope)
    return _save_or_show(
        request, kind, forms, document=None, parent=parent,
        save=lambda: kind.create(forms, user=request.user, parent=parent, scope=scope),
        message=kind.created_message or kind.saved_message,
    )


@document_page("GET", "POST")
def document_edit(request, kind: DocumentKind, pk: int):
    document = document_for_user(request.user, kind, pk, action=EDIT)
    forms = kind.bind_existing(_posted(request), user=request.user, document=document)
    return _save_or_show(
        request, kind, forms, document=document, parent=None,
        save=lambda: kind.update(forms, user=request.user, document=document),
        message=kind.saved_message,
    )


def _posted(request):
    return request.POST if request.method == "POST" else None


def _save_or_show(request, kind: DocumentKind, forms: DocumentForms, *, document, parent, save, message):
    """Save a valid form through the service and go to the document's page; otherwise show the form
    again with all that was typed (400 after a post), and the service's refusal above it."""
    posted = request.method == "POST"
    error = ""
    if posted and forms.is_valid():
        try:
            saved = save()
        except ApprovalRefused as exc:
            error = str(exc)
        else:
            messages.success(request, message)
            return redirect(kind.detail_url(saved))
    return render(request, kind.form_template, {
        "document": document,
        kind.name: document,
        "form": forms.form,
        **forms.context,
        "error": error,
        "invalid": posted,
        "section": kind.section,
        **kind.form_context(document=document, parent=parent),
    }, status=400 if posted else 200)


# What the author or the decider is told after a decision.
DONE = {
    DecisionKind.SUBMITTED: gettext_lazy("Документ представлен: он %(state)s."),
    DecisionKind.AGREED: gettext_lazy("Документ согласован: теперь он %(state)s."),
    DecisionKind.APPROVED: gettext_lazy("Документ утверждён."),
    DecisionKind.RETURNED: gettext_lazy("Документ возвращён автору с замечаниями."),
}


@document_page("POST")
def document_decide(request, pk: int):
    """One endpoint for every decision on every kind of document: the gate answers whether the
    user may know the document; the service, whether he may take this step now (else 403) and
    whether all it needs is there (else 400)."""
    require_projects(request.user)
    case = get_object_or_404(ApprovalCase, pk=pk)
    kind = kind_for_model(entry_for_content_type(case.content_type_id).model)
    document = document_for_user(request.user, kind, case.object_id)
    back = kind.detail_url(document)
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
    case.refresh_from_db()
    messages.success(request, DONE[decision.decision] % {"state": case.state_label})
    return redirect(back)
