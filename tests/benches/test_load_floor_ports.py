"""benches/load_floor.py --port-range: its five servers on pinned ports, read by load_test's one reader.

Found (5 December): load_test took --port-range but load_floor, serving four gunicorn servers by the same
serve(), had no such option: its servers took any port the system gave, beside helpers keeping to their own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from benches import load_floor


class Started(Exception):
    """The first server asked for: the bench stops there (no gunicorn is started here)."""


def test_the_range_reaches_every_server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    asked: list[Any] = []

    class Product:
        url, path = f"sqlite:///{tmp_path / 'floor.sqlite3'}", "/api/v1/events/1/reports"

        def drop(self) -> None:
            """Nothing was made."""

    def serve(name: str, _app: str, _env: dict[str, str], _folder: Path, ports: range | None = None) -> Any:
        asked.append((name, ports))
        raise Started

    monkeypatch.setattr(load_floor, "prepared", lambda *_args: (Product(), "sqlite://"))
    monkeypatch.setattr(load_floor, "serve", serve)
    monkeypatch.setattr("sys.argv", ["load_floor", "--port-range", "51500-51504", "--quick"])
    with pytest.raises(Started):
        load_floor.main()
    assert asked == [("product", range(51500, 51505))]
    assert load_floor.arguments([]).port_range is None  # any free port, as before


def test_a_range_too_small_for_its_five_servers_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        load_floor.arguments(["--port-range", "51500-51503"])
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert "--port-range" in error and "holds 4 ports: the bench serves 5 apps" in error, error
