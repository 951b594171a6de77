"""Receivers are outside systems: no redirects, http(s) only, no internal addresses unless allowed."""

from __future__ import annotations

import ipaddress
import shutil
import socket
import ssl
import subprocess

import pytest
from django.core.exceptions import ValidationError

from feedback.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent
from feedback.webhooks import delivery as service
from feedback.webhooks import safe_http
from tests.webhooks.conftest import Receiver

pytestmark = pytest.mark.django_db

REFUSED = "уведомления туда не отправляются"
REDIRECT = "Получатель ответил перенаправлением {} — перенаправления не выполняются"


@pytest.fixture
def deliver(region, make_message):
    """Create a delivery to the URL and run one attempt; the delivery as the attempt left it."""

    def attempt(url: str) -> WebhookDelivery:
        endpoint = WebhookEndpoint.objects.create(agency=region.transport, url=url, secret="s")
        delivery = WebhookDelivery.objects.create(endpoint=endpoint, message=make_message(region), event=WebhookEvent.ROUTED, payload={"n": 1})
        service.delivery_attempt(delivery_id=delivery.pk)
        delivery.refresh_from_db()
        return delivery

    return attempt


@pytest.fixture
def connections(monkeypatch):
    """Every TCP connection the portal opens, by address; none is really opened."""
    opened = []

    def refuse(address, *args, **kwargs):
        opened.append(address)
        raise ConnectionRefusedError("test: no connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    return opened


@pytest.fixture
def dns(monkeypatch):
    """Names resolved as the test says; every lookup is recorded."""
    real = socket.getaddrinfo
    table: dict[str, list[str]] = {}
    asked: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        try:
            ipaddress.ip_address(host)  # an address, not a name: nothing to look up
        except ValueError:
            asked.append(host)
        if host not in table:
            return real(host, port, *args, **kwargs)
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (a, port)) for a in table[host]
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)

    class Dns:
        names = table
        lookups = asked

    return Dns


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_it_does_not_follow_a_redirect_even_to_an_allowed_address(receiver, loopback_allowed, deliver, code):
    receiver.answers = [code]
    receiver.location = f"http://127.0.0.1:{receiver.port}/secret"
    delivery = deliver(receiver.url)
    assert receiver.hits("/hook") == 1
    assert receiver.hits("/secret") == 0
    assert delivery.status == DeliveryStatus.RETRYING and delivery.response_code == code
    assert delivery.error == REDIRECT.format(code)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/hook",
        "http://127.1.2.3:{port}/hook",
        "http://10.0.0.1/hook",
        "http://172.16.5.4/hook",
        "http://192.168.1.10/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/hook",
        "http://0.0.0.0:{port}/hook",
        "http://224.0.0.1/hook",
        "http://240.0.0.1/hook",
        "http://[::1]:{port}/hook",
        "http://[::]:{port}/hook",
        "http://[::ffff:127.0.0.1]:{port}/hook",
        "http://[::ffff:169.254.169.254]/hook",
        "http://[fd00::1]/hook",
        "http://[fe80::1]/hook",
        "http://[ff02::1]/hook",
        "http://localhost:{port}/hook",
        "https://localhost:{port}/hook",
        "http://2130706433:{port}/hook",
    ],
)
def test_it_refuses_internal_addresses_without_connecting(receiver, connections, deliver, url):
    delivery = deliver(url.format(port=receiver.port))
    assert connections == [] and receiver.received == []
    assert REFUSED in delivery.error and "CUR_WEBHOOK_ALLOWED_NETWORKS" in delivery.error
    assert delivery.status == DeliveryStatus.RETRYING and delivery.response_code is None


def test_it_refuses_a_name_that_resolves_to_an_internal_address(dns, connections, deliver):
    dns.names["hook.example"] = ["127.0.0.1"]
    delivery = deliver("https://hook.example/hook")
    assert connections == []
    assert delivery.error.startswith("адрес «hook.example»: 127.0.0.1 —") and REFUSED in delivery.error


def test_it_refuses_a_name_when_any_of_its_addresses_is_internal(dns, connections, deliver):
    dns.names["hook.example"] = ["93.184.216.34", "10.1.2.3"]
    delivery = deliver("https://hook.example/hook")
    assert connections == [] and "10.1.2.3" in delivery.error


def test_it_resolves_once_per_attempt_and_connects_to_the_checked_address(receiver, loopback_allowed, dns, deliver):
    dns.names["hook.example"] = ["127.0.0.1"]
    delivery = deliver(f"http://hook.example:{receiver.port}/hook")
    # One lookup: the connection goes to the address that was checked, the name is in Host.
    assert dns.lookups == ["hook.example"]
    assert delivery.status == DeliveryStatus.DELIVERED
    assert receiver.received[0]["headers"]["host"] == f"hook.example:{receiver.port}"
    # The name now points elsewhere (0.0.0.0 would reach this server too): checked again, refused.
    dns.names["hook.example"] = ["0.0.0.0"]
    again = deliver(f"http://hook.example:{receiver.port}/hook")
    assert again.status == DeliveryStatus.RETRYING and REFUSED in again.error and "0.0.0.0" in again.error
    assert len(receiver.received) == 1


def test_it_sends_to_an_allowed_private_network(settings, connections, deliver):
    settings.CUR_WEBHOOK_ALLOWED_NETWORKS = ["10.20.0.0/16"]
    delivery = deliver("http://10.20.3.4:8080/hook")
    assert connections == [("10.20.3.4", 8080)]
    assert "ConnectionRefusedError" in delivery.error
    other = deliver("http://10.21.0.1/hook")
    assert REFUSED in other.error and connections == [("10.20.3.4", 8080)]


def test_it_records_a_broken_allowed_networks_setting(settings, connections, deliver):
    settings.CUR_WEBHOOK_ALLOWED_NETWORKS = ["10.20.0.0/16", "локальная сеть"]
    delivery = deliver("http://93.184.216.34/hook")
    assert connections == [] and "Неверная сеть «локальная сеть» в CUR_WEBHOOK_ALLOWED_NETWORKS" in delivery.error


def test_it_refuses_ftp_in_the_model_and_at_delivery(region, connections, deliver):
    with pytest.raises(ValidationError) as refused:
        WebhookEndpoint(agency=region.transport, url="ftp://files.example/hook", secret="s").full_clean()
    assert refused.value.message_dict["url"] == ["Адрес получателя должен начинаться с http:// или https:// (указано: «ftp»)."]
    WebhookEndpoint(agency=region.transport, url="https://hook.example/hook", secret="s").full_clean()
    delivery = deliver("ftp://files.example/hook")
    assert connections == [] and delivery.error == "Адрес получателя должен начинаться с http:// или https:// (указано: «ftp»)."
    assert deliver("https://user:password@hook.example/hook").error.startswith("Адрес получателя не должен содержать имя пользователя")


def _add(client, region, url):
    return client.post(
        "/admin/feedback/webhookendpoint/add/",
        {"agency": region.transport.pk, "url": url, "secret": "s", "events": "[]", "is_active": "on"},
    )


def test_it_refuses_internal_addresses_and_ftp_in_the_admin(client, region, administrator, settings, dns):
    client.force_login(administrator)
    dns.names["intranet.example"] = ["192.168.10.5"]
    for url, error in [
        ("ftp://files.example/hook", "должен начинаться с http:// или https://"),
        ("http://127.0.0.1:8000/healthz", REFUSED),
        ("https://intranet.example/hook", REFUSED),
    ]:
        response = _add(client, region, url)
        assert response.status_code == 200, url
        assert error in " ".join(response.context["adminform"].form.errors["url"]), url
    assert not WebhookEndpoint.objects.exists()
    settings.CUR_WEBHOOK_ALLOWED_NETWORKS = ["192.168.10.0/24"]
    response = _add(client, region, "https://intranet.example/hook")
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert WebhookEndpoint.objects.get().url == "https://intranet.example/hook"


def test_it_shows_only_the_status_line_of_the_reply_in_the_log(client, make_user, receiver, loopback_allowed, deliver):
    receiver.answers = [500]
    receiver.body = b"<h1>" + b"x" * 5000 + b"</h1>\nDJANGO_SECRET_KEY=leaked\n"
    delivery = deliver(receiver.url)
    assert delivery.response_excerpt == "<h1>" + "x" * 196
    client.force_login(make_user("head"))
    page = client.get("/webhooks/deliveries/").content.decode()
    assert "HTTP 500 Internal Server Error" in page
    assert "x" * 197 not in page and "leaked" not in page and "<h1>xxx" not in page and "&lt;h1&gt;xxx" in page


def test_it_shows_no_more_than_the_start_of_a_long_reply_stored_before(client, make_user, region, make_message):
    endpoint = WebhookEndpoint.objects.create(agency=region.transport, url="https://hook.example/hook", secret="s")
    WebhookDelivery.objects.create(
        endpoint=endpoint, message=make_message(region), event=WebhookEvent.ROUTED, payload={}, status=DeliveryStatus.FAILED,
        response_code=200, response_excerpt="y" * 300 + "\nsecond line", error="",
    )
    client.force_login(make_user("head"))
    page = client.get("/webhooks/deliveries/").content.decode()
    assert "HTTP 200 OK" in page and "y" * 200 in page and "y" * 201 not in page and "second line" not in page


def _certificate(tmp_path, name):
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
         "-subj", f"/CN={name}", "-addext", f"subjectAltName=DNS:{name}"],
        check=True, capture_output=True,
    )
    return key, cert


@pytest.fixture
def tls_receiver(tmp_path, monkeypatch):
    """An https receiver on 127.0.0.1 whose certificate is for hook.example; the portal trusts it."""
    key, cert = _certificate(tmp_path, "hook.example")
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    client_context = ssl.create_default_context(cafile=str(cert))
    monkeypatch.setattr(safe_http, "tls_context", lambda: client_context)
    r = Receiver(tls=server_context)
    yield r
    r.close()


def test_it_checks_the_certificate_against_the_name_not_the_address(tls_receiver, loopback_allowed, dns, deliver):
    dns.names["hook.example"] = ["127.0.0.1"]
    delivery = deliver(f"https://hook.example:{tls_receiver.port}/hook")
    assert delivery.status == DeliveryStatus.DELIVERED and dns.lookups == ["hook.example"]
    assert tls_receiver.received[0]["headers"]["host"] == f"hook.example:{tls_receiver.port}"
    # The same receiver by its address: the certificate is not for 127.0.0.1.
    by_address = deliver(f"https://127.0.0.1:{tls_receiver.port}/hook")
    assert by_address.status == DeliveryStatus.RETRYING and "SSLCertVerificationError" in by_address.error
    assert len(tls_receiver.received) == 1
