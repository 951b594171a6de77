"""The ЦУР's roadmap: the head keeps it and starts each year from the last; the responsible of an
item reports its progress with evidence."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cur.roles import RoleCode
from roadmap.access import holds
from roadmap.models import ItemState, RoadmapItem, RoadmapVersion
from roadmap.services.approvals import ApprovalRefused

ITEM_FIELDS = ("order", "title", "responsible", "start_date", "deadline", "weight")


def _head(by) -> None:
    if not holds(by, RoleCode.HEAD):
        raise ApprovalRefused(_("Дорожную карту ведёт руководитель ЦУР."))


def _next_year(day: date | None) -> date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@transaction.atomic
def roadmap_start_year(*, year: int, by) -> RoadmapVersion:
    """Year N+1 begins with year N's items (all but the cancelled), dates a year later, not started."""
    _head(by)
    if RoadmapVersion.objects.filter(year=year).exists():
        raise ApprovalRefused(_("Дорожная карта на %(year)s год уже есть.") % {"year": year})
    previous = RoadmapVersion.objects.filter(year=year - 1).first()
    version = RoadmapVersion.objects.create(year=year, based_on=previous, created_by=by)
    if previous is not None:
        RoadmapItem.objects.bulk_create([
            RoadmapItem(
                version=version, order=item.order, title=item.title, responsible_id=item.responsible_id,
                start_date=_next_year(item.start_date), deadline=_next_year(item.deadline), weight=item.weight,
            )
            for item in previous.items.exclude(state=ItemState.CANCELLED)
        ])
    return version


def _dates_checked(version: RoadmapVersion, fields: dict) -> None:
    if fields.get("start_date") and fields["start_date"] > fields["deadline"]:
        raise ApprovalRefused(_("Начало мероприятия позже его срока."))


@transaction.atomic
def roadmap_item_save(*, version: RoadmapVersion, by, fields: dict, item: RoadmapItem | None = None) -> RoadmapItem:
    _head(by)
    _dates_checked(version, fields)
    if item is None:
        return RoadmapItem.objects.create(version=version, **{f: fields[f] for f in ITEM_FIELDS})
    for name in ITEM_FIELDS:
        setattr(item, name, fields[name])
    item.updated_at = timezone.now()
    item.save(update_fields=[*ITEM_FIELDS, "updated_at"])
    return item


def may_report(by, item: RoadmapItem) -> bool:
    return holds(by, RoleCode.HEAD) or (item.responsible.user_id is not None and item.responsible.user_id == by.pk)


@transaction.atomic
def roadmap_item_report(*, item: RoadmapItem, by, state: str, evidence_file=None, evidence_url: str = "", note: str = "") -> RoadmapItem:
    """Progress of an item; «выполнено» needs evidence — a file or a link (DESIGN.md §5)."""
    item = RoadmapItem.objects.select_for_update(of=("self",)).select_related("responsible").get(pk=item.pk)
    if not may_report(by, item):
        raise ApprovalRefused(_("Ход мероприятия отмечает его ответственный (%(name)s) или руководитель ЦУР.") % {"name": item.responsible.full_name})
    fields = ["state", "evidence_url", "evidence_note", "completed_at", "updated_at"]
    if evidence_file:
        item.evidence_file = evidence_file
        fields.append("evidence_file")
    item.evidence_url = evidence_url or item.evidence_url
    item.evidence_note = note
    if state == ItemState.DONE and not (item.evidence_file or item.evidence_url):
        raise ApprovalRefused(_("Отметить мероприятие выполненным можно с подтверждением: приложите файл или дайте ссылку."))
    if state == ItemState.DONE and item.state != ItemState.DONE:
        item.completed_at = timezone.localdate()
    elif state != ItemState.DONE:
        item.completed_at = None
    item.state, item.updated_at = state, timezone.now()
    item.save(update_fields=fields)
    return item
