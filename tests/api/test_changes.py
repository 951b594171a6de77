from datetime import timedelta
from urllib.parse import urlparse

from django.utils import timezone

from feedback.models import AnswerKind
from feedback.services.answers import answer_submit


def test_it_lists_messages_changed_since_a_time_with_a_cursor(pos, region, make_message, settings, city_clerk, routed):
    settings.API_CHANGES_LAG_SECONDS = 0
    since = timezone.now() - timedelta(minutes=1)
    messages = [make_message(region, **routed) for _ in range(3)]
    make_message(region, channel=region.letter)  # another channel: not the platform's business
    answer_submit(message=messages[0], kind=AnswerKind.INTERIM, text="Работы начаты.", by=city_clerk)
    import feedback.api.selectors as selectors

    selectors_page, selectors.PAGE = selectors.PAGE, 2
    try:
        pages = [pos.get("/api/v1/changes/", {"since": since.isoformat()}).json()]
        while pages[-1]["next"]:
            link = urlparse(pages[-1]["next"])
            pages.append(pos.get(f"{link.path}?{link.query}").json())
    finally:
        selectors.PAGE = selectors_page
    # Four events (three created, one answer) two by two: three pages, the last one empty.
    assert len(pages) == 3 and pages[-1]["results"] == []
    listed = [r for p in pages for r in p["results"]]
    assert sorted({r["number"] for r in listed}) == sorted(m.number for m in messages)
    whole = pos.get("/api/v1/changes/", {"since": since.isoformat()}).json()["results"]
    assert {r["number"]: r["status"] for r in whole}[messages[0].number] == "interim"
    later = pos.get("/api/v1/changes/", {"since": (timezone.now() + timedelta(minutes=1)).isoformat()}).json()
    assert later == {"results": [], "next": None}


def test_it_gives_an_agency_system_only_its_messages(city_system, region, make_message, settings, routed):
    settings.API_CHANGES_LAG_SECONDS = 0
    since = timezone.now() - timedelta(minutes=1)
    mine = make_message(region, **routed)
    make_message(region, **{**routed, "agency": region.transport})
    body = city_system.get("/api/v1/changes/", {"since": since.isoformat()}).json()
    assert [r["number"] for r in body["results"]] == [mine.number]


def test_it_refuses_bad_times_cursors_and_tokens_without_scope(pos, api_client, make_system):
    assert pos.get("/api/v1/changes/", {"since": "вчера"}).json()["errors"]["since"][0].startswith("Укажите время")
    bad = pos.get("/api/v1/changes/", {"since": "2026-12-01T09:00:00+03:00", "cursor": "xx"})
    assert bad.status_code == 400 and "cursor" in bad.json()["errors"]
    _system, key = make_system(scopes=["messages:create"])
    assert api_client(key).get("/api/v1/changes/", {"since": "2026-12-01T09:00:00+03:00"}).status_code == 403
