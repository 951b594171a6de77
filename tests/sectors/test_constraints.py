import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sectors.models import Agency, AgencyKind, Category, Municipality, MunicipalityKind, Role, RoutingRule
from sectors.services.category_rules import sector_category_problems


def test_it_allows_one_other_category_per_sector(region):
    with pytest.raises(IntegrityError), transaction.atomic():
        Category.objects.create(sector=region.roads, code="other2", name="Прочее", is_other=True)


def test_it_keeps_category_names_unique_within_a_sector(region):
    with pytest.raises(IntegrityError), transaction.atomic():
        Category.objects.create(sector=region.roads, code="dup", name="Тротуары")
    Category.objects.create(sector=region.health, code="sidewalks", name="Тротуары")


def test_it_limits_categories_to_two_levels_in_one_sector(region):
    top = region.categories["Ямы и выбоины"]
    child = Category.objects.create(sector=region.roads, code="deep", name="Глубокие ямы", parent=top)
    grandchild = Category(sector=region.roads, code="very-deep", name="Очень глубокие", parent=child)
    with pytest.raises(ValidationError, match="два уровня"):
        grandchild.full_clean()
    foreign = Category(sector=region.health, code="x", name="Чужая", parent=top)
    with pytest.raises(ValidationError, match="тому же отраслевому блоку"):
        foreign.full_clean()


def test_it_reports_a_sector_short_of_categories(region):
    assert sector_category_problems(region.roads) == []
    region.categories["Тротуары"].delete()
    region.categories["Дороги: прочие"].delete()
    problems = sector_category_problems(region.roads)
    assert any("меньше 3" in p for p in problems)
    assert any("прочие по направлению" in p for p in problems)


def test_it_does_not_check_an_inactive_sector(region):
    region.roads.is_active = False
    region.categories["Тротуары"].delete()
    assert sector_category_problems(region.roads) == []


def test_it_requires_a_municipality_for_local_government(region):
    with pytest.raises(IntegrityError), transaction.atomic():
        Agency.objects.create(name="Администрация без территории", kind=AgencyKind.LOCAL_GOVERNMENT)
    with pytest.raises(ValidationError):
        Agency(name="Администрация без территории", kind=AgencyKind.LOCAL_GOVERNMENT).full_clean()


def test_it_rejects_an_unknown_agency_kind(region):
    with pytest.raises(IntegrityError), transaction.atomic():
        Agency.objects.create(name="Непонятный орган", kind="ministry")


def test_it_validates_oktmo_codes(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.create(name="Кривой", oktmo="12AB", kind=MunicipalityKind.URBAN_DISTRICT)
    with pytest.raises(ValidationError, match="8 или 11 цифр"):
        Municipality(name="Кривой", oktmo="1234", kind=MunicipalityKind.URBAN_DISTRICT).full_clean()
    Municipality.objects.create(name="Длинный", oktmo="28701000001", kind=MunicipalityKind.RURAL_SETTLEMENT)


def test_it_keeps_one_routing_rule_per_place_and_one_fallback(region):
    category = region.categories["Ямы и выбоины"]
    RoutingRule.objects.create(category=category, municipality=region.tver, agency=region.city)
    RoutingRule.objects.create(category=category, municipality=None, agency=region.transport)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoutingRule.objects.create(category=category, municipality=region.tver, agency=region.transport)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoutingRule.objects.create(category=category, municipality=None, agency=region.city)


def test_it_accepts_only_known_role_codes(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(code="janitor", name="Дворник")
