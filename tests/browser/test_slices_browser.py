"""The statistics page in a browser: the head changes the slice, sees the chart drawn and the
table, and downloads the CSV. Screenshots go to var/screenshots/browser/."""

from __future__ import annotations

import pytest

from cur.roles import RoleCode
from tests.browser.login import PASSWORD, log_in
from tests.ratings import conftest as ratings_fixtures
from tests.ratings.conftest import PERIOD

# The statistics tests' crafted messages, January to March 2025.
crafted = ratings_fixtures.crafted


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def chart_drawn(page) -> bool:
    return page.evaluate(
        "() => { const c = document.querySelector('canvas[data-cur-chart]');"
        " return !!(c && c.curChart && c.width > 0 && c.curChart.data.datasets.length > 0); }"
    )


def test_it_changes_the_slice_draws_it_and_downloads_it(cur_page, live_server, make_user, make_message, crafted, screenshot, tmp_path):
    make_user(RoleCode.HEAD, username="volkov", password=PASSWORD)
    make_message(crafted, sector=crafted.health)  # registered now: the default period shows it
    page = cur_page
    log_in(page, live_server, "volkov")
    page.get_by_role("link", name="Статистика").click()
    page.wait_for_url(f"{live_server.url}/stats/")
    assert chart_drawn(page)
    assert page.locator("[data-cur=slice-totals]").inner_text().split("\t")[-1].strip() == "1"
    screenshot(page, "slices-default")

    page.fill("#id_date_from", PERIOD["date_from"])
    page.fill("#id_date_to", PERIOD["date_to"])
    page.select_option("#id_rows", "channel")
    page.select_option("#id_cols", "-")
    page.select_option("#id_measure", "on_time")
    page.get_by_role("button", name="Показать").click()
    page.wait_for_url("**/stats/?*rows=channel*")
    assert "measure=on_time" in page.url and "sector=" not in page.url  # empty filters stay out of the URL
    assert chart_drawn(page)
    rows = page.locator("[data-cur=slice-table] tbody tr")
    assert rows.count() == 3
    assert page.locator("[data-cur=slice-totals]").inner_text().split("\t")[-1].strip() == "60,0\u00a0%"
    assert "Доля ответов в срок" in page.locator("#cur-slice-title").inner_text()
    screenshot(page, "slices-channel-on-time")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Скачать CSV").click()
    download = download_info.value
    assert download.suggested_filename == "srez-2025-01-01-2025-03-31.csv"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    content = path.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Канал;Доля ответов в срок, %"
    assert lines[-1] == "Итого;60,0"


def test_it_filters_by_a_check_box_list_and_saves_the_slice(cur_page, live_server, make_user, crafted, screenshot):
    make_user(RoleCode.HEAD, username="volkov", password=PASSWORD)
    page = cur_page
    log_in(page, live_server, "volkov")
    page.goto(f"/stats/?date_from={PERIOD['date_from']}&date_to={PERIOD['date_to']}&cols=-")
    page.locator("#cur-channel-summary").click()
    page.get_by_label("Письмо").check()
    assert page.locator("#cur-channel-summary").inner_text() == "Письмо"
    page.get_by_role("button", name="Показать").click()
    page.wait_for_url(f"**/stats/?*channel={crafted.letter.id}*")
    assert page.locator("[data-cur=slice-totals]").inner_text().split("\t")[-1].strip() == "1"

    page.get_by_role("button", name="Сохранённые срезы").click()
    page.fill("#id_name", "Письма")
    page.get_by_role("button", name="Сохранить", exact=True).click()
    page.wait_for_url(f"**/stats/?*channel={crafted.letter.id}*")
    assert "Срез «Письма» сохранён." in page.locator(".alert-success").inner_text()
    screenshot(page, "slices-saved")
