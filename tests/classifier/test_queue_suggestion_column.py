"""The queue shows the stored suggestion for rows waiting for a category, accepts it in one POST
(the «a» key submits that form) and filters by tone."""

from __future__ import annotations

from django.urls import reverse

from cur.roles import RoleCode
from feedback.models import EventKind, MessageStatus
from feedback.services import suggestions

URL = "/messages/"


def test_unclassified_rows_show_the_suggestion_and_its_confidence(client, region, make_user, make_message, category_model):
    pits, _doctor = category_model
    waiting = make_message(region, text="Огромная яма на дороге у остановки")
    done = make_message(region, text="Яма у дома 3", sector=region.roads, category=region.categories["Тротуары"], status=MessageStatus.CLASSIFIED)
    suggestions.messages_analyse(message_ids=[waiting.pk, done.pk])
    client.force_login(make_user(RoleCode.OPERATOR))
    body = client.get(URL).content.decode()
    hint = waiting.suggestion.percent
    assert f"подсказка: <span class=\"cur-hint-name\">Дороги · Ямы и выбоины</span> <span class=\"tabular\">{hint}&nbsp;%" in body
    assert body.count("data-cur-hint") == 1  # the classified message shows its own category
    assert f'action="/messages/{waiting.pk}/classify/"' in body


def test_accepting_from_the_queue_classifies_and_returns_to_the_same_page(client, region, make_user, make_message, category_model):
    pits, _doctor = category_model
    message = make_message(region, text="Огромная яма на дороге у остановки")
    suggestions.messages_analyse(message_ids=[message.pk])
    client.force_login(make_user(RoleCode.OPERATOR))
    page = f"{URL}?unclassified=1"
    response = client.post(reverse("feedback:action", args=[message.pk, "classify"]), {
        "classify-category": pits.pk, "classify-suggested_category": pits.pk,
        "classify-suggested_confidence": f"{message.suggestion.confidence:.4f}", "next": page,
    })
    assert response.status_code == 302 and response.url == page
    message.refresh_from_db()
    assert message.category_id == pits.pk and message.status == MessageStatus.CLASSIFIED
    assert message.events.get(kind=EventKind.CLASSIFIED).data["suggestion"]["accepted"] is True


def test_a_foreign_next_address_is_ignored(client, region, make_user, make_message, category_model):
    pits, _doctor = category_model
    message = make_message(region, text="Яма на дороге")
    client.force_login(make_user(RoleCode.OPERATOR))
    response = client.post(reverse("feedback:action", args=[message.pk, "classify"]), {
        "classify-category": pits.pk, "next": "https://evil.example/messages/",
    })
    assert response.url == reverse("feedback:card", args=[message.pk])


def test_agency_staff_see_the_tone_but_cannot_accept(client, region, make_user, make_message, category_model):
    message = make_message(region, text="Это беспредел, ямы по колено", status=MessageStatus.ROUTED, agency=region.transport,
                           sector=region.roads, category=region.categories["Ямы и выбоины"])
    suggestions.messages_analyse(message_ids=[message.pk])
    client.force_login(make_user(RoleCode.AGENCY_EXECUTOR, agency=region.transport))
    body = client.get(URL).content.decode()
    assert "острый конфликт" in body and "data-cur-accept" not in body


def test_the_tone_filter_keeps_only_flagged_messages(client, region, make_user, make_message):
    calm = make_message(region, text="Прошу убрать мусор у дома 5")
    angry = make_message(region, text="Если не уберёте, подожгу эту свалку сам")
    unread = make_message(region, text="Сожгу всё")  # not analysed yet: not flagged
    suggestions.messages_analyse(message_ids=[calm.pk, angry.pk])
    client.force_login(make_user(RoleCode.OPERATOR))
    response = client.get(URL, {"tone": "1"})
    assert [m.pk for m in response.context["rows"]] == [angry.pk]
    assert unread.pk not in [m.pk for m in response.context["rows"]]
    body = response.content.decode()
    assert "угрозы" in body and 'data-quick="tone"' in body


def test_the_queue_refuses_a_user_without_a_queue_role(client, make_user):
    client.force_login(make_user(RoleCode.MEDIA))
    assert client.get(URL, {"tone": "1"}).status_code == 403
