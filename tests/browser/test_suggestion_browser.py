"""The operator accepts the classifier's suggestion on the card with one key."""

from __future__ import annotations

import pytest

from cur.roles import RoleCode
from feedback.models import EventKind, Message, MessageStatus
from tests.browser.login import PASSWORD, log_in
from tests.classifier.conftest import category_model  # noqa: F401 — the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_accepts_the_suggestion_with_the_a_key(cur_page, live_server, region, make_user, make_message, category_model, screenshot):  # noqa: F811
    pits, _doctor = category_model
    make_user(RoleCode.OPERATOR, username="operator", password=PASSWORD)
    message = make_message(region, text="Огромная яма на дороге у остановки, колёса пробиваем")
    page = cur_page
    log_in(page, live_server, "operator")
    page.goto(f"{live_server.url}/messages/{message.pk}/")
    assert "Подсказка классификатора: Дороги / Ямы и выбоины" in page.locator("#classify").inner_text()
    screenshot(page, "card-suggestion")
    page.locator("body").press("a")
    page.wait_for_url(f"{live_server.url}/messages/{message.pk}/")
    assert "классифицировано" in page.locator(".cur-messages .alert-success").inner_text()
    message.refresh_from_db()
    assert message.category_id == pits.pk and message.status == MessageStatus.CLASSIFIED
    event = Message.objects.get(pk=message.pk).events.filter(kind=EventKind.CLASSIFIED).get()
    assert event.data["suggestion"]["accepted"] is True
