"""The queue's reads: every filter, Russian word forms, message numbers, keyset pages, counts, scope."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from cur.moments import Period
from cur.roles import RoleCode
from feedback.models import OPEN_STATUSES, MessageStatus
from feedback.selectors.queue import (
    DUE_OVERDUE,
    DUE_SOON,
    DUE_TODAY,
    EXCERPT_CHARS,
    ORDER_NEWEST,
    Cursor,
    QueueQuery,
    excerpt,
    filtered_messages,
    message_number,
    queue_counts,
    queue_page,
    search_tsquery,
)


def ids(user, **filters) -> set[int]:
    return set(filtered_messages(user, QueueQuery(**filters)).values_list("id", flat=True))


def all_pages(user, query: QueueQuery, limit: int) -> list[list[int]]:
    """Follow the «next page» cursors to the end, as a user clicking «Следующая страница» would."""
    pages = []
    while True:
        page = queue_page(user, query, limit=limit)
        pages.append([m.pk for m in page.rows])
        if page.next_cursor is None:
            return pages
        assert len(pages) < 100, "пагинация не кончается"
        query = QueueQuery(**{**query.__dict__, "after": page.next_cursor})


@pytest.fixture
def operator(make_user):
    return make_user(RoleCode.OPERATOR)


@pytest.fixture
def scene(region, make_message):
    """Messages of both sectors, in several states, channels, kinds, places and deadlines."""
    now = timezone.now()
    period = Period.at(now)

    class Scene:
        pass

    s = Scene()
    s.now = now
    s.new = make_message(region, text="Вывоз мусора не производится третью неделю", deadline_at=now + timedelta(days=5))
    s.new_overdue = make_message(
        region, channel=region.social, text="Мусорные контейнеры переполнены во дворе", deadline_at=now - timedelta(days=2),
        municipality=region.rzhev,
    )
    s.classified = make_message(
        region, text="Нет записи к терапевту", sector=region.health, category=region.categories["Запись к врачу"],
        status=MessageStatus.CLASSIFIED, deadline_at=now + timedelta(days=4),
    )
    s.due_today = make_message(
        region, text="Яма на Волоколамском шоссе", sector=region.roads, category=region.categories["Ямы и выбоины"],
        agency=region.transport, status=MessageStatus.ROUTED, deadline_at=period.tomorrow_start - timedelta(seconds=1),
    )
    s.in_work = make_message(
        region, channel=region.letter, text="Ремонт тротуара на Трёхсвятской", sector=region.roads,
        category=region.categories["Тротуары"], agency=region.city, status=MessageStatus.IN_WORK,
        deadline_at=now + timedelta(days=1, hours=5), municipality=region.tver,
    )
    s.answered = make_message(
        region, text="Очередь в регистратуре", sector=region.health, category=region.categories["Нехватка врачей"],
        agency=region.minzdrav, status=MessageStatus.ANSWERED, deadline_at=now - timedelta(days=1),
    )
    s.returned = make_message(
        region, text="Провал асфальта у моста", sector=region.roads, category=region.categories["Ремонт дорог"],
        agency=region.transport, status=MessageStatus.RETURNED, deadline_at=now + timedelta(days=8), municipality=region.rzhev,
    )
    s.closed = make_message(
        region, text="Мусор у остановки убран", sector=region.roads, category=region.categories["Ремонт дорог"],
        agency=region.transport, status=MessageStatus.CLOSED, deadline_at=now - timedelta(days=20),
    )
    return s


# ---- search ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("мусор", "мусор:*"),
        ("  Вывоз   МУСОРА ", "вывоз:* & мусора:*"),
        ("яма -асфальт", "яма:* & !асфальт:*"),
        ("что-то (а) & | ! <-> :* ' \"", "что:* & то:* & а:*"),
        ("-только -минусы", None),
        ("!!! ...", None),
        ("", None),
    ],
)
def test_it_builds_a_safe_prefix_tsquery(text, expected):
    assert search_tsquery(text) == expected


@pytest.mark.parametrize(
    ("text", "number"),
    [("123", 123), ("00000123", 123), ("№ 123", 123), ("№123", 123), ("#42", 42), (" N 7 ", 7), ("дом 5", None), ("12а", None), ("", None)],
)
def test_it_recognises_a_message_number(text, number):
    assert message_number(text) == number


def test_it_finds_russian_word_forms(operator, scene):
    assert ids(operator, search="мусор") == {scene.new.pk, scene.new_overdue.pk}  # «мусора», «мусорные»
    assert ids(operator, search="МУСОРНЫЕ контейнеры") == {scene.new_overdue.pk}
    assert ids(operator, search="отопление") == set()


def test_it_searches_words_with_and_and_minus(operator, scene):
    assert ids(operator, search="мусор неделю") == {scene.new.pk}
    assert ids(operator, search="мусор -контейнеры") == {scene.new.pk}


def test_it_searches_closed_messages_only_when_asked(operator, scene):
    assert scene.closed.pk not in ids(operator, search="мусор")
    assert scene.closed.pk in ids(operator, search="мусор", include_closed=True)


def test_it_searches_the_address_too(operator, region, make_message):
    from feedback.models import Message

    m = make_message(region, text="Не горит фонарь")
    Message.objects.filter(pk=m.pk).update(address="Тверь, улица Советская, 5")
    assert ids(operator, search="советской") == {m.pk}


def test_it_finds_a_message_by_number_whatever_its_state(operator, scene):
    assert ids(operator, search=str(scene.closed.pk)) == {scene.closed.pk}
    assert ids(operator, search=f"№ {scene.in_work.number}") == {scene.in_work.pk}
    # Other filters still apply to a number.
    assert ids(operator, search=str(scene.in_work.pk), sector_id=scene.in_work.sector_id) == {scene.in_work.pk}
    assert ids(operator, search=str(scene.in_work.pk), sector_id=scene.classified.sector_id) == set()


def test_it_finds_nothing_for_a_search_without_words(operator, scene):
    assert ids(operator, search="-мусор") == set()


# ---- filters ---------------------------------------------------------------------------------


def test_it_shows_open_messages_by_default(operator, scene):
    everything = ids(operator, include_closed=True)
    assert ids(operator) == everything - {scene.closed.pk}
    assert len(everything) == 8


def test_it_filters_by_several_states(operator, scene):
    assert ids(operator, statuses=(MessageStatus.ANSWERED, MessageStatus.RETURNED)) == {scene.answered.pk, scene.returned.pk}
    assert ids(operator, statuses=(MessageStatus.CLOSED,)) == {scene.closed.pk}


def test_it_filters_by_each_reference(operator, region, scene):
    assert ids(operator, sector_id=region.health.id) == {scene.classified.pk, scene.answered.pk}
    assert ids(operator, category_id=region.categories["Тротуары"].id) == {scene.in_work.pk}
    assert ids(operator, channel_id=region.social.id) == {scene.new_overdue.pk}
    assert ids(operator, kind_id=region.appeal.id) == {scene.in_work.pk}  # a letter is an appeal
    assert ids(operator, municipality_id=region.rzhev.id) == {scene.new_overdue.pk, scene.returned.pk}
    assert ids(operator, agency_id=region.transport.id) == {scene.due_today.pk, scene.returned.pk}


def test_it_filters_by_deadline(operator, scene):
    assert ids(operator, due=DUE_OVERDUE) == {scene.new_overdue.pk, scene.answered.pk}
    assert ids(operator, due=DUE_TODAY) == {scene.due_today.pk}
    # «Within 2 days»: today and tomorrow.
    assert ids(operator, due=DUE_SOON, due_days=2) == {scene.due_today.pk} | (
        {scene.in_work.pk} if timezone.localtime(scene.in_work.deadline_at).date() <= timezone.localdate() + timedelta(days=1) else set()
    )
    assert ids(operator, due=DUE_SOON, due_days=10) == {
        scene.new.pk, scene.classified.pk, scene.due_today.pk, scene.in_work.pk, scene.returned.pk,
    }


def test_it_counts_closed_messages_neither_overdue_nor_unrouted(operator, scene):
    assert scene.closed.pk not in ids(operator, due=DUE_OVERDUE, include_closed=True)
    assert scene.closed.pk not in ids(operator, due=DUE_OVERDUE, statuses=(MessageStatus.CLOSED,))


def test_it_filters_unrouted_and_unclassified(operator, scene):
    assert ids(operator, unrouted=True) == {scene.new.pk, scene.new_overdue.pk, scene.classified.pk}
    assert ids(operator, unclassified=True) == {scene.new.pk, scene.new_overdue.pk}


def test_it_filters_by_registration_dates_in_the_region_time_zone(operator, region, make_message):
    from feedback.models import Message

    tz = timezone.get_current_timezone()
    inside_early = make_message(region, text="Первое")
    inside_late = make_message(region, text="Второе")
    outside = make_message(region, text="Третье")
    # 01.03.2025 00:10 and 31.03.2025 23:50 Moscow time are inside March, 01.04.2025 00:05 is not
    # (though it is still 31 March in UTC).
    for message, moment in (
        (inside_early, datetime(2025, 3, 1, 0, 10, tzinfo=tz)),
        (inside_late, datetime(2025, 3, 31, 23, 50, tzinfo=tz)),
        (outside, datetime(2025, 4, 1, 0, 5, tzinfo=tz)),
    ):
        Message.objects.filter(pk=message.pk).update(received_at=moment, registered_at=moment)
    march = {"registered_from": datetime(2025, 3, 1).date(), "registered_to": datetime(2025, 3, 31).date()}
    assert ids(operator, **march) == {inside_early.pk, inside_late.pk}
    assert ids(operator, registered_from=datetime(2025, 4, 1).date()) >= {outside.pk}
    assert outside.pk not in ids(operator, registered_to=datetime(2025, 3, 31).date())


def test_it_combines_filters(operator, region, scene):
    assert ids(operator, sector_id=region.roads.id, municipality_id=region.rzhev.id) == {scene.returned.pk}
    assert ids(operator, sector_id=region.roads.id, due=DUE_TODAY, agency_id=region.transport.id) == {scene.due_today.pk}
    assert ids(operator, sector_id=region.health.id, unrouted=True) == {scene.classified.pk}
    assert ids(operator, search="мусор", municipality_id=region.rzhev.id, due=DUE_OVERDUE) == {scene.new_overdue.pk}
    assert ids(operator, sector_id=region.roads.id, municipality_id=region.rzhev.id, due=DUE_OVERDUE) == set()


# ---- pages ------------------------------------------------------------------------------------


def test_it_orders_by_deadline_soonest_first(operator, scene):
    page = queue_page(operator, QueueQuery())
    deadlines = [m.deadline_at for m in page.rows]
    assert deadlines == sorted(deadlines)
    assert page.rows[0].pk == scene.new_overdue.pk
    assert page.next_cursor is None
    assert page.is_first


def test_it_orders_newest_first(operator, scene):
    rows = queue_page(operator, QueueQuery(order=ORDER_NEWEST)).rows
    assert [m.pk for m in rows] == sorted((m.pk for m in rows), reverse=True)  # registered in this order


@pytest.fixture
def crowd(region, make_message):
    """23 open messages: groups sharing one deadline to the microsecond, and three without one."""
    from feedback.models import Message

    base = timezone.now().replace(microsecond=123456) + timedelta(days=3)
    made = []
    for i in range(20):
        made.append(make_message(region, text=f"Сообщение {i}", deadline_at=base + timedelta(hours=i % 4)))
    for i in range(3):
        m = make_message(region, text=f"Без срока {i}")
        Message.objects.filter(pk=m.pk).update(deadline_at=None)
        made.append(m)
    same_moment = timezone.now().replace(microsecond=0)
    Message.objects.filter(pk__in=[m.pk for m in made]).update(registered_at=same_moment, received_at=same_moment)
    return made


@pytest.mark.parametrize("limit", [1, 4, 5, 7, 50])
def test_it_pages_by_deadline_without_gaps_or_repeats(operator, crowd, limit):
    pages = all_pages(operator, QueueQuery(), limit)
    seen = [pk for page in pages for pk in page]
    assert len(seen) == len(set(seen)) == 23
    assert all(len(page) == limit for page in pages[:-1])
    expected = list(
        filtered_messages(operator, QueueQuery()).order_by("deadline_at", "id").values_list("id", flat=True)
    )
    assert seen == expected  # NULLS LAST: the three without a deadline come last
    assert seen[-3:] == [m.pk for m in crowd[-3:]]


@pytest.mark.parametrize("limit", [1, 6, 50])
def test_it_pages_newest_first_with_equal_times(operator, crowd, limit):
    pages = all_pages(operator, QueueQuery(order=ORDER_NEWEST), limit)
    seen = [pk for page in pages for pk in page]
    assert seen == sorted((m.pk for m in crowd), reverse=True)


def test_it_keeps_pages_stable_when_a_message_is_closed_meanwhile(operator, crowd):
    from feedback.models import Message

    first = queue_page(operator, QueueQuery(), limit=5)
    Message.objects.filter(pk=first.rows[0].pk).update(status=MessageStatus.CLOSED)
    second = queue_page(operator, QueueQuery(after=first.next_cursor), limit=5)
    assert not {m.pk for m in first.rows} & {m.pk for m in second.rows}
    assert len(second.rows) == 5


def test_it_round_trips_a_cursor():
    moment = timezone.now()
    for cursor in (Cursor(moment, 42), Cursor(None, 7), Cursor(datetime(1969, 12, 31, 23, 0, tzinfo=moment.tzinfo), 1)):
        assert Cursor.decode(cursor.encode()) == cursor
    for bad in ("", "abc", "12_", "_5", "1.5_3", "n_x", "12-3"):
        with pytest.raises(ValueError):
            Cursor.decode(bad)


def test_it_shows_no_personal_data_in_rows(operator, scene):
    row = queue_page(operator, QueueQuery()).rows[0]
    deferred = row.get_deferred_fields()
    assert {"author_name", "author_email", "author_phone", "author_address", "author_handle", "text"} <= deferred


def test_it_cuts_long_texts_for_the_row():
    assert excerpt("Коротко") == "Коротко"
    assert excerpt("  много   пробелов\nи строк ") == "много пробелов и строк"
    cut = excerpt("слово " * 100)
    assert len(cut) == EXCERPT_CHARS
    assert cut.endswith("…")


# ---- counts --------------------------------------------------------------------------------


def test_it_counts_quick_filters_in_one_query(operator, scene, django_assert_num_queries):
    queue_counts(operator)  # the user's roles are read once and kept on the user
    with django_assert_num_queries(1):
        counts = queue_counts(operator)
    assert counts == {
        "open": 7, "unclassified": 2, "unrouted": 3, "overdue": 2, "due_today": 1, "answered": 1, "returned": 1,
    }


def test_it_counts_what_the_filters_show(operator, scene):
    counts = queue_counts(operator)
    assert counts["open"] == len(ids(operator))
    assert counts["unclassified"] == len(ids(operator, unclassified=True))
    assert counts["unrouted"] == len(ids(operator, unrouted=True))
    assert counts["overdue"] == len(ids(operator, due=DUE_OVERDUE))
    assert counts["due_today"] == len(ids(operator, due=DUE_TODAY))
    assert counts["answered"] == len(ids(operator, statuses=(MessageStatus.ANSWERED,)))
    assert counts["returned"] == len(ids(operator, statuses=(MessageStatus.RETURNED,)))


# ---- scope -------------------------------------------------------------------------------------


def test_it_shows_agency_executor_only_his_agency(make_user, region, scene):
    executor = make_user(RoleCode.AGENCY_EXECUTOR, agency=region.transport)
    assert ids(executor) == {scene.due_today.pk, scene.returned.pk}
    assert ids(executor, include_closed=True) == {scene.due_today.pk, scene.returned.pk, scene.closed.pk}
    # Asking for another agency's messages, or another's message by number, yields nothing.
    assert ids(executor, agency_id=region.minzdrav.id) == set()
    assert ids(executor, search=str(scene.answered.pk)) == set()
    assert ids(executor, search="регистратуре") == set()
    assert queue_counts(executor) == {
        "open": 2, "unclassified": 0, "unrouted": 0, "overdue": 0, "due_today": 1, "answered": 0, "returned": 1,
    }


def test_it_shows_sector_lead_only_his_sectors(make_user, region, scene):
    lead = make_user(RoleCode.SECTOR_LEAD, sectors=[region.health])
    assert ids(lead) == {scene.classified.pk, scene.answered.pk}
    assert ids(lead, sector_id=region.roads.id) == set()
    assert queue_counts(lead)["open"] == 2


def test_it_shows_nothing_to_a_user_without_a_role(make_user, scene):
    assert ids(make_user()) == set()
    assert queue_counts(make_user())["open"] == 0


# ---- indexes ---------------------------------------------------------------------------------


@pytest.fixture
def big_table(region, make_message):
    """20,000 closed and 3,000 open messages copied from one in SQL, and fresh planner statistics:
    enough for PostgreSQL to choose the plans it chooses at a million."""
    seed = make_message(region, text="Образец")
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO feedback_message (
                channel_id, kind_id, received_at, registered_at, text, address, municipality_id, source_url,
                sector_id, category_id, agency_id, status, deadline_at, is_overdue, deadline_extended,
                returned_count, reopened_count, author_name, author_email, author_phone, author_address,
                author_handle, created_at, updated_at
            )
            SELECT channel_id, kind_id, received_at, registered_at, text || ' ' || n, address, municipality_id, source_url,
                   CASE WHEN n %% 2 = 0 THEN %(roads)s ELSE %(health)s END, NULL,
                   CASE n %% 3 WHEN 0 THEN %(transport)s WHEN 1 THEN %(minzdrav)s ELSE %(city)s END,
                   CASE WHEN n <= 3000 THEN (ARRAY['new', 'routed', 'in_work', 'answered'])[1 + n %% 4] ELSE 'closed' END,
                   now() + (n %% 500 - 100) * interval '1 hour', false, false, 0, 0, '', '', '', '', '', now(), now()
            FROM feedback_message, generate_series(1, 23000) AS n
            WHERE id = %(seed)s
            """,
            {"roads": region.roads.id, "health": region.health.id, "transport": region.transport.id,
             "minzdrav": region.minzdrav.id, "city": region.city.id, "seed": seed.pk},
        )
        cursor.execute("ANALYZE feedback_message")


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _page_plan(user, **filters) -> str:
    from feedback.selectors.queue import _with_columns

    qs = _with_columns(filtered_messages(user, QueueQuery(**filters))).filter(deadline_at__isnull=False)
    return _plan(qs.order_by("deadline_at", "id")[:51])


def test_it_reads_pages_through_the_partial_indexes_of_open_messages(operator, make_user, region, big_table):
    assert "message_open_deadline" in _page_plan(operator)
    # A narrower state filter implies the index's condition, so the index still serves it.
    assert "message_open_deadline" in _page_plan(operator, statuses=(MessageStatus.ANSWERED, MessageStatus.ROUTED))
    assert "message_open_sector" in _page_plan(operator, sector_id=region.roads.id, due=DUE_OVERDUE)
    assert "message_open_agency" in _page_plan(make_user(RoleCode.AGENCY_EXECUTOR, agency=region.transport))


@pytest.mark.django_db(transaction=True)
def test_it_counts_through_the_covering_index(operator, big_table):
    from django.test.utils import CaptureQueriesContext

    from feedback.selectors.queue import OPEN

    with connection.cursor() as cursor:
        # Index-only scans need the visibility map that VACUUM keeps (outside a transaction).
        cursor.execute("VACUUM ANALYZE feedback_message")
    queue_counts(operator)
    with CaptureQueriesContext(connection) as captured:
        queue_counts(operator)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + captured.captured_queries[0]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using message_open_counts" in plan
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'message_open_counts'")
        (definition,) = cursor.fetchone()
    # The migration wrote the list of open states out: it must still be the model's list.
    assert sorted(OPEN) == sorted(OPEN_STATUSES)
    for status in OPEN_STATUSES:
        assert f"'{status}'" in definition
    for column in ("agency_id", "sector_id", "category_id", "status", "deadline_at"):
        assert column in definition
