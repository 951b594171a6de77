"""Progress reports on a project: drafted by the sector responsible on the approved passport."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from roadmap.access import may_draft_for
from roadmap.models import ProgressReport, Project
from roadmap.services.approvals import ApprovalRefused, approval_open, approval_retitle, check_editable

FIELDS = ("period_start", "period_end", "done", "results", "problems", "next_steps")


def report_title(report: ProgressReport) -> str:
    return _("Отчёт о ходе реализации «%(project)s» за %(start)s — %(end)s") % {
        "project": report.project.title, "start": report.period_start.strftime("%d.%m.%Y"), "end": report.period_end.strftime("%d.%m.%Y"),
    }


def _checked(fields: dict) -> None:
    if fields["period_end"] < fields["period_start"]:
        raise ApprovalRefused(_("Конец отчётного периода раньше его начала."))


@transaction.atomic
def report_create(*, project: Project, by, fields: dict) -> ProgressReport:
    if not may_draft_for(by, project.sector_id):
        raise ApprovalRefused(_("Отчёт готовит ответственный за отраслевой блок «%(sector)s».") % {"sector": project.sector})
    if project.current_version_id is None:
        raise ApprovalRefused(_("У проекта ещё нет утверждённого паспорта: отчитываться не по чему."))
    _checked(fields)
    report = ProgressReport.objects.create(project=project, passport_id=project.current_version_id, created_by=by, **fields)
    approval_open(document=report, author=by, title=report_title(report))
    return report


@transaction.atomic
def report_update(*, report: ProgressReport, by, fields: dict) -> ProgressReport:
    report = ProgressReport.objects.select_for_update(of=("self",)).select_related("approval", "project").get(pk=report.pk)
    check_editable(case=report.approval, by=by)
    _checked(fields)
    for name in FIELDS:
        setattr(report, name, fields[name])
    report.save(update_fields=list(FIELDS))
    approval_retitle(case=report.approval, title=report_title(report))
    return report


def report_problems(report: ProgressReport) -> list[str]:
    return [] if report.done.strip() else [_("не сказано, что сделано за период")]
