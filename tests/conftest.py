"""Fixtures shared by the whole suite: a small region and users of every role.

Following healthchecks: an owner-like user who may act, and an outsider who must be refused.
"""

from __future__ import annotations

import itertools

import pytest

from cur.roles import ROLE_SCOPES, RoleCode, RoleScope

_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def _forget_process_cache():
    """Reference data kept in the process (cur.process_cache) must not outlive a test's rollback."""
    from cur.process_cache import forget_all

    forget_all()
    yield
    forget_all()


@pytest.fixture
def region(db):
    """Two sectors with categories, two municipalities, two agencies, channels and kinds."""
    from feedback.models import Channel, DeadlineUnit, MessageKind
    from sectors.models import Agency, AgencyKind, Category, Municipality, MunicipalityKind, Sector

    roads = Sector.objects.create(code="roads", name="Дороги", order=1)
    health = Sector.objects.create(code="health", name="Здравоохранение", order=2)
    cats = {}
    for sector, names in ((roads, ["Ямы и выбоины", "Ремонт дорог", "Тротуары"]), (health, ["Запись к врачу", "Нехватка врачей", "Льготные лекарства"])):
        for i, name in enumerate(names):
            cats[name] = Category.objects.create(sector=sector, code=f"{sector.code}-{i}", name=name, order=i)
        cats[f"{sector.name}: прочие"] = Category.objects.create(
            sector=sector, code=f"{sector.code}-other", name="Прочие по направлению", is_other=True, order=99
        )
    tver = Municipality.objects.create(name="Тверь", oktmo="28701000", kind=MunicipalityKind.URBAN_DISTRICT, population=414000)
    rzhev = Municipality.objects.create(name="Ржев", oktmo="28745000", kind=MunicipalityKind.URBAN_DISTRICT, population=55000)
    transport = Agency.objects.create(name="Министерство транспорта Тверской области", short_name="Минтранс", kind=AgencyKind.EXECUTIVE)
    transport.sectors.add(roads)
    minzdrav = Agency.objects.create(name="Министерство здравоохранения Тверской области", short_name="Минздрав", kind=AgencyKind.EXECUTIVE)
    minzdrav.sectors.add(health)
    city = Agency.objects.create(name="Администрация города Твери", kind=AgencyKind.LOCAL_GOVERNMENT, municipality=tver)
    pos_kind = MessageKind.objects.create(code="pos", name="Сообщение ПОС", answer_term=10, answer_unit=DeadlineUnit.WORKING_DAYS)
    appeal = MessageKind.objects.create(code="appeal", name="Обращение (59-ФЗ)", answer_term=30, answer_unit=DeadlineUnit.CALENDAR_DAYS, extendable=True)
    incident = MessageKind.objects.create(code="incident", name="Инцидент", answer_term=10, answer_unit=DeadlineUnit.WORKING_DAYS, first_response_hours=8)
    pos = Channel.objects.create(code="pos", name="Платформа обратной связи", default_kind=pos_kind)
    social = Channel.objects.create(code="social", name="Социальные сети", default_kind=incident)
    letter = Channel.objects.create(code="letter", name="Письмо", default_kind=appeal)

    class Region:
        pass

    r = Region()
    r.roads, r.health, r.categories = roads, health, cats
    r.tver, r.rzhev = tver, rzhev
    r.transport, r.minzdrav, r.city = transport, minzdrav, city
    r.pos, r.social, r.letter = pos, social, letter
    r.pos_kind, r.appeal, r.incident = pos_kind, appeal, incident
    return r


@pytest.fixture
def make_user(db):
    """make_user(role_code, sectors=[...], agency=...) → a user whose official holds that role."""
    from django.contrib.auth import get_user_model

    from sectors.models import Official, Role, RoleAssignment

    def factory(*roles: str, sectors=(), agency=None, username: str | None = None, password: str = "pass12345"):
        n = next(_counter)
        user = get_user_model().objects.create_user(username=username or f"user{n}", password=password, last_name=f"Тестов{n}", first_name="Иван")
        official = Official.objects.create(full_name=f"Тестов{n} Иван", position="сотрудник", agency=agency, user=user)
        for code in roles:
            role, _ = Role.objects.get_or_create(
                code=code, defaults={"name": RoleCode(code).label, "scope": ROLE_SCOPES.get(code, RoleScope.GLOBAL)}
            )
            assignment = RoleAssignment.objects.create(official=official, role=role)
            if sectors:
                assignment.sectors.set(sectors)
        return user

    return factory


@pytest.fixture
def make_message(db):
    """make_message(region, **fields) → a message registered now through the intake service."""
    from django.utils import timezone

    from feedback.models import Message
    from feedback.services.intake import IncomingMessage, message_create

    def factory(region, *, channel=None, text="На улице Советской яма у дома 5", **fields):
        item = IncomingMessage(text=text, received_at=timezone.now(), municipality_id=region.tver.id)
        message = message_create(channel=channel or region.pos, item=item)
        if fields:
            Message.objects.filter(pk=message.pk).update(**fields)
            message.refresh_from_db()
        return message

    return factory


@pytest.fixture
def enqueued(monkeypatch):
    """Tasks queued through cur.task_queue, recorded instead of sent: a list of (name, args)."""
    from cur import task_queue

    sent: list[tuple[str, tuple]] = []
    monkeypatch.setattr(task_queue, "send", lambda name, args, kwargs, countdown: sent.append((name, args)))
    return sent
