"""Benchmark: what a bearer token costs per request, against a logged-in cookie session.

The same read (GET /api/v1/events, the seed's one event) through the test client, in turns
(cookie, token, cookie, ...) so that a busy machine slows both alike; medians of each are printed.
A token is looked up by its SHA-256 in a read session of its own; its last_used_at is written at
most once a minute, so steady requests stay reads. Target: a token request within 1.5x a cookie one.

    .venv/bin/python benches/api_auth_bench.py            # SQLite (a temporary file), 300 turns
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benches.measure import figure  # noqa: E402


def measure(turns: int) -> dict[str, float]:
    """The median milliseconds of a cookie request and a token request, in turns."""
    from incidents import create_app, demo, migrations
    from incidents.auth import tokens
    from incidents.auth.services import create_user

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", "INSTANCE_PATH": tmp,
                          "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False, "REQUEST_LOG": False})
        database = app.extensions["incidents.db"]
        migrations.upgrade(database.engine)
        with database.transaction() as s:
            demo.load_reference(s)
            demo.load_file(s)
            user = create_user(s, "bench", "nightly figures 123", "viewer")
            _row, plaintext = tokens.create_token(s, user, "bench")
        cookie = app.test_client()
        cookie.post("/login", data={"username": "bench", "password": "nightly figures 123"})
        token = app.test_client(use_cookies=False)
        headers = {"Authorization": f"Bearer {plaintext}"}
        assert cookie.get("/api/v1/events").status_code == 200
        assert token.get("/api/v1/events", headers=headers).status_code == 200
        times: dict[str, list[float]] = {"cookie": [], "token": []}
        for _ in range(turns):
            for name, send in (("cookie", lambda: cookie.get("/api/v1/events")),
                               ("token", lambda: token.get("/api/v1/events", headers=headers))):
                start = time.perf_counter()
                send()
                times[name].append(time.perf_counter() - start)
        database.engine.dispose()
        return {name: statistics.median(values) * 1000 for name, values in times.items()}


def figures(quick: bool = False, pg: str | None = None) -> list[dict[str, Any]]:
    """The table's row: a token request beside a cookie one (SQLite only: the cost is in Python)."""
    turns = 30 if quick else 300
    medians = measure(turns)
    return [figure("api_auth", "GET /api/v1/events by token (bare: by cookie session)", medians["token"],
                   medians["cookie"], "ms", f"{turns} turns, SQLite; target <= 1.5x")]


def main() -> None:
    """Measure and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=300)
    args = parser.parse_args()
    medians = measure(args.turns)
    print(f"GET /api/v1/events, {args.turns} turns, SQLite: cookie {medians['cookie']:.2f} ms, "
          f"token {medians['token']:.2f} ms (x{medians['token'] / medians['cookie']:.2f})")


if __name__ == "__main__":
    main()
