"""The methodology page (every portal role) and the head's editor (validation, versions)."""

from __future__ import annotations

import pytest

from cur.roles import RoleCode
from ratings.forms.methodology import initial_from
from ratings.models import Methodology
from ratings.selectors.ratings_methodology import current_methodology
from tests.ratings.rating_scene import ensure_default_methodology

URL = "/ratings/methodology/"


@pytest.fixture(autouse=True)
def methodology(db):
    ensure_default_methodology()
EDIT = "/ratings/methodology/edit/"


def _form_data(**changes) -> dict:
    data = {k: str(v) for k, v in initial_from(current_methodology()).items()}
    data["comment"] = "Скорость важнее"
    data.update({k: str(v) for k, v in changes.items()})
    return data


def test_it_explains_the_formula_with_the_current_weights(client, db, make_user):
    client.force_login(make_user(RoleCode.AGENCY_EXECUTOR))
    page = client.get(URL).content.decode()
    assert "Формула" in page and "не оцениваются" in page
    assert 'data-cur="criterion-weight-speed">35&nbsp;%' in page
    assert 'data-cur="indicator-weight-on_time_share">60&nbsp;%' in page


def test_it_refuses_the_page_to_a_user_without_a_role(client, db, make_user):
    client.force_login(make_user())
    assert client.get(URL).status_code == 403


def test_it_refuses_the_editor_to_everyone_but_the_head(client, db, make_user):
    for role in (RoleCode.OPERATOR, RoleCode.CURATOR, RoleCode.GOVERNOR_OFFICE):
        client.force_login(make_user(role))
        assert client.get(EDIT).status_code == 403
        assert client.post(EDIT, _form_data(w_speed=45, w_quantity=0)).status_code == 403
    assert Methodology.objects.count() == 1


def test_it_saves_a_new_version_and_keeps_the_old(client, db, make_user):
    head = make_user(RoleCode.HEAD)
    client.force_login(head)
    assert client.get(EDIT).status_code == 200
    response = client.post(EDIT, _form_data(w_speed=45, w_quantity=0, min_messages=5))
    assert response.status_code == 302
    current = current_methodology()
    assert current.version == 2 and current.created_by == head and current.min_messages == 5
    assert {c.code: c.weight for c in current.criteria.all()}["speed"] == 45
    old = Methodology.objects.get(version=1)
    assert not old.is_current and {c.code: c.weight for c in old.criteria.all()}["speed"] == 35
    assert "45&nbsp;%" in client.get(URL).content.decode()


@pytest.mark.parametrize(("changes", "message"), [
    ({"w_speed": 40}, "Сумма весов критериев должна быть 100 %, сейчас 105 %."),
    ({"i_on_time_share": 50}, "Веса показателей критерия «Скорость» в сумме должны давать 100 %, сейчас 90 %."),
    ({"green_from": 50, "yellow_from": 60}, "Порог зелёной зоны должен быть выше порога жёлтой"),
    ({"w_speed": "много"}, "Вес — целое число процентов."),
    ({"comment": ""}, "Коротко опишите, что изменено и почему"),
])
def test_it_explains_bad_input_in_russian_and_keeps_what_was_typed(client, db, make_user, changes, message):
    client.force_login(make_user(RoleCode.HEAD))
    response = client.post(EDIT, _form_data(**changes))
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    for value in changes.values():
        if value != "":
            assert f'value="{value}"' in page
    assert Methodology.objects.count() == 1


def test_it_shows_every_mistake_at_once(client, db, make_user):
    client.force_login(make_user(RoleCode.HEAD))
    page = client.post(EDIT, _form_data(w_speed=50, i_on_time_share=50, comment="")).content.decode()
    assert "сейчас 115 %" in page and "сейчас 90 %" in page and "Коротко опишите" in page
