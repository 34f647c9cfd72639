"""A robot's webhook answering with a redirect is a failed delivery: the redirect is never followed.

Found by the 6 December afternoon audit: the post went through urllib's default opener, which follows a 301, 302 or
303 with a GET to wherever it points. The host check (an official robot host, or one INCIDENTS_WEBHOOK_HOSTS adds)
is made when the address is saved; a relay or robot host that redirected sent the server to any address — the
machine's own ports, the cloud's metadata service — and the first 100 bytes of that answer were kept as the
delivery's error, shown to coordinators.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from incidents.distribution import bots
from incidents.distribution.email import SendError
from incidents.distribution.messages import Outgoing
from incidents.distribution.models import Channel


@pytest.fixture
def redirecting() -> Iterator[tuple[str, list[str]]]:
    """A webhook at /hook answering 302 to /inside on the same server; the paths asked, in order."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            asked.append(f"{self.command} {self.path}")
            if self.path.startswith("/hook"):
                self.send_response(302)
                self.send_header("Location", f"http://127.0.0.1:{self.server.server_port}/inside")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = b'{"errcode": 0, "errmsg": "secret inside"}'
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer  # noqa: N815 - http.server's names

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/hook?key=k", asked
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("channel", [Channel.WECOM, Channel.DINGTALK])
def test_a_redirect_is_a_failure_and_never_followed(redirecting, channel):
    url, asked = redirecting
    message = Outgoing(subject="日报", text="日报", markdown="日报", link="http://localhost/", link_label="查看")
    with pytest.raises(SendError, match="HTTP 302"):
        bots.post(channel, url, message, secret="s", timeout=5)
    assert [a.split("?")[0] for a in asked] == ["POST /hook"]
