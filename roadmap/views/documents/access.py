"""The one gate of every document page (healthchecks' `_get_check_for_user`, for documents).

Three answers, from the outside in:
- 403 (the portal's page) when the user does not work with projects at all;
- 404 when the document is in a sector he does not read: he may not even learn it exists;
- 403 with the reason in Russian (a `Refusal`) when he reads it but may not do this with it now
  (edit an approved passport, edit another author's draft, draft in another sector).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from roadmap.services.approvals import ApprovalRefused
from roadmap.views.common import require_projects
from roadmap.views.documents.kind import DocumentKind

READ, EDIT = "read", "edit"


class Refusal(PermissionDenied):
    """A 403 whose reason the user reads, with the way back (the document pages render it)."""

    def __init__(self, reason: str, back: str):
        super().__init__(reason)
        self.back = back


def document_for_user(user, kind: DocumentKind, pk: int, *, action: str = READ):
    """The document `pk` of this kind, for `user` to read or edit."""
    require_projects(user)
    document = kind.fetch(user, pk)
    if action == EDIT:
        try:
            kind.check_edit(user, document)
        except ApprovalRefused as exc:
            raise Refusal(str(exc), kind.detail_url(document)) from exc
    return document


def creation_scope_for_user(user, kind: DocumentKind, project_pk: int | None = None):
    """For a new document: the project it is made in (reports, groups; else None) and what the
    user may create it for (sectors, kinds) — by the same three answers."""
    require_projects(user)
    parent = kind.fetch_parent(user, project_pk) if project_pk is not None else None
    try:
        scope = kind.check_create(user, parent)
    except ApprovalRefused as exc:
        raise Refusal(str(exc), kind.create_back_url(parent)) from exc
    return parent, scope
