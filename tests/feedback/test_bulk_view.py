"""Bulk actions from the queue (POST /messages/bulk/): each message through its service, one report."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils.encoding import iri_to_uri

from cur.roles import RoleCode
from feedback.models import MessageStatus
from feedback.views.bulk import LISTED_REFUSALS, BulkResult
from sectors.models import RoutingRule


def bulk(client, ids, operation, **fields):
    data = {"ids": [str(i) for i in ids], "operation": operation, **fields}
    return client.post(reverse("feedback:bulk"), data)


def report(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def statuses(*messages):
    for m in messages:
        m.refresh_from_db()
    return [m.status for m in messages]


def test_it_classifies_the_selection_and_reports_refusals(client, region, make_message, people):
    new1, new2 = make_message(region), make_message(region)
    closed = make_message(region, status=MessageStatus.CLOSED)
    client.force_login(people.operator)
    queue = reverse("feedback:queue") + "?q=яма&unclassified=1"
    response = bulk(client, [new1.pk, new2.pk, closed.pk, 987654321], "classify", category=region.categories["Тротуары"].pk, next=queue)
    assert response.status_code == 302 and response.url == iri_to_uri(queue)
    text = report(response)
    assert text.startswith("Выполнено для 2, отказано для 2: ")
    assert f"№ {closed.number} — Действие «Классифицировать» невозможно: сообщение в состоянии «закрыто»" in text
    assert "№ 987654321 — не найдено или недоступно" in text
    assert statuses(new1, new2) == [MessageStatus.CLASSIFIED] * 2


def test_it_routes_by_the_routing_rule_of_each_message(client, region, make_message, people):
    potholes, pavements = region.categories["Ямы и выбоины"], region.categories["Тротуары"]
    RoutingRule.objects.create(category=potholes, agency=region.transport)
    RoutingRule.objects.create(category=pavements, municipality=region.tver, agency=region.city)
    a = make_message(region, status=MessageStatus.CLASSIFIED, sector=region.roads, category=potholes)
    b = make_message(region, status=MessageStatus.CLASSIFIED, sector=region.roads, category=pavements)
    c = make_message(region, status=MessageStatus.CLASSIFIED, sector=region.health, category=region.categories["Запись к врачу"])
    d = make_message(region)
    client.force_login(people.operator)
    text = report(bulk(client, [a.pk, b.pk, c.pk, d.pk], "route", agency="rule"))
    assert text.startswith("Выполнено для 2, отказано для 2")
    assert "нет правила маршрутизации для категории «Запись к врачу»" in text and "не классифицировано" in text
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.agency, b.agency) == (region.transport, region.city)


def test_it_routes_to_one_chosen_agency(client, region, make_message, people):
    a = make_message(region, status=MessageStatus.CLASSIFIED, sector=region.roads, category=region.categories["Тротуары"])
    client.force_login(people.operator)
    assert report(bulk(client, [a.pk], "route", agency=str(region.minzdrav.pk))) == "Выполнено для 1, отказано для 0."
    a.refresh_from_db()
    assert a.agency == region.minzdrav and a.status == MessageStatus.ROUTED


def test_it_closes_duplicates_of_one_message_but_not_the_message_itself(client, region, make_message, people):
    original, a, b = make_message(region), make_message(region), make_message(region)
    client.force_login(people.operator)
    text = report(bulk(client, [original.pk, a.pk, b.pk], "duplicate", original=original.number))
    assert text == f"Выполнено для 2, отказано для 1: № {original.number} — Сообщение не может быть дубликатом самого себя"
    assert statuses(original, a, b) == [MessageStatus.NEW, MessageStatus.DUPLICATE, MessageStatus.DUPLICATE]


def test_it_rejects_as_spam(client, region, make_message, people):
    a, b = make_message(region), make_message(region)
    client.force_login(people.operator)
    assert report(bulk(client, [a.pk, b.pk], "spam")) == "Выполнено для 2, отказано для 0."
    assert statuses(a, b) == [MessageStatus.REJECTED] * 2
    assert a.events.last().note == "Спам"


@pytest.mark.parametrize(
    ("ids", "operation", "fields", "error"),
    [
        ([], "spam", {}, "Отметьте сообщения в списке."),
        (["x"], "spam", {}, "Список сообщений повреждён"),
        ([1], "", {}, "Выберите действие."),
        ([1], "classify", {}, "Выберите категорию."),
        ([1], "duplicate", {}, "Укажите номер исходного сообщения."),
        ([1], "duplicate", {"original": "987654321"}, "не найдено или вам недоступно"),
        ([1, *range(10**6, 10**6 + 200)], "spam", {}, "не больше 200"),
    ],
)
def test_it_explains_what_is_missing(client, region, make_message, people, ids, operation, fields, error):
    message = make_message(region)
    client.force_login(people.operator)
    ids = [message.pk if i == 1 else i for i in ids]
    response = bulk(client, ids, operation, **fields)
    assert response.status_code == 302 and response.url == reverse("feedback:queue")
    text = report(response)
    assert text.startswith("Массовое действие не выполнено") and error in text
    assert statuses(message) == [MessageStatus.NEW]


def test_it_never_redirects_outside_the_portal(client, region, make_message, people):
    message = make_message(region)
    client.force_login(people.operator)
    response = bulk(client, [message.pk], "spam", next="https://evil.example/")
    assert response.url == reverse("feedback:queue")


def test_it_lets_the_head_act_in_bulk(client, region, make_message, people, make_user):
    head = make_user(RoleCode.HEAD)
    message = make_message(region)
    client.force_login(head)
    assert report(bulk(client, [message.pk], "spam")) == "Выполнено для 1, отказано для 0."


@pytest.mark.parametrize("who", ["clerk", "lead", "governor"])
def test_it_is_forbidden_to_those_who_do_not_triage(client, region, make_message, people, who):
    message = make_message(region)
    client.force_login(getattr(people, who))
    assert bulk(client, [message.pk], "spam").status_code == 403
    assert statuses(message) == [MessageStatus.NEW]


def test_it_sends_an_anonymous_visitor_to_the_login_page(client, region, make_message):
    message = make_message(region)
    response = bulk(client, [message.pk], "spam")
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert statuses(message) == [MessageStatus.NEW]


def test_it_answers_only_post(client, people):
    client.force_login(people.operator)
    assert client.get(reverse("feedback:bulk")).status_code == 405


def test_it_counts_refusals_beyond_the_listed_ones():
    result = BulkResult(done=1, refused=[(f"{n:08d}", "закрыто") for n in range(LISTED_REFUSALS + 3)])
    assert result.report().endswith("; и ещё 3")


def test_it_renders_the_toolbar_only_for_those_who_may_use_it(people, region):
    template = Template("{% load feedback_bulk %}{% bulk_allowed as can %}[{{ can }}]{% bulk_toolbar %}")
    for user, expected in ((people.operator, True), (people.clerk, False)):
        request = RequestFactory().get("/messages/?due=overdue&sector=3")
        request.user = user
        html = template.render(Context({"request": request}))
        assert f"[{expected}]" in html
        assert ('id="cur-bulk"' in html) is expected
        if expected:
            assert 'name="next" value="/messages/?due=overdue&amp;sector=3"' in html
            assert '<optgroup label="Дороги">' in html and "по правилу маршрутизации" in html


def test_it_puts_checkboxes_and_the_toolbar_on_the_queue_of_an_operator_only(client, region, make_message, people):
    message = make_message(region, status=MessageStatus.ROUTED, sector=region.roads, category=region.categories["Тротуары"], agency=region.city)
    client.force_login(people.operator)
    html = client.get(reverse("feedback:queue")).content.decode()
    assert 'id="cur-bulk"' in html and "data-cur-bulk-all" in html
    assert f'name="ids" value="{message.pk}" form="cur-bulk"' in html
    client.force_login(people.clerk)
    html = client.get(reverse("feedback:queue")).content.decode()
    assert f'data-id="{message.pk}"' in html
    assert 'id="cur-bulk"' not in html and 'name="ids"' not in html
