"""Benchmark: walking an event's 25,000 reports through GET /api/v1/events/<id>/reports, 1,000 a page.

Keyset paging (`id > last`, reports/listing.py) costs the same on the last page as on the first;
OFFSET paging would read and skip every earlier row. Prints the time of each page, the first and
last pages' medians, and the whole walk. Run:
    PYTHONPATH=$PWD python benches/report_pages_bench.py [--pg postgresql://…/own_db]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from typing import Any

import sqlalchemy as sa

from benches.measure import figure
from benches.timeline_gen import generate
from incidents import create_app, migrations
from incidents.auth import tokens
from incidents.auth.services import create_user
from incidents.demo import load_reference

# The bare page: the same reports with their kind's columns, by keyset, as JSON (no schema, no scope).
BARE_SQL = """SELECT r.*, o.households_affected, o.started_at, o.restored_at, o.etr_at, u.outage_id,
u.households_restored, u.fully_restored FROM reports r LEFT JOIN power_outages o ON o.id = r.id
LEFT JOIN outage_updates u ON u.id = r.id WHERE r.event_id = :event AND r.id > :after
AND r.status IN ('submitted', 'verified', 'returned') ORDER BY r.id LIMIT :n"""


def run(url: str, outages: int, updates: int, limit: int) -> dict[str, float]:
    """Generate the event in a fresh schema, walk its pages through the API (each page beside a bare
    SELECT of the same rows dumped as JSON, in turns), print the times; the medians in ms."""
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": tempfile.mkdtemp(prefix="pages-bench-"),
                      "SECRET_KEY": "bench", "REQUEST_LOG": False})
    database = app.extensions["incidents.db"]
    with database.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
    migrations.upgrade(database.engine)
    with database.transaction() as s:
        load_reference(s)
        event_id = generate(s, outages, updates)
        _row, token = tokens.create_token(s, create_user(s, "bench-viewer", None, "viewer"), "bench", None)
    if database.engine.dialect.name == "postgresql":
        with database.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    client = app.test_client(use_cookies=False)
    headers = {"Authorization": f"Bearer {token}"}

    def bare(after: int) -> int:
        with database.read_session() as s:
            rows = [dict(r._mapping) for r in s.execute(sa.text(BARE_SQL), {"event": event_id, "after": after,
                                                                             "n": limit})]
        json.dumps({"reports": rows}, default=str)
        return rows[-1]["id"] if rows else after

    times: list[float] = []
    bare_times: list[float] = []
    seen = 0
    cursor = None
    after = 0
    bare(after)  # warm-up: the same statements prepared, the same pages in the cache
    start = time.perf_counter()
    while True:
        t0 = time.perf_counter()
        response = client.get(f"/api/v1/events/{event_id}/reports", headers=headers,
                              query_string={"limit": limit, **({"cursor": cursor} if cursor else {})})
        times.append(time.perf_counter() - t0)
        body = response.get_json()
        t0 = time.perf_counter()
        after = bare(after)
        bare_times.append(time.perf_counter() - t0)
        seen += len(body["reports"])
        cursor = body["next_cursor"]
        if cursor is None:
            break
    total = time.perf_counter() - start
    found = {"page": statistics.median(times) * 1000, "bare": statistics.median(bare_times) * 1000,
             "first": statistics.median(times[:3]) * 1000, "last": statistics.median(times[-4:-1] or times) * 1000}
    print(f"== {database.engine.dialect.name}: {seen:,} reports in {len(times)} pages of {limit}, "
          f"{total:.2f} s in all (bare pages included)")
    print(f"   page median {found['page']:.0f} ms, bare SELECT + JSON of the same rows {found['bare']:.0f} ms "
          f"({found['page'] / found['bare']:.2f}x)")
    print(f"   first 3 pages median {found['first']:.0f} ms, last 3 pages median {found['last']:.0f} ms")
    database.engine.dispose()
    return found


def figures(quick: bool = False, pg: str | None = None) -> list[dict[str, Any]]:
    """The table's rows: an API page beside a bare SELECT + JSON; the last pages beside the first."""
    outages, updates, limit = (400, 1600, 200) if quick else (5000, 20000, 1000)
    urls = [("sqlite", f"sqlite:///{tempfile.mkdtemp(prefix='pages-bench-')}/bench.sqlite3")]
    if pg:
        urls.append(("postgresql", "postgresql+psycopg://" + pg.split("://", 1)[1]))
    rows = []
    for name, url in urls:
        found = run(url, outages, updates, limit)
        rows += [figure("report_pages", f"API page of {limit} reports ({name})", found["page"], found["bare"], "ms",
                        f"{outages + updates:,} reports; bare: SELECT of the same rows, json.dumps"),
                 figure("report_pages", f"last pages vs first pages ({name})", found["last"], found["first"], "ms",
                        "keyset paging: the last page costs what the first does (target ~1x)")]
    return rows


def main() -> None:
    """Parse the arguments and run on SQLite, or on the PostgreSQL database given."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", help="PostgreSQL URL of a database of your own (its schema is reset)")
    parser.add_argument("--outages", type=int, default=5000)
    parser.add_argument("--updates", type=int, default=20000)
    parser.add_argument("--limit", type=int, default=1000)
    args = parser.parse_args()
    if args.pg:
        url = "postgresql+psycopg://" + args.pg.split("://", 1)[1]
    else:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='pages-bench-')}/bench.sqlite3"
    run(url, args.outages, args.updates, args.limit)


if __name__ == "__main__":
    main()
