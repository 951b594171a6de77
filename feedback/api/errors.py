"""Every API error is JSON: {"detail": "<Russian sentence>", "errors": {field: [sentences]}}."""

from __future__ import annotations

import math

from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from feedback.workflow import TransitionRefused

INVALID = "Данные заполнены с ошибками."


class InvalidData(exceptions.APIException):
    """Field errors of a request, already in Russian, named by the field's JSON name."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"

    def __init__(self, errors: dict[str, list[str]], detail: str = INVALID):
        super().__init__(detail)
        self.errors = errors


class Conflict(exceptions.APIException):
    """The message's state does not allow the action now (the workflow refused it)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


_RUSSIAN = {
    exceptions.NotAuthenticated: "Нужен токен: заголовок «Authorization: Token <токен>».",
    exceptions.MethodNotAllowed: "Метод не поддерживается.",
    exceptions.UnsupportedMediaType: "Тело запроса должно быть JSON (Content-Type: application/json).",
    exceptions.NotAcceptable: "Ответ возможен только в JSON.",
}

_KEPT_HEADERS = ("WWW-Authenticate", "Retry-After", "Allow")


def _flatten(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {key: [str(m) for m in (value if isinstance(value, list) else [value])] for key, value in detail.items()}
    return {}


def exception_handler(exc, context):
    if isinstance(exc, TransitionRefused):
        exc = Conflict(str(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound("Сообщение не найдено.")
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    errors: dict[str, list[str]] = {}
    if isinstance(exc, InvalidData):
        detail, errors = str(exc.detail), exc.errors
    elif isinstance(exc, exceptions.ValidationError):
        detail, errors = INVALID, _flatten(exc.detail)
    elif isinstance(exc, exceptions.Throttled):
        wait = math.ceil(exc.wait or 1)
        detail = f"Слишком много запросов с этим токеном: повторите через {wait} с."
        response["Retry-After"] = str(wait)
    else:
        detail = next((text for cls, text in _RUSSIAN.items() if isinstance(exc, cls)), None) or str(exc.detail)
    headers = {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)}
    return Response({"detail": detail, "errors": errors}, status=response.status_code, headers=headers)


def protocol_error(request, status_code: int, detail: str) -> JsonResponse:
    """An error raised outside DRF's views (body limit, unknown path, server error) in the API's format."""
    return JsonResponse({"detail": detail, "errors": {}}, status=status_code, json_dumps_params={"ensure_ascii": False})
