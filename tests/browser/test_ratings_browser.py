"""The head opens the month's ratings, drills down to the late messages, changes a weight,
recomputes and sees the new version. Screenshots go to var/screenshots/browser/."""

from __future__ import annotations

from datetime import date

import pytest

from cur.roles import RoleCode
from ratings.services.ratings import rating_compute
from tests.browser.login import PASSWORD, log_in
from tests.ratings.rating_scene import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_lets_the_head_drill_down_change_a_weight_and_recompute(cur_page, live_server, make_user, region, make_message, screenshot):
    build(region, make_message)
    rating_compute(month=date(2025, 2, 1), run_now=True)
    make_user(RoleCode.HEAD, username="head", password=PASSWORD)
    page = cur_page
    log_in(page, live_server, "head")
    page.get_by_role("link", name="Рейтинги").click()
    page.wait_for_url(f"{live_server.url}/ratings/2025-02/")
    row = page.locator('[data-cur="rated-row"]').first
    assert "Минтранс" in row.inner_text() and "61,08" in row.inner_text() and "жёлтая" in row.inner_text()
    assert "Минздрав" in page.locator('[data-cur="not-rated"]').inner_text()
    screenshot(page, "ratings-month")

    # The name opens the indicators; the speed indicator's link lists the late messages.
    row.get_by_role("button", name="Минтранс").click()
    details = page.locator('[data-cur="details"]').first
    details.wait_for(state="visible")
    details.locator('a[data-cur="drill"][href*="on_time_share"]').click()
    page.wait_for_url("**/on_time_share/")
    assert page.locator('[data-cur="drill-row"]').count() == 2
    screenshot(page, "ratings-drilldown")

    # A weight changed: speed weighs 45 % instead of 35 %, quantity nothing.
    page.goto(f"{live_server.url}/ratings/methodology/edit/")
    page.fill("#id_w_speed", "45")
    page.fill("#id_w_quantity", "0")
    page.fill("#id_comment", "Скорость важнее количества")
    page.get_by_role("button", name="Сохранить новую версию").click()
    page.wait_for_url(f"{live_server.url}/ratings/methodology/")
    assert page.locator('[data-cur="criterion-weight-speed"]').inner_text().startswith("45")

    page.goto(f"{live_server.url}/ratings/2025-02/")
    page.get_by_role("button", name="Пересчитать по действующей методике").click()
    page.wait_for_url(f"{live_server.url}/ratings/2025-02/")
    page.wait_for_function("() => document.querySelector('[data-cur=\"run-info\"]') && "
                           "document.querySelector('[data-cur=\"run-info\"]').innerText.includes('Версия расчёта 2')")
    info = page.locator('[data-cur="run-info"]').inner_text()
    assert "методика, версия 2" in info
    # 0.45·49.5 + 0.30·(200/3) + 0.25·75 = 22.275 + 20 + 18.75 = 61.025 → 61,03
    assert "61,03" in page.locator('[data-cur="rated-row"]').first.inner_text()
    assert page.locator('[data-cur="versions"] li').count() == 2
    screenshot(page, "ratings-recomputed")
