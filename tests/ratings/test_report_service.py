"""The report's workflow: draft → conclusions → final (immutable), new versions, e-mail, safe retries."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from cur.roles import RoleCode
from ratings import tasks as report_tasks
from ratings.models import ReportRecipient, ReportVersion
from ratings.reports import figures as figures_module
from ratings.services import reports as service
from tests.ratings.report_scene import MONTH, crafted_digest, make_report_scene


@pytest.fixture
def scene(region, make_message, monkeypatch):
    make_report_scene(region, make_message)
    monkeypatch.setattr(figures_module.digest_module, "rating_digest", lambda month, top=5: None)
    return region


@pytest.fixture
def head(make_user):
    return make_user(RoleCode.HEAD)


@pytest.fixture
def draft(scene, head, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        version = service.report_generate(month=MONTH, requested_by=head)
    version.refresh_from_db()
    return version


def test_it_generates_a_draft_with_its_figures_and_pdf(draft):
    assert (draft.number, draft.state, draft.job, draft.progress) == (1, "draft", "done", 100)
    assert draft.figures["totals"]["received"] == 5
    assert draft.pdf.name == "reports/2025-11/doklad-2025-11-v1-proekt.pdf"
    with draft.pdf.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert draft.pages >= 5


def test_it_issues_the_final_with_conclusions_and_emails_it(draft, head, settings, django_capture_on_commit_callbacks):
    settings.CUR_REPORT_RECIPIENTS = ["governor@example.ru"]
    ReportRecipient.objects.create(email="office@example.ru")
    ReportRecipient.objects.create(email="GOVERNOR@example.ru")  # the same address: one letter
    service.report_conclusions_save(version=draft, text="Рост обращений по дорогам.\r\n\r\nПринять меры.", by=head)
    with django_capture_on_commit_callbacks(execute=True):
        final = service.report_issue(version=draft, by=head)
    final.refresh_from_db()
    assert final.state == "final" and final.issued_by == head and final.issued_at is not None
    assert final.pdf.name == "reports/2025-11/doklad-2025-11-v1.pdf"
    assert final.conclusions == "Рост обращений по дорогам.\n\nПринять меры."
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert sorted(letter.to) == ["governor@example.ru", "office@example.ru"]
    assert "ноябрь 2025" in letter.subject
    (name, content, mimetype), = letter.attachments
    assert (name, mimetype) == ("doklad-2025-11-v1.pdf", "application/pdf")
    assert content.startswith(b"%PDF-")
    assert final.emailed_at is not None
    # Sent once: a retried task does not write again.
    assert service.report_email(version_id=final.pk) == 0
    assert len(mail.outbox) == 1


def test_it_never_changes_a_final_version(draft, head):
    service.report_conclusions_save(version=draft, text="Выводы", by=head)
    final = service.report_issue(version=draft, by=head)
    with pytest.raises(ValidationError):
        service.report_conclusions_save(version=final, text="Другие выводы", by=head)
    with pytest.raises(ValidationError):
        service.report_issue(version=final, by=head)
    final.refresh_from_db()
    assert final.conclusions == "Выводы"
    # A retried build leaves it alone too.
    name = final.pdf.name
    service.report_build(version_id=final.pk)
    final.refresh_from_db()
    assert final.pdf.name == name and final.state == "final"


def test_it_refuses_to_issue_without_conclusions(draft, head):
    with pytest.raises(ValidationError) as error:
        service.report_issue(version=draft, by=head)
    assert "conclusions" in error.value.message_dict
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_it_regenerates_as_a_new_version_keeping_the_conclusions(draft, head, django_capture_on_commit_callbacks):
    service.report_conclusions_save(version=draft, text="Черновик выводов", by=head)
    final = service.report_issue(version=draft, by=head)
    with django_capture_on_commit_callbacks(execute=True):
        second = service.report_generate(month=date(2025, 11, 17), requested_by=head)
    second.refresh_from_db()
    assert (second.number, second.state, second.job) == (2, "draft", "done")
    assert second.conclusions == "Черновик выводов"
    final.refresh_from_db()
    assert final.state == "final" and final.pdf.name.endswith("-v1.pdf")
    # The older version cannot be issued once a newer one exists.
    with pytest.raises(ValidationError):
        service.report_issue(version=final, by=head)


def test_it_refuses_a_future_month_and_a_second_build_at_once(scene, head):
    with pytest.raises(ValidationError):
        service.report_generate(month=date(2100, 1, 1), requested_by=head)
    service.report_generate(month=MONTH, requested_by=head, queue=False)
    with pytest.raises(ValidationError):
        service.report_generate(month=MONTH, requested_by=head, queue=False)


def test_it_builds_safely_when_retried(scene, head):
    version = service.report_generate(month=MONTH, requested_by=head, queue=False)
    ReportVersion.objects.filter(pk=version.pk).update(job="failed", error="worker lost")
    report_tasks.build_report_version(version.pk)
    report_tasks.build_report_version(version.pk)
    version.refresh_from_db()
    assert (version.job, version.error, version.pdf.name) == ("done", "", "reports/2025-11/doklad-2025-11-v1-proekt.pdf")
    assert ReportVersion.objects.count() == 1


def test_it_waits_for_the_ratings_then_generates_the_monthly_draft_once(scene, monkeypatch, django_capture_on_commit_callbacks):
    class Retried(Exception):
        pass

    def retry(**kwargs):
        raise Retried(kwargs)

    monkeypatch.setattr(report_tasks.generate_monthly_draft, "retry", retry)
    task = report_tasks.generate_monthly_draft
    with pytest.raises(Retried):
        task.run(month=MONTH.isoformat())
    assert not ReportVersion.objects.exists()
    # The last try makes the draft even without ratings.
    task.push_request(retries=report_tasks.RATINGS_WAIT_TRIES)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            task.run(month=MONTH.isoformat())
    finally:
        task.pop_request()
    assert ReportVersion.objects.get().figures["ratings"] is None
    # With ratings, on another day: the month already has its draft, nothing more is made.
    monkeypatch.setattr(figures_module.digest_module, "rating_digest", lambda month, top=5: crafted_digest(month))
    assert task.run(month=MONTH.isoformat()) is None
    assert ReportVersion.objects.count() == 1
