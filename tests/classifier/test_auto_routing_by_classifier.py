"""Auto-classification above the head's per-sector threshold (feedback.services.suggestions):
new messages are classified and routed without an operator, never over an operator's decision."""

from __future__ import annotations

import pytest

from cur.roles import RoleCode
from feedback.models import EventKind, MessageStatus, MessageSuggestion
from feedback.services import suggestions, triage
from sectors.models import RoutingRule


@pytest.fixture
def roads_on(region, make_user, category_model):
    """Roads auto-classified from 50 %; potholes go to the transport ministry."""
    pits, _doctor = category_model
    RoutingRule.objects.create(category=pits, agency=region.transport)
    suggestions.sector_auto_routing_set(sector=region.roads, min_confidence=0.5, by=make_user(RoleCode.HEAD))
    return pits


def test_a_confident_suggestion_classifies_and_routes(region, make_message, roads_on, django_capture_on_commit_callbacks):
    message = make_message(region, text="Огромная яма на дороге у остановки, колёса пробиваем")
    with django_capture_on_commit_callbacks(execute=True):
        suggestions.messages_analyse(message_ids=[message.pk])
    message.refresh_from_db()
    assert message.category_id == roads_on.pk and message.sector_id == region.roads.pk
    assert message.status == MessageStatus.ROUTED and message.agency_id == region.transport.pk
    events = {e.kind: e for e in message.events.all()}
    assert events[EventKind.CLASSIFIED].actor_id is None and events[EventKind.CLASSIFIED].data["auto"] == "classifier"
    assert events[EventKind.ROUTED].data["agency"] == region.transport.pk


def test_other_sectors_and_low_confidence_wait_for_an_operator(region, make_message, roads_on, make_user):
    doctor = make_message(region, text="Не могу записаться к врачу в поликлинику, талонов нет")  # health: off
    suggestions.messages_analyse(message_ids=[doctor.pk])
    doctor.refresh_from_db()
    assert doctor.status == MessageStatus.NEW and doctor.category_id is None
    suggestions.sector_auto_routing_set(sector=region.roads, min_confidence=1.0, by=make_user(RoleCode.HEAD))
    pit = make_message(region, text="Яма на дороге")
    suggestions.messages_analyse(message_ids=[pit.pk])
    pit.refresh_from_db()
    assert pit.status == MessageStatus.NEW and MessageSuggestion.objects.get(message=pit).confidence < 1.0


def test_an_operators_decision_is_never_overridden(region, make_message, make_user, roads_on):
    message = make_message(region, text="Огромная яма на дороге у остановки")
    triage.message_classify(message=message, category=region.categories["Тротуары"], by=make_user(RoleCode.OPERATOR))
    suggestions.messages_analyse(message_ids=[message.pk])
    message.refresh_from_db()
    assert message.category == region.categories["Тротуары"] and message.status == MessageStatus.CLASSIFIED


def test_an_operator_correcting_an_auto_classification_counts_against_the_model(region, make_message, make_user, roads_on):
    message = make_message(region, text="Огромная яма на дороге у остановки")
    suggestions.messages_analyse(message_ids=[message.pk])
    message.refresh_from_db()
    triage.message_classify(message=message, category=region.categories["Тротуары"], by=make_user(RoleCode.OPERATOR))
    correction = message.events.filter(kind=EventKind.CLASSIFIED, actor__isnull=False).get()
    assert correction.data["suggestion"] == {"category": roads_on.pk, "confidence": message.suggestion.confidence, "accepted": False}


def test_the_classifier_page_counts_automatic_classifications(client, region, make_message, make_user, roads_on):
    from feedback.classifier.selectors import auto_routing_rows

    suggestions.messages_analyse(message_ids=[make_message(region, text="Яма на дороге у дома 3").pk])
    rows = {row["sector"].pk: row for row in auto_routing_rows()}
    assert rows[region.roads.pk]["automatic"] == 1 and rows[region.roads.pk]["threshold"] == 0.5
    assert rows[region.health.pk]["automatic"] == 0 and rows[region.health.pk]["threshold"] is None
