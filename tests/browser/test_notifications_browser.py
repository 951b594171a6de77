"""The head finds the growth notifications behind the bell, opens one (it is read and the queue shows
its messages) and marks the rest read. Screenshots go to var/screenshots/browser/."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cur.roles import RoleCode
from ratings.tasks import notify_growth_alerts
from tests.browser.login import PASSWORD, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _badge(page) -> str | None:
    badge = page.locator('[data-cur="notifications"] [data-cur="unread-badge"]')
    return badge.inner_text() if badge.count() else None


def test_it_leads_the_head_from_the_bell_to_the_messages_of_a_growth(cur_page, live_server, region, make_user, make_message, screenshot):
    make_user(RoleCode.HEAD, username="head", password=PASSWORD)
    now = timezone.now()
    potholes = region.categories["Ямы и выбоины"]
    doctors = region.categories["Запись к врачу"]
    for day in range(6):
        moment = now - timedelta(hours=24 * day + 1)
        make_message(region, received_at=moment, registered_at=moment, category=potholes, sector=region.roads,
                     municipality=region.rzhev, status="classified", text=f"Яма на улице Ленина у дома {day + 1}")
    for day in range(5):
        moment = now - timedelta(hours=24 * day + 1)
        make_message(region, received_at=moment, registered_at=moment, category=doctors, sector=region.health,
                     municipality=region.tver, status="classified", text="Не могу записаться к терапевту")
    assert notify_growth_alerts() == 2

    page = cur_page
    log_in(page, live_server, "head")
    assert _badge(page) == "2"
    page.locator('[data-cur="notifications"]').click()
    page.wait_for_url(f"{live_server.url}/notifications/")
    items = page.locator('[data-cur="notification"]')
    assert items.count() == 2
    # The sharper growth (six against none) is on top.
    assert "Ямы и выбоины — Ржев, 6 за 7 дней" in items.nth(0).inner_text()
    assert [items.nth(i).get_attribute("data-unread") for i in range(2)] == ["1", "1"]
    screenshot(page, "notifications")

    items.nth(0).locator("button").click()
    page.wait_for_url("**/messages/?**")
    assert f"category={potholes.pk}" in page.url and f"municipality={region.rzhev.pk}" in page.url
    assert page.locator("table tbody tr").count() == 6
    assert _badge(page) == "1"

    page.locator('[data-cur="notifications"]').click()
    page.wait_for_url(f"{live_server.url}/notifications/")
    assert [items.nth(i).get_attribute("data-unread") for i in range(2)] == ["0", "1"]
    page.get_by_role("button", name="Отметить всё прочитанным").click()
    page.wait_for_url(f"{live_server.url}/notifications/")
    assert "Все уведомления отмечены прочитанными." in page.locator(".cur-messages").inner_text()
    assert _badge(page) is None
    assert page.locator('[data-cur="notification"][data-unread="1"]').count() == 0
    screenshot(page, "notifications-read")
