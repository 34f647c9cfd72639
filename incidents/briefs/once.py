"""A compile in a transaction of its own: one REPEATABLE READ transaction on PostgreSQL, a read snapshot
and a short write on SQLite (snapshot.py); a concurrent compile is not an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents import arrival
from incidents.briefs.compiling import CompileResult, compile_brief, try_lock
from incidents.db import Database, now_utc
from incidents.events.models import Event


def _serialization_failure(exc: BaseException) -> bool:
    return getattr(getattr(exc, "orig", None), "sqlstate", None) in ("40001", "40P01")


@contextmanager
def brief_transaction(database: Database) -> Iterator[Session]:
    """One transaction for one compile: REPEATABLE READ on PostgreSQL (SQLite compiles via briefs/snapshot.py)."""
    with database.transaction(snapshot=True) as session:
        yield session


def compile_once(database: Database, event_id: int, day: date, *, now: datetime | None = None,
                 compiled_by_id: int | None = None, new_revision: bool = False,
                 compiled_at: datetime | None = None) -> CompileResult:
    """Compile in a transaction of its own: whole or absent; a concurrent compile is not an error."""
    if database.is_sqlite:
        # SQLite has one writer: read in a snapshot, take the write lock only for the INSERT.
        from incidents.briefs import snapshot

        return snapshot.compile_once(database, event_id, day, now=now, compiled_by_id=compiled_by_id,
                                     new_revision=new_revision, compiled_at=compiled_at)
    # The cut-off is fixed first, then the reports stamped by it are waited for, then the snapshot begins.
    now = now or now_utc()
    arrival.settled(database, event_id)
    try:
        with brief_transaction(database) as session:
            # The lock comes first: on PostgreSQL the snapshot starts with this statement, so a
            # brief another process committed before we got the lock is visible to us.
            if not try_lock(session, event_id, day):
                return CompileResult(None, False, "busy", event_id, day)
            event = session.get(Event, event_id)
            if event is None:
                raise ValueError("event_id: unknown event")
            return compile_brief(session, event, day, now=now, compiled_by_id=compiled_by_id,
                                 new_revision=new_revision, compiled_at=compiled_at)
    except sa.exc.DBAPIError as exc:
        # Another process inserted the same (event, day, revision) after our snapshot began.
        if _serialization_failure(exc):
            return CompileResult(None, False, "exists")
        raise
