"""The outage's restoration mirror (restored_at): when the timeline's rule last found it restored.

The headline figures, the events download, the ledger's settled outages and the doubt of a second
outage at a place read the mirror, not the rule: it is the rule's answer with every counted report
(timelines/rule.py: some word of restoration and nothing known still out), kept in step on every
write that can change it: an update created, edited, retracted or restored; the outage itself
edited or its status changed; an archive restored (`resync`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.audit import services as audit
from incidents.reports.models import PowerOutage, Report, ReportKind
from incidents.timelines.rule import OutageInfo, bound, points_in_order, with_only
from incidents.timelines.speedups import instant_cache
from incidents.timelines.states import outage_states, read_outage
from incidents.vague import Precision, ended_no_earlier

# Every report counts, whenever observed or received: later than any time the rules let one have.
EVER = datetime(9000, 1, 1, tzinfo=UTC)


def mirror(session: Session, outage_id: int, user_id: int | None) -> None:
    """Set the outage's mirror from the rule (audited when it moves); an outage that does not count keeps its own."""
    pending = session.info.get(_DEFERRED)
    if pending is not None:
        pending[outage_id] = None
        return
    session.flush()
    # Read again and held: an update to the same outage sent at the same moment waits here, then
    # finds this one's update among the latest (PostgreSQL; on SQLite the flush took the write lock).
    # FOR NO KEY UPDATE: the update's own INSERT holds the outage FOR KEY SHARE, which FOR UPDATE
    # would wait on, each of two such transactions for the other.
    outage = session.get(PowerOutage, outage_id, populate_existing=True, with_for_update={"key_share": True})
    # outage_id is a non-null foreign key (ON DELETE RESTRICT): the outage exists.
    assert outage is not None
    # The rule's points of this outage alone, read as the timeline reads an outage (read_outage); its area's
    # names, which the mirror does not need, are not looked up: that query was ~40% of the mirror's cost.
    points = points_of(session, outage.event_id, outage_id)
    if not points:
        return  # sent back or retracted: counted nowhere; set again when it counts again
    info = OutageInfo(outage.area_id, outage.started_at, outage.started_precision, "", None, None, None, None)
    state = read_outage(outage_id, info, points, instant_cache())[0]
    before = audit.snapshot(outage)
    _set(outage, state.restored_at, state.restored_precision)
    if audit.snapshot(outage) != before:
        # The mirror bumps the outage's version: its history must say why.
        audit.record(session, user_id, "restoration", outage, before=before)


# MIRROR_ONCE: an import of outage updates stores its rows one by one (each validated against the updates
# before it), all in one transaction that nobody sees until it commits. Each outage's mirror is set once, at
# the end, from all of them: its audit row says where the file left it, as one edit of several fields says
# where the edit left the report. Per row, the mirror's rule read was most of what an update's import cost on
# PostgreSQL (psycopg parses a statement this long anew each time): 1.38x the cost before the mirror
# (docs/imports.md, "3 December, night").
_DEFERRED = "incidents.restoration_deferred"


@contextmanager
def once_at_the_end(session: Session, user_id: int | None) -> Iterator[None]:
    """Within it, the outages whose mirror would move are noted; on leaving without an error each is set once."""
    pending: dict[int, None] = {}
    session.info[_DEFERRED] = pending
    try:
        yield
    finally:
        del session.info[_DEFERRED]
    for outage_id in pending:
        mirror(session, outage_id, user_id)


# ONE_OUTAGE: the rule's statement for one outage is built once, its outage a parameter. fetch_points builds
# `only` and its CTE anew on each call, and SQLAlchemy then walks the whole statement for its cache key
# (memoized on a statement object, so once here): 1.75 → 0.56 ms CPU a call on SQLite, 5.9 → 2.9 ms on
# PostgreSQL, where psycopg's parse of this long statement (too long for its cache) is most of what is left.
OUTAGE_ID = "mirror_outage_id"


@functools.cache
def _one_outage() -> sa.Select:
    return with_only(points_in_order(True), sa.select(sa.bindparam(OUTAGE_ID, type_=sa.Integer)))


def points_of(session: Session, event_id: int, outage_id: int) -> Sequence[Any]:
    """The rule's points of one outage, every counted report counted (fetch_points with `only` this outage)."""
    values = {**bound(event_id, EVER, EVER), OUTAGE_ID: outage_id}
    return session.connection().execute(_one_outage(), values).all()


def held_to_start(outage: PowerOutage) -> None:
    """An edited outage's mirror kept no earlier than its start before it is written: a start moved into the
    restoration's minute (vague.minute_before) passes its seconds; the rule then sets the mirror afresh."""
    _set(outage, outage.restored_at, outage.restored_precision)


def _set(outage: PowerOutage, at: datetime | None, precision: Precision | None) -> None:
    outage.restored_at, outage.restored_precision = _kept(outage.started_at, at, precision)


def _kept(started_at: datetime, at: datetime | None, precision: Precision | None
          ) -> tuple[datetime | None, Precision | None]:
    # The rule already counts a restoration stored before a vague start at the start (rule._points); the
    # mirror is kept no earlier than the start all the same, so the database's check holds whatever it is given.
    return (ended_no_earlier(started_at, at), precision) if at is not None else (None, None)


def resync(session: Session) -> int:
    """Set every counted outage's mirror from the rule, event by event (a restored archive); the number changed.

    The outages' own table only: no version moves, no history row (the archive's history stands).
    """
    o: sa.Table = PowerOutage.__table__  # type: ignore[assignment]  # the outages' own table, not the join
    r = Report.__table__
    changed: list[dict[str, object]] = []
    events = sa.select(Report.event_id).where(Report.kind == ReportKind.OUTAGE).distinct()
    for event_id in list(session.scalars(events)):
        states = {s.outage_id: s for s in outage_states(session, event_id, EVER, EVER)}
        stored = session.execute(sa.select(o.c.id, o.c.started_at, o.c.restored_at, o.c.restored_precision)
                                 .join(r, r.c.id == o.c.id).where(r.c.event_id == event_id)).all()
        for oid, started_at, at, precision in stored:
            if oid not in states:
                continue  # sent back or retracted: as in `mirror`
            want = _kept(started_at, states[oid].restored_at, states[oid].restored_precision)
            if (at, precision) != want:
                changed.append({"oid": oid, "at": want[0], "precision": want[1]})
    if changed:
        session.connection().execute(
            sa.update(o).where(o.c.id == sa.bindparam("oid"))
            .values(restored_at=sa.bindparam("at", type_=o.c.restored_at.type),
                    restored_precision=sa.bindparam("precision", type_=o.c.restored_precision.type)), changed)
    return len(changed)
