"""The operator sees «похоже на массовую проблему» on a card and joins the messages with one button."""

from __future__ import annotations

import pytest

from cur.roles import RoleCode
from feedback.models import EventKind, MassProblem, MessageEvent
from tests.browser.login import PASSWORD, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_joins_the_suggested_messages_from_the_card(cur_page, live_server, region, make_user, make_message, screenshot):
    make_user(RoleCode.OPERATOR, username="operator", password=PASSWORD)
    fields = {"sector": region.roads, "category": region.categories["Ямы и выбоины"], "agency": region.city, "status": "routed"}
    texts = ["Огромная яма на дороге у дома 5", "Яма у дома 5, машины бьют колёса", "Опять яма на дороге, колёса"]
    messages = [make_message(region, address="г. Тверь, ул. Советская, д. 5", text=t, **fields) for t in texts]
    page = cur_page
    log_in(page, live_server, "operator")
    page.goto(f"{live_server.url}/messages/{messages[0].pk}/")
    block = page.locator('[data-cur="mass-suggestion"]')
    assert "Похоже на массовую проблему: 3 сообщения по этому адресу за неделю" in block.inner_text()
    assert page.get_by_label("Название новой массовой проблемы").input_value() == "Ямы и выбоины — г. Тверь, ул. Советская, д. 5"
    screenshot(page, "card-mass-suggestion")
    page.get_by_label("Название новой массовой проблемы").fill("Яма у дома 5 по ул. Советской")
    block.get_by_role("button", name="Объединить все (3) в массовую проблему").click()
    page.wait_for_url(f"{live_server.url}/messages/{messages[0].pk}/")
    assert "Сообщений объединено в массовую проблему «Яма у дома 5 по ул. Советской»: 3." in page.locator(".cur-messages").inner_text()
    assert page.locator('[data-cur="mass-suggestion"]').count() == 0
    screenshot(page, "card-mass-joined")
    problem = MassProblem.objects.get()
    assert set(problem.messages.values_list("pk", flat=True)) == {m.pk for m in messages}
    assert MessageEvent.objects.filter(kind=EventKind.MASS_PROBLEM, message__mass_problem=problem).count() == 3
