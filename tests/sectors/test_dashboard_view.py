"""The sector dashboard page: who may open it, what it shows, what it costs."""

import pytest
from django.urls import reverse

from cur.roles import RoleCode
from ratings.services.stats import stats_fold

URL = reverse("ratings:sector_dashboard")


@pytest.fixture
def lead(region, make_user):
    return make_user(RoleCode.SECTOR_LEAD, sectors=[region.roads], username="lead")


def test_it_shows_the_leads_sector_with_links_to_the_queue(client, region, lead, make_message):
    make_message(region, sector=region.roads, category=region.categories["Тротуары"], status="classified")
    client.force_login(lead)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Дашборд блока: Дороги" in html
    assert "Тротуары" in html and "/messages/?sector=" in html
    assert 'data-cur-chart="dash-daily-data"' in html and "vendor/chartjs/chart.umd.min.js" in html


def test_it_refuses_a_lead_asking_for_another_sector(client, region, lead):
    client.force_login(lead)
    assert client.get(URL, {"sector": region.health.id}).status_code == 403


@pytest.mark.parametrize("role", [RoleCode.AGENCY_EXECUTOR, None])
def test_it_refuses_agency_staff_and_users_without_a_role(client, region, make_user, role):
    user = make_user(role, agency=region.city) if role else make_user()
    client.force_login(user)
    assert client.get(URL).status_code == 403


def test_it_sends_strangers_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_it_answers_404_for_a_sector_that_is_not_a_number(client, lead):
    client.force_login(lead)
    assert client.get(URL, {"sector": "roads"}).status_code == 404


def test_it_shows_the_governors_office_figures_without_links_to_messages(client, region, make_user, make_message):
    make_message(region, sector=region.roads, category=region.categories["Тротуары"], status="classified")
    client.force_login(make_user(RoleCode.GOVERNOR_OFFICE))
    response = client.get(URL, {"sector": region.roads.id})
    assert response.status_code == 200
    assert "/messages/" not in response.content.decode()


def test_it_keeps_the_period_chosen_and_escapes_reference_names(client, region, lead, make_message):
    region.categories["Тротуары"].__class__.objects.filter(pk=region.categories["Тротуары"].pk).update(name="<b>Тротуары</b>")
    make_message(region, sector=region.roads, category=region.categories["Тротуары"], status="classified")
    client.force_login(lead)
    html = client.get(URL, {"period": "year"}).content.decode()
    assert '<option value="year" selected>' in html
    assert "&lt;b&gt;Тротуары&lt;/b&gt;" in html and "<b>Тротуары</b>" not in html


def test_it_costs_a_bounded_number_of_queries(client, region, lead, make_message, django_assert_max_num_queries):
    for name in ("Тротуары", "Ямы и выбоины", "Ремонт дорог"):
        make_message(region, sector=region.roads, category=region.categories[name], agency=region.city, status="routed")
    client.force_login(lead)
    stats_fold()  # the new messages; the page then looks at the log once
    with django_assert_max_num_queries(41):
        assert client.get(URL).status_code == 200
