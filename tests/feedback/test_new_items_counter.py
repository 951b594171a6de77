from django.core.cache import cache

from cur.roles import RoleCode
from feedback.models import MessageStatus
from feedback.selectors.counters import new_items_for


def test_it_counts_what_waits_for_an_operator(region, make_message, make_user):
    cache.clear()
    make_message(region)
    make_message(region, status=MessageStatus.ANSWERED, agency=region.city, sector=region.roads, category=region.categories["Тротуары"])
    make_message(region, status=MessageStatus.CLOSED)
    items = new_items_for(make_user(RoleCode.OPERATOR))
    assert items.total == 2
    assert dict(items.parts) == {"новые": 1, "ответы на проверке": 1, "запросы переадресации": 0}


def test_it_counts_only_the_agencys_own_messages(region, make_message, make_user):
    cache.clear()
    routed = {"sector": region.roads, "category": region.categories["Тротуары"]}
    make_message(region, status=MessageStatus.ROUTED, agency=region.city, **routed)
    make_message(region, status=MessageStatus.RETURNED, agency=region.city, **routed)
    make_message(region, status=MessageStatus.ROUTED, agency=region.transport, **routed)
    assert new_items_for(make_user(RoleCode.AGENCY_EXECUTOR, agency=region.city)).total == 2
    assert new_items_for(make_user(RoleCode.AGENCY_EXECUTOR, agency=region.minzdrav)).total == 0


def test_it_shows_no_counter_to_those_who_triage_nothing(region, make_user):
    assert new_items_for(make_user(RoleCode.GOVERNOR_OFFICE)) is None
    assert new_items_for(make_user(RoleCode.SECTOR_LEAD, sectors=[region.roads])) is None


def test_it_shows_the_bell_in_the_navbar(client, region, make_message, make_user):
    cache.clear()
    make_message(region)
    client.force_login(make_user(RoleCode.OPERATOR))
    page = client.get("/").content.decode()
    assert 'data-cur="new-items"' in page and "новые: 1" in page
    client.force_login(make_user(RoleCode.GOVERNOR_OFFICE))
    assert 'data-cur="new-items"' not in client.get("/").content.decode()
