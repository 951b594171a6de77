"""Loading reference data and the demo region. Safe to re-run: only what is missing is added,
so edits the head made in the admin are never overwritten."""

from __future__ import annotations

from collections import Counter

from django.contrib.auth import get_user_model
from django.db import transaction

from cur.roles import ROLE_SCOPES, RoleCode, RoleScope
from sectors.models import (
    Agency,
    AgencyKind,
    Category,
    Municipality,
    Official,
    Role,
    RoleAssignment,
    RoutingRule,
    Sector,
)
from sectors.reference import catalog, tver

DEMO_PASSWORD = "demo"

# Cities whose administration is named by the city in the genitive; the rest use «МО «…»».
_CITY_ADMINISTRATIONS = {
    "Тверь": "Администрация города Твери",
    "Ржев": "Администрация города Ржева",
    "Кимры": "Администрация города Кимры",
    "Торжок": "Администрация города Торжка",
}


def local_administration_name(municipality_name: str) -> str:
    return _CITY_ADMINISTRATIONS.get(municipality_name, f"Администрация МО «{municipality_name}»")


@transaction.atomic
def load_reference() -> Counter:
    """Sectors with their categories and the ЦУР's roles; the kinds of messages and channels are the
    messages app's (feedback.services.reference), loaded beside these by `manage.py load_reference`."""
    created: Counter = Counter()
    for order, (code, name, short, categories) in enumerate(catalog.SECTORS):
        sector, new = Sector.objects.get_or_create(code=code, defaults={"name": name, "short_name": short, "order": order})
        created["отраслевые блоки"] += new
        for cat_order, (cat_code, cat_name, children) in enumerate([*categories, (*catalog.OTHER_CATEGORY, [])]):
            category, new = Category.objects.get_or_create(
                sector=sector, code=cat_code,
                defaults={"name": cat_name, "order": cat_order, "is_other": cat_code == catalog.OTHER_CATEGORY[0]},
            )
            created["категории"] += new
            for child_order, child_name in enumerate(children):
                _, new = Category.objects.get_or_create(
                    sector=sector, code=f"{cat_code}-{child_order + 1}",
                    defaults={"name": child_name, "parent": category, "order": child_order},
                )
                created["категории"] += new
    for code, description in catalog.ROLES:
        _, new = Role.objects.get_or_create(
            code=code,
            defaults={"name": RoleCode(code).label, "scope": ROLE_SCOPES.get(code, RoleScope.GLOBAL), "description": description},
        )
        created["роли"] += new
    return created


@transaction.atomic
def load_demo_region() -> Counter:
    created: Counter = Counter()
    sectors = {s.code: s for s in Sector.objects.all()}
    if not sectors:
        raise RuntimeError("Сначала загрузите справочники: python manage.py load_reference")

    municipalities = {}
    for index, (name, kind, population) in enumerate(tver.MUNICIPALITIES):
        oktmo = "28701000" if name == "Тверь" else f"28{702 + index * 3:03d}000"
        municipality, new = Municipality.objects.get_or_create(
            name=name, kind=kind, defaults={"oktmo": oktmo, "population": population}
        )
        municipalities[name] = municipality
        created["муниципальные образования"] += new

    agencies: dict[str, Agency] = {}

    def agency(name, short, kind, *, parent=None, municipality=None, sector_codes=()):
        obj, new = Agency.objects.get_or_create(
            name=name, defaults={"short_name": short, "kind": kind, "parent": parent, "municipality": municipality}
        )
        if new:
            obj.sectors.set([sectors[c] for c in sector_codes if c in sectors])
        created["органы и организации"] += new
        agencies[obj.short_name or obj.name] = obj
        return obj

    for name, short, sector_codes in tver.MINISTRIES:
        agency(name, short, AgencyKind.EXECUTIVE, sector_codes=sector_codes)
    for name, short, kind, parent, sector_codes in tver.OTHER_AGENCIES:
        agency(name, short, kind, parent=agencies.get(parent), sector_codes=sector_codes)
    local = {}
    for name, municipality in municipalities.items():
        admin_name = local_administration_name(name)
        local[name] = agency(admin_name, "", AgencyKind.LOCAL_GOVERNMENT, municipality=municipality, sector_codes=tver.LOCAL_SECTORS)
        agencies[admin_name] = local[name]

    categories = {(c.sector.code, c.code): c for c in Category.objects.select_related("sector").filter(parent__isnull=True)}
    for (sector_code, cat_code), (scope, fallback) in tver.ROUTING.items():
        category = categories.get((sector_code, cat_code))
        if category is None:
            continue
        _, new = RoutingRule.objects.get_or_create(category=category, municipality=None, defaults={"agency": agencies[fallback]})
        created["правила маршрутизации"] += new
        if scope == "local":
            for name, municipality in municipalities.items():
                _, new = RoutingRule.objects.get_or_create(category=category, municipality=municipality, defaults={"agency": local[name]})
                created["правила маршрутизации"] += new

    created.update(_load_officials(sectors, agencies))
    return created


def _load_officials(sectors: dict[str, Sector], agencies: dict[str, Agency]) -> Counter:
    created: Counter = Counter()
    users = get_user_model().objects
    roles = {r.code: r for r in Role.objects.all()}
    for index, (login, full_name, position, agency_short, role_code, sector_codes) in enumerate(tver.OFFICIALS, 1):
        user = None
        if login:
            last, first, *rest = full_name.split()
            user, new = users.get_or_create(
                username=login,
                defaults={"last_name": last, "first_name": first, "patronymic": " ".join(rest),
                          "email": f"{login}@cur.example", "is_staff": role_code == RoleCode.HEAD,
                          "is_superuser": role_code == RoleCode.HEAD},
            )
            if new:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
                created["демо-пользователи"] += 1
        official, new = Official.objects.get_or_create(
            full_name=full_name, position=position,
            defaults={
                "agency": agencies.get(agency_short) if agency_short else None,
                "user": user,
                # Fictional contacts in a reserved domain: the demo must not reach real people.
                "email": f"{login}@cur.example" if login else "",
                "phone": f"+7 (4822) 30-00-{index:02d}" if login else "",
            },
        )
        created["должностные лица"] += new
        assignment, new = RoleAssignment.objects.get_or_create(official=official, role=roles[role_code], defaults={"basis": "Распоряжение Правительства Тверской области о создании ЦУР"})
        if new and sector_codes:
            assignment.sectors.set([sectors[c] for c in sector_codes])
    return created


def demo_logins() -> list[tuple[str, str, str]]:
    """(login, full name, role names) of the demo users that exist."""
    rows = []
    for login, *_ in tver.OFFICIALS:
        if not login:
            continue
        official = (
            Official.objects.filter(user__username=login)
            .select_related("user", "agency")
            .prefetch_related("role_assignments__role", "role_assignments__sectors")
            .first()
        )
        if official:
            rows.append((login, official.full_name, ", ".join(_role_label(a, official) for a in official.role_assignments.all())))
    return rows


def _role_label(assignment: RoleAssignment, official: Official) -> str:
    scope = [s.short_name or s.name for s in assignment.sectors.all()]
    if assignment.role.code == RoleCode.AGENCY_EXECUTOR and official.agency:
        scope = [official.agency.short_name or official.agency.name]
    return f"{assignment.role.name} ({', '.join(scope)})" if scope else assignment.role.name
