"""Benchmark: what login throttling and the audit trail cost, beside bare baselines in the same run.

1. Login: the throttle (count recent failures under a lock, record the attempt) against the bare
   password check (werkzeug scrypt), with 200,000 old attempts in the table.
2. Audit: editing a report with its audit row against the same edit with the audit row left out.

    .venv/bin/python benches/auth_audit_bench.py                      # SQLite, temp file
    .venv/bin/python benches/auth_audit_bench.py --url postgresql://postgres@127.0.0.1:5432/DB

The database at --url is emptied first (its public schema is dropped): never point it at real data.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benches.measure import figure  # noqa: E402
from incidents import demo, migrations  # noqa: E402
from incidents.audit import services as audit  # noqa: E402
from incidents.auth import services as auth  # noqa: E402
from incidents.db import Database, now_utc  # noqa: E402
from incidents.models import IdempotencyKey, LoginAttempt, Report  # noqa: E402
from incidents.reports import services as reports  # noqa: E402

PASSWORD = "correct horse battery"


def reset(database: Database) -> None:
    """Empty schema, migrated."""
    with database.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
    migrations.upgrade(database.engine)


def timed(fn, runs: int) -> list[float]:  # noqa: ANN001
    """Milliseconds per call."""
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def measure(url: str | None, attempts: int, runs: int) -> dict[str, float]:
    """Run both measurements and print the figures; the medians in ms."""
    url = url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    database = Database(url)
    reset(database)
    with database.transaction() as s:
        demo.load_reference(s)
        demo.load_file(s)
        user = auth.create_user(s, "alice", PASSWORD, "coordinator")
        user_id = user.id
    rng = random.Random(7)
    now = now_utc()
    rows = [{"username": f"user{rng.randrange(2000)}", "address": f"10.0.{rng.randrange(2)}.{rng.randrange(250)}",
             "succeeded": rng.random() < 0.8, "at": now - timedelta(seconds=rng.randrange(60, 7 * 86400))}
            for _ in range(attempts)]
    with database.transaction() as s:
        s.execute(sa.insert(LoginAttempt), rows)
    limits = auth.LoginLimits()
    print(f"database: {database.engine.dialect.name}; {attempts:,} old login attempts; {runs} runs each")

    def bare_login() -> None:
        with database.read_session() as s:
            assert auth.authenticate(s, "alice", PASSWORD) is not None

    def throttle_only() -> None:
        with database.transaction() as s:
            key = auth.account_key(s, "alice")  # once a login, as the login view folds it
            auth.login_wait(s, key, "192.0.2.1", limits)
            auth.record_login_attempt(s, key, "192.0.2.1", True, limits)

    bare, throttle = [], []
    for _ in range(runs):
        bare += timed(bare_login, 1)
        throttle += timed(throttle_only, 1)
    b, t = statistics.median(bare), statistics.median(throttle)
    print(f"login, bare password check (scrypt): median {b:7.2f} ms")
    print(f"login, throttle check + record:      median {t:7.2f} ms  ({t / b:.1%} of the bare check; "
          f"login total {1 + t / b:.2f}x bare)")

    with database.read_session() as s:
        report_id = s.get(IdempotencyKey, "demo:hengshui-arrival").entity_id
    counter = iter(range(10**9))

    def edit() -> None:
        with database.transaction() as s:
            report = s.get(Report, report_id)
            reports.edit_report(s, report, {"note": f"note {next(counter)}"}, user_id)

    def edit_without_audit() -> None:
        with mock.patch.object(audit, "record", lambda *a, **k: None):
            edit()

    # Interleaved, so neither side gets a warmer cache or a bigger table than the other.
    with_audit, without_audit = [], []
    for _ in range(runs):
        with_audit += timed(edit, 1)
        without_audit += timed(edit_without_audit, 1)
    w, wo = statistics.median(with_audit), statistics.median(without_audit)
    print(f"edit a report without its audit row: median {wo:7.2f} ms")
    print(f"edit a report with its audit row:    median {w:7.2f} ms  ({w / wo:.2f}x)")
    database.engine.dispose()
    return {"login": b + t, "bare login": b, "edit": w, "bare edit": wo}


def figures(quick: bool = False, pg: str | None = None) -> list[dict[str, Any]]:
    """The table's rows: a throttled login beside the bare password check; an audited edit beside a bare one."""
    attempts, runs = (20_000, 20) if quick else (200_000, 100)
    out = []
    for name, url in [("sqlite", None)] + ([("postgresql", pg)] if pg else []):
        found = measure(url, attempts, runs)
        out += [figure("auth_audit", f"login with throttle ({name})", found["login"], found["bare login"], "ms",
                       f"{attempts:,} old attempts; bare: the scrypt check alone"),
                figure("auth_audit", f"edit a report with its audit row ({name})", found["edit"], found["bare edit"],
                       "ms", "bare: the same edit, audit row left out; in turns")]
    return out


def main() -> None:
    """Parse the arguments, run both measurements and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--url")
    parser.add_argument("--attempts", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    measure(args.url, args.attempts, args.runs)


if __name__ == "__main__":
    main()
