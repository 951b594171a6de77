"""POSTing to agencies' receivers, which are outside systems: never into the portal's own networks.

A receiver's URL is checked when it is saved, but what counts is the check at every delivery: the
name may resolve elsewhere by then. The name is resolved once, every address it gives is checked,
and the connection goes to exactly a checked address (a second lookup could answer with another
one — DNS rebinding); the request still carries the name in Host and, for https, in SNI and in the
certificate check. Loopback, private (RFC 1918, RFC 4193), link-local (with the cloud metadata
address 169.254.169.254), CGNAT, multicast, reserved and unspecified addresses, also written as
IPv6 forms of an IPv4 address, are refused unless their network is in
`settings.CUR_WEBHOOK_ALLOWED_NETWORKS`. Redirects are never followed, and only the status and the
start of the reply's first line are read.

Written with `socket`, `ipaddress` and `http.client` rather than a library: the small HTTP clients
that pin the checked address are unmaintained (`advocate`), and `requests` would be a new
dependency for one POST.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from feedback.models.webhooks import REPLY_LINE, validate_webhook_scheme

FIRST_LINE = REPLY_LINE  # characters of the reply's first line that are kept
_READ = 1024  # bytes of the body read at most

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Checked in order; the first that contains the address names the reason.
_V4_REFUSED = [
    ("0.0.0.0/8", "неопределённый адрес"),
    ("127.0.0.0/8", "адрес самого сервера (loopback)"),
    ("169.254.0.0/16", "адрес канала (link-local, в том числе служебный адрес облака 169.254.169.254)"),
    ("10.0.0.0/8", "частная сеть (RFC 1918)"),
    ("172.16.0.0/12", "частная сеть (RFC 1918)"),
    ("192.168.0.0/16", "частная сеть (RFC 1918)"),
    ("100.64.0.0/10", "сеть оператора (CGNAT, RFC 6598)"),
    ("224.0.0.0/4", "групповой адрес (multicast)"),
    ("240.0.0.0/4", "зарезервированный адрес"),
]
_V6_REFUSED = [
    ("::/128", "неопределённый адрес"),
    ("::1/128", "адрес самого сервера (loopback)"),
    ("fe80::/10", "адрес канала (link-local)"),
    ("fc00::/7", "частная сеть (RFC 4193)"),
    ("fec0::/10", "частная сеть (устаревшие site-local)"),
    ("ff00::/8", "групповой адрес (multicast)"),
]
_REFUSED = [(ipaddress.ip_network(net), reason) for net, reason in _V4_REFUSED + _V6_REFUSED]
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class Refused(Exception):
    """The portal will not send to this URL or address; the text is for the delivery log."""


class NameNotFound(Refused):
    """The receiver's name does not resolve now: nothing to check, nothing to send to."""


@dataclass(frozen=True)
class Reply:
    status: int
    first_line: str  # at most FIRST_LINE characters of the body's first line


def url_problem(url: str) -> str | None:
    """What is wrong with the form of a receiver's URL, in Russian, or None."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError on a bad port)
    except ValueError:
        return _("Адрес получателя записан с ошибкой.")
    try:
        validate_webhook_scheme(url)
    except ValidationError as exc:
        return exc.messages[0]
    if not parts.hostname:
        return _("В адресе получателя нет имени сервера.")
    if parts.username is not None or parts.password is not None:
        return _("Адрес получателя не должен содержать имя пользователя и пароль: получатель проверяет подпись X-CUR-Signature.")
    return None


@lru_cache(maxsize=8)
def _parse_networks(listed: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    networks = []
    for item in listed:
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise Refused(_("Неверная сеть «%(net)s» в CUR_WEBHOOK_ALLOWED_NETWORKS: нужна запись вида 10.20.0.0/16.") % {"net": item}) from None
    return tuple(networks)


def allowed_networks() -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return _parse_networks(tuple(settings.CUR_WEBHOOK_ALLOWED_NETWORKS or ()))


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 form stands for: ::ffff:a.b.c.d, ::a.b.c.d, 6to4, NAT64."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64 or (int(address) >> 32 == 0 and int(address) > 1):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def address_problem(address: IPAddress) -> str | None:
    """Why the portal does not send to this address, in Russian, or None when it does."""
    if any(address in network for network in allowed_networks()):
        return None
    if isinstance(address, ipaddress.IPv6Address):
        inner = _embedded_ipv4(address)
        if inner is not None:
            return address_problem(inner)
    reason = next((reason for network, reason in _REFUSED if address.version == network.version and address in network), None)
    if reason is None and (address.is_reserved or address.is_private or not address.is_global):
        reason = "не публичный адрес"
    if reason is None:
        return None
    return _("%(address)s — %(reason)s: уведомления туда не отправляются (разрешить сеть можно в CUR_WEBHOOK_ALLOWED_NETWORKS).") % {
        "address": address, "reason": reason,
    }


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address of the host, each checked; Refused when any of them is not for the portal."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise NameNotFound(_("Имя сервера «%(host)s» не найдено (%(error)s).") % {"host": host, "error": exc}) from None
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        address = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise NameNotFound(_("Имя сервера «%(host)s» не найдено.") % {"host": host})
    for address in addresses:
        problem = address_problem(address)
        if problem:
            shown = _("адрес «%(host)s»: ") % {"host": host} if host != str(address) else ""
            raise Refused(shown + problem)
    return addresses


def check_url(url: str) -> list[IPAddress]:
    """The addresses a delivery to the URL may connect to; Refused with the reason otherwise."""
    problem = url_problem(url)
    if problem:
        raise Refused(problem)
    parts = urlsplit(url)
    return resolve(_ascii_host(parts.hostname), parts.port or (443 if parts.scheme.lower() == "https" else 80))


def _ascii_host(host: str) -> str:
    """сервер.рф → xn--…: the form DNS, the Host header and SNI all take."""
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        raise Refused(_("Имя сервера «%(host)s» записано с ошибкой.") % {"host": host}) from None


def tls_context() -> ssl.SSLContext:
    """Certificates are checked against the system's authorities and the receiver's name."""
    return ssl.create_default_context()


def _connect(addresses: list[IPAddress], port: int, timeout: float) -> socket.socket:
    error: OSError | None = None
    for address in addresses:
        try:
            return socket.create_connection((str(address), port), timeout=timeout)
        except OSError as exc:
            error = exc
    raise error or OSError("no address")


class _PinnedHTTP(http.client.HTTPConnection):
    """http.client that connects to the checked addresses, whatever DNS says now."""

    def __init__(self, host: str, port: int, *, addresses: list[IPAddress], timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._addresses = addresses

    def connect(self):
        self.sock = _connect(self._addresses, self.port, self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, *, addresses: list[IPAddress], timeout: float):
        self._tls = tls_context()
        super().__init__(host, port, timeout=timeout, context=self._tls)
        self._addresses = addresses

    def connect(self):
        sock = _connect(self._addresses, self.port, self.timeout)
        # The name, not the address: SNI and the certificate's check are for the receiver's name.
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)


def first_line(raw: bytes) -> str:
    """The first non-empty line of the start of a reply, at most FIRST_LINE characters."""
    text = raw.decode("utf-8", "replace")
    return next((line.strip() for line in text.splitlines() if line.strip()), "")[:FIRST_LINE]


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float) -> Reply:
    """One POST to a checked address; Refused before any connection when the URL is not allowed.

    Raises OSError (refused, timed out, TLS) and http.client.HTTPException (a broken reply)."""
    addresses = check_url(url)
    parts = urlsplit(url)
    https = parts.scheme.lower() == "https"
    port = parts.port or (443 if https else 80)
    path = quote((parts.path or "/") + (f"?{parts.query}" if parts.query else ""), safe="/?&=%:@!$'()*+,;-._~")
    connection = (_PinnedHTTPS if https else _PinnedHTTP)(_ascii_host(parts.hostname), port, addresses=addresses, timeout=timeout)
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        return Reply(response.status, first_line(response.read(_READ)))
    finally:
        connection.close()
