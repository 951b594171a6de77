"""Saving, deleting and sharing slices: POST /stats/saved/, POST /stats/saved/<id>/delete/, GET /stats/s/<id>/."""

from __future__ import annotations

import pytest

from cur.roles import RoleCode
from ratings.models import SavedSlice
from tests.ratings.conftest import PERIOD

SAVE_URL = "/stats/saved/"


def share_url(saved) -> str:
    return f"/stats/s/{saved.pk}/"


def test_it_saves_the_current_slice_and_lists_it(client, people, crafted):
    client.force_login(people.head)
    response = client.post(SAVE_URL, {"name": "Дороги по каналам", "query": "rows=channel&csrfmiddlewaretoken=x&sector=5"})
    saved = SavedSlice.objects.get(owner=people.head)
    # Only the slice's own parameters are kept.
    assert saved.query == "rows=channel&sector=5"
    assert response.status_code == 302 and response["Location"] == "/stats/?rows=channel&sector=5"
    page = client.get("/stats/", PERIOD)
    assert [s.name for s in page.context["saved_slices"]] == ["Дороги по каналам"]
    html = page.content.decode()
    assert f'href="{share_url(saved)}"' in html
    assert f'data-cur-copy="http://testserver{share_url(saved)}"' in html


def test_it_shows_the_error_and_keeps_what_was_typed(client, people, crafted):
    client.force_login(people.head)
    SavedSlice.objects.create(owner=people.head, name="Дороги", query="")
    response = client.post(SAVE_URL, {"name": "Дороги", "query": "rows=channel&cols=-&date_from=01.01.2025&date_to=31.03.2025"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Срез «Дороги» уже сохранён: выберите другое название." in html
    assert 'value="Дороги"' in html and "is-invalid" in html
    # The page around it is the slice that was being saved.
    assert response.context["slice_form"].slice_query().rows == "channel"
    assert response.context["current_query"] == "rows=channel&cols=-&date_from=01.01.2025&date_to=31.03.2025"
    assert SavedSlice.objects.filter(owner=people.head).count() == 1


def test_it_asks_for_a_name(client, people, crafted):
    client.force_login(people.head)
    response = client.post(SAVE_URL, {"name": "", "query": "rows=channel"})
    assert "Назовите срез." in response.content.decode()
    assert not SavedSlice.objects.exists()


def test_it_deletes_ones_own_slice_and_goes_back_to_the_same_slice(client, people, crafted):
    saved = SavedSlice.objects.create(owner=people.head, name="Старый", query="rows=kind")
    client.force_login(people.head)
    response = client.post(f"/stats/saved/{saved.pk}/delete/", {"back": "rows=channel&junk=1"})
    assert response.status_code == 302 and response["Location"] == "/stats/?rows=channel"
    assert not SavedSlice.objects.exists()


def test_it_refuses_to_delete_someone_elses_slice(client, people, make_user, crafted):
    saved = SavedSlice.objects.create(owner=people.head, name="Чужой", query="")
    client.force_login(make_user(RoleCode.CURATOR))
    assert client.post(f"/stats/saved/{saved.pk}/delete/").status_code == 403
    assert SavedSlice.objects.filter(pk=saved.pk).exists()
    assert client.get(f"/stats/saved/{saved.pk}/delete/").status_code == 405


def test_it_opens_a_shared_slice_for_another_reader(client, people, make_user, crafted):
    saved = SavedSlice.objects.create(owner=people.head, name="Каналы", query="rows=channel&cols=-")
    client.force_login(make_user(RoleCode.GOVERNOR_OFFICE))
    response = client.get(share_url(saved))
    assert response.status_code == 302 and response["Location"] == "/stats/?rows=channel&cols=-"


def test_it_applies_the_readers_own_access_to_a_shared_slice(client, people, crafted):
    region_wide = SavedSlice.objects.create(
        owner=people.head, name="Все блоки", query="rows=sector&cols=-&date_from=01.01.2025&date_to=31.03.2025"
    )
    health = SavedSlice.objects.create(owner=people.head, name="Здоровье", query=f"sector={crafted.health.id}")
    client.force_login(people.roads_lead)
    page = client.get(share_url(region_wide), follow=True)
    assert page.status_code == 200
    assert [row.label for row in page.context["table"].body()] == ["Дороги", "Итого"]
    assert client.get(share_url(health), follow=True).status_code == 403


@pytest.mark.parametrize("who", ["clerk", "nobody"])
def test_it_refuses_outsiders(client, people, crafted, who):
    saved = SavedSlice.objects.create(owner=people.head, name="Каналы", query="rows=channel")
    client.force_login(getattr(people, who))
    assert client.get(share_url(saved)).status_code == 403
    assert client.post(SAVE_URL, {"name": "Моё", "query": ""}).status_code == 403
    assert client.post(f"/stats/saved/{saved.pk}/delete/").status_code == 403
    assert not SavedSlice.objects.exclude(pk=saved.pk).exists()


def test_it_sends_anonymous_users_to_log_in(client, people):
    saved = SavedSlice.objects.create(owner=people.head, name="Каналы", query="rows=channel")
    assert client.get(share_url(saved))["Location"].startswith("/login/")
    assert client.post(SAVE_URL, {"name": "x"})["Location"].startswith("/login/")


def test_it_answers_404_for_a_slice_that_does_not_exist(client, people):
    client.force_login(people.head)
    assert client.get("/stats/s/987654/").status_code == 404


def test_it_says_when_a_name_is_too_long(client, people, crafted):
    client.force_login(people.head)
    response = client.post(SAVE_URL, {"name": "я" * 300, "query": "rows=channel"})
    assert "Название длиннее 120 знаков: сократите его." in response.content.decode()
    assert not SavedSlice.objects.exists()
