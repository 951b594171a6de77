"""The classifier's suggestion on the card: preselected, accepted or corrected, counted per sector."""

from __future__ import annotations

from django.urls import reverse

from cur.roles import RoleCode
from feedback.classifier.selectors import acceptance_by_sector
from feedback.models import EventKind


def _card(client, message) -> str:
    return client.get(reverse("feedback:card", args=[message.pk])).content.decode()


def test_it_preselects_the_suggested_category_with_its_confidence(client, region, make_user, make_message, category_model):
    pits, _doctor = category_model
    message = make_message(region, text="Огромная яма на дороге у остановки, колёса пробиваем")
    client.force_login(make_user(RoleCode.OPERATOR))
    body = _card(client, message)
    assert "Подсказка классификатора: Дороги / Ямы и выбоины, уверенность" in body
    assert f'<option value="{pits.pk}" selected>' in body
    assert f'name="classify-suggested_category" value="{pits.pk}"' in body


def test_it_records_an_accepted_and_a_corrected_suggestion(client, region, make_user, make_message, category_model):
    pits, doctor = category_model
    operator = make_user(RoleCode.OPERATOR)
    client.force_login(operator)
    accepted = make_message(region, text="Яма на дороге у дома 3")
    corrected = make_message(region, text="Яма на дороге у дома 4")
    action = "feedback:action"
    for message, chosen in ((accepted, pits), (corrected, doctor)):
        response = client.post(reverse(action, args=[message.pk, "classify"]), {
            "classify-category": chosen.pk, "classify-suggested_category": pits.pk, "classify-suggested_confidence": "0.91",
        })
        assert response.status_code == 302
    events = {e.message_id: e.data["suggestion"] for e in accepted.events.model.objects.filter(kind=EventKind.CLASSIFIED)}
    assert events[accepted.pk] == {"category": pits.pk, "confidence": 0.91, "accepted": True}
    assert events[corrected.pk]["accepted"] is False
    rows = {row["sector"]: row for row in acceptance_by_sector()}
    assert rows["Дороги"]["shown"] == 1 and rows["Дороги"]["accepted"] == 1
    assert rows["Здравоохранение"]["shown"] == 1 and rows["Здравоохранение"]["accepted"] == 0


def test_it_shows_the_acceptance_share_to_the_head(client, region, make_user, make_message, category_model):
    pits, _doctor = category_model
    client.force_login(make_user(RoleCode.OPERATOR))
    message = make_message(region, text="Яма на дороге у дома 3")
    client.post(reverse("feedback:action", args=[message.pk, "classify"]),
                {"classify-category": pits.pk, "classify-suggested_category": pits.pk, "classify-suggested_confidence": "0.8"})
    client.force_login(make_user(RoleCode.HEAD))
    body = client.get(reverse("feedback:classifier")).content.decode()
    assert "Принятые подсказки по блокам" in body and "100,0 %" in body


def test_it_suggests_nothing_without_an_active_version(client, region, make_user, make_message):
    message = make_message(region, text="Яма на дороге у дома 3")
    client.force_login(make_user(RoleCode.OPERATOR))
    body = _card(client, message)
    assert "Подсказка классификатора" not in body
    assert 'name="classify-suggested_category"' in body and 'name="classify-suggested_category" value' not in body


def test_it_does_not_suggest_for_a_classified_message(client, region, make_user, make_message, category_model):
    message = make_message(region, text="Яма на дороге у дома 3", sector=region.health, category=region.categories["Запись к врачу"])
    client.force_login(make_user(RoleCode.OPERATOR))
    assert "Подсказка классификатора" not in _card(client, message)


def test_it_keeps_the_suggestions_hidden_fields_out_of_sight(client, region, make_user, make_message, category_model):
    message = make_message(region, text="Огромная яма на дороге у остановки")
    client.force_login(make_user(RoleCode.OPERATOR))
    body = _card(client, message)
    assert 'type="hidden" name="classify-suggested_category"' in body
    assert "Suggested" not in body and "Предложенная категория" not in body
