import pytest
from django.contrib.auth import authenticate as django_authenticate
from django.core.management import call_command
from django.test import RequestFactory

from cur.access import access_for
from cur.roles import RoleCode
from feedback.models import Channel, MessageKind
from sectors.models import Agency, AgencyKind, Category, Municipality, Official, Role, RoutingRule, Sector
from sectors.reference import catalog
from sectors.services.category_rules import sector_category_problems
from sectors.services.routing import suggest_agency


@pytest.fixture
def loaded(db):
    call_command("load_reference", verbosity=0)
    call_command("load_demo_region", verbosity=0)


def _counts():
    return [m.objects.count() for m in (Sector, Category, Channel, MessageKind, Role, Municipality, Agency, RoutingRule, Official)]


def test_it_loads_the_eight_sector_blocks_with_valid_categories(loaded):
    assert Sector.objects.count() == 8
    assert set(Sector.objects.values_list("short_name", flat=True)) >= {"ЖКХ", "ТКО", "Энергетика", "Образование", "Здравоохранение", "Дороги", "Транспорт"}
    for sector in Sector.objects.all():
        assert sector_category_problems(sector) == [], sector.name
    assert Category.objects.filter(sector__code="roads", name="Ямы и выбоины").exists()
    assert Category.objects.filter(parent__isnull=False).exists()


def test_it_loads_channels_kinds_and_every_role(loaded):
    assert Channel.objects.count() == len(catalog.CHANNELS)
    assert all(Channel.objects.values_list("default_kind", flat=True))
    assert set(Role.objects.values_list("code", flat=True)) == {c.value for c in RoleCode}
    appeal = MessageKind.objects.get(code="appeal")
    assert (appeal.answer_term, appeal.answer_unit, appeal.extendable) == (30, "calendar_days", True)
    assert MessageKind.objects.get(code="incident").first_response_hours == 8


def test_it_can_be_rerun_without_duplicates(loaded):
    before = _counts()
    call_command("load_reference", verbosity=0)
    call_command("load_demo_region", verbosity=0)
    assert _counts() == before


def test_it_keeps_the_heads_edits_on_rerun(loaded):
    Category.objects.filter(sector__code="roads", code="potholes").update(name="Ямочный ремонт")
    call_command("load_reference", verbosity=0)
    assert Category.objects.get(sector__code="roads", code="potholes").name == "Ямочный ремонт"


def test_it_refuses_the_demo_region_without_reference_data(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="load_reference"):
        call_command("load_demo_region", verbosity=0)


def test_it_builds_the_tver_structure(loaded):
    assert Municipality.objects.get(name="Тверь").oktmo == "28701000"
    assert Municipality.objects.count() >= 25
    assert Agency.objects.filter(kind=AgencyKind.EXECUTIVE, name__startswith="Министерство").count() >= 8
    assert Agency.objects.filter(kind=AgencyKind.LOCAL_GOVERNMENT).count() == Municipality.objects.count()
    for kind in AgencyKind:
        assert Agency.objects.filter(kind=kind).exists(), kind


def authenticate(**credentials):
    """Sign-in throttling (django-axes) needs the request the credentials came with."""
    return django_authenticate(RequestFactory().post("/login/"), **credentials)


def test_it_gives_one_demo_login_per_role(loaded):
    for code in RoleCode:
        official = Official.objects.filter(role_assignments__role__code=code, user__isnull=False).first()
        assert official is not None, code
        user = authenticate(username=official.user.username, password="demo")
        assert user is not None
        assert code in access_for(user).roles
    sector_lead = authenticate(username="sector", password="demo")
    assert access_for(sector_lead).sector_ids
    agency = authenticate(username="agency", password="demo")
    assert access_for(agency).agency_ids == {Agency.objects.get(name="Администрация города Твери").id}


def test_it_routes_every_category_somewhere(loaded):
    tver = Municipality.objects.get(name="Тверь")
    for category in Category.objects.filter(parent__isnull=True):
        assert suggest_agency(category=category, municipality=tver) is not None, category.name
    potholes = Category.objects.get(sector__code="roads", code="potholes")
    assert suggest_agency(category=potholes, municipality=tver).name == "Администрация города Твери"
    signs = Category.objects.get(sector__code="roads", code="signs")
    assert suggest_agency(category=signs, municipality=tver).short_name == "Госавтоинспекция"
