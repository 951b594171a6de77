"""Reads of project passports: the list per sector, one version with its lists, and the
side-by-side comparison of two versions."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from roadmap.access import readable_sector_ids, readable_sectors
from roadmap.models import PassportParticipant, PassportVersion, Project
from sectors.models import Sector


def visible_projects(user) -> QuerySet:
    ids = readable_sector_ids(user)
    projects = Project.objects.all()
    return projects if ids is None else projects.filter(sector_id__in=ids)


def visible_versions(user) -> QuerySet:
    ids = readable_sector_ids(user)
    versions = PassportVersion.objects.all()
    return versions if ids is None else versions.filter(project__sector_id__in=ids)


@dataclass
class ProjectRow:
    project: Project
    latest: PassportVersion
    current: PassportVersion | None


@dataclass
class SectorBlock:
    sector: Sector
    rows: list[ProjectRow] = field(default_factory=list)


def passport_list(user, sector_id: int | None = None) -> list[SectorBlock]:
    """Every visible project with its latest version and the approved one, grouped by sector.
    Two queries whatever the number of projects: the versions with their cases, and the sectors."""
    versions = (
        visible_versions(user)
        .select_related("project", "approval")
        .only("id", "number", "title", "project_id", "approval__state", "approval__stage", "approval__chain", "updated_at",
              "project__id", "project__title", "project__sector_id", "project__current_version_id")
        .order_by("project_id", "-number")
    )
    if sector_id is not None:
        versions = versions.filter(project__sector_id=sector_id)
    rows: dict[int, ProjectRow] = {}
    for version in versions:
        row = rows.get(version.project_id)
        if row is None:
            row = rows[version.project_id] = ProjectRow(version.project, version, None)
        if version.pk == version.project.current_version_id:
            row.current = version
    sectors = readable_sectors(user)
    if sector_id is not None:
        sectors = sectors.filter(pk=sector_id)
    blocks = {s.pk: SectorBlock(s) for s in sectors}
    for row in rows.values():
        if row.project.sector_id in blocks:
            blocks[row.project.sector_id].rows.append(row)
    for block in blocks.values():
        block.rows.sort(key=lambda r: r.project.title)
    return list(blocks.values())


def passport_for_user(user, pk: int) -> PassportVersion:
    """One version with everything its page shows; 404 for a sector the user does not read."""
    return get_object_or_404(
        visible_versions(user)
        .select_related("project__sector", "approval", "curator", "project_head", "administrator", "created_by", "based_on")
        .prefetch_related(
            "goals", "indicators", "tasks", "milestones", "funding",
            Prefetch("participants", queryset=PassportParticipant.objects.select_related("official")),
        ),
        pk=pk,
    )


def project_versions(version: PassportVersion) -> list[PassportVersion]:
    return list(PassportVersion.objects.filter(project_id=version.project_id).select_related("approval").order_by("-number"))


# ---- comparison --------------------------------------------------------------------------------


def _d(value) -> str:
    return value.strftime("%d.%m.%Y") if value else "—"


def _n(value) -> str:
    if value is None:
        return "—"
    text = f"{value:,.2f}".replace(",", "\xa0").replace(".", ",")
    return text.rstrip("0").rstrip(",") if "," in text else text


def _person(official) -> str:
    return official.full_name if official else "—"


def snapshot(version: PassportVersion) -> list[tuple[str, list[str]]]:
    """The passport as text, section by section: what a reader compares between two versions."""
    return [
        (_("Наименование"), [version.title]),
        (_("Отраслевой блок"), [version.project.sector.name]),
        (_("Основание и обоснование"), [version.background or "—"]),
        (_("Сроки реализации"), [f"{_d(version.period_start)} — {_d(version.period_end)}"]),
        (_("Куратор проекта"), [_person(version.curator)]),
        (_("Руководитель проекта"), [_person(version.project_head)]),
        (_("Администратор проекта"), [_person(version.administrator)]),
        (_("Цели"), [f"{g.order}. {g.text}" for g in version.goals.all()]),
        (_("Показатели"), [
            f"{i.name}, {i.unit}: база {_n(i.base_value)}, цель {_n(i.target_value)} в {i.year} г.; методика: {i.calculation_method}"
            for i in version.indicators.all()
        ]),
        (_("Задачи и результаты по годам"), [f"{t.year}: {t.task} → {t.result}" for t in version.tasks.all()]),
        (_("Контрольные точки и мероприятия"), [
            f"{m.get_kind_display()}: {m.title}, {(_d(m.start_date) + ' — ') if m.start_date else ''}{_d(m.due_date)}"
            + (f", {m.responsible}" if m.responsible else "")
            for m in version.milestones.all()
        ]),
        (_("Финансирование, тыс. руб."), [f"{f.year}, {f.get_source_display()}: {_n(f.amount)}" for f in version.funding.all()]),
        (_("Участники"), [f"{p.official.full_name} — {p.role_in_project}" for p in version.participants.all()]),
        (_("Что изменено и почему"), [version.change_reason or "—"]),
    ]


@dataclass(frozen=True)
class ComparedRow:
    label: str
    left: list[str]
    right: list[str]

    @property
    def changed(self) -> bool:
        return self.left != self.right

    @property
    def left_only(self) -> set[str]:
        return set(self.left) - set(self.right)

    @property
    def right_only(self) -> set[str]:
        return set(self.right) - set(self.left)


def compare(left: PassportVersion, right: PassportVersion) -> list[ComparedRow]:
    if left.project_id != right.project_id:
        raise Http404
    return [ComparedRow(label, a, b) for (label, a), (_label, b) in zip(snapshot(left), snapshot(right), strict=True)]
