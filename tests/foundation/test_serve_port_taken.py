"""`incidents serve` on a port another program holds says so first, and never that it is serving.

Found running the README's first command beside another server: it loaded the demo, printed the accounts and
"serving on http://127.0.0.1:5102/", started the brief scheduler, and only then werkzeug's "Address already in
use": a newcomer read the address, opened it, and met the other program.
"""

from __future__ import annotations

import socket

from incidents import scheduler


def test_a_port_in_use_is_named_before_anything_runs(runner, monkeypatch):
    started: list[object] = []
    monkeypatch.setattr(scheduler, "start_embedded", lambda app: started.append(app))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(args=["incidents", "serve", "--port", str(port)])
    assert result.exit_code != 0
    assert "serving on" not in result.output
    assert f"port {port} is in use" in result.output and "--port" in result.output, result.output
    assert started == []  # no scheduler left behind by a server that never started
