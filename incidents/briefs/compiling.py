"""Compiling a brief once: the lock per (event, day), the reading half, the INSERT that refuses a taken
revision, and publishing (签发).

Compiling again makes a new revision; nothing stored is ever changed, except publishing.
Exactly once: UNIQUE(event_id, day, revision) plus INSERT ... ON CONFLICT DO NOTHING; on
PostgreSQL also `pg_try_advisory_xact_lock` per (event, day). The transaction around it is
once.py's (PostgreSQL) or snapshot.py's (SQLite).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.audit import services as audit
from incidents.auth.models import User
from incidents.briefs.build import build
from incidents.briefs.models import Brief, BriefStatus
from incidents.briefs.periods import brief_number, check_day, cutoff_for
from incidents.days import day_bounds
from incidents.db import now_utc
from incidents.events.models import Event

# Advisory-lock namespace ("BR"), so our keys never collide with another feature's.
LOCK_NAMESPACE = 0x4252

@dataclass
class CompileResult:
    """What a compile did: created a brief, found one already there, or found another compile running."""

    brief: Brief | None
    created: bool
    reason: str  # created | exists | busy | failed
    event_id: int | None = None  # which day, when there is no brief to say it (busy, failed)
    day: date | None = None
    error: str | None = None


def lock_key(event_id: int, day: date) -> int:
    """The advisory-lock key of one event-day (a signed 64-bit integer)."""
    return (LOCK_NAMESPACE << 48) | ((event_id & 0x7FFFFFF) << 20) | (day.toordinal() & 0xFFFFF)


def try_lock(session: Session, event_id: int, day: date) -> bool:
    """Take the (event, day) lock for this transaction; False if another compile holds it.

    On SQLite the write transaction already excludes every other writer.
    """
    if session.get_bind().dialect.name != "postgresql":
        return True
    return bool(session.scalar(sa.select(sa.func.pg_try_advisory_xact_lock(lock_key(event_id, day)))))


def _insert(session: Session, values: dict[str, Any]) -> int | None:
    """INSERT ... ON CONFLICT (event_id, day, revision) DO NOTHING; the new id, or None if taken."""
    dialect = session.get_bind().dialect.name
    keys = ["event_id", "day", "revision"]
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert
        stmt = pg_insert(Brief).values(**values).on_conflict_do_nothing(index_elements=keys).returning(Brief.id)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert
        stmt = sqlite_insert(Brief).values(**values).on_conflict_do_nothing(index_elements=keys).returning(Brief.id)
    return session.execute(stmt).scalar()


def compile_brief(session: Session, event: Event, day: date, *, now: datetime | None = None,
                  compiled_by_id: int | None = None, new_revision: bool = False,
                  compiled_at: datetime | None = None) -> CompileResult:
    """Compile the brief of one local day, once: the scheduled one, a provisional one, or a new revision.

    Without `new_revision`, an existing final (non-provisional) brief is returned untouched. A
    period not yet over gives a provisional brief (cut-off: now). The caller commits.
    """
    planned = prepare_brief(session, event, day, now=now, compiled_by_id=compiled_by_id,
                            new_revision=new_revision, compiled_at=compiled_at)
    return planned if isinstance(planned, CompileResult) else store_brief(session, planned)


def prepare_brief(session: Session, event: Event, day: date, *, now: datetime | None = None,
                  compiled_by_id: int | None = None, new_revision: bool = False,
                  compiled_at: datetime | None = None) -> CompileResult | dict[str, Any]:
    """The reading half of compile_brief: the row to insert, or the result if there is nothing to make."""
    now = (now or now_utc()).astimezone(UTC)
    compiled_at = (compiled_at or now).astimezone(UTC)
    check_day(event, day, now)
    start, end = day_bounds(event, day)
    if not try_lock(session, event.id, day):
        return CompileResult(None, False, "busy", event.id, day)
    # The revisions' numbers and statuses only: their contents (and ledgers) are not needed here.
    existing = session.execute(sa.select(Brief.id, Brief.revision, Brief.status)
                               .where(Brief.event_id == event.id, Brief.day == day)
                               .order_by(Brief.revision)).all()
    finals = [b for b in existing if b.status is not BriefStatus.PROVISIONAL]
    if finals and not new_revision:
        return CompileResult(session.get(Brief, finals[-1].id), False, "exists")
    cutoff = cutoff_for(event, day, now, bool(finals))
    status = BriefStatus.PROVISIONAL if cutoff < end else BriefStatus.COMPILED
    revision = (existing[-1].revision if existing else 0) + 1
    by = session.get(User, compiled_by_id) if compiled_by_id is not None else None
    content, ledger = build(session, event, day, cutoff=cutoff, revision=revision, status=status,
                            compiled_at=compiled_at, compiled_by=by.display_name if by else None)
    return {"event_id": event.id, "day": day, "revision": revision, "number": brief_number(event, day),
            "period_start": start, "period_end": end, "cutoff": cutoff, "compiled_at": compiled_at,
            "compiled_by_id": compiled_by_id, "status": status, "content": content.to_json(), "carry": ledger}


def store_brief(session: Session, values: dict[str, Any]) -> CompileResult:
    """The writing half of compile_brief: insert the prepared brief (unless its revision is taken) and audit it."""
    compiled_by_id = values["compiled_by_id"]
    brief_id = _insert(session, values)
    if brief_id is None:
        return CompileResult(None, False, "exists")
    # Its content and ledger are the plain JSON values just written (`to_json`, the ledger's dicts and
    # lists), equal to what reading them back gives (tests/briefs/test_compile_cost.py): not read and
    # parsed back (250 subdistricts: ~15 ms of json.loads for the 800 KB just dumped).
    brief = session.get(Brief, brief_id, options=[sa.orm.defer(Brief.content), sa.orm.defer(Brief.carry)])
    assert brief is not None  # inserted just above, in this session's transaction
    sa.orm.attributes.set_committed_value(brief, "content", values["content"])
    sa.orm.attributes.set_committed_value(brief, "carry", values["carry"])
    audit.record(session, compiled_by_id, "compile", brief, before=None, after=_summary(brief))
    return CompileResult(brief, True, "created")


def _summary(brief: Brief) -> dict[str, Any]:
    """What the audit trail keeps of a brief (the content itself stays in the brief)."""
    return {"event_id": brief.event_id, "day": brief.day.isoformat(), "revision": brief.revision,
            "number": brief.number, "cutoff": brief.cutoff.isoformat(), "status": brief.status.value,
            "published_at": brief.published_at.isoformat() if brief.published_at else None,
            "published_by_id": brief.published_by_id}

class Superseded(ValueError):
    """A revision with a newer one of its day: signing it would send figures already corrected."""

    def __init__(self, newer: Brief) -> None:
        super().__init__(f"revision: revision {newer.revision} of this day replaces it")
        self.newer = newer


def newer_revision(session: Session, brief: Brief) -> Brief | None:
    """The newest revision of a brief's day, when it is not this one."""
    return session.scalar(sa.select(Brief).where(Brief.event_id == brief.event_id, Brief.day == brief.day,
                                                 Brief.revision > brief.revision)
                          .order_by(Brief.revision.desc()).limit(1))


def publish(session: Session, brief: Brief, user_id: int, now: datetime | None = None) -> Brief:
    """Sign off (签发) a final brief, its day's newest revision: the only change a stored brief ever sees;
    signer and time, audited."""
    if brief.status is BriefStatus.PROVISIONAL:
        raise ValueError("status: a provisional brief cannot be published; compile it after the day ends")
    if brief.status is BriefStatus.PUBLISHED:
        return brief
    newer = newer_revision(session, brief)
    if newer is not None:
        raise Superseded(newer)
    before = _summary(brief)
    brief.status = BriefStatus.PUBLISHED
    brief.published_at = now or now_utc()
    brief.published_by_id = user_id
    session.flush()
    audit.record(session, user_id, "publish", brief, before=before, after=_summary(brief))
    return brief
