"""Progress reports: drafted by the sector responsible on the approved passport, then the
passport's chain (the head agrees, the curator approves)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from roadmap.forms.reports import ReportForm
from roadmap.models import ProgressReport
from roadmap.selectors.passports import visible_projects
from roadmap.services import reports as service
from roadmap.views.documents.project_documents import ProjectDocumentKind


def report_for_user(user, pk: int) -> ProgressReport:
    return get_object_or_404(
        ProgressReport.objects.select_related("project__sector", "passport", "approval", "created_by")
        .filter(project__in=visible_projects(user)),
        pk=pk,
    )


class ReportDocumentKind(ProjectDocumentKind):
    model = ProgressReport
    name = "report"
    url_name = "roadmap:report"
    detail_template = "roadmap/report_detail.html"
    form_template = "roadmap/report_form.html"
    form_class = ReportForm
    saved_message = _("Отчёт сохранён. Представьте его на согласование, когда он готов.")
    drafted_by = _("Отчёт готовит ответственный за отраслевой блок «%(sector)s».")

    def fetch(self, user, pk):
        return report_for_user(user, pk)

    def initial(self, report):
        return {f: getattr(report, f) for f in service.FIELDS}

    def create(self, forms, *, user, parent, scope):
        return service.report_create(project=parent, by=user, fields=forms.form.cleaned_data)

    def update(self, forms, *, user, document):
        return service.report_update(report=document, by=user, fields=forms.form.cleaned_data)


REPORT = ReportDocumentKind()
