"""GET /overview/: the head's overview, the governor's read-only variant, and who is refused."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from cur.roles import RoleCode
from feedback.models import MessageStatus
from ratings.services.stats import stats_fold
from sectors.models import Agency, AgencyKind, Sector

URL = "/overview/"


@pytest.fixture
def scene(region, make_message):
    now = timezone.now()
    make_message(region, sector=region.roads, agency=region.city, status=MessageStatus.IN_WORK,
                 deadline_at=now - timedelta(days=1), is_overdue=True)
    make_message(region, sector=region.health, agency=region.minzdrav, status=MessageStatus.CLOSED,
                 deadline_at=now + timedelta(days=3), answered_at=now, rating=5)
    make_message(region, text="Без блока")
    return region


def get(client, user, query=""):
    client.force_login(user)
    return client.get(URL + query)


def test_it_is_named_and_in_the_navigation_of_overview_roles(client, make_user):
    assert reverse("ratings:overview") == URL
    for role, shown in ((RoleCode.HEAD, True), (RoleCode.GOVERNOR_OFFICE, True), (RoleCode.OPERATOR, False)):
        client.force_login(make_user(role))
        assert (f'href="{URL}"' in client.get("/").content.decode()) is shown, role


def test_it_requires_login(client):
    r = client.get(URL)
    assert r.status_code == 302 and r["Location"] == f"{reverse('login')}?next={URL}"


@pytest.mark.parametrize("role", [RoleCode.OPERATOR, RoleCode.SECTOR_LEAD, RoleCode.SECTOR_RESPONSIBLE, RoleCode.AGENCY_EXECUTOR, RoleCode.MEDIA, None])
def test_it_refuses_roles_outside_the_overview(client, make_user, region, role):
    user = make_user(role, sectors=[region.roads], agency=region.city) if role else make_user()
    assert get(client, user).status_code == 403


@pytest.mark.parametrize("role", [RoleCode.HEAD, RoleCode.CURATOR, RoleCode.RESPONSIBLE_EXECUTIVE, RoleCode.DIRECTION_LEAD])
def test_it_shows_the_head_and_his_superiors_everything_with_links(client, make_user, scene, role):
    r = get(client, make_user(role))
    assert r.status_code == 200
    html = r.content.decode()
    assert f'href="/messages/?sector={scene.roads.id}"' in html
    assert f"/messages/?agency={scene.city.id}&amp;due=overdue" in html
    assert 'data-cur="workload"' in html
    assert r.context["overview"].workload is not None


def test_it_shows_the_governors_office_aggregates_without_links_or_staffing(client, make_user, scene):
    r = get(client, make_user(RoleCode.GOVERNOR_OFFICE))
    assert r.status_code == 200
    html = r.content.decode()
    assert "/messages/" not in html
    assert 'data-cur="workload"' not in html and "не хватает сотрудников" not in html
    assert r.context["overview"].workload is None
    # The same figures as the head's: sectors, totals, channels, agencies as plain text.
    assert 'data-cur="sectors-table"' in html and 'data-cur="channels-table"' in html
    assert "Администрация города Твери" in html
    assert re.search(r'data-cur="overdue">\s*1\s*<', html)


def test_it_gives_a_governor_who_also_runs_the_centre_the_heads_page(client, make_user, scene):
    html = get(client, make_user(RoleCode.GOVERNOR_OFFICE, RoleCode.HEAD)).content.decode()
    assert "/messages/?sector=" in html and 'data-cur="workload"' in html


def test_it_lets_a_superuser_in(client, scene):
    admin = get_user_model().objects.create_superuser("root", password="x")
    assert get(client, admin).status_code == 200


def test_it_shows_the_chosen_period_in_words_and_dates(client, make_user, scene):
    today = timezone.localdate()
    r = get(client, make_user(RoleCode.HEAD), "?period=previous_month")
    period = r.context["overview"].period
    assert period.key == "previous_month" and period.date_to < today.replace(day=1)
    html = r.content.decode()
    assert f"с {period.date_from:%d.%m.%Y} по {period.date_to:%d.%m.%Y}" in html
    # The current month is the default, and an unknown key falls back to it.
    assert get(client, make_user(RoleCode.HEAD), "?period=nonsense").context["overview"].period.key == "month"


def test_it_formats_figures_the_russian_way(client, make_user, region, make_message):
    for _ in range(3):
        make_message(region, sector=region.roads, status=MessageStatus.CLOSED, answered_at=timezone.now(),
                     deadline_at=timezone.now() + timedelta(days=1), rating=4)
    make_message(region, sector=region.roads, status=MessageStatus.CLOSED, answered_at=timezone.now(),
                 deadline_at=timezone.now() - timedelta(days=1), rating=5)
    html = get(client, make_user(RoleCode.HEAD)).content.decode()
    assert "75,0\xa0%" in html and "4,3" in html


def test_it_keeps_the_number_of_queries_whatever_the_number_of_sectors_and_agencies(
    client, make_user, scene, make_message, django_assert_max_num_queries
):
    head = make_user(RoleCode.HEAD, RoleCode.SECTOR_LEAD, sectors=[scene.roads])
    client.force_login(head)
    stats_fold()
    with django_assert_max_num_queries(18):
        assert client.get(URL).status_code == 200
    for n in range(12):
        sector = Sector.objects.create(code=f"s{n}", name=f"Блок {n}", order=10 + n)
        agency = Agency.objects.create(name=f"Орган {n}", kind=AgencyKind.EXECUTIVE)
        make_message(scene, sector=sector, agency=agency, status=MessageStatus.IN_WORK,
                     deadline_at=timezone.now() - timedelta(hours=1), is_overdue=True)
    # Folding the new messages into the rollups costs the same whatever they are; the page then reads as many.
    stats_fold()
    with django_assert_max_num_queries(18):
        r = client.get(URL)
    assert len(r.context["overview"].sectors) == 15 and len(r.context["overview"].agencies) == 10


def test_it_answers_get_only(client, make_user):
    client.force_login(make_user(RoleCode.HEAD))
    assert client.post(URL).status_code == 405
