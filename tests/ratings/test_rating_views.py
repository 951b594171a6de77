"""The ratings pages: who may open them, the table, the drill-down and the XLSX export."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cur.roles import RoleCode
from ratings.models import RatingRun, RunState
from ratings.rating.indicators import CATALOG
from ratings.selectors.ratings import drilldown_messages
from ratings.services.ratings import rating_compute
from tests.ratings.rating_scene import build

FEB = date(2025, 2, 1)
MONTH_URL = "/ratings/2025-02/"


@pytest.fixture
def scene(region, make_message):
    messages = build(region, make_message)
    region.run = rating_compute(month=FEB, run_now=True)
    region.msgs = messages
    return region


@pytest.fixture
def head(make_user):
    return make_user(RoleCode.HEAD)


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_it_opens_the_latest_month_from_the_index(client, scene, head):
    response = _get(client, head, "/ratings/")
    assert response.status_code == 302 and response["Location"] == MONTH_URL


def test_it_shows_the_rated_and_separately_the_not_rated(client, scene, head):
    page = _get(client, head, MONTH_URL).content.decode()
    assert "61,08" in page and "жёлтая" in page
    rated, not_rated = page.split('data-cur="not-rated"')
    assert "Минтранс" in rated and "Минздрав" not in rated
    assert "Минздрав" in not_rated and "не оценивается (меньше 4 сообщений)" in not_rated


def test_it_refuses_agency_staff_and_people_without_a_role(client, scene, make_user):
    for user in (make_user(RoleCode.AGENCY_EXECUTOR, agency=scene.transport), make_user()):
        for url in ("/ratings/", MONTH_URL, f"{MONTH_URL}v1/", f"{MONTH_URL}v1/rating.xlsx",
                    f"/ratings/runs/{scene.run.pk}/status/"):
            assert _get(client, user, url).status_code == 403, url


def test_it_shows_the_tables_to_the_governors_office_without_drill_down(client, scene, make_user):
    office = make_user(RoleCode.GOVERNOR_OFFICE)
    page = _get(client, office, MONTH_URL).content.decode()
    assert "61,08" in page and 'data-cur="drill"' not in page and 'data-cur="recompute"' not in page
    url = f"{MONTH_URL}v1/agency/{scene.transport.pk}/on_time_share/"
    assert _get(client, office, url).status_code == 403
    assert _get(client, make_user(RoleCode.SECTOR_LEAD, sectors=[scene.roads]), url).status_code == 403


def test_it_lets_only_the_head_recompute(client, scene, head, make_user, django_capture_on_commit_callbacks):
    operator = make_user(RoleCode.OPERATOR)
    client.force_login(operator)
    assert client.post(f"{MONTH_URL}recompute/").status_code == 403
    assert RatingRun.objects.filter(month=FEB).count() == 1
    client.force_login(head)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{MONTH_URL}recompute/")
    assert response.status_code == 302
    runs = list(RatingRun.objects.filter(month=FEB).order_by("version"))
    assert [r.version for r in runs] == [1, 2] and runs[1].requested_by == head
    assert runs[1].state == RunState.DONE  # the test settings run the worker eagerly
    page = client.get(MONTH_URL).content.decode()
    assert "Версия расчёта 2" in page
    assert client.get(f"{MONTH_URL}v1/").status_code == 200  # the old version stays viewable


def test_it_refuses_to_recompute_a_month_not_yet_over(client, head, region):
    from tests.ratings.rating_scene import ensure_default_methodology

    ensure_default_methodology()
    client.force_login(head)
    from django.utils import timezone

    month = timezone.localdate().strftime("%Y-%m")
    client.post(f"/ratings/{month}/recompute/")
    assert not RatingRun.objects.exists()


@pytest.mark.parametrize("code", [i.code for i in CATALOG])
def test_it_drills_down_to_exactly_the_messages_counted(client, scene, head, code):
    run = scene.run
    result = run.results.get(kind="agency", agency=scene.transport)
    figures = result.indicators[code]
    url = f"{MONTH_URL}v1/agency/{scene.transport.pk}/{code}/"
    flagged = _get(client, head, url)
    everything = client.get(url + "?all=1")
    assert flagged.status_code == everything.status_code == 200
    assert flagged.content.decode().count('data-cur="drill-row"') == figures["bad"]
    assert everything.content.decode().count('data-cur="drill-row"') == figures["den"]


def test_it_lists_the_late_ones_behind_the_speed_score(scene):
    from ratings.rating.indicators import INDICATORS

    late = drilldown_messages(scene.run, "agency", scene.transport.pk, INDICATORS["on_time_share"], everything=False)
    assert {m.pk for m in late} == {scene.msgs["m2"].pk, scene.msgs["m4"].pk}
    returned = drilldown_messages(scene.run, "agency", scene.transport.pk, INDICATORS["first_try_share"], everything=False)
    assert [m.pk for m in returned] == [scene.msgs["m2"].pk]


def test_it_answers_404_for_unknown_indicators_and_subjects(client, scene, head):
    client.force_login(head)
    assert client.get(f"{MONTH_URL}v1/agency/{scene.transport.pk}/nonsense/").status_code == 404
    assert client.get(f"{MONTH_URL}v1/agency/999999/on_time_share/").status_code == 404
    assert client.get(f"{MONTH_URL}v9/").status_code == 404


def test_it_exports_the_version_as_xlsx(client, scene, head):
    from openpyxl import load_workbook

    response = _get(client, head, f"{MONTH_URL}v1/rating.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["Место", "Название", "Сообщений", "Балл", "Зона", "Изменение к прошлому месяцу"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert rows[0][:5] == [1, "Минтранс", 4, 61.08, "жёлтая"]
    assert rows[1][1] == "Минздрав" and rows[1][3] is None and rows[1][4].startswith("не оценивается")
    assert book["Параметры"]["B2"].value == "1"


def test_it_reads_the_page_with_a_fixed_number_of_queries(client, scene, head, make_message):
    client.force_login(head)
    client.get(MONTH_URL)
    with CaptureQueriesContext(connection) as few:
        assert client.get(MONTH_URL).status_code == 200
    # More subjects in the rating: the same number of queries.
    from sectors.models import Agency, AgencyKind
    from tests.ratings.rating_scene import FEB as MOMENT

    for n in range(5):
        agency = Agency.objects.create(name=f"Орган {n}", kind=AgencyKind.EXECUTIVE)
        for _ in range(4):
            make_message(scene, received_at=MOMENT, registered_at=MOMENT, agency=agency, municipality=scene.tver)
    rating_compute(month=FEB, run_now=True)
    with CaptureQueriesContext(connection) as many:
        page = client.get(MONTH_URL)
    assert page.content.decode().count('data-cur="rated-row"') == 6
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(many.captured_queries) <= 16


def test_it_polls_the_run_status_fragment(client, scene, head):
    page = _get(client, head, f"/ratings/runs/{scene.run.pk}/status/").content.decode()
    assert 'data-state="done"' in page
