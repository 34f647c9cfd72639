"""Restorations since the previous brief (上期): what it showed of an outage that news since tells otherwise.

Restored before this period though it showed it open (late); restored at another time than it showed (corrected);
still out though it showed it restored in its period (withdrawn), or before its period, where its lists name it
nowhere (withdrawn earlier). What it showed is read from its stored lists, as its other figures are; an outage they
leave unnamed (cut at 30, or back before its period) off the reports as they stood when it was compiled.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.audit.models import AuditEntry
from incidents.briefs.content import Change
from incidents.briefs.figures import CHANGE_NAMES, Previous, still_out, summarised, when
from incidents.briefs.ledger import CHANGING_ACTIONS
from incidents.briefs.models import Brief
from incidents.briefs.quantities import When
from incidents.briefs.sql import known
from incidents.reports.models import COUNTED, OutageUpdate, PowerOutage


class Since(NamedTuple):
    """The outages 上期 showed otherwise: late (states), the others with the restoration it showed."""

    late: list[Any]
    corrected: list[tuple[Any, When]]
    withdrawn: list[tuple[Any, When]]
    withdrawn_earlier: list[tuple[Any, When]]



def _changed_since(brief: Brief) -> sa.ColumnElement[bool]:
    """The audit rows after those 上期 saw: after its ledger's audit top (an id range, few), or without one after its
    cut-off."""
    a = AuditEntry
    audit_top = (brief.carry or {}).get("audit_top")
    since = a.id > audit_top if isinstance(audit_top, int) else a.at > brief.cutoff
    # `entity || ''`: SQLite would rather walk the entity index (every report's rows) than the id range.
    return sa.and_(since, a.entity + "" == "reports", a.action.in_(CHANGING_ACTIONS))


def learned_since(session: Session, event_id: int, start: datetime, end: datetime, cutoff: datetime, brief: Brief
                  ) -> set[int]:
    """Outages with news 上期 did not see: an update about the time before the period received after its cut-off, or
    an update up to the period's end changed since it was compiled (edited, retracted, sent back or restored: an
    edit keeps its reported_at, so a restoration's time corrected by PATCH is found only here)."""
    u, a = OutageUpdate, AuditEntry
    changed = sa.select(a.entity_id).where(_changed_since(brief))
    return set(session.scalars(sa.union(
        sa.select(u.outage_id).where(*known(u, event_id, cutoff), u.reported_at > brief.cutoff, u.observed_at < start),
        # Counted now or not: a restoration retracted since counts nowhere, and is news all the same.
        sa.select(u.outage_id).where(u.id.in_(changed), u.event_id == event_id, u.reported_at <= cutoff,
                                     u.observed_at < end))))


def restorations_since(session: Session, event_id: int, start: datetime, end: datetime, cutoff: datetime,
                       previous: Previous | None, states: list[Any], again: set[int]) -> Since:
    """What 上期 showed of an outage that news since tells otherwise (`Since`), each by its time; `again`: the outages
    out again in this period (said so by outage_again, no correction)."""
    if previous is None or previous.brief is None:
        return Since([], [], [], [])  # lists of its own: a caller may add to them
    by_id = {s.outage_id: s for s in states}
    learned = learned_since(session, event_id, start, end, cutoff, previous.brief) & set(by_id)
    if not learned:
        return Since([], [], [], [])
    listed, whole = previous.outages_listed() or ({}, False)
    earlier: dict[int, When] = {}
    unnamed = learned - set(listed)
    if unnamed:
        shown_start = previous.brief.period_start
        for i, shown in as_they_stood(session, event_id, start, previous.brief, unnamed).items():
            if shown.at is not None and shown.at < shown_start:
                earlier[i] = shown  # counted restored before its period: in neither list, cut or not
            elif not whole:
                listed[i] = shown  # beyond a list's 30: as if named
    late, corrected, withdrawn = [], [], []
    for i in sorted(learned & set(listed), key=lambda i: (by_id[i].restored_at or listed[i].at or start, i)):
        s, shown = by_id[i], listed[i]
        now = when(s.restored_at, s.restored_precision)
        if not s.restored:
            # Out again in this period after the restoration it showed: outage_again says that, no correction.
            if shown.at is not None and i not in again:
                withdrawn.append((s, shown))
        elif _restored_before(s, start):
            if shown.at is None:
                late.append(s)
            elif shown != now:
                corrected.append((s, shown))
        # Moved into this period; one out again in it and back is restored anew, not corrected.
        elif shown.at is not None and shown != now and i not in again:
            corrected.append((s, shown))
    # Back before 上期's period, out now: a restoration moved to another time is no news of either period.
    withdrawn_earlier = [(by_id[i], earlier[i]) for i in sorted(earlier, key=lambda i: (earlier[i].at, i))
                         if not by_id[i].restored and i not in again]
    return Since(late, corrected, withdrawn, withdrawn_earlier)


def as_they_stood(session: Session, event_id: int, start: datetime, brief: Brief, ids: Iterable[int]
                  ) -> dict[int, When]:
    """The restoration `brief` counted of each of these outages at `start` (When(): still out), as the reports stood
    when it was compiled; those it did not know left out.

    The rule's state at its cut-off, on the reports as they are, where no update of the outage was changed since
    (an edit keeps its reported_at, a retraction takes it out): where one was, its audit row's `before` (the first
    after those 上期 saw) says what it counted. Its latest full restoration then, unless a later update it counted,
    unchanged since, had it out; else a restoration now given only by a changed update was none then (still out).
    """
    from incidents.timelines.services import outage_states

    t, u, a = PowerOutage.__table__, OutageUpdate, AuditEntry
    wanted = sorted(ids)
    then = {s.outage_id: s for s in outage_states(session, event_id, start, brief.cutoff,
                                                  sa.select(t.c.id).where(t.c.id.in_(wanted)))}
    first = (sa.select(a.entity_id.label("rid"), sa.func.min(a.id).label("first"))
             .where(_changed_since(brief), a.entity_id.in_(sa.select(u.id).where(u.outage_id.in_(wanted))))
             .group_by(a.entity_id).subquery("first_change"))
    restorations: dict[int, tuple[datetime, str | None]] = {}
    changed_at: dict[int, set[datetime]] = {}
    for oid, observed_at, before in session.execute(
            sa.select(u.outage_id, u.observed_at, a.before).join(first, first.c.rid == u.id)
            .join(a, a.id == first.c.first).where(u.event_id == event_id)):
        changed_at.setdefault(oid, set()).add(_second(observed_at))
        was = _restoration(before, start, brief.cutoff)
        if was is not None and (oid not in restorations or was[0] > restorations[oid][0]):
            restorations[oid] = was
    stood = {}
    for oid, s in then.items():
        moved, was = changed_at.get(oid, set()), restorations.get(oid)
        last = _second(s.last_update_at) if s.last_update_at is not None else None
        if was is not None and (last is None or last <= _second(was[0]) or last in moved):
            stood[oid] = When(*was)
        elif s.restored and s.restored_at is not None and _second(s.restored_at) not in moved:
            stood[oid] = when(s.restored_at, s.restored_precision)
        else:
            stood[oid] = When()
    return stood


def _restoration(before: dict[str, Any] | None, start: datetime, cutoff: datetime
                 ) -> tuple[datetime, str | None] | None:
    """A full restoration before `start` an update counted as it stood (its audit `before`), known by `cutoff`: its
    time and precision."""
    if not before or not before.get("fully_restored") or before.get("status") not in _COUNTED:
        return None
    observed, reported = before.get("observed_at"), before.get("reported_at")
    if not observed or not reported:
        return None
    at = datetime.fromisoformat(observed)
    if at >= start or datetime.fromisoformat(reported) > cutoff:
        return None
    return at, before.get("observed_precision")


_COUNTED = frozenset(s.value for s in COUNTED)


def _second(at: datetime) -> datetime:
    """An instant to the whole second, as the rule gives its points."""
    return at.replace(microsecond=0)


def _restored_before(s: Any, start: datetime) -> bool:
    """Whether an outage's state is restored, its restoration before `start`."""
    return bool(s.restored) and s.restored_at is not None and s.restored_at < start


def restoration_changes(since: Since) -> list[Change]:
    """The 较上期变化 sentences of `since`: late, corrected, withdrawn, withdrawn earlier."""
    late, corrected, withdrawn, earlier = since
    changes = summarised([Change("restored_late", s.area_name, s.area_name_en,
                                 when(s.restored_at, s.restored_precision))
                          for s in late[:CHANGE_NAMES + 1]], len(late), "restored_late_many")
    changes += summarised([Change("restored_corrected", s.area_name, s.area_name_en,
                                  when(s.restored_at, s.restored_precision), was=shown)
                           for s, shown in corrected[:CHANGE_NAMES + 1]], len(corrected), "restored_corrected_many")
    for kind, outages in (("restored_withdrawn", withdrawn), ("restored_withdrawn_earlier", earlier)):
        changes += summarised([Change(kind, s.area_name, s.area_name_en, was=shown, qty=still_out(s, "households"))
                               for s, shown in outages[:CHANGE_NAMES + 1]], len(outages), f"{kind}_many")
    return changes

