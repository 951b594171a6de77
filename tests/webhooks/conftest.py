"""A local receiver: a real HTTP server on 127.0.0.1 that records what it got and answers as told."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest


class Receiver:
    def __init__(self, tls=None):
        self.received: list[dict] = []
        self.answers: list[int] = []  # status codes to answer, in order; then 200
        self.location = ""  # the Location of a 3xx answer
        self.body: bytes | None = None  # the body of every non-200 answer, if not the default
        self.server = HTTPServer(("127.0.0.1", 0), self._handler())
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_port
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def _handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.received.append({"method": self.command, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body, "path": self.path})
                code = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(code)
                if 300 <= code < 400 and receiver.location:
                    self.send_header("Location", receiver.location)
                self.end_headers()
                self.wfile.write(b"ok" if code == 200 else receiver.body or b"temporarily down <b>")

            do_GET = do_POST  # a followed redirect may come as GET

            def log_message(self, *args):
                pass

        return Handler

    def hits(self, path: str) -> int:
        return sum(1 for r in self.received if r["path"] == path)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


@pytest.fixture
def loopback_allowed(settings):
    """The local receiver is on 127.0.0.1, which the portal refuses unless its network is allowed."""
    settings.CUR_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]


@pytest.fixture
def endpoint(region, receiver, loopback_allowed):
    from feedback.models import WebhookEndpoint

    return WebhookEndpoint.objects.create(agency=region.transport, url=receiver.url, secret="s3cret-минтранс")


@pytest.fixture
def administrator(make_user):
    user = make_user("head")
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


@pytest.fixture
def people(make_user, region):
    class People:
        operator = make_user("operator")
        head = make_user("head")
        technical = make_user("technical_executive")
        executor = make_user("agency_executor", agency=region.transport)
        other_executor = make_user("agency_executor", agency=region.minzdrav)
        media = make_user("media")

    return People
