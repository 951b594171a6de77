"""A person signs in, sees the Russian home page with the figures, and signs out."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cur.roles import RoleCode
from feedback.models import MessageStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_logs_in_sees_home_and_logs_out(cur_page, live_server, make_user, region, make_message, screenshot):
    make_user(RoleCode.OPERATOR, username="ivanova", password="pass-Тверь-2026")
    now = timezone.now()
    make_message(region, text="Яма на Тверском проспекте", deadline_at=now + timedelta(days=2))
    make_message(region, text="Нет отопления в доме 7", sector=region.roads, status=MessageStatus.CLASSIFIED, deadline_at=now - timedelta(days=1))
    make_message(region, text='<script>window.hacked = 1</script> текст жителя', sector=region.health, status=MessageStatus.CLASSIFIED, deadline_at=now + timedelta(days=1))
    page = cur_page

    page.goto("/")
    assert page.url.startswith(f"{live_server.url}/login/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("h1").inner_text() == "Вход в портал ЦУР"
    # Bootstrap is loaded from the portal itself: the button is styled.
    sign_in = page.get_by_role("button", name="Войти")
    assert sign_in.evaluate("el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"
    screenshot(page, "login")

    page.fill("#id_username", "ivanova")
    page.fill("#id_password", "неверный")
    sign_in.click()
    page.wait_for_selector(".alert-danger")
    assert "Неверное имя пользователя или пароль" in page.locator(".alert-danger").inner_text()
    assert page.input_value("#id_username") == "ivanova"
    screenshot(page, "login-error")

    page.fill("#id_password", "pass-Тверь-2026")
    sign_in.click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "Сводка"
    cards = page.locator(".cur-stat")
    assert cards.count() == 6
    labels = [text.strip() for text in page.locator(".cur-stat-label").all_inner_texts()]
    values = [text.strip() for text in page.locator(".cur-stat-value").all_inner_texts()]
    figures = dict(zip(labels, values, strict=True))
    assert figures["Новые"] == "1"
    assert figures["Открыто"] == "3"
    assert figures["Просрочено"] == "1"
    assert page.get_by_text("Яма на Тверском проспекте").is_visible()
    assert page.evaluate("() => window.hacked") is None
    assert page.get_by_text("<script>window.hacked = 1</script> текст жителя").is_visible()
    # The region's name shows beside «ЦУР» on wide screens and in the brand's tooltip on any.
    assert page.locator(".navbar-brand").inner_text().strip() in ("ЦУР", "ЦУР · Тверская область")
    assert page.locator(".navbar-brand").get_attribute("title") == "ЦУР · Тверская область"
    # The icon font came from the portal's static files.
    assert page.evaluate("() => document.fonts.check('16px bootstrap-icons')")
    screenshot(page, "home-operator")

    page.click("#cur-user-menu")
    menu = page.locator(".cur-user-menu")
    assert "Оператор ЦУР" in menu.inner_text()
    screenshot(page, "home-operator-menu")
    menu.get_by_role("button", name="Выйти").click()
    page.wait_for_url(f"{live_server.url}/login/")
    page.goto("/")
    assert page.url.startswith(f"{live_server.url}/login/")
