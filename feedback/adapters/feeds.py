"""Channel adapters for JSON feeds: the federal feedback platform (ПОС) and social-media monitoring.

Each maps one item of its feed to the fields of `IncomingMessageForm` (the same validation as every
other way in), then the batch goes to `messages_ingest`, which is idempotent on (channel,
external_id): re-reading a feed never creates a message twice.

ПОС feed — a JSON list (or {"items": [...]}) of objects:
  id, text, created_at (ISO 8601), address, municipality (name or OKTMO), lat, lon, url,
  author: {name, email, phone}
Social feed — a JSON list (or {"items": [...]}) of objects:
  network, post_url, author (handle), text, published_at (ISO 8601), id (optional), address
"""

from __future__ import annotations

import json
import logging
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from feedback.forms.intake import IncomingMessageForm, IntakeLookups
from feedback.models import Channel
from feedback.services.intake import IncomingMessage, messages_ingest

MAX_FEED_ITEMS = 10_000
MAX_FEED_BYTES = 50 * 1024 * 1024
FETCH_TIMEOUT = 60

logger = logging.getLogger(__name__)


class FeedError(ValueError):
    """The feed as a whole is unreadable; the message is in Russian."""


@dataclass
class FeedReport:
    created: int = 0
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)  # «Запись 3: …»


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def pos_fields(item: dict) -> dict:
    author = item.get("author") or {}
    if not isinstance(author, dict):
        author = {"name": author}
    return {
        "external_id": _text(item.get("id")),
        "text": _text(item.get("text")),
        "received_at": item.get("created_at"),
        "address": _text(item.get("address")),
        "municipality": _text(item.get("municipality")),
        "latitude": item.get("lat"),
        "longitude": item.get("lon"),
        "source_url": _text(item.get("url")),
        "author_name": _text(author.get("name")),
        "author_email": _text(author.get("email")),
        "author_phone": _text(author.get("phone")),
    }


def social_fields(item: dict) -> dict:
    network = _text(item.get("network")).lower()
    post_url = _text(item.get("post_url"))
    # A post is one item wherever the monitor saw it: its network and id, or its address.
    own = _text(item.get("id")) or post_url
    return {
        "external_id": f"{network}:{own}"[:200] if own else "",
        "text": _text(item.get("text")),
        "received_at": item.get("published_at"),
        "author_handle": _text(item.get("author")),
        "source_url": post_url,
        "address": _text(item.get("address")),
    }


KINDS: dict[str, tuple[str, Callable[[dict], dict]]] = {
    "pos": ("pos", pos_fields),
    "social": ("social", social_fields),
}


def parse_feed(raw: bytes | str) -> list:
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise FeedError(f"Лента не является JSON: {error}.") from None
    if isinstance(data, dict):
        data = data.get("items")
    if not isinstance(data, list):
        raise FeedError("Лента должна быть списком записей или объектом с полем items.")
    if len(data) > MAX_FEED_ITEMS:
        raise FeedError(f"В ленте {len(data)} записей; за раз принимается не больше {MAX_FEED_ITEMS}.")
    return data


def feed_ingest(*, kind: str, raw: bytes | str, channel: Channel | None = None) -> FeedReport:
    """Validate every item; register the valid ones; report the rest by their place in the feed."""
    channel_code, mapper = KINDS[kind]
    channel = channel or Channel.objects.select_related("default_kind").get(code=channel_code)
    lookups = IntakeLookups()
    report = FeedReport()
    items: list[IncomingMessage] = []
    for index, entry in enumerate(parse_feed(raw), start=1):
        if not isinstance(entry, dict):
            report.errors.append(f"Запись {index}: ожидается объект JSON.")
            continue
        fields = mapper(entry)
        if not fields["external_id"]:
            report.errors.append(f"Запись {index}: нет идентификатора записи — без него повторная доставка создала бы дубликат.")
            continue
        form = IncomingMessageForm(fields, lookups=lookups)
        if not form.is_valid():
            report.errors.append(f"Запись {index}: " + " ".join(form.error_list()))
            continue
        item = form.to_incoming()
        item.extra = {"feed": kind, "position": index}
        items.append(item)
    if items:
        result = messages_ingest(channel=channel, items=items)
        report.created, report.duplicates = len(result.created), len(result.duplicates)
    return report


def feed_fetch(url: str) -> bytes:
    """The feed's body from http(s); OSError when unreachable, FeedError when too large."""
    if not url.startswith(("http://", "https://")):
        raise FeedError(f"Адрес ленты должен начинаться с http:// или https://: {url}")
    with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT) as response:  # noqa: S310 (scheme checked above)
        raw = response.read(MAX_FEED_BYTES + 1)
    if len(raw) > MAX_FEED_BYTES:
        raise FeedError(f"Лента больше {MAX_FEED_BYTES // 2**20} МБ: разбейте её на части.")
    return raw


def feeds_poll(feeds: Mapping[str, str]) -> dict[str, FeedReport]:
    """Fetch and register each configured feed ({kind: url}); one unreachable or broken feed is
    reported (and logged) without stopping the others: the next poll tries it again."""
    reports: dict[str, FeedReport] = {}
    for kind, url in feeds.items():
        try:
            reports[kind] = feed_ingest(kind=kind, raw=feed_fetch(url))
        except (OSError, FeedError, Channel.DoesNotExist) as error:
            logger.warning("Лента %s (%s) не загружена: %s", kind, url, error)
            reports[kind] = FeedReport(errors=[f"Лента не загружена: {error}"])
            continue
        for line in reports[kind].errors:
            logger.warning("Лента %s: %s", kind, line)
    return reports
