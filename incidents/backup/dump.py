"""Writing a backup: every backed-up table read in one read transaction, streamed into the archive.

One snapshot for the whole archive, so a report and its audit row are both in or both out. On
SQLite (WAL) a deferred read transaction is a snapshot that blocks no writer (as the brief compile
does, incidents/briefs/snapshot.py); on PostgreSQL a REPEATABLE READ, READ ONLY transaction is the
same thing, and writers never wait for it either.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import metadata as package_metadata
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from incidents.backup.archive import Manifest, Writer
from incidents.backup.codec import encoder
from incidents.backup.tables import backed_up, secret_columns
from incidents.db import Database

# Alembic's record of the schema revision (one row in a migrated database): the archive names it.
VERSION = sa.table("alembic_version", sa.column("version_num"))
# Rows fetched per round trip: memory stays flat however large the log is.
BATCH = 2000


def app_version() -> str:
    """The installed package's version, for the manifest."""
    try:
        return package_metadata.version("incidents")
    except package_metadata.PackageNotFoundError:
        return "unknown"


def _rows(conn: sa.Connection, table: sa.Table, columns: list[sa.Column[Any]]) -> Iterator[dict[str, Any]]:
    """A table's rows (these of its columns) in primary-key order, encoded, secrets written as NULL."""
    blank = set(secret_columns(table)) & {c.name for c in columns}
    names = [c.name for c in columns]
    converted = [(c.name, f) for c in columns if c.name not in blank and (f := encoder(c)) is not None]
    order = list(table.primary_key.columns) or columns
    result = conn.execution_options(yield_per=BATCH).execute(sa.select(*columns).order_by(*order))
    for row in result.mappings():
        out = {name: row[name] for name in names}
        for name in blank:
            out[name] = None
        for name, convert in converted:
            out[name] = convert(out[name])
        yield out


def dump(database: Database, path: Path, now: datetime | None = None) -> Manifest:
    """Write the whole log to a new archive at path (refused if it exists); returns its manifest."""
    engine = database.engine
    now = (now or datetime.now(UTC)).astimezone(UTC)
    manifest = Manifest(app_version=app_version(), revision=None, created_at=now.isoformat(),
                        source=engine.dialect.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    # A temporary name until complete: a crash mid-way never leaves a file that looks like a backup.
    partial = path.with_name(path.name + ".partial")
    if path.exists():
        raise FileExistsError(f"{path} already exists")
    writer = Writer(partial, manifest, now)
    try:
        with database.snapshot_read_session() as session:
            # The snapshot's first read, through the session: sent again on a dropped connection (retry_first_read).
            manifest.revision = session.scalars(sa.select(VERSION.c.version_num)).one()
            conn = session.connection()
            inspector = sa.inspect(conn)
            for table in backed_up():
                # The columns the database has: one not yet upgraded is archived as its own version wrote it (a
                # restore fills a later column, or runs the migration that sets it: load.REPLAYED).
                present = {c["name"] for c in inspector.get_columns(table.name)}
                columns = [c for c in table.columns if c.name in present]
                writer.add_table(table.name, [c.name for c in columns], _rows(conn, table, columns))
        writer.close()
    except BaseException:
        writer.abort()
        raise
    partial.replace(path)
    return manifest
