"""The message card page (GET /messages/<id>/): who may open it, what it shows, what it escapes."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from feedback.models import AnswerKind, MessageStatus, PersonalDataView
from feedback.services import answers, triage


def card(client, message):
    return client.get(reverse("feedback:card", kwargs={"pk": message.pk}))


def action_names(html: str) -> set[str]:
    return set(re.findall(r'data-cur-action="([a-z_]+)"', html))


def test_it_shows_the_message_to_an_operator(client, region, make_message, people):
    message = make_message(region, address="ул. Советская, д. 5", author_name="Петрова Анна", author_email="petrova@example.ru")
    client.force_login(people.operator)
    response = card(client, message)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Сообщение № {message.number}" in html
    assert "Платформа обратной связи" in html and "Сообщение ПОС" in html
    assert "ул. Советская, д. 5" in html and "Тверь" in html
    assert "Петрова Анна" in html and "mailto:petrova@example.ru" in html
    assert 'data-cur="status">новое<' in html
    assert action_names(html) == {"classify", "reject", "forward", "duplicate", "mass_problem", "comment"}
    assert 'id="classify" open' in html


def test_it_says_when_the_author_is_unknown(client, region, make_message, people):
    message = make_message(region, channel=region.social)
    client.force_login(people.operator)
    assert "Автор неизвестен" in card(client, message).content.decode()


def test_it_formats_moments_in_the_region_time_zone(client, region, make_message, people):
    from datetime import UTC, datetime

    message = make_message(region)
    message.__class__.objects.filter(pk=message.pk).update(
        received_at=datetime(2026, 3, 2, 6, 5, tzinfo=UTC), registered_at=datetime(2026, 3, 2, 7, 30, tzinfo=UTC)
    )
    client.force_login(people.operator)
    html = card(client, message).content.decode()
    assert '<span class="tabular" data-cur="received">02.03.2026 09:05</span>' in html
    assert '<span class="tabular" data-cur="registered">02.03.2026 10:30</span>' in html


def test_it_escapes_the_residents_text_and_keeps_line_breaks(client, region, make_message, people):
    message = make_message(region, text='<script>alert("x")</script>\nвторая строка <b>жирно</b>', address="<img src=x onerror=alert(1)>")
    client.force_login(people.operator)
    html = card(client, message).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>вторая строка &lt;b&gt;жирно&lt;/b&gt;" in html


def test_it_links_only_http_sources_and_never_passes_the_referrer(client, region, make_message, people):
    good = make_message(region, channel=region.social, source_url="https://vk.com/wall-1_2")
    bad = make_message(region, channel=region.social, source_url="javascript:alert(1)")
    client.force_login(people.operator)
    html = card(client, good).content.decode()
    assert '<a href="https://vk.com/wall-1_2" target="_blank" rel="noopener noreferrer nofollow"' in html
    html = card(client, bad).content.decode()
    assert "javascript:alert" not in html and "ссылка в недопустимом формате" in html


def test_it_shows_the_agency_its_message_and_logs_the_personal_data_view(client, region, make_message, people, routed):
    message = make_message(region, author_name="Петрова Анна", **routed)
    client.force_login(people.clerk)
    html = card(client, message).content.decode()
    assert "Петрова Анна" in html and "записан в журнал" in html
    assert PersonalDataView.objects.filter(user=people.clerk, message=message).count() == 1
    assert action_names(html) == {"take", "interim", "answer", "reroute_request"}


def test_it_is_a_404_for_another_agency(client, region, make_message, people, routed):
    message = make_message(region, author_name="Петрова Анна", **routed)
    client.force_login(people.other_clerk)
    assert card(client, message).status_code == 404
    assert not PersonalDataView.objects.exists()


def test_it_is_a_404_for_the_governors_office(client, region, make_message, people):
    message = make_message(region)
    client.force_login(people.governor)
    assert card(client, message).status_code == 404


def test_it_sends_an_anonymous_visitor_to_the_login_page(client, region, make_message):
    message = make_message(region)
    response = card(client, message)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_it_is_a_404_for_a_message_that_does_not_exist(client, people):
    client.force_login(people.operator)
    assert client.get("/messages/987654321/").status_code == 404


def test_it_hides_personal_data_from_a_sector_lead_and_offers_only_a_comment(client, region, make_message, people, routed):
    message = make_message(region, author_name="Петрова Анна", author_email="a@b.ru", **routed)
    make_message(region, author_email="a@b.ru", **routed)
    client.force_login(people.lead)
    html = card(client, message).content.decode()
    assert "Петрова Анна" not in html and "a@b.ru" not in html
    assert "Персональные данные автора вашей роли не показываются" in html
    assert 'data-cur="related-author"' not in html
    assert action_names(html) == {"comment"}


def test_it_shows_a_curator_everything_but_the_author_and_no_actions(client, region, make_message, people, routed):
    message = make_message(region, author_name="Петрова Анна", **routed)
    client.force_login(people.curator)
    html = card(client, message).content.decode()
    assert "Петрова Анна" not in html and action_names(html) == set()
    assert 'data-cur="no-actions"' in html


def test_it_shows_the_deadline_left_and_the_first_response_of_an_incident(client, region, make_message, people):
    message = make_message(region, channel=region.social)
    client.force_login(people.operator)
    html = card(client, message).content.decode()
    assert 'data-cur="first-response"' in html
    assert "осталось" in html


def test_it_shows_an_overdue_message(client, region, make_message, people):
    from datetime import timedelta

    from django.utils import timezone

    message = make_message(region, deadline_at=timezone.now() - timedelta(days=2), is_overdue=True)
    client.force_login(people.operator)
    html = card(client, message).content.decode()
    assert 'data-cur="overdue"' in html and "просрочено на 2 дн." in html


def test_it_offers_the_extension_only_when_the_kind_allows_it_once(client, region, make_message, people):
    letter = make_message(region, channel=region.letter)
    pos = make_message(region)
    client.force_login(people.operator)
    assert "extend" in action_names(card(client, letter).content.decode())
    assert "extend" not in action_names(card(client, pos).content.decode())
    triage.message_extend_deadline(message=letter, days=5, reason="Проверка", by=people.operator)
    html = card(client, letter).content.decode()
    assert "extend" not in action_names(html) and "срок продлён" in html


def test_it_recommends_the_agency_of_the_routing_rule(client, region, make_message, people):
    from sectors.models import RoutingRule

    category = region.categories["Ямы и выбоины"]
    RoutingRule.objects.create(category=category, municipality=region.tver, agency=region.city)
    RoutingRule.objects.create(category=category, agency=region.transport)
    message = make_message(region, status=MessageStatus.CLASSIFIED, sector=region.roads, category=category)
    client.force_login(people.operator)
    html = card(client, message).content.decode()
    assert 'id="route" open' in html
    assert re.search(rf'<option value="{region.city.pk}" selected>Администрация города Твери — рекомендовано</option>', html)
    assert "Рекомендовано правилом маршрутизации: Администрация города Твери." in html


def test_it_groups_categories_by_sector_and_indents_subcategories(client, region, make_message, people):
    from sectors.models import Category

    parent = region.categories["Ямы и выбоины"]
    Category.objects.create(sector=region.roads, parent=parent, code="roads-0-deep", name="Глубокие ямы", order=0)
    message = make_message(region)
    client.force_login(people.operator)
    html = card(client, message).content.decode()
    assert '<optgroup label="Дороги">' in html and '<optgroup label="Здравоохранение">' in html
    roads = html.split('<optgroup label="Дороги">')[1].split("</optgroup>")[0]
    names = re.findall(r"<option[^>]*>([^<]+)</option>", roads)
    assert names[:2] == ["Ямы и выбоины", "\u00a0\u00a0\u00a0\u00a0Глубокие ямы"]


def test_it_shows_answers_with_review_state_and_downloadable_files(client, region, make_message, people, routed):
    from datetime import timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    message = make_message(region, **routed)
    answers.answer_submit(
        message=message, kind=AnswerKind.FINAL, text="Яма заделана", by=people.clerk,
        files=[SimpleUploadedFile("акт.pdf", b"%PDF-1.4 test", content_type="application/pdf")],
    )
    answers.answer_return(message=message, reason="formal", new_deadline=timezone.now() + timedelta(days=3), note="Нет фото", by=people.operator)
    client.force_login(people.operator)
    html = card(client, message).content.decode()
    assert "Яма заделана" in html and 'data-cur="review">возвращён<' in html
    assert "Возвращён на доработку</span>" not in html  # the reason is in the same line
    assert "отписка" in html and "Нет фото" in html
    attachment = message.answers.get().attachments.get()
    assert reverse("feedback:attachment", kwargs={"pk": attachment.pk}) in html
    assert "/media/" not in html


def test_it_shows_the_reroute_request_to_the_operator(client, region, make_message, people, routed):
    message = make_message(region, **routed)
    answers.message_request_reroute(message=message, reason="Дорога областная", by=people.clerk)
    client.force_login(people.operator)
    html = card(client, message).content.decode()
    assert 'data-cur="reroute-request"' in html and "Дорога областная" in html
    assert 'id="route" open' in html


def test_it_links_related_messages(client, region, make_message, people):
    message = make_message(region, address="ул. Советская, д. 5")
    other = make_message(region, address="ул. Советская, д. 5")
    client.force_login(people.operator)
    html = card(client, message).content.decode()
    assert 'data-cur="related-place"' in html
    assert reverse("feedback:card", kwargs={"pk": other.pk}) in html


def test_it_does_not_query_more_for_a_longer_history(client, region, make_message, people, routed, django_assert_max_num_queries):
    from django.core.files.uploadedfile import SimpleUploadedFile

    def answer(n):
        answers.answer_submit(
            message=message, kind=AnswerKind.INTERIM, text=f"Ответ {n}", by=people.clerk,
            files=[SimpleUploadedFile(f"{n}.txt", b"x"), SimpleUploadedFile(f"{n}b.txt", b"y")],
        )

    message = make_message(region, author_email="a@b.ru", address="ул. Советская, д. 5", **routed)
    answer(0)
    client.force_login(people.operator)
    card(client, message)  # the first request also reads what is cached per process
    with django_assert_max_num_queries(20) as short:
        assert card(client, message).status_code == 200
    for n in range(25):
        triage.message_comment(message=message, text=f"Комментарий {n}", by=people.operator)
    for n in range(1, 4):
        answer(n)
    with django_assert_max_num_queries(len(short.captured_queries)):
        html = card(client, message).content.decode()
    assert html.count('data-cur="event"') == 30
    assert html.count('data-cur="attachment"') == 8


# ---- attachments ---------------------------------------------------------------------------------


@pytest.fixture
def attachment(region, make_message, people, routed):
    from django.core.files.uploadedfile import SimpleUploadedFile

    message = make_message(region, **routed)
    answers.answer_submit(
        message=message, kind=AnswerKind.FINAL, text="Акт прилагаем", by=people.clerk,
        files=[SimpleUploadedFile("акт <проверки>.html", b"<script>alert(1)</script>", content_type="text/html")],
    )
    return message.answers.get().attachments.get()


def download(client, attachment):
    return client.get(reverse("feedback:attachment", kwargs={"pk": attachment.pk}))


@pytest.mark.parametrize("who", ["operator", "clerk", "lead"])
def test_it_gives_the_file_to_those_who_see_the_message_as_a_download(client, people, attachment, who):
    client.force_login(getattr(people, who))
    response = download(client, attachment)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"<script>alert(1)</script>"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("who", ["other_clerk", "governor"])
def test_it_hides_the_file_from_those_who_may_not_see_the_message(client, people, attachment, who):
    client.force_login(getattr(people, who))
    assert download(client, attachment).status_code == 404


def test_it_sends_an_anonymous_visitor_to_the_login_page_for_a_file(client, attachment):
    response = download(client, attachment)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_it_is_a_404_for_a_file_missing_on_disk(client, people, attachment):
    attachment.file.delete(save=False)
    client.force_login(people.operator)
    assert download(client, attachment).status_code == 404


def test_the_card_flags_a_threat_and_says_what_raised_the_flag(client, region, make_user, make_message):
    from cur.roles import RoleCode as Role

    message = make_message(region, text="Это беспредел! Если не уберёте свалку — подожгу её <script>x</script>")
    client.force_login(make_user(Role.OPERATOR))
    body = client.get(f"/messages/{message.pk}/").content.decode()
    assert "Приоритет: угрозы, острый конфликт" in body
    assert "«подожгу», «беспредел»" in body
    assert "<script>x</script>" not in body
