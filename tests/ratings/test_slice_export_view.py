"""GET /stats/srez.csv and /stats/srez.xlsx: exactly the table of the page, under the same access."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from sectors.models import Sector
from tests.ratings.conftest import PERIOD

CSV_URL = "/stats/srez.csv"
XLSX_URL = "/stats/srez.xlsx"


def page_table(client, params):
    table = client.get("/stats/", params).context["table"]
    return table.header(), [[row.label, *[c.value for c in row.cells], *([row.total.value] if table.has_total_column else [])]
                            for row in table.body()]


def read_csv(response) -> list[list[str]]:
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf"), "без BOM Excel прочтёт кириллицу неверно"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def read_xlsx(response):
    book = load_workbook(io.BytesIO(response.content))
    return book, [list(row) for row in book["Срез"].iter_rows(values_only=True)]


def _csv_number(value) -> str:
    if value is None:
        return ""
    return str(value) if isinstance(value, int) else f"{value:.1f}".replace(".", ",")


@pytest.mark.parametrize(
    "params",
    [
        {"rows": "sector", "cols": "channel"},
        {"rows": "channel", "cols": "-", "measure": "on_time"},
        {"rows": "municipality", "cols": "month", "measure": "median_answer", "sector": "ROADS"},
    ],
)
def test_it_writes_the_tables_figures_to_csv(client, people, crafted, params):
    params = {**PERIOD, **params}
    if params.get("sector") == "ROADS":
        params["sector"] = crafted.roads.id
    client.force_login(people.head)
    header, rows = page_table(client, params)
    response = client.get(CSV_URL, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="srez-2025-01-01-2025-03-31.csv"'
    lines = read_csv(response)
    assert lines[0] == header
    assert lines[1:] == [[label, *[_csv_number(v) for v in values]] for label, *values in rows]


def test_it_writes_numbers_as_numbers_to_xlsx(client, people, crafted):
    params = {**PERIOD, "rows": "sector", "cols": "month", "measure": "on_time"}
    client.force_login(people.head)
    header, rows = page_table(client, params)
    response = client.get(XLSX_URL, params)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="srez-2025-01-01-2025-03-31.xlsx"'
    book, cells = read_xlsx(response)
    assert cells[0] == header
    expected = [[label, *[None if v is None else pytest.approx(v / 100) for v in values]] for label, *values in rows]
    assert cells[1:] == expected
    sheet = book["Срез"]
    assert sheet["A1"].font.b and sheet["B1"].font.b
    assert sheet["B2"].number_format == "0.0%"
    about = dict(row for row in book["Параметры"].iter_rows(values_only=True))
    assert about["Показатель"] == "Доля ответов в срок, %"
    assert about["Период"] == "01.01.2025 — 31.03.2025"


def test_it_writes_counts_as_integers(client, people, crafted):
    client.force_login(people.head)
    _book, cells = read_xlsx(client.get(XLSX_URL, {**PERIOD, "rows": "sector", "cols": "-"}))
    assert cells == [["Отраслевой блок", "Количество сообщений"], ["Дороги", 4], ["Здравоохранение", 2], ["не указано", 1], ["Итого", 7]]
    assert all(isinstance(row[1], int) for row in cells[1:])


def test_it_keeps_names_that_look_like_formulas_as_text(client, people, crafted):
    Sector.objects.filter(pk=crafted.roads.pk).update(name="=HYPERLINK(\"http://x\")")
    client.force_login(people.head)
    params = {**PERIOD, "rows": "sector", "cols": "-"}
    assert read_csv(client.get(CSV_URL, params))[1][0] == "'=HYPERLINK(\"http://x\")"
    book, cells = read_xlsx(client.get(XLSX_URL, params))
    assert cells[1][0] == "=HYPERLINK(\"http://x\")"
    assert book["Срез"]["A2"].data_type == "s"


def test_it_exports_only_a_sector_leads_sectors(client, people, crafted):
    client.force_login(people.roads_lead)
    lines = read_csv(client.get(CSV_URL, {**PERIOD, "rows": "sector", "cols": "-"}))
    assert lines[1:] == [["Дороги", "4"], ["Итого", "4"]]


@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_it_refuses_what_the_page_refuses(client, people, crafted, url):
    client.force_login(people.roads_lead)
    assert client.get(url, {"sector": crafted.health.id}).status_code == 403
    for user in (people.clerk, people.nobody):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
