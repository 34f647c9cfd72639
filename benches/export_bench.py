"""Benchmark: downloading an event's report list of 100,000 reports (CSV, JSON, HXL CSV, XLSX).

Reports are 60% activity entries and 40% power outages over 200 sites of 10 subdistricts, inserted
in bulk. Each download goes through the test client like a browser's (a logged-in viewer), the
streamed ones read to the end (and dropped chunk by chunk, as a server sends them). Printed per
format: seconds, size, and how far the process's peak resident memory rose above where it stood
(Linux: the peak is reset through /proc/self/clear_refs before each download), so a format that
held every row at once would show.

    .venv/bin/python benches/export_bench.py                       # SQLite (a temporary file)
    .venv/bin/python benches/export_bench.py --pg postgresql://postgres@127.0.0.1:5432/DB
    .venv/bin/python benches/export_bench.py --rows 20000

The PostgreSQL database's public schema is dropped and recreated: give it a database of your own.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402

from benches.measure import figure  # noqa: E402
from incidents import create_app  # noqa: E402
from incidents.areas.services import create_area  # noqa: E402
from incidents.auth.services import create_user  # noqa: E402
from incidents.demo import load_reference  # noqa: E402
from incidents.events.services import create_event  # noqa: E402
from incidents.reports.models import ActivityEntry, PowerOutage, Report  # noqa: E402

START = datetime(2021, 7, 20, tzinfo=UTC)
PASSWORD = "correct horse battery"


def reset(engine: sa.Engine) -> None:
    """An empty migrated schema."""
    from tests.conftest import reset_schema

    reset_schema(engine)


def fill(app, rows: int) -> int:  # noqa: ANN001
    """Areas, an event, a user and `rows` reports; returns the event id."""
    database = app.extensions["incidents.db"]
    with database.transaction() as s:
        load_reference(s)
        district = create_area(s, name="测试区", level="district", code="410599")
        sites = []
        for i in range(10):
            sub = create_area(s, name=f"街道{i}", level="subdistrict", parent=district)
            sites += [create_area(s, name=f"小区{i}-{j}", level="site", parent=sub, households=100 + j)
                      for j in range(20)]
        event = create_event(s, code="bench", name="压测暴雨", kind="rainstorm", starts_at=START)
        user = create_user(s, "bench", PASSWORD, "viewer")
        site_ids, event_id, user_id = [a.id for a in sites], event.id, user.id
    base = sa.insert(Report.__table__)
    with database.engine.begin() as conn:
        for start in range(0, rows, 5000):
            batch = range(start, min(start + 5000, rows))
            reps = []
            for i in batch:
                at = START + timedelta(minutes=i % 20000)
                reps.append({"id": i + 1, "kind": "outage" if i % 5 < 2 else "activity", "event_id": event_id,
                             "area_id": site_ids[i % len(site_ids)], "observed_at": at, "observed_precision": "exact",
                             "reported_at": at, "reporter_id": user_id, "status": "submitted",
                             "source": "=cmd|x" if i % 97 == 0 else "街道办", "created_at": at, "updated_at": at,
                             "version": 1})
            conn.execute(base, reps)
            outages = [{"id": r["id"], "started_at": r["observed_at"], "started_precision": "exact",
                        "households_affected": 10 + r["id"] % 300, "households_affected_lb": r["id"] % 7 == 0,
                        "buildings_affected_lb": False}
                       for r in reps if r["kind"] == "outage"]
            acts = [{"id": r["id"], "title": f"巡查记录 {r['id']}"} for r in reps if r["kind"] == "activity"]
            conn.execute(sa.insert(PowerOutage.__table__), outages)
            conn.execute(sa.insert(ActivityEntry.__table__), acts)
    if database.engine.dialect.name == "postgresql":
        with database.engine.begin() as conn:
            conn.exec_driver_sql("SELECT setval('reports_id_seq', (SELECT max(id) FROM reports))")
    return event_id


def _status(field: str) -> int:
    """A memory figure of this process from /proc/self/status, in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> None:
    """Reset the peak resident memory (VmHWM) to the current."""
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS


# The bare download: the same reports with their place and kind's columns, plainly written.
BARE_SQL = """SELECT r.id, r.kind, r.status, r.observed_at, r.reported_at, r.source, a.name AS area,
o.households_affected, o.households_affected_lb, o.started_at, t.title
FROM reports r JOIN areas a ON a.id = r.area_id
LEFT JOIN power_outages o ON o.id = r.id LEFT JOIN activity_entries t ON t.id = r.id
WHERE r.event_id = :event AND r.status IN ('submitted', 'verified', 'returned')
ORDER BY r.observed_at DESC, r.id DESC"""


def bare_download(app, event_id: int, fmt: str) -> int:  # noqa: ANN001
    """A plain SELECT of the same rows written as CSV (csv module) or JSON (json.dumps); its size."""
    database = app.extensions["incidents.db"]
    with database.read_session() as s:
        result = s.execute(sa.text(BARE_SQL), {"event": event_id})
        if fmt == "json":
            return len(json.dumps([dict(r._mapping) for r in result], default=str, ensure_ascii=False))
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(result.keys())
        writer.writerows(result)
        return len(out.getvalue().encode())


FORMATS = (("csv", "export.csv"), ("json", "export.json"), ("hxl csv", "export.hxl.csv"),
           ("xlsx", "export.xlsx"), ("csv, one kind", "export.csv?kind=outage"))


def measure(url: str, rows: int) -> dict[str, float]:
    """Fill, log in, and time each download and the bare ones; {name: seconds}."""
    found: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATABASE_URL": url or f"sqlite:///{tmp}/bench.sqlite3", "INSTANCE_PATH": tmp,
                          "SECRET_KEY": "bench", "REQUEST_LOG": False})
        reset(app.extensions["incidents.db"].engine)
        t0 = time.perf_counter()
        event_id = fill(app, rows)
        print(f"{app.extensions['incidents.db'].engine.dialect.name}: {rows:,} reports inserted in "
              f"{time.perf_counter() - t0:.1f} s")
        client = app.test_client()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/login").get_data(as_text=True))
        client.post("/login", data={"username": "bench", "password": PASSWORD, "csrf_token": token.group(1)})
        bare_download(app, event_id, "csv")  # warm-up: the file in the page cache for both
        for name, path in FORMATS:
            if name in ("csv", "json"):
                t0 = time.perf_counter()
                size = bare_download(app, event_id, name)
                found[f"bare {name}"] = took = time.perf_counter() - t0
                print(f"  {'bare ' + name:14} {took:6.1f} s  {size / 1e6:6.1f} MB  (plain SELECT, written plainly)")
            _reset_peak()
            before = _status("VmRSS")
            t0 = time.perf_counter()
            response = client.get(f"/events/{event_id}/reports/{path}", buffered=False)
            size = sum(len(chunk) for chunk in response.response)
            response.close()
            found[name] = took = time.perf_counter() - t0
            grew = (_status("VmHWM") - before) / 1024
            print(f"  {name:14} {took:6.1f} s  {size / 1e6:6.1f} MB  peak RSS +{grew:.0f} MB "
                  f"over {before / 1024:.0f} MB"
                  f"  ({response.status})")
        app.extensions["incidents.db"].engine.dispose()
    return found


def figures(quick: bool = False, pg: str | None = None) -> list[dict[str, Any]]:
    """The table's rows: each download beside a bare SELECT written plainly (CSV, or JSON for JSON)."""
    rows = 5000 if quick else 100_000
    out = []
    urls = [("sqlite", "")] + ([("postgresql", "postgresql+psycopg://" + pg.split("://", 1)[1])] if pg else [])
    for name, url in urls:
        found = measure(url, rows)
        for fmt in ("csv", "json", "xlsx"):
            bare = found["bare json"] if fmt == "json" else found["bare csv"]
            out.append(figure("export", f"{fmt} of {rows:,} reports ({name})", found[fmt], bare, "s",
                              f"bare: SELECT of the same rows, {'json.dumps' if fmt == 'json' else 'csv.writer'}"))
    return out


def main() -> None:
    """Parse the arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--pg", help="a PostgreSQL URL (its public schema is replaced)")
    parser.add_argument("--only", choices=("sqlite", "pg"))
    args = parser.parse_args()
    if args.only != "pg":
        measure("", args.rows)
    if args.pg and args.only != "sqlite":
        url = "postgresql+psycopg://" + args.pg.split("://", 1)[1]
        measure(url, args.rows)


if __name__ == "__main__":
    main()
