"""Sending one webhook delivery: signed, with its outcome logged, retried with back-off.

The receiver checks `X-CUR-Signature: sha256=<hex>`, the HMAC-SHA256 of the raw body with the
endpoint's secret, compared in constant time. `X-CUR-Delivery` is the same on every retry, so a
receiver that got the body once can ignore the repeats.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import time
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cur.task_queue import enqueue
from feedback.models import DeliveryStatus, WebhookDelivery
from feedback.webhooks import safe_http

# Seconds to wait before the 2nd, 3rd… attempt; after the last one the delivery is failed.
BACKOFF = (60, 300, 1800, 7200, 21600)
MAX_ATTEMPTS = len(BACKOFF) + 1
TIMEOUT = 10
EARLY = timedelta(seconds=5)
# A delivery this late was lost by the broker (a restart, an expired countdown): the sweep sends it.
LOST_AFTER = timedelta(minutes=5)
EXCERPT = 500


def body_of(delivery: WebhookDelivery) -> bytes:
    return json.dumps({"delivery_id": delivery.pk, **delivery.payload}, ensure_ascii=False, sort_keys=True).encode()


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _send(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    """The reply's status and the start of its first line. Raises safe_http.Refused before any
    connection to an address the portal does not send to; a redirect is returned, not followed."""
    reply = safe_http.post(url, body, headers, timeout=TIMEOUT)
    return reply.status, reply.first_line


def _error_for(code: int) -> str:
    if 300 <= code < 400:
        return f"Получатель ответил перенаправлением {code} — перенаправления не выполняются"
    return f"Ответ {code}"


@dataclass
class Attempt:
    delivery: WebhookDelivery
    retry_in: int | None  # seconds until the next attempt, None when there is none


def delivery_attempt(*, delivery_id: int) -> Attempt:
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().select_related("endpoint").get(pk=delivery_id)
        if delivery.status in (DeliveryStatus.DELIVERED, DeliveryStatus.FAILED):
            return Attempt(delivery, None)
        if delivery.next_attempt_at and delivery.next_attempt_at > timezone.now() + EARLY:
            # A second copy of a scheduled task (the broker re-delivers long countdowns): not due yet.
            return Attempt(delivery, None)
        delivery.attempts += 1
        delivery.last_attempt_at = timezone.now()
        # Counted before sending: a worker killed mid-request does not retry forever.
        delivery.save(update_fields=["attempts", "last_attempt_at"])
    body = body_of(delivery)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "CUR-portal-webhooks/1",
        "X-CUR-Event": delivery.event,
        "X-CUR-Delivery": str(delivery.pk),
        "X-CUR-Timestamp": str(int(time.time())),
        "X-CUR-Signature": signature(delivery.endpoint.secret, body),
    }
    code, text, error = None, "", ""
    try:
        code, text = _send(delivery.endpoint.url, body, headers)
    except safe_http.Refused as exc:  # a URL or an address the portal does not send to
        error = str(exc)[:EXCERPT]
    except (OSError, ValueError, http.client.HTTPException) as exc:  # refused, timed out, TLS, a broken reply
        error = f"{type(exc).__name__}: {exc}"[:EXCERPT]
    ok = code is not None and 200 <= code < 300
    if code is not None and not ok:
        error = _error_for(code)
    delivery.response_code = code
    delivery.response_excerpt = text[: safe_http.FIRST_LINE]
    delivery.error = error
    retry_in = None
    if ok:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = DeliveryStatus.DELIVERED, timezone.now(), None
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
    else:
        retry_in = BACKOFF[delivery.attempts - 1]
        delivery.status, delivery.next_attempt_at = DeliveryStatus.RETRYING, timezone.now() + timedelta(seconds=retry_in)
    delivery.save(update_fields=["status", "response_code", "response_excerpt", "error", "delivered_at", "next_attempt_at"])
    return Attempt(delivery, retry_in)


@transaction.atomic
def delivery_retry(*, delivery: WebhookDelivery, by) -> WebhookDelivery:
    """«Повторить»: one more attempt now, whatever happened before."""
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    delivery.status, delivery.next_attempt_at = DeliveryStatus.PENDING, None
    delivery.save(update_fields=["status", "next_attempt_at"])
    enqueue("feedback.tasks.deliver_webhook", delivery.pk)
    return delivery


def deliveries_lost(*, now=None) -> list[int]:
    """Deliveries whose attempt is overdue by LOST_AFTER: queued again by the periodic sweep."""
    late = (now or timezone.now()) - LOST_AFTER
    pending = WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__isnull=True, created_at__lte=late)
    retrying = WebhookDelivery.objects.filter(status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING], next_attempt_at__lte=late)
    return sorted(set(pending.values_list("pk", flat=True)) | set(retrying.values_list("pk", flat=True)))
