"""GET /stats/: the statistical slices page for each reader, its form, table, chart and limits."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from cur.navigation import nav_for
from cur.roles import RoleCode
from ratings.exports import MAX_ROWS, figure_text
from ratings.forms.slices import default_period
from sectors.models import Sector
from tests.ratings.conftest import PERIOD

URL = "/stats/"


def get(client, user, **params):
    client.force_login(user)
    return client.get(URL, {**PERIOD, **params})


def figures(response) -> dict[str, list]:
    """Row label → the figures of its cells, then its total (when the table has columns)."""
    table = response.context["table"]
    return {
        row.label: [c.value for c in row.cells] + ([row.total.value] if table.has_total_column else [])
        for row in table.body()
    }


def test_it_renders_for_the_head_with_the_defaults(client, people, crafted, make_message):
    make_message(crafted, sector=crafted.roads)  # registered now: inside the default period
    client.force_login(people.head)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    form = response.context["slice_form"]
    query = form.slice_query()
    assert (query.rows, query.cols, query.measure) == ("sector", "month", "count")
    assert form.period == default_period(timezone.localdate())
    assert form.period[0].day == 1 and len(response.context["table"].columns) == 13
    assert "Статистика" in html and 'data-cur-chart="cur-slice-chart-data"' in html
    assert "Сообщения, зарегистрированные в периоде." in html
    assert "Посчитано по сводкам блоков по дням" in html
    assert "chartjs/chart.umd.min.js" in html and "cur/charts.js" in html
    assert figures(response)["Итого"][-1] == 1
    assert "Статистика" in [str(link.label) for link in nav_for(people.head, URL)]


def test_it_counts_what_a_person_counts_by_hand(client, people, crafted):
    response = get(client, people.head, rows="sector", cols="channel")
    columns = [*response.context["table"].columns, "Итого"]
    got = {label: dict(zip(columns, values, strict=True)) for label, values in figures(response).items()}
    assert columns[0] == "Платформа обратной связи"  # the largest column comes first
    assert got == {
        "Дороги": {"Платформа обратной связи": 3, "Письмо": 1, "Социальные сети": None, "Итого": 4},
        "Здравоохранение": {"Платформа обратной связи": 1, "Письмо": None, "Социальные сети": 1, "Итого": 2},
        "не указано": {"Платформа обратной связи": 1, "Письмо": None, "Социальные сети": None, "Итого": 1},
        "Итого": {"Платформа обратной связи": 5, "Письмо": 1, "Социальные сети": 1, "Итого": 7},
    }
    html = response.content.decode()
    assert '<td class="cur-empty">—</td>' in html


def test_it_adds_up_totals_from_the_sums_not_from_the_cells(client, people, crafted):
    response = get(client, people.head, rows="sector", cols="-", measure="on_time")
    rows = figures(response)
    # Roads 2 of 3 answers on time, health 1 of 2: the total is 3 of 5, not the mean of 66,7 and 50.
    assert rows["Дороги"] == [pytest.approx(200 / 3)]
    assert rows["Здравоохранение"] == [50.0]
    assert rows["Итого"] == [60.0]
    assert "60,0\u00a0%" in response.content.decode()


def test_it_applies_the_filters(client, people, crafted):
    response = get(client, people.head, rows="municipality", cols="-", channel=[crafted.pos.id, crafted.social.id],
                   sector=crafted.roads.id)
    assert figures(response) == {"Тверь": [2], "Ржев": [1], "Итого": [3]}
    assert ("Канал", "Платформа обратной связи, Социальные сети") in response.context["filters_text"]


def test_it_keeps_the_other_filters_when_a_date_is_wrong(client, people, crafted):
    response = get(client, people.head, rows="sector", cols="-", date_from="31.02.2025", channel=crafted.pos.id,
                   category=[crafted.categories["Ямы и выбоины"].id, 999999])
    assert response.status_code == 200
    html = response.content.decode()
    assert "Введите дату в виде ДД.ММ.ГГГГ" in html
    assert "Значения «999999» нет в списке: оно не учтено." in html
    # The wrong start falls back to twelve months before the end, shown in the box with its error.
    assert response.context["slice_form"].period == (date(2024, 3, 1), date(2025, 3, 31))
    assert 'value="31.02.2025"' in html
    # The channel and the known category still apply.
    assert figures(response) == {"Дороги": [2], "Итого": [2]}


def test_it_refuses_the_same_dimension_for_rows_and_columns(client, people, crafted):
    response = get(client, people.head, rows="channel", cols="channel")
    assert response.status_code == 200
    assert "Строки и столбцы разбиты по одному и тому же" in response.content.decode()
    assert response.context["slice_form"].slice_query().cols is None
    assert figures(response)["Итого"] == [7]


def test_it_refuses_a_period_that_ends_before_it_starts(client, people, crafted):
    response = get(client, people.head, date_from="01.03.2025", date_to="01.01.2025")
    assert "Конец периода раньше его начала" in response.content.decode()
    assert response.context["slice_form"].period == default_period(timezone.localdate())


def test_it_shows_a_sector_lead_only_his_sectors(client, people, crafted):
    response = get(client, people.roads_lead, rows="sector", cols="-")
    assert response.status_code == 200
    assert figures(response) == {"Дороги": [4], "Итого": [4]}
    form = response.context["slice_form"]
    assert form.choices.sectors == [(crafted.roads.id, "Дороги")]
    assert [group for group, _options in form.choices.categories] == ["Дороги"]
    assert response.context["scope_names"] == ["Дороги"]


def test_it_refuses_a_sector_lead_another_sectors_figures(client, people, crafted):
    assert get(client, people.roads_lead, sector=crafted.health.id).status_code == 403
    assert get(client, people.roads_lead, sector=[crafted.roads.id, crafted.health.id]).status_code == 403
    assert get(client, people.roads_lead, sector=crafted.roads.id).status_code == 200


def test_it_counts_a_year_back_from_an_end_given_alone(client, people, crafted):
    client.force_login(people.head)
    response = client.get(URL, {"date_to": "31.03.2025", "cols": "-"})
    assert response.context["slice_form"].period == (date(2024, 3, 1), date(2025, 3, 31))
    assert 'value="01.03.2024"' in response.content.decode()
    assert figures(response)["Итого"] == [7]


@pytest.mark.parametrize("who", ["clerk", "nobody"])
def test_it_refuses_agency_staff_and_users_without_a_role(client, people, crafted, who):
    user = getattr(people, who)
    assert get(client, user).status_code == 403
    assert "Статистика" not in [str(link.label) for link in nav_for(user, URL)]


def test_it_sends_anonymous_users_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_reads_a_bounded_number_of_queries(client, people, crafted, django_assert_max_num_queries):
    client.force_login(people.head)
    client.get(URL)  # warm the session and caches
    with django_assert_max_num_queries(15):
        response = client.get(URL, {**PERIOD, "rows": "category", "cols": "municipality", "measure": "median_answer"})
    assert response.status_code == 200


def test_it_shows_at_most_200_rows_and_says_so(client, people, crafted):
    response = get(client, people.head, rows="day", cols="-", date_from="01.01.2025", date_to="31.12.2025")
    table = response.context["table"]
    assert len(table.rows) == MAX_ROWS and table.rows_found == 365
    assert "Показаны первые 200 строк из 365." in response.content.decode()
    # The totals still count every day, also those not shown.
    assert figures(response)["Итого"] == [7]


def test_it_escapes_reference_names(client, people, crafted):
    Sector.objects.filter(pk=crafted.roads.pk).update(name="<script>alert(1)</script>")
    response = get(client, people.head, rows="sector", cols="month")
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_it_keeps_the_query_in_the_download_and_copy_links(client, people, crafted):
    response = get(client, people.head, rows="channel", measure="on_time")
    query = urlencode({"rows": "channel", "measure": "on_time", **PERIOD})
    assert response.context["current_query"] == query
    html = response.content.decode()
    assert f'href="/stats/srez.csv?{query.replace("&", "&amp;")}"' in html
    assert f'href="/stats/srez.xlsx?{query.replace("&", "&amp;")}"' in html
    assert response.context["page_url"] == f"http://testserver/stats/?{query}"


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (1234, "count", "1\u00a0234"),
        (0, "count", "0"),
        (56.66, "percent", "56,7\u00a0%"),
        (12.5, "hours", "12,5\u00a0ч"),
        (76.8, "hours", "3,2\u00a0дн."),
        (4.25, "score", "4,2"),
        (None, "percent", "—"),
    ],
)
def test_it_formats_figures_the_russian_way(value, unit, text):
    assert figure_text(value, unit) == text


@pytest.mark.parametrize("role", [RoleCode.GOVERNOR_OFFICE, RoleCode.MEDIA, RoleCode.SECTOR_RESPONSIBLE])
def test_it_opens_for_every_statistics_role(client, make_user, crafted, role):
    user = make_user(role, sectors=[crafted.health] if role == RoleCode.SECTOR_RESPONSIBLE else ())
    assert get(client, user).status_code == 200
