"""Every template renders (Zulip style), and no page loads anything from the internet."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants as message_levels
from django.contrib.messages.storage.base import Message as FlashMessage
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from cur.access import NO_ACCESS
from cur.forms import LoginForm
from cur.navigation import NAV_ITEMS, USER_MENU_ITEMS
from cur.roles import RoleCode
from portal.selectors.home import Card, HomePage, SectorRow

TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"
STATIC_DIR = Path(settings.BASE_DIR) / "static"


def all_templates() -> list[str]:
    return sorted(p.relative_to(TEMPLATES_DIR).as_posix() for p in TEMPLATES_DIR.rglob("*.html"))


class ResourceLinks(HTMLParser):
    """src/href of <link>, <script>, <img>, <iframe>, <source> in a page."""

    TAGS = {"link": "href", "script": "src", "img": "src", "iframe": "src", "source": "src"}

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        wanted = self.TAGS.get(tag)
        for name, value in attrs:
            if name == wanted and value:
                self.urls.append(value)


def resource_urls(html: str) -> list[str]:
    parser = ResourceLinks()
    parser.feed(html)
    return parser.urls


def assert_local_resources(html: str) -> None:
    urls = resource_urls(html)
    external = [u for u in urls if re.match(r"^(https?:)?//", u, re.I)]
    assert not external, f"внешние ресурсы на странице: {external}"
    for url in urls:
        if url.startswith(settings.STATIC_URL):
            path = url[len(settings.STATIC_URL):].split("?")[0]
            assert finders.find(path), f"нет статического файла {path}"


def minimal_context() -> dict:
    now = timezone.now()
    page = HomePage(kind="region", region_name=settings.CUR_REGION_NAME, now=now, access=NO_ACCESS)
    page.cards = [Card("open", "Открыто", 3), Card("on_time_share", "Ответы в срок", None, suffix="%")]
    page.sectors = [SectorRow("Дороги", "Дороги", 3, 1, 0), SectorRow("Без блока", "Не классифицированы", 1, 0, 0, is_unclassified=True)]
    return {
        "page": page,
        "form": LoginForm(),
        "cards": page.cards,
        "rows": page.sectors,
        "messages_list": [],
        "now": now,
        "next": "/",
        "messages": [FlashMessage(message_levels.ERROR, "Ошибка <b>проверки</b>"), FlashMessage(message_levels.SUCCESS, "Готово")],
        "DEFAULT_MESSAGE_LEVELS": message_levels.DEFAULT_LEVELS,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("name", all_templates())
def test_it_renders_every_template(name, make_user):
    request = RequestFactory().get("/")
    request.user = make_user(RoleCode.OPERATOR)
    html = render_to_string(name, minimal_context(), request=request)
    assert html.strip()
    assert_local_resources(html)


@pytest.mark.parametrize("name", ["500.html", "403_csrf.html", "base.html"])
def test_it_renders_without_a_request(name):
    """Django renders 500.html and the CSRF failure page with no request and no context processors."""
    html = render_to_string(name, {})
    assert '<html lang="ru">' in html
    assert_local_resources(html)


@pytest.mark.django_db
def test_it_renders_flash_messages_as_bootstrap_alerts():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    html = render_to_string("base.html", minimal_context(), request=request)
    assert "alert alert-danger" in html
    assert "alert alert-success" in html
    assert "Ошибка &lt;b&gt;проверки&lt;/b&gt;" in html


def test_it_found_the_templates():
    names = all_templates()
    for expected in ("base.html", "registration/login.html", "cur/home.html", "404.html", "500.html"):
        assert expected in names


@pytest.mark.django_db
def test_it_loads_nothing_from_the_internet_on_real_pages(client, make_user, region, make_message):
    pages = [client.get(reverse("login")).content.decode()]
    make_message(region, text="Яма у дома 5")
    for role in (RoleCode.OPERATOR, RoleCode.SECTOR_LEAD, RoleCode.AGENCY_EXECUTOR, RoleCode.GOVERNOR_OFFICE, None):
        client.force_login(make_user(role) if role else make_user())
        pages.append(client.get(reverse("home")).content.decode())
    pages.append(client.get("/no-such-page/").content.decode())
    for html in pages:
        assert resource_urls(html), "на странице нет ни одного подключённого ресурса"
        assert_local_resources(html)


def test_it_refers_to_no_internet_address_in_static_css():
    for css in STATIC_DIR.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text):
            assert not re.match(r"^(https?:)?//", url), f"{css}: {url}"
        assert "@import" not in text or not re.search(r"@import\s+(url\()?['\"]?(https?:)?//", text), css


def test_it_ships_the_vendor_assets():
    for path in (
        "vendor/bootstrap/css/bootstrap.min.css",
        "vendor/bootstrap/js/bootstrap.bundle.min.js",
        "vendor/bootstrap-icons/bootstrap-icons.min.css",
        "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
        "vendor/bootstrap-icons/fonts/bootstrap-icons.woff",
        "cur/portal.css",
        "cur/portal.js",
    ):
        assert finders.find(path), path
    icons_css = (STATIC_DIR / "vendor/bootstrap-icons/bootstrap-icons.min.css").read_text(encoding="utf-8")
    for font in re.findall(r"url\(\"?(fonts/[^\"?)]+)", icons_css):
        assert (STATIC_DIR / "vendor/bootstrap-icons" / font).exists(), font


def test_it_links_nav_items_to_existing_pages():
    for item in NAV_ITEMS + USER_MENU_ITEMS:
        assert reverse(item.url_name)
