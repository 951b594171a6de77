"""The head opens last month's report, writes the conclusions, issues the final version and downloads it.
Screenshots go to var/screenshots/browser/."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cur.roles import RoleCode
from feedback.models import MessageStatus
from ratings.models import ReportVersion
from ratings.periods import add_months
from ratings.reports import figures as figures_module
from ratings.services.reports import report_build, report_generate
from tests.browser.login import PASSWORD, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def last_month_draft(region, make_message, monkeypatch, settings):
    settings.CUR_REPORT_RECIPIENTS = ["governor@example.ru"]
    monkeypatch.setattr(figures_module.digest_module, "rating_digest", lambda month, top=5: None)
    month = add_months(timezone.localdate().replace(day=1), -1)
    moment = timezone.make_aware(datetime.combine(month + timedelta(days=9), time(10)))
    for sector, status in ((region.roads, MessageStatus.CLOSED), (region.roads, MessageStatus.IN_WORK), (region.health, MessageStatus.CLOSED)):
        make_message(region, sector=sector, status=status, received_at=moment, registered_at=moment,
                     answered_at=moment + timedelta(hours=5) if status == MessageStatus.CLOSED else None)
    report_build(version_id=report_generate(month=month, queue=False).pk)
    return month


def test_it_lets_the_head_issue_and_download_the_final_report(cur_page, live_server, make_user, last_month_draft, screenshot):
    make_user(RoleCode.HEAD, username="head", password=PASSWORD)
    page = cur_page
    log_in(page, live_server, "head")
    page.get_by_role("link", name="Доклад", exact=True).click()
    page.wait_for_url(f"{live_server.url}/reports/")
    screenshot(page, "report-archive")
    page.locator('[data-cur="report-archive"] th a').first.click()
    page.wait_for_url(f"{live_server.url}/reports/{last_month_draft:%Y-%m}/")
    assert "проект" in page.locator('[data-cur="latest-state"]').inner_text()
    assert "готова" in page.locator('[data-cur="report-status"]').inner_text()

    page.fill("#id_conclusions", "Поступление стабильно.\n\nМинтрансу — сократить просрочки.")
    page.get_by_role("button", name="Сохранить выводы").click()
    page.wait_for_selector("text=Выводы сохранены")
    assert page.input_value("#id_conclusions").startswith("Поступление стабильно.")
    screenshot(page, "report-month-draft")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Выпустить окончательную версию").click()
    page.wait_for_selector("text=Окончательная версия 1 выпущена")
    assert "окончательная" in page.locator('[data-cur="latest-state"]').inner_text()
    assert "Минтрансу — сократить просрочки." in page.locator('[data-cur="conclusions"]').inner_text()
    assert page.locator("#id_conclusions").count() == 0
    screenshot(page, "report-month-final")

    # The download button's file, fetched with the browser's session (a click would start a
    # download, which Chromium reports as an aborted request).
    link = page.locator('[data-cur="download"]')
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert f'filename="doklad-{last_month_draft:%Y-%m}-v1.pdf"' in response.headers["content-disposition"]
    assert response.headers["content-disposition"].startswith("attachment")
    assert response.body().startswith(b"%PDF-")

    version = ReportVersion.objects.get()
    assert version.state == "final"
    assert [m.to for m in mail.outbox] == [["governor@example.ru"]]
