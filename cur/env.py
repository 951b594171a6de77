"""Reading deployment settings from environment variables, with errors a deployer can act on.

Every value that differs between machines comes from the environment; a bad value stops the
start with a Russian message that names the variable, instead of failing later in a request.
"""

from __future__ import annotations

import os
import zoneinfo
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured


class EnvError(ImproperlyConfigured):
    pass


_MISSING = object()


def get_str(name: str, default: str | object = _MISSING) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is _MISSING:
            raise EnvError(f"Переменная окружения {name} не задана, а без неё портал не запустится.")
        return default  # type: ignore[return-value]
    return value


def get_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on", "да"}:
        return True
    if lowered in {"0", "false", "no", "off", "нет"}:
        return False
    raise EnvError(f"{name}={raw!r}: ожидается логическое значение (true/false, 1/0, yes/no).")


def get_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise EnvError(f"{name}={raw!r}: ожидается целое число.") from None
    if minimum is not None and value < minimum:
        raise EnvError(f"{name}={raw!r}: значение должно быть не меньше {minimum}.")
    return value


def get_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def get_feeds(name: str, kinds: tuple[str, ...]) -> dict[str, str]:
    """«pos=https://…/feed.json,social=https://…» → {"pos": "https://…", …}; empty when unset."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return {}
    feeds: dict[str, str] = {}
    example = f"{kinds[0]}=https://сервер/лента.json"
    for part in (p.strip() for p in raw.split(",")):
        if not part:
            continue
        kind, sep, url = (x.strip() for x in part.partition("="))
        if not sep or not kind or not url:
            raise EnvError(f"{name}: «{part}» — ожидается вид=адрес через запятую, например {example}.")
        if kind not in kinds:
            raise EnvError(f"{name}: неизвестный вид ленты «{kind}»; допустимы: {', '.join(kinds)}.")
        if kind in feeds:
            raise EnvError(f"{name}: лента «{kind}» указана дважды.")
        if urlparse(url).scheme not in {"http", "https"} or not urlparse(url).netloc:
            raise EnvError(f"{name}: адрес ленты «{kind}» должен начинаться с http:// или https://, получено «{url}».")
        feeds[kind] = url
    return feeds


def get_time_zone(name: str, default: str) -> str:
    value = get_str(name, default)
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise EnvError(
            f"{name}={value!r}: неизвестный часовой пояс; укажите имя из базы IANA, например Europe/Moscow."
        ) from None
    return value


def database_from_url(name: str = "DATABASE_URL") -> dict:
    """Django DATABASES entry from a postgres:// URL; a unix socket may be given as ?host=/dir."""
    url = get_str(name)
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise EnvError(
            f"{name}: портал работает только с PostgreSQL, ожидается адрес вида "
            f"postgres://пользователь:пароль@сервер:5432/база, получено {parsed.scheme or 'пустое'}://…"
        )
    query = parse_qs(parsed.query)
    host = query.get("host", [unquote(parsed.hostname or "")])[0]
    dbname = unquote(parsed.path.lstrip("/"))
    if not dbname:
        raise EnvError(f"{name}: в адресе не указано имя базы данных.")
    try:
        port = parsed.port
    except ValueError:
        raise EnvError(f"{name}: неверный номер порта.") from None
    options = {k: v[0] for k, v in query.items() if k not in {"host"}}
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": dbname,
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": host,
        "PORT": str(port or ""),
        "OPTIONS": options,
    }


def redis_url(name: str = "REDIS_URL") -> str:
    url = get_str(name)
    scheme = urlparse(url).scheme
    if scheme not in {"redis", "rediss", "unix"}:
        raise EnvError(
            f"{name}: ожидается адрес Redis вида redis://сервер:6379/0 или unix:///путь/к/сокету, "
            f"получено {scheme or 'пустое'}://…"
        )
    return url


def celery_broker_url(url: str) -> str:
    """Celery (kombu) spells a unix-socket Redis as redis+socket://; redis-py as unix://."""
    if url.startswith("unix://"):
        return "redis+socket://" + url[len("unix://") :]
    return url
