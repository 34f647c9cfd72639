"""`incidents serve` on a port it cannot listen on (another program holds it, …) says so first, never "serving".

Found running the README's first command beside another server: it loaded the demo, printed the accounts and
"serving on http://127.0.0.1:5102/", started the brief scheduler, and only then werkzeug's "Address already in
use": a newcomer read the address, opened it, and met the other program.
"""

from __future__ import annotations

import os
import socket

import pytest

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


def test_an_address_not_on_this_machine_names_the_host_not_a_program(runner, monkeypatch):
    """Every refused bind was "port N is in use by another program": --host with an address this machine does not
    have sent a newcomer hunting for a program that was not there, trying one port after another."""
    started: list[object] = []
    monkeypatch.setattr(scheduler, "start_embedded", lambda app: started.append(app))
    # 192.0.2.1 (TEST-NET-1) is never one of this machine's addresses; nothing is sent to it.
    result = runner.invoke(args=["incidents", "serve", "--host", "192.0.2.1", "--port", "51399"])
    assert result.exit_code != 0 and "serving on" not in result.output and started == []
    assert "--host 192.0.2.1 is not an address of this machine" in result.output, result.output
    assert "--host 127.0.0.1" in result.output and "in use" not in result.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root may listen below 1024")
def test_a_port_below_1024_without_rights_says_so_not_in_use():
    from incidents.cli import listen_problem

    problem = listen_problem("127.0.0.1", 80)
    assert problem is not None and "below 1024" in problem and "in use" not in problem


def test_a_port_held_by_a_closing_connection_says_so_not_another_program(runner, monkeypatch):
    """A port the kernel lent a connection as its own end, still closing (TIME_WAIT), refuses a server for a minute
    though nothing listens on it: running the README's command with --port 51300 on a busy machine said "in use by
    another program", and `ss -ltn` showed none to find."""
    started: list[object] = []
    monkeypatch.setattr(scheduler, "start_embedded", lambda app: started.append(app))
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        client = socket.socket()
        client.bind(("127.0.0.1", 0))
        port = client.getsockname()[1]
        client.connect(server.getsockname())
        accepted, _ = server.accept()
        client.close()  # this end closes first: its port waits in TIME_WAIT
        accepted.close()
    result = runner.invoke(args=["incidents", "serve", "--port", str(port)])
    assert result.exit_code != 0 and "serving on" not in result.output and started == []
    assert "another program" not in result.output, result.output
    assert "nothing listens on it" in result.output and f"--port {port + 1}" in result.output, result.output
