"""Restoring a backup into an empty database, SQLite or PostgreSQL, in one transaction.

The archive is verified first (every checksum), the target's schema brought to the code's head,
then every table inserted parents first with its original ids, and PostgreSQL's id sequences moved
past the restored rows. Any failure rolls the whole restore back: nothing is half-restored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from alembic.script.revision import ResolutionError
from alembic.util import CommandError
from sqlalchemy.orm import Session

from incidents import migrations
from incidents.areas.services import rekey, set_twin_keys
from incidents.auth import lookalikes
from incidents.backup.archive import ArchiveError, Reader, TableEntry
from incidents.backup.codec import checker, decoder, shown
from incidents.backup.tables import (
    DERIVED,
    REFERENCE_TABLES,
    SNAPSHOT_TABLES,
    backed_up,
    excluded,
    scrub,
    secret_columns,
)
from incidents.db import Database
from incidents.events import folding
from incidents.models import Base
from incidents.reports import approximate, restoration

BATCH = 1000

# Archives are written from this revision on (the first with backups): older migrations need no entry below.
FIRST_ARCHIVED = "d9f3a7c15e20"

# Migrations that change rows, not only the schema, run again on the rows of an archive written before
# them, so a restore ends as upgrading that database would: each returns what it printed as it ran.
REPLAYED: dict[str, Callable[[sa.Connection], list[str]]] = {
    "a7b8c9d0e1f2": rekey,  # areas' search keys read names by the lookalike rule
    "c3d4e5f6a7b8": rekey,  # the lookalike rule reads a radical sign or katakana as the character it passes for
    "d4e5f6a7b8c9": rekey,  # a name's separators (·, -, brackets) left out of its key
    "f2a3b4c5d6e7": set_twin_keys,  # areas' twin keys, unique per parent (a pair stored before the rule kept)
    "a1b2c3d4e5f7": lookalikes.set_twin_keys,  # events' codes' and usernames' twin keys (likewise)
    folding.REVISION: folding.fold_stored_codes,
    approximate.REVISION: approximate.place_after_reported,  # 约21:00 stored after its report placed by it
}

# Migrations since FIRST_ARCHIVED that change rows yet need nothing run again on a restore, and why.
# A row-changing migration in neither list fails tests/backup/test_row_changing_migrations_listed.py.
NOT_REPLAYED: dict[str, str] = {
    "f1a2c3d4e5b6": "each outage's restoration mirror is set by the timeline's rule on every restore "
                    "(restoration.resync in _load)",
    "b8c9d0e1f2a3": "its row is cache_generation's, a table no archive holds (tables.py): the target's upgrade "
                    "to the newest schema makes it, and the restore's own writes raise it",
}


class RestoreRefused(RuntimeError):
    """A restore that must not go ahead: the target holds data, or the archive is from newer code."""


@dataclass
class RestoreSummary:
    """What a restore wrote: rows per table."""

    revision: str | None
    rows: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what the migrations run again said (REPLAYED)

    @property
    def total(self) -> int:
        """Rows restored in all."""
        return sum(self.rows.values())


def check_revision(revision: str | None) -> str:
    """The archive's revision; refused if missing or one this code does not know (written by a newer version)."""
    if revision is None:
        raise ArchiveError("the archive names no schema revision")
    scripts = ScriptDirectory.from_config(migrations.alembic_config())
    try:
        known = scripts.get_revision(revision) is not None
    except (ResolutionError, CommandError):  # an id no script of this version carries
        known = False
    if not known:
        raise RestoreRefused(f"the archive's schema revision {revision} is newer than this version of "
                             f"Incident Log knows (its newest is {scripts.get_current_head()}); "
                             "upgrade the application first")
    return revision


def replayed_after(revision: str) -> list[Callable[[sa.Connection], list[str]]]:
    """The row-changing migrations an archive of this (known) revision was written before, oldest first."""
    scripts = ScriptDirectory.from_config(migrations.alembic_config())
    passed = {script.revision for script in scripts.iterate_revisions(revision, "base")}
    return [REPLAYED[script.revision] for script in reversed(list(scripts.walk_revisions()))
            if script.revision in REPLAYED and script.revision not in passed]


def occupied(conn: sa.Connection) -> dict[str, int]:
    """Rows already in the target's backed-up tables that exist (reference lists aside)."""
    present = set(sa.inspect(conn).get_table_names())
    counts = {}
    for table in backed_up():
        if table.name in REFERENCE_TABLES or table.name not in present:
            continue
        n = conn.scalar(sa.select(sa.func.count()).select_from(table))
        if n:
            counts[table.name] = int(n)
    return counts


def refuse_if_occupied(conn: sa.Connection) -> None:
    """RestoreRefused naming the tables that hold rows, if any do."""
    full = occupied(conn)
    if full:
        listed = ", ".join(f"{n} {'row' if n == 1 else 'rows'} in {name}" for name, n in full.items())
        raise RestoreRefused(f"database not empty: {listed}; restore only into an empty database")


def _parents_first(table: sa.Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of a self-referencing table (areas) ordered so each parent precedes its children."""
    refs = [(fk.parent.name, fk.column.name) for fk in table.foreign_keys if fk.column.table is table]
    if not refs:
        return rows
    (pointer, key), = refs  # one self-reference per table is all the schema has: parent_id -> id
    by_key: dict[Any, dict[str, Any]] = {}
    for number, row in enumerate(rows, start=1):
        # A second row with one id would be dropped by the walk below, not refused by the database.
        if by_key.setdefault(row[key], row) is not row:
            raise ArchiveError(f"{table.name} row {number}: {key}: {row[key]!r} appears twice")
    placed: set[Any] = set()
    ordered: list[dict[str, Any]] = []
    for row in rows:
        # Walk up to the first ancestor already placed, then place the walked chain top-down.
        chain: list[dict[str, Any]] = []
        current: dict[str, Any] | None = row
        while current is not None and current[key] not in placed:
            if any(current is walked for walked in chain):
                raise ArchiveError(f"{table.name}: {pointer} references go round in a circle")
            chain.append(current)
            current = by_key.get(current[pointer])
        for walked in reversed(chain):
            placed.add(walked[key])
            ordered.append(walked)
    return ordered


def _decoded(table: sa.Table, entry: TableEntry, reader: Reader) -> Iterator[dict[str, Any]]:
    """A member's rows ready to insert, each value checked against its column before any is written.

    Refused (ArchiveError naming the table, row and column) for a value the schema cannot hold: one
    neither database would take, or one SQLite would keep and PostgreSQL refuse (too long), so both
    refuse the same archive alike. Secrets are blanked as a backup leaves them out (tables.py): an
    archive with a password hash in it, made or edited by hand, does not bring it back.
    """
    unknown = [c for c in entry.columns if c not in table.columns]
    if unknown:
        raise RestoreRefused(f"{table.name}: the archive has columns this version does not: {', '.join(unknown)}")
    blank = set(secret_columns(table))
    blanked = [c for c in entry.columns if c in blank]
    plain = [c for c in entry.columns if c not in blank and decoder(table.columns[c]) is None]
    converted = [(c, f) for c in entry.columns if c not in blank and (f := decoder(table.columns[c])) is not None]
    checks = [(c, f) for c in entry.columns if c not in blank and (f := checker(table.columns[c])) is not None]
    derived = [(c, _length(table.columns[c]), f) for (t, c), f in DERIVED.items()
               if t == table.name and c in entry.columns]
    scrubbed = [c.name for c in table.columns if isinstance(c.type, sa.JSON) and c.name in entry.columns] \
        if table.name in SNAPSHOT_TABLES else []
    for number, row in enumerate(reader.rows(entry), start=1):
        out = {c: row.get(c) for c in plain}
        for name in blanked:
            out[name] = None
        for name, convert in converted:
            value = row.get(name)
            try:
                out[name] = convert(value)
            except (ValueError, TypeError, ArithmeticError) as exc:
                raise ArchiveError(f"{table.name} row {number}: {name}: cannot read {shown(value)} ({exc})") from exc
        for name in scrubbed:
            out[name] = scrub(out[name]) if isinstance(out[name], dict | list) else out[name]
        for name, length, derive in derived:
            # Derived from the row (an area's search key): one too long for its column, written by a
            # version that let it overflow on SQLite, is made again rather than refused.
            stored = out[name]
            if isinstance(stored, str) and length is not None and len(stored) > length:
                out[name] = derive(out)
        for name, check in checks:
            problem = check(out[name])
            if problem is not None:
                raise ArchiveError(f"{table.name} row {number}: {name}: {problem}")
        yield out


def _length(column: sa.Column[Any]) -> int | None:
    """A String column's length, else None."""
    length = getattr(column.type, "length", None)
    return length if isinstance(length, int) else None


def _write(conn: sa.Connection, table: sa.Table, batch: list[dict[str, Any]]) -> None:
    """Insert one batch with executemany (psycopg pipelines it; a multi-row VALUES compiled per batch was 5x slower)."""
    conn.execute(table.insert(), batch)


def _insert(conn: sa.Connection, table: sa.Table, rows: Iterator[dict[str, Any]]) -> int:
    """Insert a table's rows in batches; returns how many."""
    if any(fk.column.table is table for fk in table.foreign_keys):
        # Self-referencing: all rows in memory to order them (a district's areas: thousands at most).
        rows = iter(_parents_first(table, list(rows)))
    done = 0
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            _write(conn, table, batch)
            done += len(batch)
            batch = []
    if batch:
        _write(conn, table, batch)
        done += len(batch)
    return done


def reset_sequences(conn: sa.Connection, tables: list[sa.Table]) -> None:
    """PostgreSQL: move each id sequence past the highest restored id, so new rows get fresh ids."""
    for table in tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, sa.Integer):
            continue
        sequence = conn.scalar(sa.text("SELECT pg_get_serial_sequence(:t, :c)"),
                               {"t": table.name, "c": pk[0].name})
        if sequence is None:  # a subclass table's id is its parent's: no sequence of its own
            continue
        top = conn.scalar(sa.select(sa.func.max(pk[0])))
        conn.execute(sa.text("SELECT setval(CAST(:s AS regclass), :v, :called)"),
                     {"s": sequence, "v": top or 1, "called": top is not None})


def restore(database: Database, path: Path) -> RestoreSummary:
    """Restore the archive at path into the database, which must hold no data; refused otherwise."""
    with Reader(path) as reader:
        manifest = reader.manifest
        revision = check_revision(manifest.revision)
        reader.verify()
        known = {t.name: t for t in backed_up()}
        left_out = {t.name: why for t in Base.metadata.sorted_tables if (why := excluded(t)) is not None}
        kept_out = [f"{t.name} ({left_out[t.name]})" for t in manifest.tables if t.name in left_out]
        if kept_out:
            # Secrets and operational rows a backup never writes: not brought back from an archive that has them.
            raise ArchiveError(f"the archive holds tables a backup leaves out: {', '.join(kept_out)}")
        strange = [t.name for t in manifest.tables if t.name not in known]
        if strange:
            raise RestoreRefused(f"the archive has tables this version does not: {', '.join(strange)}")
        # Refused before the schema is touched; checked again under the write lock below.
        with database.engine.connect() as conn:
            refuse_if_occupied(conn)
        migrations.upgrade(database.engine)
        summary = RestoreSummary(revision=manifest.revision)
        replays = replayed_after(revision)
        entries = {t.name: t for t in manifest.tables}
        engine = database.engine.execution_options(sqlite_immediate=True)
        try:
            _load(engine, reader, known, entries, summary, replays)
        except sa.exc.IntegrityError as exc:
            # A write racing the restore, or an archive whose rows contradict each other: all rolled back.
            raise RestoreRefused(f"the archive's rows do not fit this database ({exc.orig}); "
                                 "nothing was restored") from exc
    return summary


def _load(engine: sa.Engine, reader: Reader, known: dict[str, sa.Table], entries: dict[str, TableEntry],
          summary: RestoreSummary, replays: list[Callable[[sa.Connection], list[str]]]) -> None:
    """Check the target is empty, insert every table, then run the migrations it predates, in one transaction."""
    with engine.begin() as conn:
        refuse_if_occupied(conn)
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
        for table in known.values():
            entry = entries.get(table.name)
            if table.name in REFERENCE_TABLES:
                conn.execute(table.delete())
            if entry is not None:
                try:
                    summary.rows[table.name] = _insert(conn, table, _decoded(table, entry, reader))
                except sa.exc.IntegrityError:
                    raise
                except sa.exc.StatementError as exc:
                    # What the checks above did not foresee, refused by the driver or the database
                    # (DataError and the like): the table at least, and the database's first line.
                    raise ArchiveError(f"{table.name}: {str(exc.orig or exc).strip().splitlines()[0]}") from exc
        # An archive of an older version may hold mirrors by an older rule: each outage's is set by the timeline's.
        with Session(bind=conn) as session:
            restoration.resync(session)
        if conn.dialect.name == "postgresql":
            reset_sequences(conn, list(known.values()))
        # After the sequences: a replay's own rows (an audit row per folded code) take new ids.
        for replay in replays:
            summary.notes.extend(replay(conn))
