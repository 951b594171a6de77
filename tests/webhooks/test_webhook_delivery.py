"""Outbound webhooks: queued on routing and state changes, signed, retried with back-off."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from django.utils import timezone

from feedback.models import DeliveryStatus, MessageStatus, WebhookDelivery, WebhookEndpoint
from feedback.services.answers import message_take_in_work
from feedback.services.triage import message_classify, message_comment, message_route
from feedback.webhooks import delivery as service

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sent(monkeypatch):
    """A queued delivery runs its attempt at once; the countdowns of the retries asked for are recorded."""
    from cur import task_queue
    from feedback import tasks

    countdowns = []
    send = task_queue.send

    def deliver_now(name, args, kwargs, countdown):
        if name == "feedback.tasks.deliver_webhook":
            tasks.deliver_webhook(*args)
        else:
            send(name, args, kwargs, countdown)

    monkeypatch.setattr(task_queue, "send", deliver_now)
    monkeypatch.setattr(tasks.deliver_webhook, "apply_async", lambda args, countdown: countdowns.append((args[0], countdown)))
    return countdowns


def _when_due(delivery):
    """The scheduled time of the next attempt has come."""
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())


def _routed(region, make_message, people):
    message = make_message(region)
    message = message_classify(message=message, category=region.categories["Ямы и выбоины"], by=people.operator)
    return message_route(message=message, agency=region.transport, by=people.operator)


def test_it_posts_a_signed_routed_event_to_the_agencys_endpoint(region, make_message, people, endpoint, receiver, sent):
    WebhookEndpoint.objects.create(agency=region.minzdrav, url=receiver.url + "/other", secret="x")  # another agency: silent
    message = _routed(region, make_message, people)
    assert len(receiver.received) == 1
    got = receiver.received[0]
    body = got["body"]
    expected = "sha256=" + hmac.new("s3cret-минтранс".encode(), body, hashlib.sha256).hexdigest()
    assert got["headers"]["x-cur-signature"] == expected
    assert abs(int(got["headers"]["x-cur-timestamp"]) - timezone.now().timestamp()) < 60
    assert got["headers"]["x-cur-event"] == "message.routed"
    data = json.loads(body)
    assert data["event"] == "message.routed" and data["message"]["number"] == message.number
    assert data["message"]["agency"] == region.transport.name and data["message"]["status"] == "routed"
    assert data["delivery_id"] == int(got["headers"]["x-cur-delivery"])
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code, delivery.response_excerpt) == (DeliveryStatus.DELIVERED, 1, 200, "ok")
    assert delivery.delivered_at is not None and sent == []


def test_it_sends_state_changes_but_not_comments_and_never_personal_data(region, make_message, people, endpoint, receiver, sent):
    message = _routed(region, make_message, people)
    from feedback.models import Message

    Message.objects.filter(pk=message.pk).update(author_name="Петров Иван", author_email="ivan@example.ru", author_phone="+79123456789")
    message_comment(message=message, text="проверьте", by=people.operator)
    message_take_in_work(message=message, by=people.executor)
    events = [json.loads(r["body"])["event"] for r in receiver.received]
    assert events == ["message.routed", "message.status"]
    last = json.loads(receiver.received[-1]["body"])
    assert last["message"]["status"] == MessageStatus.IN_WORK and last["message"]["previous_status"] == MessageStatus.ROUTED
    for r in receiver.received:
        for secret in (b"ivan@example.ru", "Петров".encode(), b"79123456789"):
            assert secret not in r["body"]


def test_it_respects_the_endpoints_events_and_inactive_endpoints(region, make_message, people, endpoint, receiver, sent):
    endpoint.events = ["message.status"]
    endpoint.save(update_fields=["events"])
    WebhookEndpoint.objects.create(agency=region.transport, url=receiver.url, secret="x", is_active=False)
    message = _routed(region, make_message, people)
    assert receiver.received == []
    message_take_in_work(message=message, by=people.executor)
    assert [json.loads(r["body"])["event"] for r in receiver.received] == ["message.status"]


def test_it_retries_with_back_off_and_records_the_final_failure(region, make_message, people, endpoint, receiver, sent):
    receiver.answers = [503] * 10
    _routed(region, make_message, people)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.RETRYING and delivery.response_code == 503 and delivery.error == "Ответ 503"
    assert delivery.response_excerpt == "temporarily down <b>"
    assert sent == [(delivery.pk, 60)]
    # The worker runs the scheduled attempts; each failure asks for a longer wait.
    for _ in range(service.MAX_ATTEMPTS - 1):
        _when_due(delivery)
        service_attempt = service.delivery_attempt(delivery_id=delivery.pk)
        if service_attempt.retry_in:
            sent.append((delivery.pk, service_attempt.retry_in))
    assert [c for _, c in sent] == [60, 300, 1800, 7200, 21600]
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 6 and delivery.next_attempt_at is None
    assert len(receiver.received) == 6
    # Every retry is the same body: the receiver can drop repeats by X-CUR-Delivery.
    assert len({r["body"] for r in receiver.received}) == 1


def test_it_records_a_refused_connection_and_retries(region, make_message, people, endpoint, receiver, sent):
    endpoint.url = "http://127.0.0.1:9/closed"
    endpoint.save(update_fields=["url"])
    _routed(region, make_message, people)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.RETRYING and delivery.response_code is None
    assert "Connection" in delivery.error or "refused" in delivery.error.lower()


def test_it_succeeds_on_a_later_attempt(region, make_message, people, endpoint, receiver, sent):
    receiver.answers = [500]
    _routed(region, make_message, people)
    delivery = WebhookDelivery.objects.get()
    _when_due(delivery)
    attempt = service.delivery_attempt(delivery_id=delivery.pk)
    assert attempt.retry_in is None and attempt.delivery.status == DeliveryStatus.DELIVERED and attempt.delivery.attempts == 2
    # A late duplicate task does not send again.
    service.delivery_attempt(delivery_id=delivery.pk)
    assert len(receiver.received) == 2


def test_it_writes_nothing_when_the_change_rolls_back(region, make_message, people, endpoint, receiver, sent):
    from django.db import transaction

    message = make_message(region)
    message = message_classify(message=message, category=region.categories["Ямы и выбоины"], by=people.operator)
    with pytest.raises(RuntimeError), transaction.atomic():
        message_route(message=message, agency=region.transport, by=people.operator)
        raise RuntimeError
    assert WebhookDelivery.objects.count() == 0 and receiver.received == []


def test_it_tells_both_agencies_when_a_message_is_rerouted(region, make_message, people, endpoint, receiver, sent):
    WebhookEndpoint.objects.create(agency=region.city, url=receiver.url + "/city", secret="city")
    message = _routed(region, make_message, people)
    message_route(message=message, agency=region.city, by=people.operator)
    got = sorted((r["path"], json.loads(r["body"])["message"]["agency"]) for r in receiver.received)
    # Минтранс hears the routing to it and the move away; the city's system hears the move to it.
    assert got == sorted([("/hook", region.transport.name), ("/hook", region.city.name), ("/hook/city", region.city.name)])


def test_it_ignores_an_early_copy_of_a_scheduled_attempt(region, make_message, people, endpoint, receiver, sent):
    receiver.answers = [503]
    _routed(region, make_message, people)
    delivery = WebhookDelivery.objects.get()
    early = service.delivery_attempt(delivery_id=delivery.pk)
    assert early.retry_in is None and early.delivery.attempts == 1 and len(receiver.received) == 1


def test_it_sweeps_deliveries_the_broker_lost(region, make_message, people, endpoint, receiver, sent):
    from datetime import timedelta

    receiver.answers = [503]
    _routed(region, make_message, people)
    delivery = WebhookDelivery.objects.get()
    now = timezone.now()
    assert service.deliveries_lost(now=now) == []  # its retry is scheduled in a minute
    assert service.deliveries_lost(now=now + timedelta(minutes=7)) == [delivery.pk]
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=now - timedelta(minutes=6))
    from feedback.tasks import sweep_webhook_deliveries

    assert sweep_webhook_deliveries() == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 2
