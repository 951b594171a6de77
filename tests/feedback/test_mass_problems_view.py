"""«Массовые проблемы» (GET /mass-problems/), «Объединить» (POST /mass-problems/join/) and the card's
suggestion block: who may see and do what, what the pages show, what they escape."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cur.navigation import nav_for
from cur.roles import RoleCode
from feedback.models import EventKind, MassProblem, MessageEvent

ADDRESS = "г. Тверь, ул. Советская, д. 5"
PAGE = "feedback:mass_problems"
JOIN = "feedback:mass_problems_join"


@pytest.fixture
def cluster(region, make_message, routed):
    texts = ["Огромная яма на дороге у дома", "Яма у дома, машины бьют колёса", 'Яма на дороге <script>alert("x")</script>']
    return [make_message(region, address=ADDRESS, text=t, **routed) for t in texts]


@pytest.fixture
def health_lead(make_user, region):
    return make_user(RoleCode.SECTOR_LEAD, sectors=[region.health])


def _join(client, messages, **data):
    return client.post(reverse(JOIN), {"ids": [m.pk for m in messages], **data})


def test_it_lists_the_suggested_cluster_for_an_operator(client, cluster, people):
    client.force_login(people.operator)
    response = client.get(reverse(PAGE))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-cur="mass-cluster"') == 1
    assert ADDRESS in html and "Ямы и выбоины" in html and "3 сообщения" in html
    assert all(f"№&nbsp;{m.number}" in html for m in cluster)
    assert 'value="Ямы и выбоины — г. Тверь, ул. Советская, д. 5"' in html
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert ">Объединить<" in html


def test_a_sector_lead_sees_his_sectors_clusters_without_the_join_form(client, cluster, people):
    client.force_login(people.lead)
    html = client.get(reverse(PAGE)).content.decode()
    assert html.count('data-cur="mass-cluster"') == 1
    assert 'data-cur="mass-join"' not in html


def test_a_lead_of_another_sector_sees_no_cluster(client, cluster, health_lead):
    client.force_login(health_lead)
    response = client.get(reverse(PAGE))
    assert response.status_code == 200
    assert 'data-cur="mass-cluster"' not in response.content.decode()
    assert 'data-cur="mass-empty"' in response.content.decode()


@pytest.mark.parametrize("who", ["clerk", "governor"])
def test_it_refuses_those_who_do_not_read_messages_by_sector(client, cluster, people, who):
    client.force_login(getattr(people, who))
    assert client.get(reverse(PAGE)).status_code == 403


def test_it_sends_strangers_to_the_login_page(client, cluster):
    response = client.get(reverse(PAGE))
    assert response.status_code == 302 and "login" in response["Location"]


def test_it_lists_open_mass_problems_with_their_messages(client, cluster, people, region):
    problem = MassProblem.objects.create(title="Яма <b>тут</b>", municipality=region.tver, sector=region.roads, address=ADDRESS)
    MassProblem.objects.create(title="Решённая", state=MassProblem.State.RESOLVED)
    cluster[0].__class__.objects.filter(pk__in=[m.pk for m in cluster[:2]]).update(mass_problem=problem)
    client.force_login(people.operator)
    html = client.get(reverse(PAGE)).content.decode()
    assert "Яма &lt;b&gt;тут&lt;/b&gt;" in html and "Решённая" not in html
    assert '<td class="text-end tabular">2</td>' in html


def test_an_operator_joins_the_cluster(client, cluster, people):
    client.force_login(people.operator)
    response = _join(client, cluster, title="Яма на Советской, 5", next=reverse(PAGE))
    assert response.status_code == 302 and response["Location"] == reverse(PAGE)
    problem = MassProblem.objects.get()
    assert problem.title == "Яма на Советской, 5"
    assert set(problem.messages.values_list("pk", flat=True)) == {m.pk for m in cluster}
    assert MessageEvent.objects.filter(kind=EventKind.MASS_PROBLEM).count() == 3
    html = client.get(reverse(PAGE)).content.decode()
    assert "Сообщений объединено в массовую проблему «Яма на Советской, 5»: 3." in html
    assert 'data-cur="mass-cluster"' not in html


def test_an_operator_joins_an_existing_problem(client, cluster, people, region):
    problem = MassProblem.objects.create(title="Ямы", municipality=region.tver, sector=region.roads)
    client.force_login(people.operator)
    _join(client, cluster, problem=problem.pk, title="подсказанное название")
    assert set(problem.messages.values_list("pk", flat=True)) == {m.pk for m in cluster}
    assert MassProblem.objects.count() == 1


def test_it_explains_a_refusal_and_changes_nothing(client, cluster, people):
    client.force_login(people.operator)
    response = _join(client, cluster, title="", next=reverse(PAGE))
    assert response.status_code == 302
    html = client.get(reverse(PAGE)).content.decode()
    assert "Сообщения не объединены: Выберите открытую массовую проблему или введите название новой." in html
    assert not MassProblem.objects.exists()


def test_it_refuses_messages_the_operator_cannot_see_as_missing(client, cluster, people):
    client.force_login(people.operator)
    response = client.post(reverse(JOIN), {"ids": [cluster[0].pk, 999999], "title": "Яма", "next": reverse(PAGE)})
    assert response.status_code == 302
    assert "часть сообщений не найдена" in client.get(reverse(PAGE)).content.decode()
    assert not MassProblem.objects.exists()


@pytest.mark.parametrize("who", ["clerk", "lead", "curator"])
def test_it_refuses_to_join_for_those_without_the_action(client, cluster, people, who):
    client.force_login(getattr(people, who))
    assert _join(client, cluster, title="Яма").status_code == 403
    assert not MassProblem.objects.exists()


def test_a_lead_of_another_sector_may_not_join(client, cluster, health_lead):
    client.force_login(health_lead)
    assert _join(client, cluster, title="Яма").status_code == 403
    assert not MassProblem.objects.exists()


def test_it_ignores_a_foreign_next_address(client, cluster, people):
    client.force_login(people.operator)
    response = _join(client, cluster, title="Яма", next="https://evil.example/")
    assert response["Location"] == reverse(PAGE)


def test_the_card_suggests_joining_for_an_operator(client, cluster, people):
    client.force_login(people.operator)
    html = client.get(reverse("feedback:card", kwargs={"pk": cluster[0].pk})).content.decode()
    assert html.count('data-cur="mass-suggestion"') == 1
    assert "Похоже на массовую проблему: 3 сообщения по этому адресу за неделю" in html
    assert f"№&nbsp;{cluster[1].number}" in html and f"№&nbsp;{cluster[2].number}" in html
    assert "<script>alert" not in html


@pytest.mark.parametrize("who", ["clerk", "lead"])
def test_the_card_does_not_suggest_to_those_who_may_not_join(client, cluster, people, who):
    client.force_login(getattr(people, who))
    response = client.get(reverse("feedback:card", kwargs={"pk": cluster[0].pk}))
    assert response.status_code == 200
    assert 'data-cur="mass-suggestion"' not in response.content.decode()


def test_the_menu_shows_the_page_to_operators_and_sector_leads_only(cluster, people):
    url = reverse(PAGE)
    assert url in [link.url for link in nav_for(people.operator)]
    assert url in [link.url for link in nav_for(people.lead)]
    assert url not in [link.url for link in nav_for(people.clerk)]


def test_the_page_costs_the_same_queries_for_more_clusters(client, cluster, people, region, make_message, routed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(people.operator)
    client.get(reverse(PAGE))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse(PAGE))
    for number in (7, 9):
        for _ in range(3):
            make_message(region, address=f"г. Тверь, ул. Мира, д. {number}", text="Яма на дороге у дома", **routed)
    with CaptureQueriesContext(connection) as three:
        html = client.get(reverse(PAGE)).content.decode()
    assert html.count('data-cur="mass-cluster"') == 3
    assert len(three.captured_queries) == len(one.captured_queries)
