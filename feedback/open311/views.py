"""Open311 GeoReport v2 endpoints (/open311/v2/…): discovery, services, requests, tokens.

Every endpoint answers in JSON or XML by its extension. Service requests, read or written, need an
api_key (Open311Key): a key reads only the requests of its own channel, and never a resident's
name, e-mail or phone. Limits: the key's requests per minute (429) and the body's size (413).
"""

from __future__ import annotations

from django.conf import settings
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from cur.numbers import as_id
from cur.rate_limit import count_request
from feedback.models import Open311Key
from feedback.models.open311 import hash_key
from feedback.open311 import requests as service
from feedback.open311.formats import errors, render
from feedback.open311.requests import Open311Error

MAX_BODY_BYTES = 64 * 1024


def _key(request, params) -> Open311Key:
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
    used, _wait = count_request(f"open311:{key.pk}")
    if used > key.requests_per_minute:
        raise Open311Error(429, f"Превышен предел: {key.requests_per_minute} запросов в минуту по ключу.")


def _guarded(view):
    """Open311Error → the spec's error body in the requested format."""

    def wrapper(request, *args, fmt: str, **kwargs):
        try:
            return view(request, *args, fmt=fmt, **kwargs)
        except Open311Error as error:
            return errors(fmt, error.status, *error.descriptions)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@require_GET
@_guarded
def discovery(request, *, fmt: str):
    base = request.build_absolute_uri(reverse("open311:discovery", kwargs={"fmt": fmt})).rsplit("/", 1)[0] + "/"
    data = {
        "changeset": "2026-01-01T00:00:00+03:00",
        "contact": f"ЦУР: {settings.CUR_REGION_NAME}",
        "key_service": "Ключ api_key выдаёт администратор ЦУР.",
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base,
                "changeset": "2026-01-01T00:00:00+03:00",
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }
        ],
    }
    return render(data, fmt, "discovery")


@require_GET
@_guarded
def services(request, *, fmt: str):
    return render([service.service_data(c) for c in service.active_categories()], fmt, "services")


@require_GET
@_guarded
def service_definition(request, code: str, *, fmt: str):
    category = service.category_for(code)
    return render(service.service_definition_data(category), fmt, "service_definition")


@csrf_exempt
@require_http_methods(["GET", "POST"])
@_guarded
def requests_(request, *, fmt: str):
    if request.method == "POST":
        return _create(request, fmt)
    key = _key(request, request.GET)
    found = service.requests_search(key=key, params=request.GET)
    return render([service.request_data(m) for m in found], fmt, "requests")


def _create(request, fmt: str):
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES:
        raise Open311Error(413, f"Запрос больше {MAX_BODY_BYTES // 1024} КБ.")
    body = request.body
    if len(body) > MAX_BODY_BYTES:
        raise Open311Error(413, f"Запрос больше {MAX_BODY_BYTES // 1024} КБ.")
    # The spec posts application/x-www-form-urlencoded; the api_key may also come in the query.
    params = QueryDict(body, encoding="utf-8") if request.content_type != "multipart/form-data" else request.POST
    data = {k: params.get(k) for k in params}
    data.setdefault("api_key", request.GET.get("api_key", ""))
    key = _key(request, data)
    result = service.request_create(key=key, data=data)
    answer = [{"service_request_id": result.message.number, "service_notice": "", "account_id": ""}]
    return render(answer, fmt, "requests", status=201 if result.created else 200)


@require_GET
@_guarded
def request_detail(request, request_id: str, *, fmt: str):
    key = _key(request, request.GET)
    pk = as_id(request_id)
    message = service.requests_of(key).filter(pk=pk).first() if pk is not None else None
    if message is None:
        raise Open311Error(404, f"Заявка {request_id} не найдена.")
    return render([service.request_data(message)], fmt, "requests")


@require_GET
@_guarded
def token(request, token_id: str, *, fmt: str):
    """Requests are registered at once, so a token is the request's own id."""
    key = _key(request, request.GET)
    pk = as_id(token_id)
    message = service.requests_of(key).filter(pk=pk).first() if pk is not None else None
    if message is None:
        raise Open311Error(404, f"Токен {token_id} не найден.")
    return render([{"service_request_id": message.number, "token": token_id}], fmt, "requests")
