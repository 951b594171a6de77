"""Headless Chromium for the browser tests: the machine's own binary, never a downloaded one.

The binary is taken from env CUR_BROWSER (default /usr/bin/chromium). Without it the browser
tests are skipped with the reason, unless CUR_REQUIRE_BROWSER=1 asks for them to fail instead.
Screenshots go to var/screenshots/browser/.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in the test's thread; the ORM calls the tests make there
# (fixtures creating users and messages) are still plain synchronous code. The variable is set only
# while a browser is open: left in the environment it would leak into other tests' subprocesses
# (`manage.py check --deploy` rightly refuses it).
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEFAULT_BROWSER = "/usr/bin/chromium"


def _unavailable(reason: str):
    if os.environ.get("CUR_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (CUR_REQUIRE_BROWSER=1 требует браузерных тестов)", pytrace=False)
    pytest.skip(reason)


def browser_path() -> Path | None:
    wanted = os.environ.get("CUR_BROWSER", DEFAULT_BROWSER)
    found = shutil.which(wanted)
    return Path(found) if found else None


@pytest.fixture(scope="module")
def cur_browser():
    path = browser_path()
    if path is None:
        _unavailable(
            f"нет браузера Chromium по пути {os.environ.get('CUR_BROWSER', DEFAULT_BROWSER)!r}: "
            "установите его (apt-get install chromium) или укажите путь в CUR_BROWSER"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("не установлен пакет playwright (pip install -e '.[dev]')")
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(path), headless=True, args=LAUNCH_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture
def cur_page(cur_browser, live_server):
    """A Russian-speaking browser tab that may load nothing but the live server."""
    context = cur_browser.new_context(locale="ru-RU", viewport={"width": 1366, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    outside: list[str] = []
    failed: list[str] = []

    def only_local(route):
        url = route.request.url
        if url.startswith(live_server.url) or url.startswith(("data:", "about:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.route("**/*", only_local)
    page.on("response", lambda response: failed.append(f"{response.status} {response.url}") if response.status >= 400 else None)
    page.on("requestfailed", lambda request: failed.append(f"failed {request.url}") if request.url.startswith(live_server.url) else None)
    yield page
    context.close()
    assert not outside, f"страница обращалась в интернет: {outside}"
    assert not failed, f"ресурсы не загрузились: {failed}"


@pytest.fixture
def screenshot():
    directory = Path(settings.BASE_DIR) / "var" / "screenshots" / "browser"
    directory.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = directory / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
