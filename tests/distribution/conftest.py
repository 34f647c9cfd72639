"""Distribution fixtures: a local SMTP server (aiosmtpd), a local HTTP server standing in for the robots, settings."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from aiosmtpd.controller import Controller

from incidents.distribution.settings import Settings
from tests.briefs.conftest import builder, local, rainstorm  # noqa: F401 - fixtures used here


def free_port() -> int:
    """A TCP port nobody listens on (bound and let go)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    """aiosmtpd's handler: every message received, parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        with self.lock:
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        return "250 OK"


@pytest.fixture
def smtp():
    """A local SMTP server on a free port; yields (port, mailbox)."""
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, box
    controller.stop()


@dataclass
class Post:
    """One request a robot received."""

    path: str
    query: dict[str, str]
    body: dict[str, Any]
    raw: bytes


@dataclass
class Robots:
    """What the stand-in robots received, and how each path answers (ok, errcode, or an HTTP status)."""

    port: int = 0
    posts: list[Post] = field(default_factory=list)
    answers: dict[str, Any] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str, param: str, token: str) -> str:
        """A webhook URL on this server."""
        return f"http://127.0.0.1:{self.port}{path}?{param}={token}"

    def at(self, path: str) -> list[Post]:
        """The requests a path received."""
        return [p for p in self.posts if p.path == path]


@contextmanager
def serve_robots() -> Iterator[Robots]:
    """A local HTTP server answering like WeCom and DingTalk robots ({"errcode": 0} unless told otherwise)."""
    state = Robots()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            parts = urlsplit(self.path)
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with state.lock:
                state.posts.append(Post(parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()},
                                        json.loads(raw), raw))
            answer = state.answers.get(parts.path, {"errcode": 0, "errmsg": "ok"})
            status = answer if isinstance(answer, int) else 200
            body = json.dumps(answer if isinstance(answer, dict) else {"oops": True}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = server.server_port
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture
def robots():
    """The stand-in robots for one test."""
    with serve_robots() as state:
        yield state


@pytest.fixture
def settings(smtp) -> Settings:
    """Settings pointing at the local servers: plain SMTP, robots on 127.0.0.1, three tries a minute apart."""
    return Settings(smtp_host="127.0.0.1", smtp_port=smtp[0], smtp_security="none",
                    smtp_from="yjb@wenfeng.example", smtp_from_name="文峰区应急管理局",
                    base_url="https://incidents.example", bot_hosts=("127.0.0.1",), attempts=3,
                    backoff=timedelta(minutes=1), timeout=5)
