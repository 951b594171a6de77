"""People of the approval chain and a passport drafted by the roads' sector responsible."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cur.roles import RoleCode


@pytest.fixture
def people(region, make_user):
    class People:
        pass

    p = People()
    p.minister = make_user(RoleCode.SECTOR_RESPONSIBLE, sectors=[region.roads], username="minister")
    p.minister.email = "minister@cur.example"
    p.minister.save(update_fields=["email"])
    p.health_minister = make_user(RoleCode.SECTOR_RESPONSIBLE, sectors=[region.health], username="health")
    p.head = make_user(RoleCode.HEAD, username="head")
    p.curator = make_user(RoleCode.CURATOR, username="curator")
    p.operator = make_user(RoleCode.OPERATOR, username="operator")
    p.agency = make_user(RoleCode.AGENCY_EXECUTOR, agency=region.city, username="agency")
    p.lead = make_user(RoleCode.SECTOR_LEAD, sectors=[region.roads], username="lead")
    p.outsider = make_user(username="outsider")
    from sectors.models import Official

    for user, email in ((p.head, "head@cur.example"), (p.curator, "curator@cur.example"), (p.minister, "minister@cur.example")):
        Official.objects.filter(user=user).update(email=email)
    p.minister_official = Official.objects.get(user=p.minister)
    return p


def passport_fields(title="Прозрачный ремонт дорог", **extra) -> dict:
    return {"title": title, "background": "", "period_start": date(2026, 1, 15), "period_end": date(2027, 12, 31),
            "curator": None, "project_head": None, "administrator": None, "change_reason": "", **extra}


def passport_children(target="85") -> dict[str, list[dict]]:
    return {
        "goals": [{"order": 1, "text": "Меньше повторных сообщений о ямах"}],
        "indicators": [{"order": 1, "name": "Доля ответов в срок", "unit": "%", "calculation_method": "в срок / всего × 100",
                        "base_value": Decimal("72"), "year": 2026, "target_value": Decimal(target)}],
        "tasks": [{"year": 2026, "task": "Все объекты в портале", "result": "100 % объектов"}],
        "milestones": [{"kind": "control_point", "title": "Объекты на карте", "start_date": None, "due_date": date(2026, 6, 30),
                        "responsible": "Минтранс"}],
        "funding": [{"year": 2026, "source": "regional", "amount": Decimal("1850.0")}],
        "participants": [],
    }


@pytest.fixture
def make_passport(people, region):
    from roadmap.services.passports import passport_create

    def factory(*, sector=None, by=None, title="Прозрачный ремонт дорог", target="85"):
        return passport_create(sector=sector or region.roads, by=by or people.minister, fields=passport_fields(title),
                               children=passport_children(target))

    return factory


@pytest.fixture
def approved_passport(make_passport, people):
    from roadmap.services.approvals import approval_decide, approval_submit

    version = make_passport()
    approval_submit(document=version, by=people.minister)
    approval_decide(document=version, by=people.head, action="forward")
    approval_decide(document=version, by=people.curator, action="forward")
    version.refresh_from_db()
    return version
