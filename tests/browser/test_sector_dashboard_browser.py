"""A sector lead opens his dashboard from the menu, sees its charts drawn and clicks through to the queue.
Screenshots go to var/screenshots/browser/."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cur.roles import RoleCode
from feedback.models import MessageStatus
from tests.browser.login import PASSWORD, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def test_it_shows_the_lead_his_sector_and_leads_to_its_messages(cur_page, live_server, region, make_user, make_message, screenshot):
    make_user(RoleCode.SECTOR_LEAD, sectors=[region.roads], username="lead", password=PASSWORD)
    now = timezone.now()
    for _ in range(3):
        make_message(region, sector=region.roads, category=region.categories["Тротуары"], agency=region.city,
                     status=MessageStatus.IN_WORK, deadline_at=now - timedelta(hours=2), is_overdue=True)
    make_message(region, sector=region.health, category=region.categories["Запись к врачу"], status=MessageStatus.ROUTED)
    page = cur_page
    log_in(page, live_server, "lead")
    page.get_by_role("link", name="Дашборд блока").click()
    page.wait_for_url(f"{live_server.url}/sectors/dashboard/")
    assert page.locator("h1").inner_text() == "Дашборд блока: Дороги"
    page.wait_for_function("() => [...document.querySelectorAll('canvas[data-cur-chart]')].every(c => c.curChart)")
    drawn = page.evaluate("() => [...document.querySelectorAll('canvas[data-cur-chart]')].map(c => c.curChart.data.labels.length)")
    assert drawn == [30, 26]  # 30 days and 26 weeks, named, not numbered
    rows = page.locator("#dash-categories tbody tr")
    assert rows.count() == 1 and "Тротуары" in rows.first.inner_text()
    screenshot(page, "sector-dashboard")
    # The overdue tile opens the queue with the sector's overdue messages.
    page.locator(".cur-stat", has_text="Просрочено").locator("a").click()
    page.wait_for_url("**/messages/?**due=overdue**")
    assert page.locator("table tbody tr").count() == 3
