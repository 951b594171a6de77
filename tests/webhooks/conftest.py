"""A local receiver: a real HTTP server on 127.0.0.1 that records what it got and answers as told."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest


class Receiver:
    def __init__(self):
        self.received: list[dict] = []
        self.answers: list[int] = []  # status codes to answer, in order; then 200
        self.server = HTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def _handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append({"headers": {k.lower(): v for k, v in self.headers.items()}, "body": body, "path": self.path})
                code = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(code)
                self.end_headers()
                self.wfile.write(b"ok" if code == 200 else b"temporarily down <b>")

            def log_message(self, *args):
                pass

        return Handler

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


@pytest.fixture
def endpoint(region, receiver):
    from feedback.models import WebhookEndpoint

    return WebhookEndpoint.objects.create(agency=region.transport, url=receiver.url, secret="s3cret-минтранс")


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
