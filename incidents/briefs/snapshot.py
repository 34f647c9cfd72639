"""Compiling on SQLite without holding the write lock: read in a snapshot, write only the INSERT.

SQLite has one writer at a time. A compile that held the write lock for its whole run (a day of
200,000 reports takes many seconds) made every report submitted meanwhile wait for it. Instead the
compile reads in a deferred (read) transaction, which in WAL mode is a consistent snapshot that
blocks no writer, and prepares the finished brief. Then it takes the write lock (BEGIN IMMEDIATE)
only to check that nothing it read has changed since its snapshot and to insert the brief.

What the compile read can change only by a commit after the snapshot, and on SQLite every commit
after it has higher row ids than the snapshot saw (one writer, ids handed out in commit order). So
the snapshot notes the highest report, audit and brief ids, and the check looks only above them:
a report of the event known by the cut-off, a change of a counted report (every change is in the
audit trail), a change of an area or of the event, a brief of the event. If one is found the
compile reads again, in a new snapshot, a bounded number of times.

PostgreSQL keeps its one REPEATABLE READ transaction and advisory lock (once.compile_once):
its writers never wait for a reader.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.audit.models import AuditEntry
from incidents.briefs.compiling import CompileResult, prepare_brief, store_brief
from incidents.briefs.ledger import CHANGING_ACTIONS
from incidents.briefs.models import Brief
from incidents.db import Database, now_utc
from incidents.events.models import Event
from incidents.reports.models import Report

log = logging.getLogger(__name__)

# Reads before giving up when reports of the day keep changing under the compile.
ATTEMPTS = 4
# Audit actions on a counted report that change what a brief shows ("restoration" only mirrors
# an update, which is caught as a report of its own; "create" is caught by the report ids).
REPORT_ACTIONS = (*CHANGING_ACTIONS, "verify", "return")

# Tests pause a compile between its read and its write here; None in production.
after_read: Callable[[int], None] | None = None


class KeptChanging(ValueError):
    """The day's reports changed under every attempt to compile it."""


@dataclass(frozen=True)
class Marks:
    """The highest ids a snapshot saw: anything committed after it lies above them."""

    report: int
    audit: int
    brief: int


def marks(session: Session) -> Marks:
    """Read the marks; as the first read of a transaction, this starts its snapshot."""
    row = session.execute(sa.select(
        sa.select(sa.func.coalesce(sa.func.max(Report.id), 0)).scalar_subquery(),
        sa.select(sa.func.coalesce(sa.func.max(AuditEntry.id), 0)).scalar_subquery(),
        sa.select(sa.func.coalesce(sa.func.max(Brief.id), 0)).scalar_subquery())).one()
    return Marks(*row)


def changed_since(session: Session, seen: Marks, event_id: int, cutoff: datetime) -> str | None:
    """What committed after the marks that a compile of this event with this cut-off read; None if nothing."""
    new_report = sa.exists().where(Report.id > seen.report, Report.event_id == event_id,
                                   Report.reported_at <= cutoff)
    counted = sa.exists().where(Report.id == AuditEntry.entity_id, Report.event_id == event_id,
                                Report.reported_at <= cutoff)
    change = sa.exists().where(AuditEntry.id > seen.audit, sa.or_(
        sa.and_(AuditEntry.entity == "events", AuditEntry.entity_id == event_id),
        AuditEntry.entity == "areas",
        sa.and_(AuditEntry.entity == "reports", AuditEntry.action.in_(REPORT_ACTIONS), counted)))
    new_brief = sa.exists().where(Brief.id > seen.brief, Brief.event_id == event_id)
    found = session.execute(sa.select(new_report, change, new_brief)).one()
    for what, hit in zip(("a report known by the cut-off", "a change to a counted report, an area or the event",
                          "another brief of the event"), found, strict=True):
        if hit:
            return what
    return None


def write_barrier(database: Database) -> datetime:
    """Now, read while holding the write lock for an instant.

    A report is stamped (reported_at) inside its write transaction, so every report stamped before
    this moment has committed once we hold the lock, and every later one is stamped after it: a
    compile with this cut-off reads no report in flight, and need not read again for one.
    """
    with database.transaction() as session:
        session.execute(sa.select(1))
        return now_utc()


def compile_once(database: Database, event_id: int, day: date, *, now: datetime | None = None,
                 compiled_by_id: int | None = None, new_revision: bool = False,
                 compiled_at: datetime | None = None) -> CompileResult:
    """once.compile_once on SQLite: prepare in a read snapshot, insert under a short write lock."""
    now = now or write_barrier(database)
    for attempt in range(1, ATTEMPTS + 1):
        with database.read_session() as session:  # begun by its first read (marks), ended by the close
            seen = marks(session)
            event = session.get(Event, event_id)
            if event is None:
                raise ValueError("event_id: unknown event")
            planned = prepare_brief(session, event, day, now=now, compiled_by_id=compiled_by_id,
                                    new_revision=new_revision, compiled_at=compiled_at)
        if isinstance(planned, CompileResult):
            return planned
        if after_read is not None:
            after_read(attempt)
        with database.transaction() as session:
            what = changed_since(session, seen, event_id, planned["cutoff"])
            if what is None:
                return store_brief(session, planned)
        log.info("brief event=%s day=%s: %s committed while reading (attempt %s); reading again",
                 event_id, day, what, attempt)
    raise KeptChanging(f"day: the reports of {day} kept changing while it was compiled; try again")
