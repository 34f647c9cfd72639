"""benches/load_test.py --port-range: its servers on pinned ports, beside other work (the servers are not started here).

Found (5 December): the load test took any free port the system gave (bind to 0), so it could not be run beside
helpers and services that keep to ports of their own.
"""

from __future__ import annotations

import socket

import pytest

from benches import load_test


def test_the_range_is_read_both_ends_included() -> None:
    assert load_test.arguments(["--port-range", "51500-51509"]).port_range == range(51500, 51510)
    assert load_test.arguments([]).port_range is None  # any free port, as before


@pytest.mark.parametrize(("given", "said"), [
    ("51500", "is not START-END"), ("51500-", "is not START-END"), ("a-b", "is not START-END"),
    ("1x-5", "is not START-END"), ("80-90", "ports run from 1024 to 65535"), ("65535-65536", "1024 to 65535"),
    ("51509-51500", "holds 0 ports"), ("51500-51500", "holds 1 ports: the bench serves 2 apps"),
])
def test_a_bad_range_is_refused_naming_the_option(given: str, said: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        load_test.arguments(["--port-range", given])
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert "--port-range" in error and said in error, error


def test_a_port_of_the_range_in_use_is_passed_over() -> None:
    with socket.socket() as held:
        try:
            held.bind(("127.0.0.1", 51598))
        except OSError:
            pytest.skip("port 51598 is in use")
        held.listen()
        assert load_test.free_port(range(51598, 51600)) == 51599
        with pytest.raises(RuntimeError, match="no free port in 51598-51598"):
            load_test.free_port(range(51598, 51599))
