"""A demo portal and a crawler of its pages, for tests that must look at every page: the security
headers on each, and hostile values in every URL pattern and every form.

The demo region (setup_portal with a few hundred messages) is built once per test module inside a
transaction that is rolled back at the end, so modules do not see each other's data.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

DEMO_LOGINS = ("head", "operator", "agency", "sector", "minister", "governor", "curator", "media", "direction", "tech", "executive")
SKIPPED_PREFIXES = ("/static/", "/media/", "/logout/", "/i18n/")


def demo_portal_fixture(django_db_blocker):
    """Body of a module-scoped fixture: yields while the demo region exists."""
    from django.core.management import call_command
    from django.db import transaction

    from ratings.models import Methodology, MethodologyCriterion, MethodologyIndicator
    from ratings.rating.defaults import create_default

    with django_db_blocker.unblock(), transaction.atomic():
        # A browser test before this one (transaction=True) flushed what the migrations wrote.
        if not Methodology.objects.exists():
            create_default(Methodology, MethodologyCriterion, MethodologyIndicator)
        call_command("setup_portal", demo_messages=300, verbosity=0, stdout=_Null())
        yield
        transaction.set_rollback(True)


class _Null:
    def write(self, *_):
        pass

    def flush(self):
        pass


@dataclass
class Form:
    page: str
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)


class _Links(HTMLParser):
    def __init__(self, page: str):
        super().__init__()
        self.page = page
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.page, a["href"]))
        elif tag == "form":
            self._form = Form(self.page, urljoin(self.page, a.get("action") or self.page), (a.get("method") or "get").lower())
            self.forms.append(self._form)
        elif tag in ("input", "select", "textarea") and self._form is not None and a.get("name") and a.get("type") not in ("submit", "button", "file"):
            self._form.fields.setdefault(a["name"], a.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def pattern_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name or match.route


@dataclass
class Crawl:
    pages: dict[str, object] = field(default_factory=dict)  # path → response
    forms: list[Form] = field(default_factory=list)


def crawl(client, *, start: str = "/", per_pattern: int = 2, limit: int = 400) -> Crawl:
    """GET the pages reachable by links from `start`, at most `per_pattern` per URL pattern (the
    third message card teaches nothing the first two did not)."""
    seen_per_pattern: Counter[str] = Counter()
    queue, done = [start], Crawl()
    form_keys: set[tuple] = set()
    while queue and len(done.pages) < limit:
        url = queue.pop(0)
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path in done.pages or parts.path.startswith(SKIPPED_PREFIXES):
            continue
        name = pattern_name(parts.path)
        if name is None or seen_per_pattern[name] >= per_pattern:
            continue
        seen_per_pattern[name] += 1
        response = client.get(path)
        done.pages[path] = response
        if response.status_code in (301, 302) and response.has_header("Location"):
            queue.append(urljoin(f"http://testserver{path}", response["Location"]))
            seen_per_pattern[name] -= 1  # a redirect is not a page of its pattern
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Links(f"http://testserver{path}")
        parser.feed(response.content.decode())
        queue.extend(parser.links)
        for form in parser.forms:
            key = (pattern_name(urlsplit(form.action).path), form.method, tuple(sorted(form.fields)))
            if key not in form_keys:
                form_keys.add(key)
                done.forms.append(form)
    return done


def url_patterns() -> list[tuple[str, list[str]]]:
    """Every route of the portal as (a path with {placeholders}, the converters' names in order)."""
    found: list[tuple[str, list[str]]] = []

    def walk(patterns, prefix: str):
        for p in patterns:
            route = str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + route)
            elif isinstance(p, URLPattern):
                full = prefix + route
                if full.startswith("^") or "(?P" in full:
                    continue  # regex routes (the admin's, i18n's) are Django's own
                converters = re.findall(r"<(?:(\w+):)?\w+>", full)
                found.append(("/" + re.sub(r"<(?:\w+:)?\w+>", "{}", full), [c or "str" for c in converters]))

    walk(get_resolver().url_patterns, "")
    return found


def query_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
