"""The ledger carried from one day's brief to the next, and the previous brief it comes from.

To-date figures are exact for every report known at the cut-off. Each brief keeps a ledger
(`Brief.carry`: its to-date sums, outage totals and peak, and which reports it counted), so the
next day's brief adds only what it did not count: the day's reports and the late ones. That keeps
a compile proportional to a day, not to the whole history. When the ledger cannot be trusted (no
brief for the day before, a report it counted was since edited, retracted or restored, an area
or the event changed, a late outage report reaches back past the trend window), every figure is
recomputed from all reports instead, so a correction shows in the next brief as it is, and a
fall against the previous brief's to-date is flagged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.audit.models import AuditEntry
from incidents.briefs import queries as q
from incidents.briefs.figures import Previous
from incidents.briefs.models import Brief
from incidents.briefs.speedups import StoredFigures
from incidents.events.models import Event
from incidents.reports.models import OutageUpdate, PowerOutage, Report, ReportKind

log = logging.getLogger(__name__)


# A compile's snapshot can miss only reports still being written as it began: their ids are
# within this many of the highest id it saw (the ids above top - window it saw are listed).
CARRY_WINDOW = 2000
# 2: staff on duty no longer read as a total to date (5 December); a ledger of 1 may hold it so, and is not carried.
# 3: the reports each interval kind's sums and disinfection count (6 December): a ledger of 2 has none to carry.
LEDGER_VERSION = 3
# Audit actions that change what a counted report adds (a verification changes nothing; a report
# sent back stops counting until it is resubmitted).
CHANGING_ACTIONS = ("update", "retract", "restore", "return")

@dataclass
class Carry:
    """The previous day's ledger and the reports it did not count (known at our cut-off)."""

    ledger: dict[str, Any]
    new_of: Callable[..., sa.Select]  # kinds → ids of the reports of those kinds it did not count
    cutoff: datetime          # the previous brief's cut-off
    at: datetime              # the instant its power figures were read at
    power: bool               # its outage totals and peak can be carried too
    sections: list[str] = field(default_factory=lambda: ["sums"])  # what was carried, for the new ledger


def ledger_keys(session: Session, event_id: int, cutoff: datetime) -> dict[str, Any]:
    """Which reports a ledger taken now counts: all known by the cut-off up to the top id seen."""
    top = session.scalar(sa.select(sa.func.max(Report.id))) or 0
    recent = list(session.scalars(q.recent_ids(event_id, top - CARRY_WINDOW, cutoff)))
    audit_top = session.scalar(sa.select(sa.func.max(AuditEntry.id))) or 0
    return {"version": LEDGER_VERSION, "cutoff": cutoff.isoformat(), "top_id": top, "recent": recent,
            "audit_top": audit_top}


def carried_ledger(session: Session, event: Event, previous: Previous, start: datetime, cutoff: datetime,
           window_start: datetime) -> Carry | None:
    """The previous day's ledger, if it can be carried: else None (every figure from all reports)."""
    brief = previous.brief
    ledger = brief.carry if brief is not None else None
    if brief is None or not ledger or ledger.get("version") != LEDGER_VERSION or brief.period_end != start:
        return None
    since = datetime.fromisoformat(ledger["cutoff"])
    # Anything changed since the ledger was taken that it counted, or the areas or the event:
    # audit ids after (near) its top, so a change committed while it was taken is caught too.
    # (Each audit row looks its report up by id: the recent rows are few, the reports many.)
    counted = sa.exists().where(Report.id == AuditEntry.entity_id, Report.event_id == event.id,
                                Report.reported_at <= since)
    changed = session.scalar(sa.select(AuditEntry.id).where(
        AuditEntry.id > ledger["audit_top"] - CARRY_WINDOW, AuditEntry.action.in_(CHANGING_ACTIONS),
        sa.or_(AuditEntry.entity.in_(("areas", "events")),
               sa.and_(AuditEntry.entity == "reports", counted))).limit(1))
    if changed is not None:
        log.info("brief %s: counted reports changed since; recomputing from all reports", brief.id)
        return None
    def new_of(*kinds: ReportKind) -> sa.Select:
        return q.new_reports(event.id, since, cutoff, ledger["top_id"], ledger["recent"], CARRY_WINDOW, kinds)

    at = datetime.fromisoformat(ledger["power"]["at"]) if ledger.get("power") else None
    # An outage report the ledger missed although known by then, or reaching back before the
    # trend window (the carried peak covers that time): the rule runs on every outage.
    o = PowerOutage.__table__
    outage_news = new_of(ReportKind.OUTAGE, ReportKind.OUTAGE_UPDATE)
    power = at is not None and not session.scalar(sa.select(sa.or_(
        sa.exists().where(Report.id.in_(outage_news),
                          sa.or_(Report.reported_at <= since, Report.observed_at < window_start)),
        sa.exists().where(o.c.id.in_(new_of(ReportKind.OUTAGE)), o.c.started_at < window_start))))
    return Carry(ledger, new_of, since, at or start, power)


def unsettled(session: Session, window_start: datetime, carry: Carry) -> sa.Select:
    """Ids of outages whose state may differ from the ledger's: not restored before the window,
    or with a report the ledger did not count (each part an index range)."""
    o, u = PowerOutage.__table__, OutageUpdate.__table__
    ids = sa.union(
        sa.select(o.c.id).where(o.c.restored_at.is_(None)),
        sa.select(o.c.id).where(o.c.restored_at >= window_start),
        carry.new_of(ReportKind.OUTAGE),
        sa.select(u.c.outage_id).where(u.c.id.in_(carry.new_of(ReportKind.OUTAGE_UPDATE))),
    ).subquery("unsettled").select()
    if session.get_bind().dialect.name != "postgresql":
        # SQLite reads the set first and looks each outage up by id.
        return ids
    # PostgreSQL would hash the set against every outage in the history: hand it the ids.
    from sqlalchemy.dialects.postgresql import ARRAY

    found = list(session.scalars(ids))
    return sa.select(sa.func.unnest(sa.bindparam("unsettled", found, type_=ARRAY(sa.Integer))))


def outage_ids(states: list[Any], fallback: sa.Select | None) -> sa.Select | None:
    """A SELECT of these outages' ids (for the rule on just them), if they are not too many to list."""
    if len(states) > 5000:
        return fallback
    t = PowerOutage.__table__
    return sa.select(t.c.id).where(t.c.id.in_([s.outage_id for s in states]))

def previous_brief(session: Session, event: Event, day: date, cutoff: datetime) -> Previous:
    """The latest revision of the previous day's brief compiled with what was known by our cut-off."""
    brief = session.scalars(
        sa.select(Brief).where(Brief.event_id == event.id, Brief.day == day - timedelta(days=1),
                               Brief.cutoff <= cutoff)
        .order_by(Brief.revision.desc()).limit(1)).first()
    if brief is None:
        return Previous(None, None)
    if not isinstance(brief.content, dict):  # pragma: no cover - a brief of an older schema
        log.warning("brief %s: content unreadable, previous figures not carried", brief.id)
        return Previous(brief, None)
    return Previous(brief, StoredFigures(brief.content))
