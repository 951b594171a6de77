"""Near-duplicate messages (feedback.selectors.near_duplicates): the house key of an address, the card's
near-duplicates of one message, and the list's clusters."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from feedback.addresses import address_key
from feedback.models import MassProblem, Message, MessageStatus
from feedback.selectors.near_duplicates import card_suggestion, near_duplicates, suggested_clusters

POTHOLE = "Огромная яма на проезжей части у дома, машины бьют колёса"


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("г. Тверь, ул. Советская, д. 5", "советская 5"),
        ("Советская улица, дом 5", "советская 5"),
        ("ТВЕРЬ, СОВЕТСКАЯ, 5", "советская 5"),
        ("ул.Советская,д.5, кв. 12", "советская 5"),
        ("Советская, 5 а, подъезд 2", "советская 5а"),
        ("ул. Советская, д. 5А", "советская 5а"),
        ("пр-т Ленина 10 у подъезда", "ленина 10"),
        ("ул. Ёлочная, д. 3", "елочная 3"),
        ("г. Тверь, ул. 8 Марта, д. 43", "8 марта 43"),
        ("Конаковский район, д. Горки, ул. Кирова, д. 15", "горки кирова 15"),
        ("Конаковский район, с. Троицкое, ул. Кирова, д. 15", "троицкое кирова 15"),
        ("ул. Набережная, д. 16/2", "набережная 16/2"),
        ("ул. Советская", None),
        ("", None),
    ],
)
def test_it_reduces_an_address_to_its_house(address, key):
    assert address_key(address) == key


def test_the_database_computes_the_same_key(region, make_message):
    addresses = [
        "г. Тверь, ул. Советская, д. 5", "Советская улица, дом 5а", "Конаковский район, д. Горки, ул. Кирова, д. 15",
        "ул.Советская,д.5, кв. 12", "г. Тверь, ул. 8 Марта, д. 43", "ул. Советская", "Ёлочная, 3 б",
        "СОВЕТСКАЯ УЛ., Д. 5А", "«Советская» ул. № 5 — у подъезда", "Советская,   5/2;  кв 3",
    ]
    for address in addresses:
        make_message(region, address=address)
    stored = dict(Message.objects.values_list("address", "place_key"))
    assert stored == {address: address_key(address) for address in addresses}


def test_the_key_needs_no_locale_and_no_icu(region, make_message):
    # The embedded PostgreSQL of `make run` has no ICU, and a database may use the "C" locale, whose
    # lower() leaves Cyrillic capitals as they are: the key must not depend on either.
    from django.db.models.functions import Collate

    from feedback.addresses import place_key_sql

    make_message(region, address="Г. ТВЕРЬ, УЛ. ЁЛОЧНАЯ, Д. 3Б")
    key = Message.objects.annotate(in_c=Collate("address", "C")).annotate(k=place_key_sql("in_c")).values_list("k", flat=True).get()
    assert key == address_key("Г. ТВЕРЬ, УЛ. ЁЛОЧНАЯ, Д. 3Б") == "елочная 3б"
    assert "icu" not in str(Message.objects.annotate(k=place_key_sql()).values("k").query).lower()


@pytest.fixture
def house(region, make_message, routed):
    """make(n, **fields): n open messages about a pothole at ул. Советская, 5 in the roads sector."""

    def make(n=1, *, address="г. Тверь, ул. Советская, д. 5", days_ago=0, text=POTHOLE, **fields):
        made = []
        for _ in range(n):
            message = make_message(region, address=address, text=text, **{**routed, **fields})
            moment = timezone.now() - timedelta(days=days_ago)
            Message.objects.filter(pk=message.pk).update(received_at=moment, registered_at=moment)
            message.refresh_from_db()
            made.append(message)
        return made

    return make


def test_it_finds_messages_about_the_same_house_and_problem(house, people):
    message, *others = house(3)
    spelled_otherwise = house(1, address="Советская улица, дом 5")[0]
    found = near_duplicates(people.operator, message)
    assert {m.pk for m in found} == {*(m.pk for m in others), spelled_otherwise.pk}


def test_it_leaves_out_what_cannot_join(house, people, region):
    message = house(1)[0]
    house(1, address="г. Тверь, ул. Советская, д. 7")  # another house
    house(1, days_ago=9)  # too long ago
    house(1, status=MessageStatus.CLOSED)
    house(1, category=region.categories["Тротуары"])  # another problem
    house(1, municipality=region.rzhev)  # the same street name in another town
    problem = MassProblem.objects.create(title="Яма")
    house(1, mass_problem=problem)  # already in a mass problem
    assert near_duplicates(people.operator, message) == []


def test_it_compares_words_when_a_message_is_not_classified(house, people):
    message = house(1)[0]
    same = house(1, sector=None, category=None, agency=None, status=MessageStatus.NEW, text="Яма на дороге у дома, колёса бьют все машины")[0]
    house(1, sector=None, category=None, agency=None, status=MessageStatus.NEW, text="В подъезде не горит свет уже неделю")
    assert [m.pk for m in near_duplicates(people.operator, message)] == [same.pk]


def test_it_finds_messages_within_a_hundred_metres(house, people):
    message = house(1, address="", latitude=56.8587, longitude=35.9176)[0]
    near = house(1, address="у остановки", latitude=56.8592, longitude=35.9180)[0]  # ~60 m
    house(1, address="", latitude=56.8620, longitude=35.9176)  # ~370 m
    assert [m.pk for m in near_duplicates(people.operator, message)] == [near.pk]


def test_it_shows_only_messages_the_user_may_see(house, people, region):
    message = house(1)[0]
    house(2, agency=region.transport)
    assert near_duplicates(people.clerk, message) == []
    assert len(near_duplicates(people.operator, message)) == 2


def test_the_card_suggests_from_three_messages(house, people):
    first, second = house(2)
    assert card_suggestion(people.operator, first) is None
    third = house(1)[0]
    suggestion = card_suggestion(people.operator, first)
    assert suggestion.count == 3
    assert suggestion.ids == [first.pk, second.pk, third.pk]
    assert suggestion.title == "Ямы и выбоины — г. Тверь, ул. Советская, д. 5"


def test_the_list_groups_a_house_with_its_count_and_times(house, people, region):
    oldest = house(1, days_ago=5)[0]
    house(1, days_ago=2, address="Советская улица, дом 5")
    newest = house(1)[0]
    house(2, address="г. Тверь, ул. Советская, д. 9")  # two are not a mass problem
    house(3, category=region.categories["Тротуары"], address="г. Тверь, ул. Мира, д. 1", days_ago=10)  # too long ago
    clusters = suggested_clusters(people.operator)
    assert len(clusters) == 1
    cluster = clusters[0]
    assert cluster.count == 3 and cluster.key == "советская 5" and cluster.municipality == "Тверь"
    assert cluster.category == "Ямы и выбоины" and cluster.address == "г. Тверь, ул. Советская, д. 5"
    assert cluster.first_at == oldest.registered_at and cluster.last_at == newest.registered_at
    assert len(suggested_clusters(people.operator, days=14)) == 2


def test_the_list_splits_a_house_by_problem(house, people, region):
    house(3)
    house(3, category=region.categories["Тротуары"])
    house(1, category=region.categories["Ремонт дорог"])
    clusters = suggested_clusters(people.operator)
    assert sorted((c.category, c.count) for c in clusters) == [("Тротуары", 3), ("Ямы и выбоины", 3)]


def test_the_list_is_limited_to_the_users_sectors(house, make_user, people, region):
    from cur.roles import RoleCode

    house(3)
    health_lead = make_user(RoleCode.SECTOR_LEAD, sectors=[region.health])
    assert suggested_clusters(health_lead) == []
    assert len(suggested_clusters(people.lead)) == 1
    assert suggested_clusters(people.other_clerk) == []


def test_the_card_and_the_list_agree_through_linked_messages(house, people):
    message = house(1, text="Огромная яма у дома")[0]
    linked = house(1, text="Яма на дороге, колёса пробиты, асфальт провалился")[0]
    # Shares nothing with the first message, two words with the second.
    through = house(1, sector=None, category=None, agency=None, status=MessageStatus.NEW, text="Асфальт провалился, колёса пробиты")[0]
    assert [m.pk for m in near_duplicates(people.operator, message)] == [linked.pk, through.pk]
    assert [c.ids for c in suggested_clusters(people.operator)] == [[message.pk, linked.pk, through.pk]]


def test_a_house_with_different_problems_is_not_a_cluster(house, people, region):
    from feedback.selectors.near_duplicates import house_groups

    house(1)
    house(1, category=region.categories["Тротуары"])
    house(1, category=region.categories["Ремонт дорог"])
    assert house_groups(people.operator) == []
    house(1, sector=None, category=None, agency=None, status=MessageStatus.NEW, text="Яма на дороге")
    house(1, sector=None, category=None, agency=None, status=MessageStatus.NEW, text="Опять яма")
    assert [(h["place_key"], h["n"]) for h in house_groups(people.operator)] == [("советская 5", 5)]


def test_the_demo_data_has_suggested_mass_problems(db, make_user):
    from django.core.management import call_command

    from cur.roles import RoleCode
    from feedback.demo.generator import generate_demo_data

    call_command("load_reference", verbosity=0)
    call_command("load_demo_region", verbosity=0)
    generate_demo_data(messages=3000, months=1, seed=3)
    clusters = suggested_clusters(make_user(RoleCode.OPERATOR))
    assert len(clusters) >= 3
    for cluster in clusters:
        assert cluster.count >= 3 and cluster.key and cluster.address
        assert len({m.category_id for m in cluster.messages if m.category_id}) <= 1


def test_suggested_messages_are_those_the_workflow_lets_join():
    from feedback.models.messages import MASS_JOINABLE
    from feedback.workflow import TRANSITIONS

    assert set(MASS_JOINABLE) == set(TRANSITIONS["mass_problem"].sources)


def test_an_answered_message_is_not_suggested(house, people):
    message, other = house(2)
    house(1, status=MessageStatus.ANSWERED)
    assert [m.pk for m in near_duplicates(people.operator, message)] == [other.pk]
    assert suggested_clusters(people.operator) == []
