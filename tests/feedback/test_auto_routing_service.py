"""Classifying and routing without an operator (intake, classifier): the same result and history
as an operator's classify + route, for many messages in a few queries."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from feedback.models import (
    DeadlinePolicy,
    DeadlineUnit,
    EventKind,
    MessageStatus,
    WebhookDelivery,
    WebhookEndpoint,
)
from feedback.services.auto_routing import messages_classify_and_route
from sectors.models import Category, RoutingRule

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules(region):
    potholes = region.categories["Ямы и выбоины"]
    RoutingRule.objects.create(category=potholes, agency=region.transport)  # the category's fallback
    RoutingRule.objects.create(category=potholes, municipality=region.tver, agency=region.city)
    region.city.email = "city@tver.example"
    region.city.save(update_fields=["email"])
    return potholes


def test_it_classifies_and_routes_by_the_place_rule_with_events_like_an_operators(region, make_message, rules, django_capture_on_commit_callbacks):
    message = make_message(region)
    with django_capture_on_commit_callbacks(execute=True):
        [changed] = messages_classify_and_route(pairs=[(message, rules)], source="classifier")
    message.refresh_from_db()
    assert changed.pk == message.pk
    assert (message.status, message.sector, message.category, message.agency) == (MessageStatus.ROUTED, region.roads, rules, region.city)
    events = list(message.events.order_by("at", "id").values_list("kind", "from_status", "to_status", "data"))
    assert [e[:3] for e in events] == [
        (EventKind.CREATED, "", MessageStatus.NEW),
        (EventKind.CLASSIFIED, MessageStatus.NEW, MessageStatus.CLASSIFIED),
        (EventKind.ROUTED, MessageStatus.CLASSIFIED, MessageStatus.ROUTED),
    ]
    assert events[1][3]["auto"] == "classifier" and events[1][3]["category"] == rules.id
    assert events[2][3] == {"agency": region.city.id, "previous_agency": None, "auto": "classifier"}
    # The agency is told, as after an operator's routing.
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["city@tver.example"] and message.number in mail.outbox[0].subject


def test_it_falls_back_to_the_category_rule_and_the_parents_rule(region, make_message, rules):
    in_rzhev = make_message(region)
    in_rzhev.municipality = region.rzhev
    in_rzhev.save(update_fields=["municipality"])
    deep = Category.objects.create(sector=region.roads, parent=rules, code="roads-deep", name="Глубокие ямы")
    in_tver = make_message(region)
    messages_classify_and_route(pairs=[(in_rzhev, rules), (in_tver, deep)], source="api")
    in_rzhev.refresh_from_db()
    in_tver.refresh_from_db()
    assert in_rzhev.agency == region.transport  # no rule for Ржев: the category's fallback
    assert (in_tver.agency, in_tver.category) == (region.city, deep)  # the subcategory uses its parent's rules


def test_it_only_classifies_when_no_rule_fits_and_nobody_is_told(region, make_message, rules, django_capture_on_commit_callbacks):
    message = make_message(region)
    doctors = region.categories["Запись к врачу"]
    with django_capture_on_commit_callbacks(execute=True):
        messages_classify_and_route(pairs=[(message, doctors)], source="classifier")
    message.refresh_from_db()
    assert (message.status, message.category, message.agency) == (MessageStatus.CLASSIFIED, doctors, None)
    assert not message.events.filter(kind=EventKind.ROUTED).exists()
    assert mail.outbox == []


def test_it_recomputes_deadlines_by_the_categorys_policy(region, make_message, rules):
    message = make_message(region)
    DeadlinePolicy.objects.create(kind=region.pos_kind, category=rules, answer_term=2, answer_unit=DeadlineUnit.CALENDAR_DAYS)
    before = message.deadline_at
    messages_classify_and_route(pairs=[(message, rules)], source="classifier")
    message.refresh_from_db()
    assert message.deadline_at < before
    assert message.events.get(kind=EventKind.CLASSIFIED).data["deadline_changed"] is True


def test_it_leaves_messages_an_operator_took_up_and_withdrawn_categories(region, make_message, rules):
    taken = make_message(region, status=MessageStatus.CLASSIFIED)
    fresh = make_message(region)
    sidewalks = region.categories["Тротуары"]
    sidewalks.is_active = False
    sidewalks.save(update_fields=["is_active"])
    changed = messages_classify_and_route(pairs=[(taken, rules), (fresh, sidewalks)], source="classifier")
    assert changed == []
    taken.refresh_from_db()
    fresh.refresh_from_db()
    assert (taken.agency, fresh.status, fresh.category) == (None, MessageStatus.NEW, None)


def test_it_queues_the_agencys_webhook(region, make_message, rules, django_capture_on_commit_callbacks, enqueued):
    endpoint = WebhookEndpoint.objects.create(agency=region.city, url="https://city.example/hook", secret="s")
    WebhookEndpoint.objects.create(agency=region.transport, url="https://transport.example/hook", secret="t")
    message = make_message(region)
    with django_capture_on_commit_callbacks(execute=True):
        messages_classify_and_route(pairs=[(message, rules)], source="classifier")
    [delivery] = WebhookDelivery.objects.all()
    assert (delivery.endpoint, delivery.message_id, delivery.event) == (endpoint, message.pk, "message.routed")
    assert delivery.payload["message"]["number"] == message.number and delivery.payload["message"]["agency"] == region.city.name
    assert [args for name, args in enqueued if name == "feedback.tasks.deliver_webhook"] == [(delivery.pk,)]


def test_it_costs_the_same_few_queries_for_ten_or_two_hundred_messages(region, make_message, rules):
    def queries(count: int) -> int:
        messages = [make_message(region) for _ in range(count)]
        with CaptureQueriesContext(connection) as captured:
            changed = messages_classify_and_route(pairs=[(m, rules) for m in messages], source="classifier")
        assert len(changed) == count
        return len(captured)

    first = queries(1)  # also reads the categories, rules and endpoints the process then keeps
    assert queries(10) == queries(200) <= first <= 10
