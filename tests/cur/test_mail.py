"""Letters (cur.mail): rendered from templates/emails/, plain text, each address once, and the one
rule of who gets a letter for a role (sectors.selectors.role_holders.role_holder_emails)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core import mail

from cur.mail import render_letter, send_letter
from cur.roles import RoleCode
from sectors.selectors.role_holders import role_holder_emails

EMAILS = Path(settings.BASE_DIR) / "templates" / "emails"


def test_every_letter_has_a_subject_and_a_body():
    names = {p.name.split(".")[0] for p in EMAILS.glob("*.txt")}
    assert names
    for name in names:
        assert (EMAILS / f"{name}.subject.txt").exists() and (EMAILS / f"{name}.body.txt").exists(), name


def test_it_writes_plain_text_without_html_escaping_and_a_one_line_subject(db):
    subject, body = render_letter("risk_escalation", {
        "risk": type("Risk", (), {"title": "Срыв «сроков» & <подрядчик>", "project": "Дороги", "get_probability_display": "высокая", "get_impact_display": "сильное"})(),
        "comment": "Нужно решение", "link": "http://portal/x",
    })
    assert subject == "ЦУР: риск на решение куратора — Срыв «сроков» & <подрядчик>"
    assert "&amp;" not in body and "&lt;" not in body and "Срыв «сроков» & <подрядчик>" in body


def test_it_sends_one_letter_to_each_address_once(db):
    sent = send_letter("report_final", {"month": "ноябрь 2026", "number": 2, "link": "l"}, ["a@x.ru", " a@x.ru", "b@x.ru", ""])
    assert sent == ["a@x.ru", "b@x.ru"]
    [letter] = mail.outbox
    assert letter.to == ["a@x.ru", "b@x.ru"] and letter.subject == "Доклад губернатору за ноябрь 2026"
    assert send_letter("report_final", {"month": "m", "number": 1, "link": "l"}, []) == [] and len(mail.outbox) == 1


def test_role_holders_get_letters_at_their_official_or_account_address(region, make_user):
    with_own = make_user(RoleCode.CURATOR)
    with_own.official.email = "curator@gov.ru"
    with_own.official.save(update_fields=["email"])
    by_account = make_user(RoleCode.CURATOR)
    by_account.email = "second@gov.ru"
    by_account.save(update_fields=["email"])
    gone = make_user(RoleCode.CURATOR)
    gone.email = "gone@gov.ru"
    gone.is_active = False
    gone.save(update_fields=["email", "is_active"])
    assert role_holder_emails(RoleCode.CURATOR) == {"curator@gov.ru", "second@gov.ru"}


def test_agency_executors_are_chosen_by_their_agency(region, make_user):
    clerk = make_user(RoleCode.AGENCY_EXECUTOR, agency=region.city)
    clerk.email = "clerk@tver.ru"
    clerk.save(update_fields=["email"])
    other = make_user(RoleCode.AGENCY_EXECUTOR, agency=region.transport)
    other.email = "other@min.ru"
    other.save(update_fields=["email"])
    assert role_holder_emails(RoleCode.AGENCY_EXECUTOR, agency_id=region.city.pk) == {"clerk@tver.ru"}
