"""A message's whole life in the browser: found in the queue by a Russian word form, classified and
routed by an operator, answered by the agency, returned, answered again, accepted, and reopened by
a low resident rating. Screenshots of the queue and of the card go to var/screenshots/triage/."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from cur.roles import RoleCode
from feedback.models import AnswerReview, Message, MessageStatus
from sectors.models import RoutingRule
from tests.browser.login import PASSWORD, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "triage"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def log_out(page, live_server) -> None:
    page.click("#cur-user-menu")
    page.locator(".cur-user-menu").get_by_role("button", name="Выйти").click()
    page.wait_for_url(f"{live_server.url}/login/")


def act(page, live_server, message, button: str, notice: str) -> None:
    """Press an action's button and land back on the card with the success notice."""
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_url(f"{live_server.url}/messages/{message.pk}/")
    assert notice in page.locator(".cur-messages .alert-success").inner_text()


def status(page) -> str:
    return page.locator('[data-cur="status"]').inner_text().strip()


def test_it_takes_a_message_through_its_whole_life(cur_page, live_server, make_user, region, make_message, tmp_path):
    make_user(RoleCode.OPERATOR, username="ivanova", password=PASSWORD)
    make_user(RoleCode.AGENCY_EXECUTOR, agency=region.city, username="clerk", password=PASSWORD)
    potholes = region.categories["Ямы и выбоины"]
    RoutingRule.objects.create(category=potholes, municipality=region.tver, agency=region.city)
    RoutingRule.objects.create(category=potholes, agency=region.transport)
    message = make_message(
        region, text="Во дворе дома 12 на улице Ленина огромные ямы,\nмашины не проедут к мусорным контейнерам",
        address="ул. Ленина, д. 12", author_name="Петрова Анна Ивановна", author_phone="+7 912 345-67-89",
    )
    other = make_message(region, text="Не работает запись к терапевту в поликлинике № 3")
    page = cur_page

    # The operator finds the message by another form of a word: «мусор» → «мусорным».
    log_in(page, live_server, "ivanova")
    page.goto("/messages/")
    page.fill("input[name=q]", "мусор")
    page.keyboard.press("Enter")
    page.wait_for_url("**/messages/?*q=*")
    rows = page.locator("tr.cur-queue-row")
    assert rows.count() == 1
    assert rows.first.get_attribute("data-id") == str(message.pk)
    assert page.locator(f'tr[data-id="{other.pk}"]').count() == 0
    shot(page, "queue-search")
    page.get_by_role("link", name=f"№ {message.number}").click()
    page.wait_for_url(f"{live_server.url}/messages/{message.pk}/")

    # The card: escaped text with its line break, the author for the operator, the open form.
    assert status(page) == "новое"
    text = page.locator('[data-cur="text"]')
    assert text.inner_text() == "Во дворе дома 12 на улице Ленина огромные ямы,\nмашины не проедут к мусорным контейнерам"
    assert "Петрова Анна Ивановна" in page.locator('[data-cur="author"]').inner_text()
    assert page.locator("details#classify").get_attribute("open") is not None
    shot(page, "card-new")

    page.select_option("#id_classify-category", str(potholes.pk))
    act(page, live_server, message, "Классифицировать", "Дороги / Ямы и выбоины")
    assert status(page) == "классифицировано"
    # The routing rule's agency is chosen and said to be the recommended one.
    assert page.input_value("#id_route-agency") == str(region.city.pk)
    assert "рекомендовано" in page.locator("#id_route-agency option:checked").inner_text()
    page.fill("#id_route-note", "Срочно: яма у контейнерной площадки")
    act(page, live_server, message, "Направить", "Администрация города Твери")
    assert status(page) == "направлено в орган"
    shot(page, "card-routed")
    log_out(page, live_server)

    # The agency takes the message and answers with a file.
    log_in(page, live_server, "clerk")
    page.goto(f"/messages/{message.pk}/")
    assert "Петрова Анна Ивановна" in page.locator('[data-cur="author"]').inner_text()
    act(page, live_server, message, "Взять в работу", "взято в работу")
    assert status(page) == "в работе"
    page.fill("#id_answer-text", "Яма будет заделана до конца недели.")
    report = tmp_path / "акт осмотра.pdf"
    report.write_bytes(b"%PDF-1.4 test")
    page.set_input_files("#id_answer-files", str(report))
    assert "акт осмотра.pdf" in page.locator('[data-cur-files-for="id_answer-files"]').inner_text()
    shot(page, "card-agency-answering")
    act(page, live_server, message, "Отправить окончательный ответ", "на проверку")
    assert status(page) == "дан ответ"
    log_out(page, live_server)

    # The operator returns it as a formal reply, with the default new deadline.
    log_in(page, live_server, "ivanova")
    page.goto(f"/messages/{message.pk}/")
    attachment = page.locator('[data-cur="attachment"]')
    assert attachment.inner_text() == "акт осмотра.pdf"
    download = page.request.get(attachment.get_attribute("href"))
    assert download.status == 200 and download.body() == b"%PDF-1.4 test"
    shot(page, "card-review")
    page.get_by_label("отписка").check()
    page.fill("#id_return-comment", "Нет срока и фотографии")
    default_deadline = page.input_value("#id_return-new_deadline")
    act(page, live_server, message, "Вернуть на доработку", f"новый срок — {default_deadline}")
    assert status(page) == "ответ возвращён на доработку"
    assert "Нет срока и фотографии" in page.locator('[data-cur="return-reason"]').inner_text()
    log_out(page, live_server)

    # The agency answers again.
    log_in(page, live_server, "clerk")
    page.goto(f"/messages/{message.pk}/")
    page.fill("#id_answer-text", "Яма заделана 20.11, фото прилагаем.")
    act(page, live_server, message, "Отправить окончательный ответ", "на проверку")
    log_out(page, live_server)

    # The operator accepts, then a resident's rating of 2 reopens the message to the same agency.
    log_in(page, live_server, "ivanova")
    page.goto(f"/messages/{message.pk}/")
    act(page, live_server, message, "Принять ответ", "Ответ принят")
    assert status(page) == "закрыто"
    page.locator("#rate").get_by_label("2", exact=True).check()
    page.locator("#rate").get_by_label("нет", exact=True).check()
    act(page, live_server, message, "Записать оценку", "возобновлено")
    assert status(page) == "возобновлено"
    assert page.locator('[data-cur="rating"]').inner_text().startswith("2\u2009/\u20095 · проблема не решена")
    history = page.locator('[data-cur="event"]')
    assert history.count() == 9  # received, classified, routed, taken, answered, returned, answered, accepted, rated
    shot(page, "card-reopened")

    message.refresh_from_db()
    assert (message.status, message.agency, message.rating, message.reopened_count) == (MessageStatus.REOPENED, region.city, 2, 1)
    reviews = list(message.answers.order_by("created_at").values_list("review", flat=True))
    assert reviews == [AnswerReview.RETURNED, AnswerReview.ACCEPTED]
    assert Message.objects.get(pk=other.pk).status == MessageStatus.NEW


def test_it_applies_a_bulk_action_from_the_queue(cur_page, live_server, make_user, region, make_message):
    make_user(RoleCode.OPERATOR, username="ivanova", password=PASSWORD)
    spam = [make_message(region, text=f"Купите дешёвые окна, скидка {n}%") for n in (10, 20)]
    keep = make_message(region, text="Нет отопления в доме 7")
    page = cur_page
    log_in(page, live_server, "ivanova")
    page.goto("/messages/?order=newest")
    submit = page.locator("[data-cur-bulk-submit]")
    assert submit.is_disabled()
    for m in spam:
        page.locator(f'tr[data-id="{m.pk}"] input[name=ids]').check()
    page.select_option("[data-cur-bulk-operation]", "spam")
    assert "Отмечено: 2 сообщения" in page.locator("[data-cur-bulk-count]").inner_text()
    shot(page, "queue-bulk")
    page.once("dialog", lambda dialog: dialog.accept())
    submit.click()
    page.wait_for_url("**/messages/?order=newest")
    assert "Выполнено для 2, отказано для 0." in page.locator(".cur-messages .alert").inner_text()
    for m in spam:
        m.refresh_from_db()
        assert m.status == MessageStatus.REJECTED
    keep.refresh_from_db()
    assert keep.status == MessageStatus.NEW
