"""In the queue an operator accepts the classifier's suggestion for the highlighted row with «a»."""

from __future__ import annotations

import pytest

from cur.roles import RoleCode
from feedback.models import EventKind, MessageStatus
from feedback.services import suggestions
from tests.browser.login import PASSWORD, log_in
from tests.classifier.conftest import category_model  # noqa: F401 — the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_a_key_accepts_the_highlighted_rows_suggestion(cur_page, live_server, region, make_user, make_message, category_model, screenshot):  # noqa: F811
    pits, _doctor = category_model
    make_user(RoleCode.OPERATOR, username="operator", password=PASSWORD)
    message = make_message(region, text="Огромная яма на дороге у остановки, колёса пробиваем")
    angry = make_message(region, text="Это беспредел, вы ещё пожалеете! Талонов к врачу нет")
    suggestions.messages_analyse(message_ids=[message.pk, angry.pk])
    page = cur_page
    log_in(page, live_server, "operator")
    page.goto(f"{live_server.url}/messages/?unclassified=1&order=newest")
    row = page.locator(f'tr[data-id="{message.pk}"]')
    assert "подсказка: Дороги · Ямы и выбоины" in row.inner_text()
    assert "угрозы" in page.locator(f'tr[data-id="{angry.pk}"]').inner_text()
    screenshot(page, "queue-suggestion")
    row.click(position={"x": 5, "y": 5})
    page.locator("body").press("a")
    page.wait_for_selector(".cur-messages .alert-success")
    assert page.url.endswith("/messages/?unclassified=1&order=newest")
    assert "классифицировано" in page.locator(".cur-messages .alert-success").inner_text()
    assert page.locator(f'tr[data-id="{message.pk}"]').count() == 0  # it left the «unclassified» list
    message.refresh_from_db()
    assert message.category_id == pits.pk and message.status == MessageStatus.CLASSIFIED
    assert message.events.get(kind=EventKind.CLASSIFIED).data["suggestion"]["accepted"] is True
