"""Drafting project passports: a new project, editing a draft, a new version of an approved one.

A passport's lists (goals, indicators, tasks, control points, funding, participants) are saved
whole: the form sends the full list and the version's rows are replaced, which is what "the
document as the author sees it" means and keeps the rows in his order.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from roadmap.approvals.chains import CaseState
from roadmap.models import (
    ApprovalCase,
    PassportFunding,
    PassportGoal,
    PassportIndicator,
    PassportMilestone,
    PassportParticipant,
    PassportTask,
    PassportVersion,
    Project,
)
from roadmap.services.approvals import (
    ApprovalRefused,
    approval_open,
    approval_retitle,
    check_author,
    check_editable,
)

# The version's lists: the related name, its model, and the fields copied into a new version.
CHILDREN: dict[str, tuple[type, tuple[str, ...]]] = {
    "goals": (PassportGoal, ("order", "text")),
    "indicators": (PassportIndicator, ("order", "name", "unit", "calculation_method", "base_value", "year", "target_value")),
    "tasks": (PassportTask, ("year", "task", "result")),
    "milestones": (PassportMilestone, ("kind", "title", "start_date", "due_date", "responsible")),
    "funding": (PassportFunding, ("year", "source", "amount")),
    "participants": (PassportParticipant, ("official", "role_in_project")),
}
FIELDS = ("title", "background", "period_start", "period_end", "curator", "project_head", "administrator", "change_reason")


def version_title(version: PassportVersion) -> str:
    return _("Паспорт проекта «%(title)s», версия %(number)s") % {"title": version.title, "number": version.number}


def _replace_children(version: PassportVersion, children: dict[str, list[dict]]) -> None:
    for name, rows in children.items():
        model, fields = CHILDREN[name]
        model.objects.filter(version=version).delete()
        model.objects.bulk_create([model(version=version, **{f: row[f] for f in fields if f in row}) for row in rows])


def _period_checked(fields: dict) -> None:
    if fields["period_end"] < fields["period_start"]:
        raise ApprovalRefused(_("Окончание реализации раньше её начала."))


@transaction.atomic
def passport_create(*, sector, by, fields: dict, children: dict[str, list[dict]]) -> PassportVersion:
    from roadmap.access import may_draft_for

    if not may_draft_for(by, sector.pk):
        raise ApprovalRefused(_("Паспорт проекта готовит ответственный за отраслевой блок «%(sector)s».") % {"sector": sector})
    _period_checked(fields)
    project = Project.objects.create(sector=sector, title=fields["title"])
    version = PassportVersion.objects.create(project=project, number=1, created_by=by, **{f: fields.get(f) or _empty(f) for f in FIELDS})
    _replace_children(version, children)
    approval_open(document=version, author=by, title=version_title(version))
    return version


def _empty(field: str):
    return "" if field in ("background", "change_reason", "title") else None


@transaction.atomic
def passport_update(*, version: PassportVersion, by, fields: dict, children: dict[str, list[dict]]) -> PassportVersion:
    version = PassportVersion.objects.select_for_update(of=("self",)).select_related("approval").get(pk=version.pk)
    check_editable(case=version.approval, by=by)
    _period_checked(fields)
    for f in FIELDS:
        setattr(version, f, fields.get(f) or _empty(f))
    version.updated_at = timezone.now()
    version.save(update_fields=[*FIELDS, "updated_at"])
    _replace_children(version, children)
    approval_retitle(case=version.approval, title=version_title(version))
    return version


@transaction.atomic
def passport_new_version(*, version: PassportVersion, by) -> PassportVersion:
    """A draft copied from an approved version; the approved one stays as it was."""
    project = Project.objects.select_for_update().get(pk=version.project_id)
    source = PassportVersion.objects.select_related("approval").get(pk=version.pk)
    check_author(case=source.approval, by=by)
    if source.approval.state != CaseState.APPROVED:
        raise ApprovalRefused(_("Новую версию создают из утверждённой: эту версию ещё можно изменить."))
    unfinished = ApprovalCase.objects.filter(
        pk__in=project.versions.values("approval_id"), state__in=[CaseState.DRAFT, CaseState.REVIEW, CaseState.RETURNED]
    ).exists()
    if unfinished:
        raise ApprovalRefused(_("У проекта уже есть неутверждённая версия: доработайте её."))
    number = (project.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    copy = PassportVersion.objects.create(
        project=project, number=number, based_on=source, created_by=by,
        **{f: getattr(source, f) for f in FIELDS if f != "change_reason"},
    )
    for name, (model, fields) in CHILDREN.items():
        rows = getattr(source, name).all()
        model.objects.bulk_create([model(version=copy, **{f: getattr(row, f) for f in fields}) for row in rows])
    approval_open(document=copy, author=by, title=version_title(copy))
    return copy


def passport_problems(version: PassportVersion) -> list[str]:
    problems = []
    if not version.goals.exists():
        problems.append(_("не указана ни одна цель"))
    if not version.indicators.exists():
        problems.append(_("не указан ни один показатель"))
    if not version.milestones.exists():
        problems.append(_("нет ни одной контрольной точки или мероприятия"))
    if version.based_on_id and not version.change_reason.strip():
        problems.append(_("не сказано, что изменено в новой версии и почему"))
    return problems


def passport_approved(version: PassportVersion) -> None:
    """The approved version becomes the project's current one; the project takes its title."""
    Project.objects.filter(pk=version.project_id).update(current_version=version, title=version.title)
