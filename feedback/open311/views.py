"""Open311 GeoReport v2 endpoints (/open311/v2/…): discovery, services, requests, tokens.

Every endpoint answers in JSON or XML by its extension, and every answer under /open311/v2/ —
an unknown path (404), a wrong method (405 with Allow), a bad parameter (400), a body too large
(413), a limit reached (429 with Retry-After) — is the spec's body, never Django's HTML page.

Service requests are written with an api_key (Open311Key) and read with one: a key reads only the
requests of its own channel, and never a resident's name, e-mail or phone. With
settings.CUR_OPEN311_PUBLIC_READ anyone may read without a key, as the spec allows: every channel's
requests, personal data in the text masked (feedback.personal_data_mask), limited per client address.
"""

from __future__ import annotations

import functools
import math

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import QueryDict, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from cur.client_ip import client_ip
from cur.numbers import as_id
from cur.rate_limit import count_request
from cur.untrusted_text import xml_safe
from feedback.models import Open311Key
from feedback.models.open311 import hash_key
from feedback.open311 import requests as service
from feedback.open311.formats import errors, render
from feedback.open311.requests import Open311Error

MAX_BODY_BYTES = 64 * 1024
# One parameter's value (a path's part too): far above any real one, far below a server's trouble.
# `description` has its own limit (service.DESCRIPTION_MAX) and message, under the body's.
MAX_PARAM_CHARS = 8000
# Reads without a key (settings.CUR_OPEN311_PUBLIC_READ) per client address and minute.
PUBLIC_READS_PER_MINUTE = 60
# POST fields the intake form takes as a resident's free text (text, address, author's name).
FREE_TEXT = ("description", "address_string", "first_name", "last_name")
CHANGESET = "2026-01-01T00:00:00+03:00"
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# What differs from GeoReport v2, said in discovery's `key_service` and in the README.
DEVIATIONS = (
    "Отличия от GeoReport v2: "
    "1) заявку создаёт только система с ключом api_key; читать заявки без ключа можно, только если ЦУР "
    "включил открытое чтение, и тогда в описании скрыты ФИО, телефоны, адреса e-mail и номера квартир "
    "(номер квартиры скрыт и в address), а media_url не показывается; с ключом видны только заявки его "
    "канала; ФИО, e-mail и телефон заявителя не показываются никогда; "
    "2) service_code — код категории, а если этот код есть в нескольких отраслевых блоках — «блок/код» "
    "(например roads/other); принимаются обе формы; "
    "3) заявка регистрируется сразу: token равен service_request_id; "
    "4) address_id и zipcode не ведутся (null), адрес по address_id не принимается, jurisdiction_id не нужен; "
    "5) media_url — ссылка http(s), файлы не принимаются; "
    "6) status_notes — состояние сообщения в ЦУР по-русски; "
    "7) пределы: запросов в минуту на ключ (без ключа — на адрес клиента), 429 с заголовком Retry-After; "
    "тело POST до 64 КБ (413), значение параметра до 8000 символов; управляющие символы в кодах, номерах, "
    "датах и ключе — 400, из текста (description, address_string, имя) они удаляются; "
    "в ответе не больше 1000 заявок, без дат — за 90 дней; page и page_size не поддерживаются; "
    "description длиннее 4000 символов (письма) обрезается с «…»; "
    "8) в XML пустой элемент означает null; символы, запрещённые в XML 1.0, из текста удаляются."
)


def _clean(params, *, free_text: tuple[str, ...] = ()) -> dict[str, str]:
    """The parameters as {name: value} (the last of repeated ones, as QueryDict.get), refused with
    400 when a name or any value holds a character XML 1.0 forbids (PostgreSQL refuses NUL, XML
    cannot carry the rest), or a value is too long. `free_text` fields are let through: the intake
    form removes such characters from a resident's text and keeps the message (cur.untrusted_text)."""
    found = {}
    for name in params:
        values = params.getlist(name)
        for value in values or [""]:
            _check(name, value, free_text=name in free_text)
        found[name] = values[-1] if values else ""
    return found


def _check(name: str, value: str, *, free_text: bool = False) -> None:
    shown = xml_safe(name)[:40]
    if xml_safe(name) != name or (not free_text and xml_safe(value) != value):
        raise Open311Error(400, f"Параметр {shown} содержит управляющие или недопустимые символы.")
    if len(value) > MAX_PARAM_CHARS and name != "description":
        raise Open311Error(400, f"Значение параметра {shown} длиннее {MAX_PARAM_CHARS} символов.")


def _reader(request, params: dict) -> Open311Key | None:
    """Who reads: the key's record, or None for a public read without a key."""
    if not (params.get("api_key") or "").strip() and settings.CUR_OPEN311_PUBLIC_READ:
        address = client_ip(request) or "unknown"  # behind the portal's proxies: the client's, not theirs
        used, wait = count_request(f"open311:public:{address}")
        if used > PUBLIC_READS_PER_MINUTE:
            raise _too_many(f"Превышен предел чтения без ключа: {PUBLIC_READS_PER_MINUTE} запросов в минуту с адреса.", wait)
        return None
    return _key(params)


def _key(params: dict) -> Open311Key:
    raw = (params.get("api_key") or "").strip()
    if not raw:
        raise Open311Error(403, "Не указан api_key.")
    key = Open311Key.objects.select_related("channel", "channel__default_kind").filter(key_hash=hash_key(raw), is_active=True).first()
    if key is None:
        raise Open311Error(403, "Ключ api_key недействителен.")
    _throttle(key)
    Open311Key.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    return key


def _throttle(key: Open311Key) -> None:
    """A fixed one-minute window per key, counted by all workers together (cur.rate_limit)."""
    used, wait = count_request(f"open311:{key.pk}")
    if used > key.requests_per_minute:
        raise _too_many(f"Превышен предел: {key.requests_per_minute} запросов в минуту по ключу.", wait)


def _too_many(description: str, wait: float) -> Open311Error:
    return Open311Error(429, description, headers={"Retry-After": str(max(1, math.ceil(wait)))})


def _too_large() -> Open311Error:
    return Open311Error(413, f"Запрос больше {MAX_BODY_BYTES // 1024} КБ.")


def endpoint(*methods: str):
    """An Open311 view: the methods it answers (405 with Allow otherwise), its path's parts checked,
    and every refusal — ours or Django's reading the request — as the spec's error list."""
    allowed = [*methods, "HEAD"] if "GET" in methods else list(methods)

    def decorate(view):
        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request, *args, fmt: str, **kwargs):
            try:
                if request.method not in allowed:
                    raise Open311Error(
                        405, f"Метод {xml_safe(request.method)[:20]} здесь не поддерживается; допустимы: {', '.join(allowed)}.",
                        headers={"Allow": ", ".join(allowed)},
                    )
                for name, value in kwargs.items():
                    _check(name, value)  # «services/%00.json»
                return view(request, *args, fmt=fmt, **kwargs)
            except Open311Error as error:
                return errors(fmt, error.status, *error.descriptions, headers=error.headers)
            except RequestDataTooBig:
                return errors(fmt, 413, *_too_large().descriptions)
            except (SuspiciousOperation, MultiPartParserError, UnreadablePostError):
                # Too many fields or files, a broken multipart body: Django's own 400, in our format.
                return errors(fmt, 400, "Тело или параметры запроса не разобраны: проверьте формат и число полей.")

        return wrapper

    return decorate


@csrf_exempt
def not_found(request, path: str = ""):
    """Anything else under /open311/v2/: the spec's 404, in XML when the path asks for it."""
    fmt = "xml" if path.endswith(".xml") else "json"
    return errors(fmt, 404, "Такого ресурса нет в Open311 GeoReport v2: см. discovery.json.")


@endpoint("GET")
def discovery(request, *, fmt: str):
    base = request.build_absolute_uri(reverse("open311:discovery", kwargs={"fmt": fmt})).rsplit("/", 1)[0] + "/"
    data = {
        "changeset": CHANGESET,
        "contact": f"ЦУР: {settings.CUR_REGION_NAME}",
        "key_service": f"Ключ api_key выдаёт администратор ЦУР. {DEVIATIONS}",
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }
        ],
    }
    return render(data, fmt, "discovery")


@endpoint("GET")
def services(request, *, fmt: str):
    _clean(request.GET)
    return render([service.service_data(c) for c in service.active_categories()], fmt, "services")


@endpoint("GET")
def service_definition(request, code: str, *, fmt: str):
    _clean(request.GET)
    category = service.category_for(code, missing=404)
    return render(service.service_definition_data(category), fmt, "service_definition")


@endpoint("GET", "POST")
def requests_(request, *, fmt: str):
    if request.method == "POST":
        return _create(request, fmt)
    params = _clean(request.GET)
    key = _reader(request, params)
    found = service.requests_search(key=key, params=params)
    return render([service.request_data(m, public=key is None) for m in found], fmt, "requests")


def _create(request, fmt: str):
    if (as_id(request.META.get("CONTENT_LENGTH") or "0") or 0) > MAX_BODY_BYTES:
        raise _too_large()
    body = request.body
    if len(body) > MAX_BODY_BYTES:
        raise _too_large()
    # The spec posts application/x-www-form-urlencoded; the api_key may also come in the query.
    params = QueryDict(body, encoding="utf-8") if request.content_type != "multipart/form-data" else request.POST
    data = _clean(params, free_text=FREE_TEXT)
    query = _clean(request.GET)
    data.setdefault("api_key", query.get("api_key", ""))
    key = _key(data)
    result = service.request_create(key=key, data=data)
    answer = [{"service_request_id": result.message.number, "service_notice": None, "account_id": None}]
    return render(answer, fmt, "requests", status=201 if result.created else 200)


def _one(request, number: str, missing: str):
    params = _clean(request.GET)
    key = _reader(request, params)
    pk = as_id(number)
    message = service.requests_of(key).filter(pk=pk).first() if pk is not None else None
    if message is None:
        raise Open311Error(404, missing)
    return key, message


@endpoint("GET")
def request_detail(request, request_id: str, *, fmt: str):
    key, message = _one(request, request_id, f"Заявка {request_id[:40]} не найдена.")
    return render([service.request_data(message, public=key is None)], fmt, "requests")


@endpoint("GET")
def token(request, token_id: str, *, fmt: str):
    """Requests are registered at once, so a token is the request's own id."""
    _reader_key, message = _one(request, token_id, f"Токен {token_id[:40]} не найден.")
    return render([{"service_request_id": message.number, "token": token_id}], fmt, "requests")
