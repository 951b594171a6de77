"""«Ждут вашего решения» on the home page: what waits for each actor, over every kind of document."""

from __future__ import annotations

from django.urls import reverse

from roadmap.selectors.approvals import waiting_for
from roadmap.services.approvals import approval_decide, approval_submit


def titles(user):
    return [item.title for item in waiting_for(user)]


def test_it_lists_what_waits_for_each_actor(people, make_passport):
    version = make_passport()
    assert titles(people.head) == [] and titles(people.curator) == []
    approval_submit(document=version, by=people.minister)
    expected = ["Паспорт проекта «Прозрачный ремонт дорог», версия 1"]
    assert titles(people.head) == expected and titles(people.curator) == []
    approval_decide(document=version, by=people.head, action="forward")
    assert titles(people.head) == [] and titles(people.curator) == expected
    approval_decide(document=version, by=people.curator, action="return", comment="Уточните сроки")
    assert titles(people.minister) == expected
    assert titles(people.health_minister) == [] and titles(people.curator) == []
    assert waiting_for(people.minister)[0].url == reverse("roadmap:passport", args=[version.pk])


def test_it_shows_the_block_on_the_home_page(client, people, make_passport, django_assert_max_num_queries):
    version = make_passport()
    approval_submit(document=version, by=people.minister)
    approval_decide(document=version, by=people.head, action="forward")
    client.force_login(people.curator)
    r = client.get(reverse("home"))
    body = r.content.decode()
    assert 'data-cur="waiting-for-me"' in body
    assert f'href="{reverse("roadmap:passport", args=[version.pk])}"' in body
    client.force_login(people.head)
    assert 'data-cur="waiting-for-me"' not in client.get(reverse("home")).content.decode()


def test_it_costs_no_query_for_roles_outside_the_chains(people, django_assert_num_queries):
    people.operator._cur_access = None
    from cur.access import access_for

    access_for(people.operator)
    with django_assert_num_queries(0):
        assert waiting_for(people.operator) == []
    access_for(people.curator)
    with django_assert_num_queries(1):
        waiting_for(people.curator)
