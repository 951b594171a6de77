"""Which history events agencies' systems hear about, and queueing their deliveries.

Called from `feedback.services.events.record`, the one place every routing and state change is
written, inside the change's transaction: the delivery rows commit or roll back with the change,
and the sending is queued only after the commit.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from cur.process_cache import remembered
from cur.task_queue import enqueue
from feedback.models import (
    EventKind,
    Message,
    MessageEvent,
    MessageStatus,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from feedback.open311.formats import w3c


def webhook_event_for(event: MessageEvent) -> str | None:
    if event.kind == EventKind.ROUTED:
        return WebhookEvent.ROUTED
    if event.to_status and event.to_status != event.from_status:
        return WebhookEvent.STATUS
    return None


def payload_for(message: Message, event: MessageEvent, name: str) -> dict:
    """What an agency's system needs to act, without the resident's personal data (152-ФЗ):
    the executor sees those on the card, where each view is logged."""
    return {
        "event": name,
        "event_id": event.pk,
        "occurred_at": w3c(event.at),
        "message": {
            "number": message.number,
            "status": message.status,
            "status_display": str(MessageStatus(message.status).label),
            "previous_status": event.from_status,
            "agency": message.agency.name if message.agency_id else "",
            "sector": message.sector.name if message.sector_id else "",
            "category": message.category.name if message.category_id else "",
            "text": message.text,
            "address": message.address,
            "latitude": message.latitude,
            "longitude": message.longitude,
            "received_at": w3c(message.received_at),
            "deadline_at": w3c(message.deadline_at),
            "note": event.note if event.kind != EventKind.COMMENT else "",
            "url": settings.CUR_PUBLIC_URL.rstrip("/") + reverse("feedback:card", args=[message.pk]),
        },
    }


def deliveries_queue(event: MessageEvent) -> list[WebhookDelivery]:
    message = event.message
    name = webhook_event_for(event)
    # A re-routed message is news for the agency it left too: its system closes its copy.
    agencies = {message.agency_id, (event.data or {}).get("previous_agency") if name == WebhookEvent.ROUTED else None} - {None}
    if name is None or not agencies:
        return []
    endpoints = [e for e in WebhookEndpoint.objects.filter(agency_id__in=agencies, is_active=True) if e.wants(name)]
    if not endpoints:
        return []
    message = Message.objects.select_related("agency", "sector", "category").get(pk=message.pk)
    payload = payload_for(message, event, name)
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(endpoint=endpoint, message=message, event=name, payload=payload) for endpoint in endpoints
    )
    for delivery in deliveries:
        enqueue("feedback.tasks.deliver_webhook", delivery.pk)
    return deliveries


def _endpoints_by_agency() -> dict[int, list[WebhookEndpoint]]:
    """Active endpoints by agency, kept in the process for seconds (cur.process_cache): bulk
    routing asks on every delivery; an endpoint saved here applies at once, elsewhere within seconds."""

    def load() -> dict[int, list[WebhookEndpoint]]:
        found: dict[int, list[WebhookEndpoint]] = {}
        for endpoint in WebhookEndpoint.objects.filter(is_active=True).order_by("id"):
            found.setdefault(endpoint.agency_id, []).append(endpoint)
        return found

    return remembered("webhook-endpoints", load)


def deliveries_queue_many(events) -> list[WebhookDelivery]:
    """`deliveries_queue` for events written in bulk (feedback.services.events.NewEvent): the
    endpoints of all their agencies read in one query, the messages taken as they are in memory
    (their agency, sector and category objects set by the caller)."""
    wanted = []
    for event in events:
        name = webhook_event_for(event)
        agencies = {event.agency_id, (event.data or {}).get("previous_agency") if name == WebhookEvent.ROUTED else None} - {None}
        if name is not None and agencies:
            wanted.append((event, name, agencies))
    if not wanted:
        return []
    by_agency = _endpoints_by_agency()
    deliveries = [
        WebhookDelivery(endpoint=endpoint, message=event.message, event=name, payload=payload_for(event.message, event, name))
        for event, name, agencies in wanted
        for agency in sorted(agencies)
        for endpoint in by_agency.get(agency, [])
        if endpoint.wants(name)
    ]
    if not deliveries:
        return []
    deliveries = WebhookDelivery.objects.bulk_create(deliveries)
    for delivery in deliveries:
        enqueue("feedback.tasks.deliver_webhook", delivery.pk)
    return deliveries
