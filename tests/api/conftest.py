"""Integrated systems and their tokens: a channel's system, an agency's system, and outsiders."""

import pytest
from rest_framework.test import APIClient

from cur.roles import RoleCode
from feedback.api.tokens import token_issue
from feedback.models import ApiScope, IntegrationSystem

ALL = [s.value for s in ApiScope]


@pytest.fixture
def api_client():
    def factory(key: str | None = None, keyword: str = "Token"):
        client = APIClient()
        if key:
            client.credentials(HTTP_AUTHORIZATION=f"{keyword} {key}")
        return client

    return factory


@pytest.fixture
def make_system(region):
    names = iter(range(1, 1000))

    def factory(name="ПОС", *, channel=None, scopes=ALL, agency=None, user=None, rate=None):
        system = IntegrationSystem.objects.create(
            name=f"{name} {next(names)}", channel=channel or region.pos, scopes=list(scopes), agency=agency, user=user, rate_per_minute=rate,
        )
        _token, key = token_issue(system=system)
        return system, key

    return factory


@pytest.fixture
def pos(make_system, api_client):
    """The federal platform's system: creates messages in the «pos» channel and reads them."""
    _system, key = make_system()
    return api_client(key)


@pytest.fixture
def city_clerk(region, make_user):
    return make_user(RoleCode.AGENCY_EXECUTOR, agency=region.city)


@pytest.fixture
def city_system(region, make_system, api_client, city_clerk):
    """The city administration's document system, answering as its executor."""
    _system, key = make_system("СЭД администрации", channel=region.letter, agency=region.city, user=city_clerk)
    return api_client(key)


def item(n=1, **fields):
    return {"external_id": f"pos-{n}", "text": f"Яма на улице Советской, дом {n}", "received_at": "2026-11-30T10:00:00+03:00", "municipality": "Тверь", **fields}


@pytest.fixture
def routed(region):
    """Fields of a message routed to the city administration in the roads sector."""
    from feedback.models import MessageStatus

    return {"status": MessageStatus.ROUTED, "sector": region.roads, "category": region.categories["Ямы и выбоины"], "agency": region.city}
