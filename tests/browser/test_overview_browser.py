"""The head opens the overview and sees it drawn; the governor's office sees it without links to messages.
Screenshots go to var/screenshots/browser/."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cur.roles import RoleCode
from feedback.models import MessageStatus
from tests.browser.login import PASSWORD, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



@pytest.fixture
def scene(region, make_message):
    now = timezone.now()
    make_message(region, sector=region.roads, agency=region.city, status=MessageStatus.IN_WORK,
                 deadline_at=now - timedelta(days=1), is_overdue=True)
    make_message(region, channel=region.social, sector=region.health, agency=region.minzdrav, status=MessageStatus.CLOSED,
                 deadline_at=now + timedelta(days=3), answered_at=now, rating=4)
    make_message(region, text="Сообщение без блока")
    return region


def charts_drawn(page) -> list[bool]:
    return page.evaluate("() => [...document.querySelectorAll('canvas[data-cur-chart]')].map(c => !!c.curChart)")


def test_it_shows_the_head_the_overview_with_charts_and_links(cur_page, live_server, make_user, scene, screenshot):
    make_user(RoleCode.HEAD, username="head", password=PASSWORD)
    page = cur_page
    log_in(page, live_server, "head")
    page.get_by_role("link", name="Сводка").click()
    page.wait_for_url(f"{live_server.url}/overview/")
    assert page.locator("h1").inner_text() == "Сводка по отраслевым блокам"
    page.wait_for_function("() => document.querySelectorAll('canvas[data-cur-chart]').length === 2 "
                           "&& [...document.querySelectorAll('canvas[data-cur-chart]')].every(c => c.curChart)")
    assert charts_drawn(page) == [True, True]
    # The sector chart names its bars (not 0, 1, 2…).
    assert page.evaluate("() => document.getElementById('overview-sectors-chart').curChart.data.labels").count("Дороги") == 1
    # Counts tick in whole numbers, even when a sector has one message.
    ticks = page.evaluate("() => document.getElementById('overview-sectors-chart').curChart.scales.x.ticks.map(t => t.value)")
    assert ticks and all(float(t).is_integer() for t in ticks)
    table = page.locator('[data-cur="sectors-table"]')
    assert table.is_visible()
    assert [t.strip() for t in table.locator("tbody th").all_inner_texts()] == ["Дороги", "Здравоохранение", "Не классифицировано"]
    assert page.locator('[data-cur="total-row"] td').nth(1).inner_text().strip() == "3"
    assert page.locator('[data-cur="workload"]').is_visible()
    assert "нет ни одного сотрудника с ролью блока" in page.locator('[data-cur="workload-warnings"]').inner_text()
    screenshot(page, "overview-head")

    # A sector's name opens the queue filtered by that sector.
    table.get_by_role("link", name="Дороги").click()
    page.wait_for_url(f"{live_server.url}/messages/?sector={scene.roads.id}")

    page.goto("/overview/?period=12_months")
    assert page.locator(".cur-periods .active").inner_text().strip() == "Последние 12 месяцев"
    assert charts_drawn(page) == [True, True]


def test_it_shows_the_governors_office_the_overview_without_links_to_messages(cur_page, live_server, make_user, scene, screenshot):
    make_user(RoleCode.GOVERNOR_OFFICE, username="governor", password=PASSWORD)
    page = cur_page
    log_in(page, live_server, "governor")
    page.goto("/overview/")
    page.wait_for_function("() => [...document.querySelectorAll('canvas[data-cur-chart]')].every(c => c.curChart)")
    assert page.locator('[data-cur="sectors-table"]').is_visible()
    assert page.locator('[data-cur="workload"]').count() == 0
    assert page.locator("a[href*='/messages/']").count() == 0
    assert "Администрация города Твери" in page.locator('[data-cur="agencies-table"]').inner_text()
    screenshot(page, "overview-governor")
