"""Every page the portal serves, walked as several roles: a strict Content-Security-Policy (no
inline script anywhere, nothing from outside), no-store caching, Referrer-Policy,
Permissions-Policy; and the markup itself has no inline script, style attribute or handler the
policy would block."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from tests.portal_walk import crawl, demo_portal_fixture

INLINE_STYLE_ALLOWED = ("/admin/", "/api/v1/docs/", "/api/v1/redoc/")


@pytest.fixture(scope="module")
def demo_portal(django_db_setup, django_db_blocker):
    yield from demo_portal_fixture(django_db_blocker)


def _policy(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy", "")
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def _check(path: str, response) -> list[str]:
    problems = []
    if response.status_code >= 500:
        return [f"{path}: {response.status_code}"]
    if "no-store" not in response.get("Cache-Control", ""):
        problems.append(f"{path}: Cache-Control «{response.get('Cache-Control')}»")
    if response.get("Referrer-Policy") != "same-origin":
        problems.append(f"{path}: Referrer-Policy «{response.get('Referrer-Policy')}»")
    if "camera=()" not in response.get("Permissions-Policy", ""):
        problems.append(f"{path}: нет Permissions-Policy")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append(f"{path}: нет X-Content-Type-Options")
    if "text/html" not in response.get("Content-Type", ""):
        return problems
    policy = _policy(response)
    if policy.get("default-src") != ["'self'"] or policy.get("script-src") != ["'self'"] or policy.get("frame-ancestors") != ["'none'"]:
        problems.append(f"{path}: политика «{response.get('Content-Security-Policy')}»")
    relaxed = path.startswith(INLINE_STYLE_ALLOWED)
    if policy.get("style-src") != (["'self'", "'unsafe-inline'"] if relaxed else ["'self'"]):
        problems.append(f"{path}: style-src {policy.get('style-src')}")
    html = response.content.decode()
    if re.search(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", html):
        problems.append(f"{path}: встроенный <script>")
    if re.search(r"\son[a-z]+\s*=", re.sub(r"<(script|textarea)[^>]*>.*?</\1>", "", html, flags=re.S)):
        problems.append(f"{path}: обработчик on…= в разметке")
    if not relaxed and (re.search(r"<style[\s>]", html) or re.search(r'<[a-z][^>]*\sstyle="', html)):
        problems.append(f"{path}: встроенный стиль")
    return problems


@pytest.mark.parametrize("username", ["head", "operator", "agency", "sector", "governor", "curator"])
def test_every_page_of_a_role_carries_the_headers(demo_portal, db, client, username):
    client.force_login(get_user_model().objects.get(username=username))
    found = crawl(client, per_pattern=2)
    problems = [p for path, response in found.pages.items() for p in _check(path, response)]
    assert not problems, "\n".join(problems[:30])


def test_the_login_page_health_check_and_api_carry_them_too(db, client):
    for path in ("/login/", "/healthz", "/api/v1/messages/1/", "/api/v1/docs/", "/api/v1/redoc/", "/open311/v2/discovery.json"):
        problems = [p for p in _check(path, client.get(path)) if "Cache-Control" in p or "Referrer" in p or "политика" in p or "style" in p]
        assert not problems, problems

