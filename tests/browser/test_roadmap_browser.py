"""The curator signs in, opens the passport waiting for him from his home page and approves it.
Screenshots go to var/screenshots/browser/."""

from __future__ import annotations

import pytest

from cur.roles import RoleCode
from roadmap.approvals.chains import CaseState
from roadmap.models import Decision
from roadmap.services.approvals import approval_decide, approval_submit
from roadmap.services.passports import passport_create
from tests.browser.login import PASSWORD, log_in
from tests.roadmap.conftest import passport_children, passport_fields

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def waiting_passport(region, make_user):
    minister = make_user(RoleCode.SECTOR_RESPONSIBLE, sectors=[region.roads])
    head = make_user(RoleCode.HEAD)
    version = passport_create(sector=region.roads, by=minister, fields=passport_fields(), children=passport_children())
    approval_submit(document=version, by=minister)
    approval_decide(document=version, by=head, action="forward", comment="Согласовано, к утверждению")
    return version


def test_it_lets_the_curator_approve_the_waiting_passport(cur_page, live_server, make_user, waiting_passport, screenshot):
    make_user(RoleCode.CURATOR, username="curator", password=PASSWORD)
    page = cur_page
    log_in(page, live_server, "curator")
    block = page.locator('[data-cur="waiting-for-me"]')
    assert block.is_visible()
    assert "на утверждении у куратора" in block.inner_text()
    screenshot(page, "roadmap-curator-home")
    block.get_by_role("link", name="Паспорт проекта «Прозрачный ремонт дорог», версия 1").click()
    page.wait_for_url(f"{live_server.url}/projects/passports/{waiting_passport.pk}/")
    assert page.locator('[data-cur="passport-title"]').inner_text() == "Прозрачный ремонт дорог"
    assert "Согласовано, к утверждению" in page.locator('[data-cur="approval-timeline"]').inner_text()
    screenshot(page, "roadmap-passport-waiting")
    page.fill("#decision-comment", "Утверждаю")
    page.locator('[data-cur="action-forward"]').click()
    page.wait_for_url(f"{live_server.url}/projects/passports/{waiting_passport.pk}/")
    assert "Документ утверждён" in page.locator(".cur-messages").inner_text()
    assert page.locator('[data-cur="state"]').first.inner_text() == "утверждён"
    assert page.locator('[data-cur="approval-actions"]').count() == 0
    screenshot(page, "roadmap-passport-approved")
    waiting_passport.approval.refresh_from_db()
    assert waiting_passport.approval.state == CaseState.APPROVED
    last = Decision.objects.filter(case=waiting_passport.approval).order_by("-at", "-id").first()
    assert (last.decision, last.role, last.comment) == ("approved", "curator", "Утверждаю")
    # Nothing waits for him any more.
    page.goto("/")
    assert page.locator('[data-cur="waiting-for-me"]').count() == 0
