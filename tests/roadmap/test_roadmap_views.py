"""The ЦУР's roadmap: weighted completion overall and per responsible (worked by hand), the next
year started from this one, progress with evidence, the timeline, and who is refused."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roadmap.models import ItemState, RoadmapItem, RoadmapVersion
from roadmap.selectors.roadmap import completion, completion_by_responsible
from sectors.models import Official


@pytest.fixture
def roadmap(people):
    version = RoadmapVersion.objects.create(year=2026, created_by=people.head)
    head = Official.objects.get(user=people.head)
    minister = people.minister_official
    rows = [
        ("Соглашение", minister, date(2026, 2, 28), 3, ItemState.DONE),
        ("Обучение", minister, date(2026, 9, 30), 2, ItemState.IN_PROGRESS),
        ("Опрос", head, date(2026, 3, 1), 1, ItemState.PLANNED),
        ("Отменённое", head, date(2026, 4, 1), 4, ItemState.CANCELLED),
        ("Рейтинг", head, date(2026, 12, 31), 2, ItemState.DONE),
    ]
    for order, (title, who, deadline, weight, state) in enumerate(rows, 1):
        RoadmapItem.objects.create(version=version, order=order, title=title, responsible=who, deadline=deadline, weight=weight,
                                   state=state, start_date=date(2026, 1, 10))
    return version


def test_it_weighs_completion(roadmap, people):
    # Counted: 3 + 2 + 1 + 2 = 8 (the cancelled 4 does not count); done: 3 + 2 = 5 → 62,5 %.
    result = completion(roadmap, today=date(2026, 6, 1))
    assert (result.weight_done, result.weight_total, result.percent) == (5, 8, 62.5)
    assert (result.items_done, result.items_total, result.overdue) == (2, 4, 1)  # «Опрос» was due 01.03
    rows = {row.name: row.completion for row in completion_by_responsible(roadmap, today=date(2026, 6, 1))}
    minister = rows[people.minister_official.full_name]
    head = rows[Official.objects.get(user=people.head).full_name]
    assert (minister.percent, head.percent) == (60.0, round(100 * 2 / 3, 1))


def test_it_starts_the_next_year_from_this_one(client, roadmap, people):
    client.force_login(people.head)
    r = client.post(reverse("roadmap:roadmap_start"), {"year": "2027"})
    assert r.url == reverse("roadmap:roadmap_year", args=[2027])
    new = RoadmapVersion.objects.get(year=2027)
    items = list(new.items.order_by("order"))
    assert [i.title for i in items] == ["Соглашение", "Обучение", "Опрос", "Рейтинг"]
    assert {i.state for i in items} == {ItemState.PLANNED}
    assert items[0].deadline == date(2027, 2, 28) and items[0].weight == 3 and new.based_on == roadmap
    assert client.post(reverse("roadmap:roadmap_start"), {"year": "2027"}).status_code == 403


def test_it_lets_only_the_head_start_a_year_or_edit_items(client, roadmap, people):
    client.force_login(people.minister)
    assert client.post(reverse("roadmap:roadmap_start"), {"year": "2027"}).status_code == 403
    assert client.get(reverse("roadmap:roadmap_item_new", args=[2026])).status_code == 403
    assert not RoadmapVersion.objects.filter(year=2027).exists()


def test_it_needs_evidence_to_mark_an_item_done(client, roadmap, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = roadmap.items.get(title="Обучение")
    url = reverse("roadmap:roadmap_item_report", args=[item.pk])
    client.force_login(people.minister)
    r = client.post(url, {"state": ItemState.DONE, "evidence_url": "", "note": ""})
    assert r.status_code == 400 and "приложите файл или дайте ссылку" in r.content.decode()
    evidence = SimpleUploadedFile("protokol.pdf", b"%PDF-1.4 protocol", content_type="application/pdf")
    assert client.post(url, {"state": ItemState.DONE, "evidence_file": evidence, "note": "Протокол"}).status_code == 302
    item.refresh_from_db()
    assert item.state == ItemState.DONE and item.completed_at is not None and item.evidence_file.name.endswith(".pdf")
    download = client.get(reverse("roadmap:roadmap_evidence", args=[item.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 protocol"


def test_it_refuses_progress_on_someone_elses_item(client, roadmap, people):
    item = roadmap.items.get(title="Опрос")  # the head's item
    client.force_login(people.minister)
    assert client.get(reverse("roadmap:roadmap_item_report", args=[item.pk])).status_code == 403


def test_it_draws_the_timeline(client, roadmap, people):
    client.force_login(people.curator)
    r = client.get(reverse("roadmap:roadmap_timeline", args=[2026]))
    body = r.content.decode()
    assert body.count("cur-gantt-bar ") == 5
    bars = {bar.item.title: bar for bar in r.context["bars"]}
    # 10.01 → 28.02: starts after 9 of 365 days, lasts 50 days.
    assert bars["Соглашение"].left == round(100 * 9 / 365, 2) and bars["Соглашение"].width == round(100 * 50 / 365, 2)


def test_it_shows_the_roadmap_in_few_queries(client, roadmap, people, django_assert_max_num_queries):
    client.force_login(people.head)
    with django_assert_max_num_queries(12):
        r = client.get(reverse("roadmap:roadmap"))
    assert r.status_code == 200 and r.context["completion"].percent == 62.5


@pytest.mark.parametrize("who", ["operator", "agency", "outsider", "lead"])
def test_it_refuses_the_roadmap_to_outsiders(client, roadmap, people, who):
    client.force_login(getattr(people, who))
    item = roadmap.items.first()
    for url in (reverse("roadmap:roadmap"), reverse("roadmap:roadmap_year", args=[2026]), reverse("roadmap:roadmap_timeline", args=[2026]),
                reverse("roadmap:roadmap_item_report", args=[item.pk]), reverse("roadmap:roadmap_evidence", args=[item.pk])):
        assert client.get(url).status_code == 403, url
    for url in (reverse("roadmap:roadmap_item_new", args=[2026]), reverse("roadmap:roadmap_item_edit", args=[2026, item.pk])):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("roadmap:roadmap_start"), {"year": "2027"}).status_code == 403
    assert not RoadmapVersion.objects.filter(year=2027).exists()
