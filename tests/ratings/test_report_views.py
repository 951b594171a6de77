"""The reports pages: who may see what, and the head's generate → conclusions → issue → download."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cur.roles import RoleCode
from ratings.models import ReportRecipient, ReportVersion
from ratings.reports import figures as figures_module
from ratings.services import reports as service
from tests.ratings.report_scene import MONTH, make_report_scene


@pytest.fixture(autouse=True)
def no_ratings(monkeypatch):
    monkeypatch.setattr(figures_module.digest_module, "rating_digest", lambda month, top=5: None)


@pytest.fixture
def users(make_user, region):
    class Users:
        pass

    u = Users()
    u.head = make_user(RoleCode.HEAD)
    u.curator = make_user(RoleCode.CURATOR)
    u.governor = make_user(RoleCode.GOVERNOR_OFFICE)
    u.refused = [
        make_user(RoleCode.OPERATOR), make_user(RoleCode.SECTOR_LEAD, sectors=[region.roads]),
        make_user(RoleCode.AGENCY_EXECUTOR, agency=region.city), make_user(),
    ]
    return u


@pytest.fixture
def draft(region, make_message, users):
    make_report_scene(region, make_message)
    version = service.report_generate(month=MONTH, requested_by=users.head, queue=False)
    return service.report_build(version_id=version.pk)


def _all_urls(pk=1):
    return [
        ("get", reverse("ratings:report_archive")),
        ("get", reverse("ratings:report_month", args=[MONTH])),
        ("get", reverse("ratings:report_status", args=[MONTH])),
        ("get", reverse("ratings:report_download", args=[MONTH, 1])),
        ("post", reverse("ratings:report_generate", args=[MONTH])),
        ("post", reverse("ratings:report_generate_pick")),
        ("post", reverse("ratings:report_conclusions", args=[MONTH, 1])),
        ("post", reverse("ratings:report_recipient_add")),
        ("post", reverse("ratings:report_recipient_delete", args=[pk])),
    ]


def test_it_refuses_operators_sector_roles_agency_staff_and_others(client, users, draft):
    recipient = ReportRecipient.objects.create(email="a@example.ru")
    for user in users.refused:
        client.force_login(user)
        for method, url in _all_urls(recipient.pk):
            response = getattr(client, method)(url)
            assert response.status_code == 403, (user, url)
    assert ReportVersion.objects.count() == 1 and ReportRecipient.objects.count() == 1


def test_it_asks_anonymous_users_to_sign_in(client, draft):
    for method, url in _all_urls():
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_it_hides_drafts_from_the_governors_office_and_lets_it_download_finals(client, users, draft):
    client.force_login(users.governor)
    assert client.get(reverse("ratings:report_month", args=[MONTH])).status_code == 404
    assert client.get(reverse("ratings:report_download", args=[MONTH, 1])).status_code == 404
    assert "ноябрь 2025" not in client.get(reverse("ratings:report_archive")).content.decode()
    for method, url in _all_urls()[4:]:
        assert getattr(client, method)(url).status_code == 403, url
    service.report_conclusions_save(version=draft, text="Выводы", by=users.head)
    service.report_issue(version=draft, by=users.head)
    assert "ноябрь 2025" in client.get(reverse("ratings:report_archive")).content.decode()
    response = client.get(reverse("ratings:report_download", args=[MONTH, 1]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_it_lets_the_curator_read_drafts_but_not_act(client, users, draft):
    client.force_login(users.curator)
    page = client.get(reverse("ratings:report_month", args=[MONTH]))
    assert page.status_code == 200
    assert "Выпустить окончательную версию" not in page.content.decode()
    assert client.get(reverse("ratings:report_download", args=[MONTH, 1])).status_code == 200
    assert client.post(reverse("ratings:report_generate", args=[MONTH])).status_code == 403


def test_it_takes_the_head_from_conclusions_to_the_final_download(client, users, draft, settings, mailoutbox, django_capture_on_commit_callbacks):
    settings.CUR_REPORT_RECIPIENTS = ["governor@example.ru"]
    client.force_login(users.head)
    page = client.get(reverse("ratings:report_month", args=[MONTH])).content.decode()
    assert "Выпустить окончательную версию" in page and "Версия 1 готова" in page
    url = reverse("ratings:report_conclusions", args=[MONTH, 1])
    # Issuing without conclusions is refused with a Russian message; nothing is lost.
    response = client.post(url, {"conclusions": "", "action": "issue"})
    assert response.status_code == 400
    assert "без них доклад не выпускается" in response.content.decode()
    too_long = "а" * (service.CONCLUSIONS_MAX_LENGTH + 1)
    response = client.post(url, {"conclusions": too_long, "action": "save"})
    assert response.status_code == 400 and too_long in response.content.decode()
    assert client.post(url, {"conclusions": "Ямы <b>на дорогах</b>.", "action": "save"}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"conclusions": "Ямы <b>на дорогах</b>.\n\nПринять меры.", "action": "issue"})
    assert response.status_code == 302
    version = ReportVersion.objects.get()
    assert version.state == "final" and version.conclusions.endswith("Принять меры.")
    assert len(mailoutbox) == 1
    page = client.get(reverse("ratings:report_month", args=[MONTH])).content.decode()
    assert "&lt;b&gt;на дорогах&lt;/b&gt;" in page and "<b>на дорогах</b>" not in page
    assert 'data-cur="conclusions-form"' not in page
    download = client.get(reverse("ratings:report_download", args=[MONTH, 1]))
    assert download["Content-Disposition"].startswith("attachment") and "doklad-2025-11-v1.pdf" in download["Content-Disposition"]
    inline = client.get(reverse("ratings:report_download", args=[MONTH, 1]) + "?inline=1")
    assert inline["Content-Disposition"].startswith("inline")
    # The final cannot be edited through the page either.
    assert client.post(url, {"conclusions": "Иначе", "action": "save"}).status_code == 400
    version.refresh_from_db()
    assert "Иначе" not in version.conclusions


def test_it_generates_a_new_version_and_shows_its_progress(client, users, draft, django_capture_on_commit_callbacks):
    client.force_login(users.head)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("ratings:report_generate", args=[MONTH]))
    assert response.status_code == 302
    queued = ReportVersion.objects.get(number=2)
    assert queued.job == "queued"
    ReportVersion.objects.filter(pk=queued.pk).update(job="running", progress=45, step="Муниципальные образования")
    status = client.get(reverse("ratings:report_status", args=[MONTH])).content.decode()
    assert "45&nbsp;%" in status and "Муниципальные образования" in status and "data-poll" in status
    # A second press while it runs is refused with a message, not a duplicate.
    client.post(reverse("ratings:report_generate", args=[MONTH]))
    assert ReportVersion.objects.count() == 2


def test_it_generates_from_the_archive_for_a_picked_month(client, users, region, django_capture_on_commit_callbacks):
    client.force_login(users.head)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("ratings:report_generate_pick"), {"month": "2025-11"})
    assert response.status_code == 302
    assert ReportVersion.objects.get().job == "done"
    assert client.post(reverse("ratings:report_generate_pick"), {"month": "1999-01"}).status_code == 302
    assert ReportVersion.objects.count() == 1


def test_it_keeps_the_recipients_list(client, users):
    client.force_login(users.head)
    url = reverse("ratings:report_recipient_add")
    assert client.post(url, {"email": "office@example.ru", "name": "Аппарат"}).status_code == 302
    response = client.post(url, {"email": "не адрес", "name": "Кто-то"})
    assert response.status_code == 400 and "Кто-то" in response.content.decode()
    assert client.post(url, {"email": "OFFICE@example.ru"}).status_code == 400
    recipient = ReportRecipient.objects.get()
    assert client.post(reverse("ratings:report_recipient_delete", args=[recipient.pk])).status_code == 302
    assert not ReportRecipient.objects.exists()


def test_it_lists_the_archive_in_a_fixed_number_of_queries(client, users, draft, django_assert_max_num_queries):
    from datetime import date

    for month in (date(2025, 9, 1), date(2025, 10, 1)):
        service.report_generate(month=month, requested_by=users.head, queue=False)
    client.force_login(users.head)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("ratings:report_archive"))
    assert response.status_code == 200
    assert response.content.decode().count('href="/reports/20') >= 3


def test_it_answers_404_for_an_impossible_month_or_a_missing_version(client, users, draft):
    client.force_login(users.head)
    assert client.get("/reports/2025-13/").status_code == 404
    assert client.get("/reports/1900-01/").status_code == 404
    assert client.get(reverse("ratings:report_download", args=[MONTH, 7])).status_code == 404
    assert reverse("ratings:report_month", args=[MONTH.replace(month=3)]) == "/reports/2025-03/"
