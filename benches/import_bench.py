"""Benchmark: importing a generated 100,000-row CSV with full validation, beside a bare bulk INSERT.

Both run in the same process on the same database: the import (read the CSV, parse, check scope,
validate every row with reports/validation.py, then store the reports, their audit rows and row
keys in one transaction) and a bare insert of the very rows the import stored (read back, then
deleted) into the same two tables (reports + debris_clearances): no validation, no audit, no keys,
ids given. The bare insert is timed two ways, SQLAlchemy Core executemany of dicts and the driver's
own bulk path (imports/speedups.insert_rows: INSERTs of 1,000 rows each on SQLite, COPY on PostgreSQL),
both in the import's SQLite cache setting; the faster is the baseline. Then it proves the
must-shows: the same file again adds nothing, and a file with one bad row at line 73,210 stores
nothing and names that line and column. Targets: >= 20,000 rows/s and >= 0.3x the bare insert.

    python -m benches.import_bench                       # SQLite (a temporary file), 100,000 rows
    python -m benches.import_bench --rows 20000 --turns 3
    python -m benches.import_bench --profile --rows 20000  # where the import's time goes (cProfile)
    python -m benches.import_bench --pg postgresql://postgres@127.0.0.1:5432/DB

The PostgreSQL database's public schema is dropped and recreated: give it a database of your own.
On a shared machine the wall clock counts other people's work too; this process's CPU time does not
(on SQLite it is all of the work; on PostgreSQL the server's share is missing from it).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402

from incidents import create_app, migrations  # noqa: E402
from incidents.areas.models import Area, AreaLevel  # noqa: E402
from incidents.auth.services import create_user  # noqa: E402
from incidents.db import Database  # noqa: E402
from incidents.demo import load_reference  # noqa: E402
from incidents.events.models import Event  # noqa: E402
from incidents.imports import services  # noqa: E402
from incidents.imports.speedups import insert_rows, storing  # noqa: E402
from incidents.reports.models import DebrisClearance, Report  # noqa: E402

BAD_LINE = 73_210
HEADER = "地点,起始时间,截止时间,清运量(吨),车次,人数,来源"
START = datetime(2021, 7, 20, tzinfo=UTC)
TABLES = (Report.__table__, DebrisClearance.__table__)
# Per table: column names and the rows as tuples.
Rows = dict[str, tuple[list[str], list[tuple[Any, ...]]]]


def setup(url: str) -> tuple[Database, int, int, list[str]]:
    """A fresh schema with a district of 200 communities, an event and a coordinator."""
    tmp = tempfile.mkdtemp(prefix="import-bench-")
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": tmp, "SECRET_KEY": "bench"})
    database: Database = app.extensions["incidents.db"]
    with database.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
    migrations.upgrade(database.engine)
    paths = []
    with database.transaction() as s:
        load_reference(s)
        district = Area(name="文峰区", level=AreaLevel.DISTRICT)
        s.add(district)
        for i in range(10):
            sub = Area(name=f"街道{i}", level=AreaLevel.SUBDISTRICT, parent=district)
            s.add(sub)
            for j in range(20):
                s.add(Area(name=f"社区{j}", level=AreaLevel.COMMUNITY, parent=sub))
                paths.append(f"文峰区/街道{i}/社区{j}")
        event = Event(code="bench", name="bench", kind="rainstorm", timezone="Asia/Shanghai",
                      starts_at=START)
        s.add(event)
        s.flush()
        user_id = create_user(s, "bench", "correct horse battery", "coordinator").id
        event_id = event.id
    return database, event_id, user_id, paths


def generate(n: int, paths: list[str], bad_line: int | None = None) -> bytes:
    """n debris rows (line 1 is the header): a place, a local interval, tonnes ("30余"), counts."""
    lines = [HEADER]
    for i in range(n):
        day = 20 + i % 10
        hour = i % 20
        tonnes = f"{i % 90 + 1}余" if i % 3 == 0 else f"{i % 50 + 1}.5"
        start = f"2021-07-{day} {hour:02d}:{i % 60:02d}"
        end = f"2021-07-{day} ~{hour + 2:02d}:00" if i % 2 else f"2021-07-{day} evening"
        lines.append(f"{paths[i % len(paths)]},{start},{end},{tonnes},{i % 7 + 1},{i % 30 + 3},bench {i}")
    if bad_line is not None:
        # The end before the start: a rule of validation.py, named by line and column.
        cells = lines[bad_line - 1].split(",")
        cells[2] = "2021-07-01 08:00"
        lines[bad_line - 1] = ",".join(cells)
    return ("\n".join(lines) + "\n").encode("utf-8")


@dataclass
class Clock:
    """Wall and CPU seconds of one timed call."""

    wall: float
    cpu: float


def timed(fn: Callable[[], Any]) -> tuple[Clock, Any]:
    """Call fn with the previous call's garbage collected first (outside the timing)."""
    gc.collect()
    t, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return Clock(time.perf_counter() - t, time.process_time() - cpu), result


def clear(database: Database) -> None:
    """Every report, audit row and row key out: the next turn starts from the same state."""
    with database.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM idempotency_keys")
        conn.exec_driver_sql("DELETE FROM audit_entries")
        conn.execute(DebrisClearance.__table__.delete())
        conn.execute(Report.__table__.delete())


def stored_rows(database: Database) -> Rows:
    """The rows the import stored, per table (column names, tuples as read): the bare insert's input."""
    found: Rows = {}
    with database.read_session() as s:
        for table in TABLES:
            names = [c.name for c in table.c]
            found[table.name] = (names, [tuple(r) for r in s.execute(sa.select(table).order_by(table.c.id))])
    return found


def bare_core(database: Database, rows: Rows) -> Callable[[], None]:
    """SQLAlchemy Core executemany of dicts (built before the clock starts), 5,000 a statement."""
    dicts = {name: [dict(zip(names, r, strict=True)) for r in values] for name, (names, values) in rows.items()}

    def insert() -> None:
        with database.transaction() as s, storing(s):
            for table in TABLES:
                batch = dicts[table.name]
                for start in range(0, len(batch), 5000):
                    s.execute(table.insert(), batch[start:start + 5000])

    return insert


def bare_driver(database: Database, rows: Rows) -> Callable[[], None]:
    """The driver's bulk path the import uses (speedups.insert_rows), tuples as read, 5,000 a statement."""
    def insert() -> None:
        with database.transaction() as s, storing(s):
            for table in TABLES:
                names, values = rows[table.name]
                for start in range(0, len(values), 5000):
                    insert_rows(s, table, names, values[start:start + 5000])

    return insert


def count(database: Database) -> int:
    """Reports stored."""
    with database.read_session() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(Report)) or 0


@dataclass
class Result:
    """One database's figures: median clocks per path, the proofs' lines."""

    name: str
    n: int
    clocks: dict[str, list[Clock]] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def median(self, path: str, cpu: bool = False) -> float:
        """The median seconds of a path, wall or CPU."""
        return statistics.median(c.cpu if cpu else c.wall for c in self.clocks[path])

    def bare_path(self) -> str:
        """The faster bare insert: the baseline."""
        return min(("bare driver", "bare core"), key=self.median)


def measure(url: str, n: int, turns: int = 1, proofs: bool = True, progress: bool = True) -> Result:
    """Time the import and the bare inserts of the same n rows, `turns` times; prove re-import and the bad line."""
    database, event_id, user_id, paths = setup(url)
    result = Result(database.engine.dialect.name, n)
    data = generate(n, paths)

    def report(phase: str, done: int, total: int) -> None:
        if progress:
            print(f"\r  {phase}: {done:,}/{total:,}   ", end="", file=sys.stderr, flush=True)

    def run_import() -> services.Outcome:
        with database.transaction() as s:
            return services.run_import(s, filename="bench.csv", data=data, user_id=user_id, event_id=event_id,
                                       store=True, progress=report)

    rows: Rows = {}
    for turn in range(turns):
        clock, outcome = timed(run_import)
        if progress:
            print(file=sys.stderr)
        assert not outcome.problems and outcome.created == n == count(database), outcome.problems[:3]
        result.clocks.setdefault("import", []).append(clock)
        if turn == 0:
            rows = stored_rows(database)
            if proofs:
                again_clock, again = timed(lambda: _again(database, data, user_id, event_id))
                result.lines.append(f"same file again: {again.created} created, {again.skipped:,} already imported "
                                    f"({again_clock.wall:.2f} s); reports now {count(database):,}")
        for path, prepare in (("bare core", bare_core), ("bare driver", bare_driver)):
            clear(database)
            clock, _ = timed(prepare(database, rows))
            assert count(database) == n
            result.clocks.setdefault(path, []).append(clock)
        clear(database)
    if proofs and n >= BAD_LINE:
        bad = generate(n, paths, bad_line=BAD_LINE)

        def refuse() -> services.Outcome:
            with database.transaction() as s:
                return services.run_import(s, filename="bad.csv", data=bad, user_id=user_id, event_id=event_id,
                                           store=True)

        clock, refused = timed(refuse)
        shown = "; ".join(f"line {p.line}, column {p.column}: {p.message}" for p in refused.problems)
        result.lines.append(f"one bad row: stored {count(database)} reports; problems: {shown} ({clock.wall:.2f} s)")
    database.engine.dispose()
    return result


def _again(database: Database, data: bytes, user_id: int, event_id: int) -> services.Outcome:
    with database.transaction() as s:
        return services.run_import(s, filename="bench.csv", data=data, user_id=user_id, event_id=event_id,
                                   store=True)


def show(result: Result) -> None:
    """Print one database's figures."""
    n, bare = result.n, result.bare_path()
    print(f"== {result.name}: {n:,} rows, {len(result.clocks['import'])} turn(s), medians; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for path in ("import", "bare core", "bare driver"):
        wall, cpu = result.median(path), result.median(path, cpu=True)
        label = {"import": "import, full validation", "bare core": "bare Core executemany",
                 "bare driver": "bare driver bulk (" + ("COPY" if result.name == "postgresql" else "INSERTs")
                 + ")"}
        print(f"  {label[path]:<36} {wall:7.2f} s {n / wall:9,.0f} rows/s   "
              f"CPU {cpu:6.2f} s {n / cpu:9,.0f} rows/CPU-s")
    print(f"  ratio import/bare ({bare}): wall {result.median(bare) / result.median('import'):.2f}x, "
          f"CPU {result.median(bare, cpu=True) / result.median('import', cpu=True):.2f}x   "
          f"(targets: >= 20,000 rows/s, >= 0.3x)")
    for line in result.lines:
        print(f"  {line}")


# The phases of an import and the functions whose cumulative time is each (they do not nest).
PHASES = [
    ("read CSV", "reading.py", "read_table"),
    ("parse cells", "checks.py", "read_rows"),
    ("parse cells", "rows.py", "parse"),
    ("row identity (re-import)", "rows.py", "digest"),  # rows.identifier's: identity() for one file
    ("row identity (re-import)", "checks.py", "imported_keys"),
    ("validate", "validation.py", "validate_report"),
    ("scope", "policy.py", "visible_area_ids"),
    ("scope", "checks.py", "_parents"),
    ("lookups (areas, categories)", "speedups.py", "load_places"),
    ("allocate ids", "loading.py", "allocate_ids"),
    ("insert reports", "loading.py", "insert_reports"),
    ("insert kind rows", "loading.py", "insert_kind_rows"),
    ("audit rows", "loading.py", "insert_audit"),
    ("row keys", "loading.py", "store_keys"),
]


def profile(url: str, n: int) -> None:
    """The import under cProfile: seconds per phase (cProfile slows Python more than SQLite: shares are rough)."""
    database, event_id, user_id, paths = setup(url)
    data = generate(n, paths)
    profiler = cProfile.Profile()
    t = time.perf_counter()
    profiler.enable()
    with database.transaction() as s:
        services.run_import(s, filename="bench.csv", data=data, user_id=user_id, event_id=event_id, store=True)
        stored = time.perf_counter()
    profiler.disable()
    total = time.perf_counter() - t
    commit = time.perf_counter() - stored
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    split: dict[str, float] = {}
    for phase, filename, function in PHASES:
        split[phase] = split.get(phase, 0.0) + sum(
            ct for (file, _line, func), (_cc, _nc, _tt, ct, _callers) in stats.items()
            if func == function and file.endswith(filename))
    split["commit"] = commit
    split["the check loop itself, savepoint, other"] = total - sum(split.values())
    print(f"== profile, {database.engine.dialect.name}, {n:,} rows: {total:.2f} s under cProfile")
    for phase, seconds in split.items():
        print(f"  {phase:<40} {seconds:7.2f} s  {100 * seconds / total:5.1f} %")
    database.engine.dispose()


def targets(pg: str | None, only: str | None = None) -> list[tuple[str, str]]:
    """(name, URL) of each database to run on: a temporary SQLite file, then PostgreSQL if given."""
    found = []
    if only != "pg":
        found.append(("sqlite", f"sqlite:///{tempfile.mkdtemp(prefix='import-bench-')}/bench.sqlite3"))
    if pg and only != "sqlite":
        found.append(("postgresql", "postgresql+psycopg://" + pg.split("://", 1)[1]))
    return found


def figures(quick: bool = False, pg: str | None = None) -> list[dict[str, Any]]:
    """The bench table's rows (python -m benches): import rows/s beside the bare insert's, wall and CPU."""
    n = 20_000 if quick else 100_000
    out: list[dict[str, Any]] = []
    for name, url in targets(pg):
        result = measure(url, n, turns=1, proofs=False, progress=False)
        bare = result.bare_path()
        note = f"bare: {bare} of the same rows into reports + debris_clearances, same run"
        out.append({"bench": "import", "figure": f"import {n:,} CSV rows, full validation ({name}, wall)",
                    "product": n / result.median("import"), "bare": n / result.median(bare), "unit": "rows/s",
                    "note": note})
        out.append({"bench": "import", "figure": f"import {n:,} CSV rows, full validation ({name}, CPU of the process)",
                    "product": n / result.median("import", cpu=True), "bare": n / result.median(bare, cpu=True),
                    "unit": "rows/s",
                    "note": note + "; CPU of this process only (on PostgreSQL the server's is not in it)"})
    return out


def main() -> None:
    """Parse the options and run on SQLite, then PostgreSQL if given."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--turns", type=int, default=1, help="times each path is timed (medians are shown)")
    parser.add_argument("--pg", help="PostgreSQL URL of a database of your own (its schema is reset)")
    parser.add_argument("--only", choices=["sqlite", "pg"])
    parser.add_argument("--profile", action="store_true", help="the import under cProfile, split by phase")
    args = parser.parse_args()
    for _name, url in targets(args.pg, args.only):
        if args.profile:
            profile(url, args.rows)
        else:
            show(measure(url, args.rows, turns=args.turns))


if __name__ == "__main__":
    main()
