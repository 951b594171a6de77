"""What the documents made inside a project (progress reports, group compositions) share: the
project is fetched for the user, and only its sector's responsible drafts them."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import Promise

from roadmap.access import may_draft_for
from roadmap.selectors.passports import visible_projects
from roadmap.services.approvals import ApprovalRefused
from roadmap.views.documents.kind import DocumentKind


class ProjectDocumentKind(DocumentKind):
    drafted_by: str | Promise  # the refusal, with %(sector)s

    def fetch_parent(self, user, parent_pk: int):
        return get_object_or_404(visible_projects(user).select_related("sector", "current_version"), pk=parent_pk)

    def check_create(self, user, parent):
        if not may_draft_for(user, parent.sector_id):
            raise ApprovalRefused(self.drafted_by % {"sector": parent.sector})
        return None

    def create_back_url(self, parent) -> str:
        if parent.current_version_id:
            return reverse("roadmap:passport", args=[parent.current_version_id])
        return reverse("roadmap:passports")

    def form_context(self, *, document, parent) -> dict:
        return {"project": document.project if document else parent}
