"""The import's speed tricks, each in one place and named; measured by benches/import_bench.py (docs/imports.md).

The rules are the same for a form, the API and a file (reports/validation.validate_report); the
tricks below only make a file's lookups hit memory, parse each distinct text once, and hand the
checked rows to the driver in bulk. Each cites the figure that justifies it (cProfile of the
100,000-row bench, SQLite, 2026-11-30; docs/imports.md has the whole split).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.areas.models import Area
from incidents.events.models import Event
from incidents.imports.paths import add_place
from incidents.reports.disinfection_rules import CATEGORY_CODES
from incidents.reports.models import Category, Report
from incidents.reports.validation import LOANED


@dataclass
class Lookups:
    """What a file's rows look up, loaded once: areas by code and by path, and the areas themselves."""

    places: dict[str, int | None] = field(default_factory=dict)
    paths: dict[int, str] = field(default_factory=dict)
    # AREAS_IN_MEMORY: held so validate_report's area lookup is a dictionary hit (lent through
    # session.info[LOANED]), not session.get per row: 37 µs a row against 2 on the loaded machine.
    areas: list[Area] = field(default_factory=list)
    parents: list[Report] = field(default_factory=list)
    # TIMES_ONCE: each distinct time text read once per file ("2021-07-24 ~21:00" → instant,
    # precision): rows of a day's log repeat their times, and the local-time parser (strptime, zone
    # arithmetic) was a third of the check before. Same text, same zone, same reading.
    times: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    # QUANTITIES_ONCE: each distinct quantity text ("30余", "2.5") parsed once per file, per column (a
    # count reads its own unit: "120人" is staff, not person-times) and per parser for tonnes:
    # parse_tonnes_input (Decimal) and parse_quantity_input (NFKC) were 1.4 s of 20 s profiled for
    # 20,000 rows. The parsers are pure: same text, same value (or the same error).
    quantities: dict[tuple[str, str], Any] = field(default_factory=dict)


def load_places(session: Session) -> Lookups:
    """Every area once, with its path ("文峰区/北大街街道") and code, for the rows to name places by."""
    lookups = Lookups(areas=list(session.scalars(sa.select(Area))))
    by_id = {a.id: a for a in lookups.areas}

    def path(area: Area) -> str:
        known = lookups.paths.get(area.id)
        if known is None:
            parent = by_id.get(area.parent_id) if area.parent_id is not None else None
            known = lookups.paths[area.id] = (path(parent) + "/" if parent is not None else "") + area.name
        return known

    for area in lookups.areas:
        add_place(lookups.places, path(area), area.id)
    for area in lookups.areas:
        if area.code:  # a code is unique, and never mistaken for a path (no "/" in a code)
            lookups.places.setdefault(area.code, area.id)
    return lookups


@contextmanager
def file_lookups(session: Session, event: Event | None = None) -> Iterator[Lookups]:
    """Areas, the event and the category list in memory for the length of one file's check.

    CATEGORIES_LENT and AREAS_IN_MEMORY: the category list and the areas (and the file's event) are
    lent to the session (validation reads them through session.info) and taken back after.
    """
    lookups = load_places(session)
    session.info[CATEGORY_CODES] = set(session.scalars(sa.select(Category.code)))
    lent: dict[type, dict[int, Any]] = {Area: {a.id: a for a in lookups.areas}}
    if event is not None:
        lent[Event] = {event.id: event}
    session.info[LOANED] = lent
    try:
        yield lookups
    finally:
        session.info.pop(CATEGORY_CODES, None)
        session.info.pop(LOANED, None)


def once(memo: dict[tuple[str, str], Any], parser: Callable[[str], Any], name: str, text: str) -> Any:
    """QUANTITIES_ONCE: parser(text), computed once per distinct text; a ValueError is remembered and raised again."""
    key = (name, text)
    found = memo.get(key)
    if found is None:
        try:
            found = memo[key] = (parser(text), None)
        except ValueError as exc:
            found = memo[key] = (None, exc)
    if found[1] is not None:
        raise ValueError(*found[1].args)  # a fresh one: a re-raised instance would pile up tracebacks
    return found[0]


# SQLITE_CACHE: pages SQLite keeps in memory for the import's connection while it stores (KiB, as
# a negative cache_size). The default 2 MB cache is smaller than the five indexes of `reports`
# that 100,000 rows touch, so pages were spilled and read back mid-transaction: the four tables'
# 100,000 rows took 8.7 s of CPU with the default and 8.3 s with this (raw sqlite3, medians of two,
# load 18; the wall clock was within the noise). A small gain, kept because it costs nothing. Memory only:
# journal mode (WAL) and synchronous=NORMAL stay as db.py sets them, so a stored import survives
# a crash of the application as any commit does (a power cut may lose the last commits, never
# half of one). Reset to the connection's previous size afterwards (the connection is pooled).
SQLITE_CACHE_KIB = 65_536


# SQLITE_MULTIROW: rows per INSERT statement on SQLite (`INSERT ... VALUES (...), (...), ...`), within the
# connection's limit of bound values. The driver's executemany binds, steps and resets one row at a time: for
# the import's four tables that cost as much again as SQLite's own work (raw sqlite3, the bench's 100,000 rows:
# INSERT ... SELECT of the same rows 14 µs a row, executemany 28-30). One statement of 1,000 rows took reports
# 13.0 → 8.9 µs a row and the kind's table 8.6 → 5.6 (medians of four turns, load 10-12; 50 rows a statement
# gained half as much). Rows of a few wide values gain nothing, so they keep executemany: the audit rows
# 2.8 either way, the row keys 3.8 → 4.2. Each distinct statement is compiled once per connection (sqlite3's
# statement cache): a batch's full statements share one text.
SQLITE_ROWS_PER_INSERT = 1000
SQLITE_MULTIROW_MIN_VALUES = 10


@contextmanager
def storing(session: Session) -> Iterator[None]:
    """SQLITE_CACHE for the length of a bulk store on SQLite; nothing on PostgreSQL."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(before or -2000)}")


def insert_rows(session: Session, table: sa.Table, names: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """DRIVER_BULK: plain tuples straight to the driver, each value converted as SQLAlchemy would, once.

    SQLite: INSERTs of many rows each (SQLITE_MULTIROW), or executemany of one. PostgreSQL: COPY
    (psycopg 3's cursor.copy), the bulk path PostgreSQL itself offers. The benchmark's bare insert uses
    the same function, so the ratio compares like with like. Values go through the columns' own bind
    processors (UTCDateTime, enums, JSON), so what is stored is what a Core INSERT stores
    (tests/imports/test_speed.py);
    CONVERTED_ONCE: column by column, each distinct value converted once (a file's rows share a few
    hundred instants and a handful of enum values), where a Core executemany converts every value
    of every row: a third of its time (cProfile: 1.7 s of 5.3 s for 20,000 rows).
    """
    session.flush()  # rows the ORM holds (an outage update stored through the form's path) go first
    batch = list(rows)
    if not batch:
        return
    conn = session.connection()
    dialect = conn.dialect
    batch = _converted(batch, [table.c[n] for n in names], dialect)
    quoted = ", ".join(dialect.identifier_preparer.quote(n) for n in names)
    name = dialect.identifier_preparer.format_table(table)
    if dialect.name == "postgresql":
        raw = conn.connection.dbapi_connection
        assert raw is not None  # a live connection: the session's own
        try:
            with raw.cursor() as cursor, cursor.copy(f"COPY {name} ({quoted}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in batch:
                    copy.write_row(row)
        except dialect.loaded_dbapi.Error as exc:
            # Raised as SQLAlchemy raises a statement's error (sa.exc.IntegrityError, ...), as the SQLite path's
            # are: web.py tells a full disk (507) and a lost database (503) by it; raw, it was a bare 500.
            raise sa.exc.DBAPIError.instance(None, None, exc, dialect.loaded_dbapi.Error, dialect=dialect) from exc
        return
    one = f"({', '.join('?' * len(names))})"
    if len(names) < SQLITE_MULTIROW_MIN_VALUES:
        conn.exec_driver_sql(f"INSERT INTO {name} ({quoted}) VALUES {one}", batch)
        return
    raw = conn.connection.dbapi_connection
    limit = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) if isinstance(raw, sqlite3.Connection) else 999
    per = max(1, min(SQLITE_ROWS_PER_INSERT, limit // len(names)))
    for start in range(0, len(batch), per):
        part = batch[start:start + per]
        conn.exec_driver_sql(f"INSERT INTO {name} ({quoted}) VALUES {', '.join([one] * len(part))}",
                             tuple(chain.from_iterable(part)))


class _Memo(dict[Any, Any]):
    """A column's conversions by value, filled on first sight (dict.__missing__: misses only run Python)."""

    def __init__(self, process: Callable[[Any], Any]) -> None:
        super().__init__()
        self.process = process

    def __missing__(self, value: Any) -> Any:
        found = self[value] = self.process(value)
        return found


def _converted(rows: list[Sequence[Any]], cols: list[sa.Column[Any]], dialect: sa.Dialect) -> list[Any]:
    """The rows with each column's values put through its bind processor, column by column.

    Values equal for Python are converted alike by a column's processor (an instant in any zone →
    the same UTC text; True and 1 → 1; an enum member and its value → the value), so the memo cannot
    change what is stored. JSON values (dicts, unhashable) are converted one by one.
    """
    columns: list[Any] = list(zip(*rows, strict=True))
    changed = False
    for i, col in enumerate(cols):
        process = col.type.dialect_impl(dialect).bind_processor(dialect)
        if process is None:
            continue
        changed = True
        if isinstance(col.type, sa.JSON):
            # NONE_ONCE: an empty JSON value (an import's audit rows' `before`, every one) is converted once, not
            # once a row: converting a batch of audit rows 2.94 → 1.95 µs a row (5,000 rows, best of 20, load 7,
            # 4 December). What process(None) gives, to the byte (tests/imports/test_fast_paths.py).
            empty = process(None)
            columns[i] = [empty if v is None else process(v) for v in columns[i]]
        else:
            columns[i] = list(map(_Memo(process).__getitem__, columns[i]))
    return list(zip(*columns, strict=True)) if changed else rows

