"""roadmap_report_section(month): the roadmap and projects part of the governor's report."""

from __future__ import annotations

from datetime import date

from roadmap.models import ItemState, RoadmapItem, RoadmapVersion
from roadmap.selectors.report_section import roadmap_report_section
from roadmap.services.approvals import approval_submit


def test_it_reports_nothing_without_a_roadmap_or_projects(db):
    assert roadmap_report_section(date(2026, 5, 1)) is None


def test_it_reports_completion_items_and_passports(people, make_passport, approved_passport):
    version = RoadmapVersion.objects.create(year=2026, created_by=people.head)
    minister = people.minister_official
    RoadmapItem.objects.create(version=version, order=1, title="Соглашение", responsible=minister, deadline=date(2026, 2, 28),
                               weight=3, state=ItemState.DONE)
    RoadmapItem.objects.create(version=version, order=2, title="Обучение", responsible=minister, deadline=date(2026, 5, 20),
                               weight=1, state=ItemState.IN_PROGRESS)
    RoadmapItem.objects.create(version=version, order=3, title="Опрос", responsible=minister, deadline=date(2026, 4, 10), weight=1)
    submitted = make_passport(title="Второй")
    approval_submit(document=submitted, by=people.minister)
    make_passport(title="Третий")
    section = roadmap_report_section(date(2026, 5, 15))
    assert section["roadmap"]["percent"] == 60.0  # 3 of 5
    assert [i["title"] for i in section["roadmap"]["due_this_month"]] == ["Обучение"]
    assert [i["title"] for i in section["roadmap"]["overdue"]] == ["Опрос", "Обучение"]
    assert section["passports"] == {"утверждено": 1, "на согласовании у руководителя ЦУР": 1, "черновик": 1}
