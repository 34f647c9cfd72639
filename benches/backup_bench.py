"""Benchmark: backup, check and restore of a large event, and what a backup costs a writer meanwhile.

The event is timeline_gen's (5,000 outages and 20,000 updates by default, on 5,000 sites). Printed:
a bare read of every backed-up table (the floor), the backup, the check, a restore into SQLite and,
with --pg, into PostgreSQL and the backup back out of it (its members must be byte-identical);
then a writer committing small rows every 20 ms, alone and while a backup runs on SQLite.

    .venv/bin/python benches/backup_bench.py
    .venv/bin/python benches/backup_bench.py --pg postgresql://postgres@127.0.0.1:5432/DB

The database at --pg is emptied first (its public schema is dropped): never point it at real data.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benches.measure import figure  # noqa: E402
from benches.timeline_gen import generate  # noqa: E402
from incidents import migrations  # noqa: E402
from incidents.backup import services, tables  # noqa: E402
from incidents.db import Database, now_utc  # noqa: E402
from incidents.models import LoginAttempt  # noqa: E402


def ms(start: float) -> float:
    """Milliseconds since start."""
    return (time.perf_counter() - start) * 1000


def members(path: Path) -> dict[str, bytes]:
    """The table members of an archive."""
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n.startswith("tables/")}


def writer_latencies(database: Database, stop: threading.Event, out: list[float]) -> None:
    """Commit one small row every 20 ms until stopped, noting each commit's milliseconds."""
    while not stop.is_set():
        start = time.perf_counter()
        with database.transaction() as s:
            s.add(LoginAttempt(username="bench", address="127.0.0.1", at=now_utc()))
        out.append(ms(start))
        time.sleep(0.02)


def with_writer(database: Database, seconds: float | None, work=None) -> list[float]:  # noqa: ANN001
    """A writer's commit times for `seconds`, or while `work` runs."""
    stop, out = threading.Event(), []
    thread = threading.Thread(target=writer_latencies, args=(database, stop, out))
    thread.start()
    if work is not None:
        work()
    else:
        time.sleep(seconds or 0)
    stop.set()
    thread.join()
    return out


def summary(latencies: list[float]) -> str:
    """Median and worst commit."""
    return f"{len(latencies)} commits, median {statistics.median(latencies):.1f} ms, worst {max(latencies):.1f} ms"


def measure(outages: int, updates: int, pg: str | None = None) -> dict[str, float]:
    """Generate, then time each step and print the figures; {name: ms}."""
    found: dict[str, float] = {}
    folder = Path(tempfile.mkdtemp(prefix="backup-bench-"))
    source = Database(f"sqlite:///{folder / 'source.sqlite3'}")
    migrations.upgrade(source.engine)
    with source.transaction() as s:
        generate(s, outages=outages, updates=updates)

    def bare_read() -> int:
        rows = 0
        with source.engine.connect() as conn:
            for table in tables.backed_up():
                rows += len(conn.execute(sa.select(table)).all())
        return rows

    bare_read()  # warm-up: the file in the page cache for both
    start = time.perf_counter()
    rows = bare_read()
    found["bare read"] = ms(start)
    print(f"bare read of {rows} rows: {found['bare read']:.0f} ms")

    start = time.perf_counter()
    done = services.backup(source, folder / "a.zip")
    found["backup"] = ms(start)
    print(f"backup: {found['backup']:.0f} ms, {done.rows} rows, {done.path.stat().st_size / 1024:.0f} KiB")
    start = time.perf_counter()
    services.check(done.path)
    found["check"] = ms(start)
    print(f"check: {found['check']:.0f} ms")

    target = Database(f"sqlite:///{folder / 'restored.sqlite3'}")
    start = time.perf_counter()
    services.restore(target, done.path)
    found["restore"] = ms(start)
    print(f"restore into SQLite: {found['restore']:.0f} ms (schema migrated first)")

    if pg:
        url = "postgresql+psycopg://" + pg.split("://", 1)[1]
        pg_db = Database(url)
        with pg_db.engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
        start = time.perf_counter()
        services.restore(pg_db, done.path)
        found["restore pg"] = ms(start)
        print(f"restore into PostgreSQL: {found['restore pg']:.0f} ms (schema migrated first)")
        start = time.perf_counter()
        again = services.backup(pg_db, folder / "pg.zip")
        found["backup pg"] = ms(start)
        print(f"backup from PostgreSQL: {found['backup pg']:.0f} ms; members identical to SQLite's: "
              f"{members(again.path) == members(done.path)}")
        pg_db.engine.dispose()

    alone = with_writer(source, 3.0)
    print("writer alone:        " + summary(alone))
    during = with_writer(source, None, lambda: services.backup(source, folder / "during.zip"))
    print("writer during backup: " + summary(during))
    found["writer alone"], found["writer during"] = statistics.median(alone), statistics.median(during)
    print(f"files in {folder}")
    for database in (source, target):
        database.engine.dispose()
    return found


def figures(quick: bool = False, pg: str | None = None) -> list[dict[str, Any]]:
    """The table's rows: backup, check and restore beside a bare read of every table; a writer's commit
    during a backup beside one alone."""
    outages, updates = (500, 2000) if quick else (5000, 20000)
    found = measure(outages, updates, pg)
    note = f"{outages + updates:,} reports; bare: SELECT of every backed-up table"
    rows = [figure("backup", f"{step} (sqlite)", found[step], found["bare read"], "ms", note)
            for step in ("backup", "check", "restore")]
    if pg:
        rows += [figure("backup", f"{step} (postgresql)", found[f"{step} pg"], found["bare read"], "ms",
                        note + " (on SQLite)") for step in ("backup", "restore")]
    rows.append(figure("backup", "a writer's commit during a backup (sqlite)", found["writer during"],
                       found["writer alone"], "ms", "bare: the same writer with no backup running; median"))
    return rows


def main() -> None:
    """Parse the arguments, measure, print."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", help="PostgreSQL URL of a database that may be emptied")
    parser.add_argument("--outages", type=int, default=5000)
    parser.add_argument("--updates", type=int, default=20000)
    args = parser.parse_args()
    measure(args.outages, args.updates, args.pg)


if __name__ == "__main__":
    main()
