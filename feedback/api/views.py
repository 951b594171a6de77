"""REST API v1 for integrated systems. Thin views: the intake form and services do the work."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from feedback.api import schema, selectors
from feedback.api.errors import InvalidData
from feedback.api.intake import ITEM_NOT_OBJECT, items_ingest
from feedback.api.parsers import too_large
from feedback.api.serializers import (
    AnswerInSerializer,
    AnswerOutSerializer,
    BatchInSerializer,
    BatchResultSerializer,
    ChangesPageSerializer,
    ErrorSerializer,
    MessageCreatedSerializer,
    MessageInSerializer,
    MessageOutSerializer,
)
from feedback.models import ApiScope
from feedback.services.answers import answer_submit

# Imported for its side effect: registers the token scheme with drf-spectacular.
_SCHEMES = schema.ApiTokenScheme
_ERRORS = {code: OpenApiResponse(ErrorSerializer) for code in (400, 401, 403, 404, 413, 429)}


def _errors(*codes: int) -> dict:
    return {code: _ERRORS[code] for code in (401, 403, 429, *codes)}


class MessageCreateView(APIView):
    required_scope = ApiScope.MESSAGES_CREATE

    @extend_schema(
        summary="Создать сообщение",
        request=MessageInSerializer,
        responses={201: MessageCreatedSerializer, 200: OpenApiResponse(MessageCreatedSerializer, "Уже доставлено: сообщение не создано повторно."), **_errors(400, 413)},
    )
    def post(self, request):
        if not isinstance(request.data, dict):
            raise InvalidData({"__all__": [ITEM_NOT_OBJECT]})
        [result] = items_ingest(system=request.user.system, raw_items=[request.data])
        if result.result == "error":
            raise InvalidData(result.errors)
        body = {"result": result.result, "number": result.number, "external_id": result.external_id}
        return Response(body, status=status.HTTP_201_CREATED if result.result == "created" else status.HTTP_200_OK)


class MessageBatchView(APIView):
    required_scope = ApiScope.MESSAGES_CREATE

    @extend_schema(
        summary="Создать пакет сообщений (до 1000)",
        description="Каждый элемент проверяется отдельно: ошибочные перечислены с причинами, остальные созданы.",
        request=BatchInSerializer,
        responses={200: BatchResultSerializer, **_errors(400, 413)},
    )
    def post(self, request):
        items = request.data.get("items") if isinstance(request.data, dict) else None
        if not isinstance(items, list):
            raise InvalidData({"items": ["Ожидается список сообщений в поле items."]})
        if len(items) > settings.API_MAX_BATCH_ITEMS:
            raise too_large(f"В пакете {len(items)} сообщений, допускается не больше {settings.API_MAX_BATCH_ITEMS}.")
        results = items_ingest(system=request.user.system, raw_items=items)
        counts = {kind: sum(r.result == kind for r in results) for kind in ("created", "duplicate", "error")}
        return Response({
            "created": counts["created"],
            "duplicates": counts["duplicate"],
            "failed": counts["error"],
            "results": [vars(r) for r in results],
        })


class MessageDetailView(APIView):
    required_scope = ApiScope.MESSAGES_READ

    @extend_schema(summary="Состояние и история сообщения", responses={200: MessageOutSerializer, **_errors(404)})
    def get(self, request, number: str):
        message = selectors.message_for_system(request.user.system, number)
        if message is None:
            raise Http404
        return Response(MessageOutSerializer(message).data)


class AnswerCreateView(APIView):
    required_scope = ApiScope.ANSWERS_WRITE

    @extend_schema(
        summary="Ответ органа (промежуточный или окончательный)",
        request=AnswerInSerializer,
        responses={201: AnswerOutSerializer, **_errors(400, 404, 413), 409: OpenApiResponse(ErrorSerializer, "Состояние сообщения не позволяет ответ.")},
    )
    def post(self, request, number: str):
        system = request.user.system
        message = selectors.message_for_system(system, number) if system.agency_id else None
        if message is None:
            raise Http404
        form = AnswerInSerializer(data=request.data if isinstance(request.data, dict) else {})
        form.is_valid(raise_exception=True)
        if not form.validated_data["text"].strip():
            raise InvalidData({"text": ["Текст ответа не может быть пустым."]})
        answer = answer_submit(message=message, kind=form.validated_data["kind"], text=form.validated_data["text"], by=system.user)
        answer.refresh_from_db(fields=["created_at", "review"])
        return Response(AnswerOutSerializer(answer).data, status=status.HTTP_201_CREATED)


class ChangesView(APIView):
    required_scope = ApiScope.CHANGES_READ

    @extend_schema(
        summary="Сообщения, изменившиеся с указанного времени",
        parameters=[
            OpenApiParameter("since", str, required=True, description="Время в ISO 8601, например 2026-12-01T09:00:00+03:00."),
            OpenApiParameter("cursor", str, required=False, description="Продолжение: значение из ссылки next."),
        ],
        responses={200: ChangesPageSerializer, **_errors(400)},
    )
    def get(self, request):
        since = _parse_time(request.query_params.get("since", ""))
        if since is None:
            raise InvalidData({"since": ["Укажите время в формате ISO 8601, например 2026-12-01T09:00:00+03:00."]})
        after = None
        if request.query_params.get("cursor"):
            after = selectors.decode_cursor(request.query_params["cursor"])
            if after is None:
                raise InvalidData({"cursor": ["Курсор повреждён: возьмите ссылку next из предыдущего ответа."]})
        results, cursor = selectors.changes_since(request.user.system, since=since, after=after)
        next_url = None
        if cursor is not None:
            query = urlencode({"since": request.query_params["since"], "cursor": selectors.encode_cursor(*cursor)})
            next_url = request.build_absolute_uri(f"{request.path}?{query}")
        return Response({"results": results, "next": next_url})


def _parse_time(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value.strip().replace(" ", "+", 1) if "T" in value else value.strip())
    except ValueError:
        return None
    if not 1900 <= parsed.year <= 9998:
        return None
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, timezone.get_default_timezone())
