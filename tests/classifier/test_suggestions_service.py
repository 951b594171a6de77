"""Analysis of arriving messages: the stored suggestion and tone, kept fresh, used by every
classification path to record whether the operator accepted it."""

from __future__ import annotations

import pytest

from cur.roles import RoleCode
from feedback.models import EventKind, MessageSuggestion
from feedback.services import suggestions, triage


def test_it_stores_the_suggestion_and_the_tone(region, make_message, category_model):
    pits, doctor = category_model
    pit = make_message(region, text="Огромная яма на дороге у дома 7, это беспредел!")
    queue = make_message(region, text="Не могу записаться к врачу в поликлинику, талонов нет")
    suggestions.messages_analyse(message_ids=[pit.pk, queue.pk])
    stored = {s.message_id: s for s in MessageSuggestion.objects.all()}
    assert stored[pit.pk].category_id == pits.pk and stored[queue.pk].category_id == doctor.pk
    assert 0.5 < stored[pit.pk].confidence <= 1
    assert stored[pit.pk].tone == ["conflict"] and stored[queue.pk].tone == []


def test_without_an_active_model_it_still_reads_the_tone(region, make_message):
    message = make_message(region, text="Сожгу вашу администрацию, если не уберёте свалку")
    suggestions.messages_analyse(message_ids=[message.pk])
    stored = MessageSuggestion.objects.get(message=message)
    assert stored.category_id is None and stored.confidence is None and stored.tone == ["threat"]


def test_analysing_again_refreshes_the_row(region, make_message, category_model):
    message = make_message(region, text="Яма на дороге у дома 3")
    MessageSuggestion.objects.create(message=message, tone=["threat"])
    suggestions.messages_analyse(message_ids=[message.pk])
    assert MessageSuggestion.objects.count() == 1
    assert MessageSuggestion.objects.get().tone == [] and MessageSuggestion.objects.get().category_id is not None


def test_a_bulk_classification_records_the_stored_suggestion(region, make_message, make_user, category_model):
    pits, doctor = category_model
    operator = make_user(RoleCode.OPERATOR)
    kept = make_message(region, text="Яма на дороге у дома 3")
    changed = make_message(region, text="Яма на дороге у дома 4")
    suggestions.messages_analyse(message_ids=[kept.pk, changed.pk])
    triage.message_classify(message=kept, category=pits, by=operator)
    triage.message_classify(message=changed, category=doctor, by=operator)
    seen = {e.message_id: e.data["suggestion"] for e in kept.events.model.objects.filter(kind=EventKind.CLASSIFIED)}
    assert seen[kept.pk]["accepted"] is True and seen[kept.pk]["category"] == pits.pk
    assert seen[changed.pk]["accepted"] is False


def test_reclassifying_an_operators_decision_does_not_judge_the_model(region, make_message, make_user, category_model):
    pits, doctor = category_model
    operator = make_user(RoleCode.OPERATOR)
    message = make_message(region, text="Яма на дороге у дома 3")
    suggestions.messages_analyse(message_ids=[message.pk])
    triage.message_classify(message=message, category=doctor, by=operator)
    triage.message_classify(message=message, category=region.categories["Тротуары"], by=operator)
    last = message.events.filter(kind=EventKind.CLASSIFIED).order_by("-id").first()
    assert "suggestion" not in last.data


def test_the_sweep_finds_recent_messages_without_analysis(region, make_message):
    done = make_message(region, text="Яма")
    missed = make_message(region, text="Яма на Садовой")
    MessageSuggestion.objects.create(message=done)
    assert suggestions.unanalysed_recent_messages(limit=10) == [missed.pk]


def test_the_threshold_is_between_half_and_one(region, make_user):
    head = make_user(RoleCode.HEAD)
    with pytest.raises(ValueError, match="от 50 до 100"):
        suggestions.sector_auto_routing_set(sector=region.roads, min_confidence=0.3, by=head)
    setting = suggestions.sector_auto_routing_set(sector=region.roads, min_confidence=0.9, by=head)
    assert setting.min_confidence == 0.9
    assert suggestions.sector_auto_routing_set(sector=region.roads, min_confidence=None, by=head).min_confidence is None


def _incoming(text, n):
    from django.utils import timezone

    from feedback.services.intake import IncomingMessage

    return IncomingMessage(text=text, received_at=timezone.now(), external_id=f"ext-{n}")


def test_intake_analyses_new_messages_after_its_commit(region, django_capture_on_commit_callbacks, category_model):
    from feedback.services.intake import messages_ingest

    pits, _doctor = category_model
    with django_capture_on_commit_callbacks(execute=True):
        result = messages_ingest(channel=region.pos, items=[_incoming("Яма на дороге у дома 9, это беспредел", 1)])
    stored = MessageSuggestion.objects.get(message=result.created[0])
    assert stored.category_id == pits.pk and stored.tone == ["conflict"]
    with django_capture_on_commit_callbacks(execute=True):
        again = messages_ingest(channel=region.pos, items=[_incoming("Яма на дороге", 1)])  # a re-delivery
    assert again.created == [] and MessageSuggestion.objects.count() == 1


def test_an_archive_import_may_skip_the_analysis(region, django_capture_on_commit_callbacks):
    from feedback.services.intake import messages_ingest

    with django_capture_on_commit_callbacks(execute=True):
        messages_ingest(channel=region.pos, items=[_incoming("Яма", 2)], analyse=False)
    assert not MessageSuggestion.objects.exists()


def test_the_sweep_leaves_messages_alone_while_the_analysis_is_off(region, make_message, settings):
    from feedback.tasks import analyse_missed_messages

    make_message(region, text="Сожгу всё")
    settings.CUR_ANALYSE_ON_INTAKE = False
    assert analyse_missed_messages() == 0 and not MessageSuggestion.objects.exists()
    settings.CUR_ANALYSE_ON_INTAKE = True
    assert analyse_missed_messages() == 1 and MessageSuggestion.objects.get().tone == ["threat"]
