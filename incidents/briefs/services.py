"""Daily briefs: periods, numbering, compile (exactly once per event-day and revision), publish.

A brief covers one local day of the event (00:00–24:00, 23 or 25 hours across DST) and is due
at the event's brief time on the next local day. The scheduled brief's cut-off is that due time,
so a catch-up compile hours or days later makes the same brief. Only reports known by the
cut-off (`reported_at <= cutoff`) are used. Compiling again makes a new revision; nothing stored
is ever changed, except publishing.

To-date figures are exact for every report known at the cut-off. Each brief keeps a ledger
(`Brief.carry`: its to-date sums, outage totals and peak, and which reports it counted), so the
next day's brief adds only what it did not count: the day's reports and the late ones. That keeps
a compile proportional to a day, not to the whole history. When the ledger cannot be trusted (no
brief for the day before, a report it counted was since edited, retracted or restored, an area
or the event changed, a late outage report reaches back past the trend window), every figure is
recomputed from all reports instead, so a correction shows in the next brief as it is, and a
fall against the previous brief's to-date is flagged.

Exactly once: UNIQUE(event_id, day, revision) plus INSERT ... ON CONFLICT DO NOTHING; on
PostgreSQL also `pg_try_advisory_xact_lock` per (event, day), in one REPEATABLE READ transaction;
on SQLite the compile reads in a snapshot and takes the write lock only for the INSERT, after
checking that nothing it read has changed (briefs/snapshot.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.audit import services as audit
from incidents.audit.models import AuditEntry
from incidents.auth.models import User
from incidents.briefs import queries as q
from incidents.briefs.content import (
    ActivityLine,
    AreaName,
    BriefContent,
    CategoryFigure,
    Change,
    DayPoint,
    Debris,
    Disinfection,
    Figure,
    Header,
    LateReport,
    Operation,
    OutageLine,
    Power,
    Pumping,
    Qty,
    Quality,
    ReturnedReport,
    SubdistrictRow,
    When,
)
from incidents.briefs.models import Brief, BriefStatus
from incidents.briefs.revisions import own_points, revised
from incidents.days import day_bounds, local_day
from incidents.db import Database, now_utc
from incidents.events.models import Event
from incidents.reports.models import OutageUpdate, PowerOutage, PumpingOperation, Report, ReportKind

log = logging.getLogger(__name__)

# Lists in a brief are for reading aloud: the longest-running first, the rest counted.
LIST_LIMIT = 30
ACTIVITY_LIMIT = 100
LATE_LIMIT = 30
CHANGE_LIMIT = 8
# More than this many alike changes are told as one sentence with a count and the first names.
CHANGE_NAMES = 3
# Advisory-lock namespace ("BR"), so our keys never collide with another feature's.
LOCK_NAMESPACE = 0x4252
# A compile's snapshot can miss only reports still being written as it began: their ids are
# within this many of the highest id it saw (the ids above top - window it saw are listed).
CARRY_WINDOW = 2000
LEDGER_VERSION = 1
# Audit actions that change what a counted report adds (a verification changes nothing; a report
# sent back stops counting until it is resubmitted).
CHANGING_ACTIONS = ("update", "retract", "restore", "return")


# ---- periods and numbering ------------------------------------------------------------------

def first_day(event: Event) -> date:
    """The event's first local day (brief 第1期)."""
    return local_day(event, event.starts_at)


def brief_number(event: Event, day: date) -> int:
    """The issue number (第N期): one per local day since the event began."""
    return (day - first_day(event)).days + 1


def due_at(event: Event, day: date) -> datetime:
    """When the brief for `day` is due: the event's brief time on the next local day (UTC)."""
    local = datetime.combine(day + timedelta(days=1), event.brief_time, event.tz)
    return local.astimezone(UTC)


def last_due_day(event: Event, now: datetime) -> date | None:
    """The latest day whose brief is due by `now` (None if none yet), never past the event's end."""
    today = local_day(event, now)
    day = today - timedelta(days=1)
    while due_at(event, day) > now:
        day -= timedelta(days=1)
    if event.ends_at is not None:
        day = min(day, last_day(event))
    return day if day >= first_day(event) else None


def last_day(event: Event) -> date | None:
    """The event's last local day (an end at midnight closes the day before); None while it runs."""
    if event.ends_at is None:
        return None
    day = local_day(event, event.ends_at)
    return day - timedelta(days=1) if day_bounds(event, day)[0] >= event.ends_at else day


def cutoff_for(event: Event, day: date, now: datetime, has_final: bool) -> datetime:
    """The cut-off of a compile now: the due time for the first final brief, else the moment."""
    now = now.astimezone(UTC)
    if has_final:
        return now
    return min(now, due_at(event, day))


# ---- building the content ------------------------------------------------------------------

def _qty(value: int | None, lb: bool = False, approx: bool = False, cum: bool = False) -> Qty:
    return Qty(value, bool(lb) and value is not None, bool(approx) and value is not None,
               bool(cum) and value is not None)


def _add(a: Qty, b: Qty) -> Qty:
    if a.value is None:
        return Qty(b.value, b.lb, b.approx, b.cum)
    if b.value is None:
        return a
    return Qty(a.value + b.value, a.lb or b.lb, a.approx or b.approx, a.cum or b.cum)


def _when(at: datetime | None, precision: Any) -> When:
    return When(at, getattr(precision, "value", precision) if at is not None else None)


@dataclass
class _Previous:
    """The previous day's brief, whose to-date figures this one carries beside its own."""

    brief: Brief | None
    content: BriefContent | None

    def figure(self, path: str) -> Qty | None:
        """A previous to-date figure by dotted path (pumping.volume_m3, disinfection:<code>, sub:<id>:<name>)."""
        c = self.content
        if c is None:
            return None
        if path.startswith("disinfection:"):
            code = path.split(":", 1)[1]
            if code == q.PERSON_TIMES:
                return c.disinfection.person_times.to_date
            if code == q.STAFF:
                return c.disinfection.staff.to_date
            return next((cf.figure.to_date for cf in c.disinfection.categories if cf.code == code), None)
        if path.startswith("sub:"):
            _, sub_id, name = path.split(":")
            key = None if sub_id == "" else int(sub_id)
            row = next((r for r in c.subdistricts if r.area_id == key), None)
            return getattr(row, name).to_date if row is not None else None
        section, name = path.split(".")
        return getattr(getattr(c, section), name).to_date


def _figure(period: Qty, to_date: Qty, previous: _Previous, path: str) -> Figure:
    before = previous.figure(path)
    # A to-date figure below the previous brief's (a correction, a retraction, a smaller total
    # to date): said plainly, never hidden. Gone altogether counts as 0 here.
    fell = bool(before is not None and before.value is not None and (to_date.value or 0) < before.value)
    if before is not None and before.value is None:
        before = None
    return Figure(period, to_date, before, fell)


def _sum_figure(sums: dict[Any, dict[str, q.Sum]], name: str, previous: _Previous, path: str,
                subs: list[Any] | None = None) -> Figure:
    period, to_date = Qty(), Qty()
    for sub_id, per_name in sums.items():
        if subs is not None and sub_id not in subs:
            continue
        s = per_name[name]
        if s.period_reports:
            period = _add(period, _qty(s.period, s.period_lb, s.period_approx))
        to_date = _add(to_date, _qty(s.to_date, s.to_date_lb, s.to_date_approx))
    return _figure(period, to_date, previous, path)


# ---- the ledger carried from one day's brief to the next ------------------------------------

@dataclass
class _Carry:
    """The previous day's ledger and the reports it did not count (known at our cut-off)."""

    ledger: dict[str, Any]
    new_of: Callable[..., sa.Select]  # kinds → ids of the reports of those kinds it did not count
    cutoff: datetime          # the previous brief's cut-off
    at: datetime              # the instant its power figures were read at
    power: bool               # its outage totals and peak can be carried too
    sections: list[str] = field(default_factory=lambda: ["sums"])  # what was carried, for the new ledger


def _ledger_keys(session: Session, event_id: int, cutoff: datetime) -> dict[str, Any]:
    """Which reports a ledger taken now counts: all known by the cut-off up to the top id seen."""
    top = session.scalar(sa.select(sa.func.max(Report.id))) or 0
    recent = list(session.scalars(q.recent_ids(event_id, top - CARRY_WINDOW, cutoff)))
    audit_top = session.scalar(sa.select(sa.func.max(AuditEntry.id))) or 0
    return {"version": LEDGER_VERSION, "cutoff": cutoff.isoformat(), "top_id": top, "recent": recent,
            "audit_top": audit_top}


def _carry(session: Session, event: Event, previous: _Previous, start: datetime, cutoff: datetime,
           window_start: datetime) -> _Carry | None:
    """The previous day's ledger, if it can be carried: else None (every figure from all reports)."""
    brief = previous.brief
    ledger = brief.carry if brief is not None else None
    if not ledger or ledger.get("version") != LEDGER_VERSION or brief.period_end != start:
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
    return _Carry(ledger, new_of, since, at or start, power)


def _unsettled(session: Session, window_start: datetime, carry: _Carry) -> sa.Select:
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


def _ids(states: list[Any], fallback: sa.Select | None) -> sa.Select | None:
    """A SELECT of these outages' ids (for the rule on just them), if they are not too many to list."""
    if len(states) > 5000:
        return fallback
    t = PowerOutage.__table__
    return sa.select(t.c.id).where(t.c.id.in_([s.outage_id for s in states]))


def _outage_totals(states: list[Any]) -> dict[str, int]:
    """What outages add to the totals to date (counts, so a ledger can take some away again)."""
    t = dict.fromkeys(("outages", "restored", "h_sum", "h_known", "h_lb", "b_sum", "b_known", "b_lb"), 0)
    for s in states:
        t["outages"] += 1
        t["restored"] += bool(s.restored)
        if s.households_affected is not None:
            t["h_sum"] += s.households_affected
            t["h_known"] += 1
            t["h_lb"] += bool(s.households_affected_lb)
        if s.buildings_affected is not None:
            t["b_sum"] += s.buildings_affected
            t["b_known"] += 1
            t["b_lb"] += bool(s.buildings_affected_lb)
    return t


def _window_max(series: Any, values: int, unknowns: int, lo: float | None, hi: float) -> list[Any]:
    """The first highest value in effect in [lo, hi) (epoch seconds; lo None: from the start):
    [value, unknown outages then, epoch] or [0, 0, None]."""
    times, vals, unk = series[0], series[values], series[unknowns]
    best = [0, 0, None]
    for i, t in enumerate(times):
        if t >= hi:
            break
        # The point in effect at lo began before it: it counts (at its own time) if nothing follows.
        if lo is not None and t < lo and i + 1 < len(times) and times[i + 1] <= lo:
            continue
        if vals[i] > best[0]:
            best = [vals[i], unk[i], t]
    return best


def _max_of(a: list[Any], b: list[Any]) -> list[Any]:
    """The higher of two [value, unknown, epoch] peaks; the earlier on a tie."""
    if b[0] > a[0] or (b[0] == a[0] and b[0] and a[2] is not None and b[2] is not None and b[2] < a[2]):
        return b
    return a


def _power(session: Session, event: Event, start: datetime, end: datetime, cutoff: datetime,
           window_start: datetime, next_window: datetime, carry: _Carry | None
           ) -> tuple[Power, dict[int | None, dict[str, Any]], list[Change], Any, dict[str, Any]]:
    """Power from the one outage-state rule (timelines): at the period's end, as known at the cut-off.

    With a carried ledger the rule reads only the outages not settled before the trend window
    (the others are restored and unchanged): totals are the ledger's, less what those outages
    added then, plus what they add now; the peak is the ledger's peak before the window or the
    window's own.
    """
    try:
        from incidents.timelines.services import outage_states, states_and_curve
    except ImportError:  # pragma: no cover - the timelines service ships with the app
        return Power(available=False), {}, [], None, {}
    at = min(end, cutoff)
    only = _unsettled(session, window_start, carry) if carry is not None and carry.power else None
    if only is not None:
        carry.sections.append("power")
    states, curve = states_and_curve(session, event.id, at, cutoff, only)
    totals = _outage_totals(states)
    if only is not None:
        before = _outage_totals(outage_states(session, event.id, carry.at, carry.cutoff, only))
        kept = carry.ledger["power"]["totals"]
        totals = {k: kept[k] - before[k] + totals[k] for k in totals}
    power = Power(outages_to_date=totals["outages"], restored_to_date=totals["restored"],
                  households_affected=_qty(totals["h_sum"] if totals["h_known"] else None, totals["h_lb"]),
                  households_affected_unknown=totals["outages"] - totals["h_known"],
                  buildings_affected=_qty(totals["b_sum"] if totals["b_known"] else None, totals["b_lb"]),
                  buildings_affected_unknown=totals["outages"] - totals["b_known"])
    per_sub: dict[int | None, dict[str, Any]] = {}
    opened, restored, new = [], [], []
    for s in states:
        row = per_sub.setdefault(s.subdistrict_id, {"open": 0, "households": Qty(), "restored": 0,
                                                    "unknown": 0})
        if s.started_at >= start:
            new.append(s)
        if s.restored:
            # Restored in the period: its current restoration began in it (the rule's restored_at).
            if s.restored_at is not None and s.restored_at >= start:
                restored.append(s)
                row["restored"] += 1
            continue
        opened.append(s)
        row["open"] += 1
        h = _qty(s.households_out, s.households_out_lb)
        row["households"] = _add(row["households"], h)
        row["unknown"] += s.households_out is None
        power.households_out = _add(power.households_out, h)
        power.buildings_out = _add(power.buildings_out, _qty(s.buildings_out, s.buildings_out_lb))
        power.households_unknown += s.households_out is None
        power.buildings_unknown += s.buildings_out is None
        # Some restored, some still out, with news in the period.
        if s.last_update_at is not None and s.last_update_at >= start and (
                (s.households_out or 0) < (s.households_affected or 0)
                or (s.buildings_out or 0) < (s.buildings_affected or 0)):
            power.partial_in_period += 1
    power.open_outages = len(opened)
    power.new_in_period = len(new)
    power.restored_in_period = len(restored)
    # What came back in the period: the falls in households and buildings out, partial
    # restorations counted (not the size of the outages that reached zero).
    from incidents.timelines.falls import restored_between

    subs = {s.outage_id: s.subdistrict_id for s in states}
    for oid, back in restored_between(session, event.id, start, at, cutoff, only).items():
        h = _qty(back.households or None, back.households_lb)
        power.households_restored = _add(power.households_restored, h)
        power.buildings_restored = _add(power.buildings_restored, _qty(back.buildings or None, back.buildings_lb))
        row = per_sub.setdefault(subs.get(oid), {"open": 0, "households": Qty(), "restored": 0, "unknown": 0})
        row["households_back"] = _add(row.get("households_back", Qty()), h)
    opened.sort(key=lambda s: (s.started_at, s.outage_id))
    # What the office already knew by the cut-off about outages still open at the period's end.
    after = ({s.outage_id: s for s in outage_states(session, event.id, cutoff, cutoff, _ids(opened, only))}
             if cutoff > end and opened else {})
    power.open_total = len(opened)
    power.open = [_outage_line(s, at, after.get(s.outage_id)) for s in opened[:LIST_LIMIT]]
    power.restored_after_period = sum(1 for s in opened if s.outage_id in after and after[s.outage_id].restored)
    restored.sort(key=lambda s: (s.restored_at or at, s.outage_id))
    power.restored_total = len(restored)
    power.restored = [_outage_line(s, at, None) for s in restored[:LIST_LIMIT]]
    kept_peak = carry.ledger["power"]["peak_before"] if only is not None else None
    ledger = {"at": at.isoformat(), "totals": totals,
              "peak_before": _peak(power, curve, window_start, next_window, at, kept_peak)}
    changes = _summarised([Change("restored", s.area_name, s.area_name_en, _when(s.restored_at, s.restored_precision))
                           for s in restored[:CHANGE_NAMES + 1]], len(restored), "restored_many")
    changes += _summarised([Change("outage_new", s.area_name, s.area_name_en, _when(s.started_at, s.started_precision),
                                   qty=_qty(s.households_affected, s.households_affected_lb))
                            for s in sorted(new, key=lambda s: (s.started_at, s.outage_id))[:CHANGE_NAMES + 1]],
                           len(new), "outage_new_many")
    if power.partial_in_period:
        changes.append(Change("partial", count=power.partial_in_period))
    return power, per_sub, changes, curve, ledger


TREND_DAYS = 7


def _trend(session: Session, event: Event, day: date, cutoff: datetime, curve: Any) -> list[DayPoint]:
    """The last few days (this one included): outages open at each day's end, m³ and t per day."""
    days = [day - timedelta(days=i) for i in range(TREND_DAYS - 1, -1, -1)]
    days = [d for d in days if d >= first_day(event)]
    bounds = [day_bounds(event, days[0])[0]] + [day_bounds(event, d)[1] for d in days]
    bounds = [min(b, cutoff) for b in bounds]
    pumped = q.interval_series(session, q.PUMPED, "volume_m3", event.id, bounds, cutoff)
    cleared = q.interval_series(session, q.CLEARED, "mass_kg", event.id, bounds, cutoff)
    points = []
    own = own_points(session, event.id, days[:-1], cutoff)
    for i, d in enumerate(days):
        point = DayPoint(d, volume_m3=pumped[i], debris_kg=cleared[i])
        value = curve.value_at(bounds[i + 1]) if curve is not None else None
        if value is not None:
            point.open_outages, point.buildings_out = value.open_outages, value.buildings_out
            point.households_out = value.households_out
        elif curve is not None:
            point.open_outages = 0
        said = own.get(d)
        if said is not None:
            # What the day's own brief said: a later brief that differs says so (a mark and a note).
            point.revised = revised(point, said)
        points.append(point)
    return points


def _peak(power: Power, curve: Any, window_start: datetime, next_window: datetime, at: datetime,
          kept: dict[str, list[Any]] | None) -> dict[str, list[Any]]:
    """Peak to date and % of it restored, read off the timelines' restoration curve (same rule).

    `kept`: the ledger's peak before the trend window (the curve then holds only the outages
    unsettled since, exact from the window on). Returns the peak before the next day's window.
    """
    series = curve.series
    lo = window_start.timestamp() if kept is not None else None
    carried = {}
    for name, values, unknowns in (("households", 1, 4), ("buildings", 2, 5)):
        before = kept[name] if kept is not None else [0, 0, None]
        peak = _max_of(before, _window_max(series, values, unknowns, lo, at.timestamp() + 1))
        carried[name] = _max_of(before, _window_max(series, values, unknowns, lo, next_window.timestamp()))
        if not peak[0]:
            continue
        current = series[values][-1] if series[0] else 0
        setattr(power, f"peak_{name}", Qty(peak[0]))
        setattr(power, f"peak_{name}_unknown", int(peak[1] or 0))
        setattr(power, f"pct_restored_{name}", round(100.0 * (peak[0] - current) / peak[0], 1))
    return carried


def _outage_line(s: Any, at: datetime, later: Any) -> OutageLine:
    hours = None
    if not s.restored:
        hours = int((at - s.started_at).total_seconds() // 3600)
    line = OutageLine(
        outage_id=s.outage_id, area=s.area_name, area_en=s.area_name_en,
        subdistrict=s.subdistrict_name, subdistrict_en=s.subdistrict_name_en,
        started=_when(s.started_at, s.started_precision),
        households_affected=_qty(s.households_affected, s.households_affected_lb),
        buildings_affected=_qty(s.buildings_affected, s.buildings_affected_lb),
        households_out=_qty(s.households_out, s.households_out_lb),
        buildings_out=_qty(s.buildings_out, s.buildings_out_lb),
        hours_out=hours, hours_approx=getattr(s.started_precision, "value", s.started_precision) != "exact",
        etr=_when(s.etr_at, s.etr_precision),
        overdue=bool(not s.restored and s.etr_at is not None and s.etr_at < at),
        restored=_when(s.restored_at, s.restored_precision) if s.restored else When(),
    )
    if later is not None and later.restored and later.restored_at is not None:
        line.restored_after = _when(later.restored_at, later.restored_precision)
    return line


def _sub_key(sub_id: int | None) -> str:
    return "" if sub_id is None else str(sub_id)


def _sub_id(key: str) -> int | None:
    return None if key == "" else int(key)


def _plus(*values: int | None) -> int | None:
    """A sum of reported values (None only when none was reported)."""
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _carried_intervals(session: Session, spec: q.IntervalSpec, event_id: int, start: datetime,
                       cutoff: datetime, period: dict[Any, dict[str, q.Sum]], carry: _Carry,
                       key: str) -> dict[Any, dict[str, q.Sum]]:
    """To date at the period's end: the ledger's, plus what the period adds, plus the part before
    the period of reports the ledger did not count. Only the period tells what runs past its end."""
    kind = sa.inspect(spec.model).mapper.polymorphic_identity
    late = q.interval_before(session, spec, event_id, start, cutoff, only=spec.model.id.in_(carry.new_of(kind)))
    kept = {_sub_id(k): v for k, v in carry.ledger[key].items()}
    out: dict[Any, dict[str, q.Sum]] = {}
    for sub_id in {*kept, *period, *late}:
        out[sub_id] = {}
        for name in spec.quantities + spec.deployed:
            k = kept.get(sub_id, {}).get(name) or [None, False]
            p = period.get(sub_id, {}).get(name) or q.Sum()
            n = late.get(sub_id, {}).get(name) or q.Sum()
            out[sub_id][name] = q.Sum(to_date=_plus(k[0], p.to_date, n.to_date),
                                      to_date_lb=bool(k[1] or p.to_date_lb or n.to_date_lb),
                                      to_date_approx=p.to_date_approx)
    return out


def _interval_sums(session: Session, spec: q.IntervalSpec, event_id: int, start: datetime, end: datetime,
                   cutoff: datetime, carry: _Carry | None, key: str, ledger: dict[str, Any]
                   ) -> dict[Any, dict[str, q.Sum]]:
    """Per subdistrict: the period's part (overlapping reports only) beside the sum to date."""
    period = q.interval_period(session, spec, event_id, start, end, cutoff)
    if carry is not None:
        to_date = _carried_intervals(session, spec, event_id, start, cutoff, period, carry, key)
    else:
        to_date = q.interval_before(session, spec, event_id, end, cutoff)
    names = spec.quantities + spec.deployed
    out: dict[Any, dict[str, q.Sum]] = {}
    for sub_id in {*period, *to_date}:
        out[sub_id] = {}
        for name in names:
            p = period.get(sub_id, {}).get(name) or q.Sum()
            t = to_date.get(sub_id, {}).get(name) or q.Sum()
            out[sub_id][name] = q.Sum(p.period, p.period_lb, p.period_approx, p.period_reports,
                                      t.to_date, t.to_date_lb, t.to_date_approx)
    ledger[key] = {_sub_key(sub_id): {name: [t.to_date, t.to_date_lb] for name, t in per.items()}
                   for sub_id, per in to_date.items()}
    return out


def _pumping(session: Session, event: Event, start: datetime, end: datetime, cutoff: datetime,
             previous: _Previous, carry: _Carry | None, ledger: dict[str, Any]
             ) -> tuple[Pumping, dict[Any, dict[str, q.Sum]], list[Change]]:
    sums = _interval_sums(session, q.PUMPED, event.id, start, end, cutoff, carry, "pumped", ledger)
    ops, summary = q.operations(session, event.id, start, end, cutoff, LIST_LIMIT)
    op = PumpingOperation
    if carry is not None:
        # Operations begun in the period, and earlier ones the ledger did not count.
        begun = sa.select(op.id).where(op.event_id == event.id, op.kind == ReportKind.PUMPING,
                                       op.observed_at >= start, op.observed_at < end)
        counted = sa.union(begun, carry.new_of(ReportKind.PUMPING)).subquery().select()
        to_date = carry.ledger["operations"] + q.operations_before(session, event.id, end, cutoff,
                                                                   only=op.id.in_(counted))
    else:
        to_date = q.operations_before(session, event.id, end, cutoff)
    ledger["operations"] = to_date
    pumping = Pumping(
        volume_m3=_sum_figure(sums, "volume_m3", previous, "pumping.volume_m3"),
        active=summary["active"], people=_qty(summary["people"], summary["people_lb"]),
        pumps=_qty(summary["pumps"], summary["pumps_lb"]),
        operations_to_date=to_date,
        operations_total=summary["active"], still_pumping=summary["still"],
        volume_reports_in_period=sum(s["volume_m3"].period_reports for s in sums.values()),
    )
    started, ended = [], []
    for op in ops:
        pumping.operations.append(Operation(
            op.id, op.area, op.area_en, op.team, _qty(op.people, op.people_lb), _qty(op.pumps, op.pumps_lb),
            _when(op.started_at, op.started_precision), _when(op.ended_at, op.ended_precision), op.team_en))
        if start <= op.started_at < end:
            started.append(Change("pumping_started", op.area, op.area_en, _when(op.started_at, op.started_precision),
                                  text=op.team, text_en=op.team_en, qty=_qty(op.people, op.people_lb)))
        if op.ended_at is not None and start <= op.ended_at < end:
            ended.append(Change("pumping_ended", op.area, op.area_en, _when(op.ended_at, op.ended_precision),
                                text=op.team, text_en=op.team_en))
    changes = _summarised(started, summary["started"], "pumping_started_many") + \
        _summarised(ended, len(ended), "pumping_ended_many")
    return pumping, sums, changes


def _summarised(changes: list[Change], total: int, many: str) -> list[Change]:
    """A few changes one by one; many of them as one sentence with a count and the first names."""
    if total <= CHANGE_NAMES:
        return changes
    return [Change(many, count=total, names=[c.area or "" for c in changes[:CHANGE_NAMES]],
                   names_en=[c.area_en or c.area or "" for c in changes[:CHANGE_NAMES]])]


def _advance(session: Session, event_id: int, cutoff: datetime, kept: dict[tuple[int, str], q.AreaCount],
             rows: list[q.DisinfectionRow], at: datetime) -> dict[tuple[int, str], q.AreaCount]:
    """Areas that send totals to date: their counts before `at`, from the kept ones and rows not
    yet counted. A newer report of totals to date restarts the count from it (re-read from then on);
    otherwise plain rounds after the latest totals add to them (before any, every row adds)."""
    out = dict(kept)
    groups: dict[tuple[int, str], list[q.DisinfectionRow]] = {}
    for r in rows:
        groups.setdefault((r.area_id, r.code), []).append(r)
    restart: dict[tuple[int, str], datetime] = {}
    for key, rs in groups.items():
        k = kept.get(key) or q.AreaCount()
        latest = max(((r.t, r.rid) for r in rs if r.cum and r.n is not None), default=None)
        if latest is not None and (k.cum_t is None or latest > (k.cum_t, k.cum_rid)):
            restart[key] = latest[0]
            continue
        counted = [r for r in rs if k.cum_t is None or (not r.cum and r.t > k.cum_t)]
        if counted or key in kept:
            out[key] = q.AreaCount(_plus(k.value, *(r.n for r in counted)), k.lb or any(r.lb for r in counted),
                                   k.cum or any(r.cum for r in counted), k.cum_t, k.cum_rid)
    if restart:
        fresh = q.windowed_to_date(session, event_id, at, cutoff, areas=sorted({a for a, _ in restart}),
                                   since=min(restart.values()), by_area=True)
        for key in restart:
            out[key] = fresh[key]
    return out


def _by_sub(states: dict[tuple[int, str], q.AreaCount], sub_of: dict[int, int | None],
            areas: set[int] | None = None) -> q.Counts:
    return q.add_counts({}, {k: v for k, v in states.items() if areas is None or k[0] in areas}, sub_of)


def _carried_disinfection(session: Session, event_id: int, start: datetime, end: datetime, cutoff: datetime,
                          carry: _Carry) -> tuple[q.Counts, dict[Any, Any], q.Counts] | None:
    """To date at the period's end from the ledger, and the change of areas that sent totals to
    date in the period; None when an area sent its first totals to date (its plain rounds are
    in the ledger's subdistrict sums, so everything is recomputed)."""
    kept = carry.ledger["disinfection"]
    sub_of = {int(a): _sub_id(v["sub"]) for a, v in kept["areas"].items()}
    states = {(int(a), code): q.AreaCount(c[0], c[1], c[2], datetime.fromisoformat(c[3]) if c[3] else None, c[4])
              for a, v in kept["areas"].items() for code, c in v["codes"].items()}
    late = q.disinfection_rows(session, event_id, cutoff, start, only=carry.new_of(ReportKind.DISINFECTION))
    rows = q.disinfection_rows(session, event_id, cutoff, end, since=start)
    if any(r.cum and r.area_id not in sub_of for r in late + rows):
        return None
    plain = {(_sub_id(sk), code): q.CountState(c[0], c[1], False)
             for sk, per in kept["plain"].items() for code, c in per.items()}
    for r in late + rows:
        if r.area_id not in sub_of:
            k = plain.get((r.sub_id, r.code)) or q.CountState()
            plain[(r.sub_id, r.code)] = q.CountState(_plus(k.value, r.n), k.lb or r.lb, False)
    at_start = _advance(session, event_id, cutoff, states, [r for r in late if r.area_id in sub_of], start)
    at_end = _advance(session, event_id, cutoff, at_start, [r for r in rows if r.area_id in sub_of], end)
    totals = q.add_counts(plain, at_end, sub_of)
    cum_areas = {r.area_id for r in rows if r.cum}
    change = _by_sub(at_end, sub_of, cum_areas)
    for key, state in _by_sub(at_start, sub_of, cum_areas).items():
        change[key] = q.merge_counts(change.get(key), state, sign=-1)
    return totals, {"plain": plain, "areas": at_end, "sub_of": sub_of}, change


def _disinfection_ledger(parts: dict[str, Any]) -> dict[str, Any]:
    plain: dict[str, dict[str, list[Any]]] = {}
    for (sub_id, code), c in parts["plain"].items():
        plain.setdefault(_sub_key(sub_id), {})[code] = [c.value, c.lb]
    areas: dict[str, dict[str, Any]] = {}
    for (area_id, code), c in parts["areas"].items():
        entry = areas.setdefault(str(area_id), {"sub": _sub_key(parts["sub_of"].get(area_id)), "codes": {}})
        entry["codes"][code] = [c.value, c.lb, c.cum, c.cum_t.isoformat() if c.cum_t else None, c.cum_rid]
    return {"plain": plain, "areas": areas}


def _disinfection(session: Session, event: Event, start: datetime, end: datetime, cutoff: datetime,
                  previous: _Previous, carry: _Carry | None, ledger: dict[str, Any]
                  ) -> tuple[Disinfection, dict[Any, list[CategoryFigure]], list[Any]]:
    seen, plain = q.disinfection_in_period(session, event.id, start, end, cutoff)
    carried = _carried_disinfection(session, event.id, start, end, cutoff, carry) if carry is not None else None
    changed: q.Counts = dict(plain)
    if carried is not None:
        carry.sections.append("disinfection")
        at_end, parts, change = carried
        for key, state in change.items():
            changed[key] = q.merge_counts(changed.get(key), state)
    else:
        plain_end, areas_end = q.disinfection_to_date(session, event.id, end, cutoff)
        sub_of = q.subdistrict_map(session, {a for a, _ in areas_end})
        at_end = q.add_counts(plain_end, areas_end, sub_of)
        parts = {"plain": plain_end, "areas": areas_end, "sub_of": sub_of}
        # Areas that sent totals to date in the period: their period is the change of their to-date.
        if any(state.cum for state in seen.values()):
            cum_areas = q.cumulative_areas(event.id, start, end, cutoff)
            for key, state in q.windowed_to_date(session, event.id, end, cutoff, areas=cum_areas).items():
                changed[key] = q.merge_counts(changed.get(key), state)
            for key, state in q.windowed_to_date(session, event.id, start, cutoff, areas=cum_areas).items():
                changed[key] = q.merge_counts(changed.get(key), state, sign=-1)
    ledger["disinfection"] = _disinfection_ledger(parts)
    cats = q.categories(session)
    site_codes = {c.code for c in cats if getattr(c.kind, "value", c.kind) == "site"}

    def figure_for(keys: list[tuple[Any, str]], path: str | None) -> Figure:
        period, to_date = Qty(), Qty()
        for key in keys:
            total = at_end.get(key)
            if total is not None:
                to_date = _add(to_date, _qty(total.value, total.lb, cum=total.cum))
            if key in seen:
                delta = changed.get(key)
                period = _add(period, _qty(delta.value if delta else None, seen[key].lb, cum=seen[key].cum))
        if path is None:
            return Figure(period, to_date)
        return _figure(period, to_date, previous, path)

    subs = {key[0] for key in at_end} | {key[0] for key in seen}
    section = Disinfection(reports_in_period=q.disinfection_reports(session, event.id, start, end, cutoff))
    section.person_times = figure_for([(s, q.PERSON_TIMES) for s in subs], f"disinfection:{q.PERSON_TIMES}")
    section.staff = figure_for([(s, q.STAFF) for s in subs], f"disinfection:{q.STAFF}")
    for cat in cats:
        keys = [(s, cat.code) for s in subs if (s, cat.code) in at_end or (s, cat.code) in seen]
        if not keys:
            continue
        section.categories.append(CategoryFigure(
            cat.code, getattr(cat.kind, "value", cat.kind), cat.name_zh, cat.name_en, cat.unit_zh,
            cat.unit_en, figure_for(keys, f"disinfection:{cat.code}")))
    # Per subdistrict, each site category on its own: streets, courtyards and drain grates are
    # never added together.
    per_sub = {sub_id: [CategoryFigure(cat.code, getattr(cat.kind, "value", cat.kind), cat.name_zh, cat.name_en,
                                       cat.unit_zh, cat.unit_en, figure_for([(sub_id, cat.code)], None))
                        for cat in cats if cat.code in site_codes
                        and ((sub_id, cat.code) in at_end or (sub_id, cat.code) in seen)]
               for sub_id in subs}
    # Subdistricts that reported totals to date this period: named in the changes.
    cum_subs = sorted({key[0] for key, state in seen.items() if state.cum}, key=lambda s: (s is None, s))
    return section, per_sub, cum_subs


def _debris(session: Session, event: Event, start: datetime, end: datetime, cutoff: datetime,
            previous: _Previous, carry: _Carry | None, ledger: dict[str, Any]
            ) -> tuple[Debris, dict[Any, dict[str, q.Sum]]]:
    sums = _interval_sums(session, q.CLEARED, event.id, start, end, cutoff, carry, "cleared", ledger)
    debris = Debris(
        mass_kg=_sum_figure(sums, "mass_kg", previous, "debris.mass_kg"),
        truckloads=_sum_figure(sums, "truckloads", previous, "debris.truckloads"),
        people=_sum_figure(sums, "people", previous, "debris.people"),
        vehicles=_sum_figure(sums, "vehicles", previous, "debris.vehicles"),
        reports_in_period=sum(s["mass_kg"].period_reports for s in sums.values()),
    )
    return debris, sums


def _previous(session: Session, event: Event, day: date, cutoff: datetime) -> _Previous:
    """The latest revision of the previous day's brief compiled with what was known by our cut-off."""
    brief = session.scalars(
        sa.select(Brief).where(Brief.event_id == event.id, Brief.day == day - timedelta(days=1),
                               Brief.cutoff <= cutoff)
        .order_by(Brief.revision.desc()).limit(1)).first()
    if brief is None:
        return _Previous(None, None)
    try:
        return _Previous(brief, BriefContent.from_json(brief.content))
    except (KeyError, TypeError, ValueError):  # pragma: no cover - a brief of an older schema
        log.warning("brief %s: content unreadable, previous figures not carried", brief.id)
        return _Previous(brief, None)


def _late(session: Session, event: Event, day: date, start: datetime, cutoff: datetime,
          previous: _Previous) -> tuple[list[LateReport], int]:
    """Reports that arrived after the brief of the day they belong to had been compiled."""
    since = previous.brief.cutoff if previous.brief is not None else start
    rows = q.arrived_for_earlier(session, event.id, start, since, cutoff)
    if not rows:
        return [], 0
    firsts: dict[date, datetime] = {}
    for b_day, b_cutoff in session.execute(
            sa.select(Brief.day, sa.func.min(Brief.cutoff)).where(
                Brief.event_id == event.id, Brief.day < day, Brief.status != BriefStatus.PROVISIONAL)
            .group_by(Brief.day)):
        firsts[b_day] = b_cutoff
    late = []
    for r in rows:
        missed_day = local_day(event, r.first_at)
        first_cutoff = firsts.get(missed_day)
        if first_cutoff is None or r.reported_at <= first_cutoff:
            continue
        late.append(LateReport(r.id, r.kind, r.area, r.area_en, _when(r.observed_at, r.observed_precision),
                               r.reported_at, missed_day, brief_number(event, missed_day)))
    return late[:LATE_LIMIT], len(late)


def _subdistrict_rows(session: Session, event: Event, start: datetime, end: datetime, cutoff: datetime,
                      power_subs: dict[Any, dict[str, Any]], pumped: dict[Any, dict[str, q.Sum]],
                      disinfected: dict[Any, list[CategoryFigure]], cleared: dict[Any, dict[str, q.Sum]],
                      counts: dict[Any, int], previous: _Previous,
                      areas: list[Any]) -> list[SubdistrictRow]:
    rows = []
    known_ids = {a.id for a in areas}
    keys = [a.id for a in areas]
    extra = ({*power_subs, *pumped, *disinfected, *cleared, *counts} - known_ids)
    # Reports on the district itself (or areas outside any subdistrict) get a row of their own.
    if None in extra:
        keys.append(None)
    names = {a.id: (a.name, a.name_en) for a in areas}
    for sub_id in keys:
        p = power_subs.get(sub_id, {})
        key = "" if sub_id is None else str(sub_id)
        row = SubdistrictRow(
            area_id=sub_id, name=names.get(sub_id, (None, None))[0], name_en=names.get(sub_id, (None, None))[1],
            open_outages=p.get("open", 0), households_out=p.get("households", Qty()),
            households_unknown=p.get("unknown", 0), restored_in_period=p.get("restored", 0),
            households_restored=p.get("households_back", Qty()),
            volume_m3=_sum_figure(pumped, "volume_m3", previous, f"sub:{key}:volume_m3", [sub_id]),
            debris_kg=_sum_figure(cleared, "mass_kg", previous, f"sub:{key}:debris_kg", [sub_id]),
            reports=counts.get(sub_id, 0),
        )
        row.disinfection = disinfected.get(sub_id, [])
        rows.append(row)
    return rows


def _volume_news(session: Session, event: Event, since: datetime, end: datetime, cutoff: datetime
                 ) -> list[Change]:
    """Pumped volumes that became known since the previous brief, by the cut-off, pumped before the
    period's end (they may cover earlier days; never a volume of a later day, as a recompile long
    after would otherwise find)."""
    from incidents.areas.models import Area
    from incidents.reports.models import COUNTED
    from incidents.reports.models import PumpingVolume as V

    rows = session.execute(
        sa.select(Area.name, Area.name_en, V.volume_m3, V.volume_m3_lb, V.period_start, V.period_start_precision,
                  V.period_end, V.period_end_precision)
        .join(Area, Area.id == V.area_id)
        .where(V.event_id == event.id, V.status.in_(COUNTED), V.reported_at > since, V.reported_at <= cutoff,
               V.period_start < end)
        .order_by(V.reported_at, V.id).limit(CHANGE_LIMIT)).all()
    return [Change("volume_reported", r[0], r[1], _when(r[4], r[5]), _when(r[6], r[7]), qty=_qty(r[2], r[3]))
            for r in rows]


def build_content(session: Session, event: Event, day: date, *, cutoff: datetime, revision: int,
                  status: BriefStatus, compiled_at: datetime, compiled_by: str | None = None,
                  carry: bool = True) -> BriefContent:
    """Compute a brief's content for one local day as known at the cut-off (reads only)."""
    return build(session, event, day, cutoff=cutoff, revision=revision, status=status, compiled_at=compiled_at,
                 compiled_by=compiled_by, carry=carry)[0]


def _window(event: Event, day: date) -> tuple[datetime, datetime]:
    """The trend window's start for this day's brief and for the next day's (UTC)."""
    first = first_day(event)
    start = day_bounds(event, max(first, day - timedelta(days=TREND_DAYS - 1)))[0]
    following = day_bounds(event, max(first, day - timedelta(days=TREND_DAYS - 2)))[0]
    return start.astimezone(UTC), following.astimezone(UTC)


def build(session: Session, event: Event, day: date, *, cutoff: datetime, revision: int, status: BriefStatus,
          compiled_at: datetime, compiled_by: str | None = None, carry: bool = True
          ) -> tuple[BriefContent, dict[str, Any]]:
    """A brief's content for one local day as known at the cut-off, and its ledger (reads only).

    `carry=False` recomputes every figure from all reports (the ledger's own check).
    """
    start, end = day_bounds(event, day)
    start, end, cutoff = start.astimezone(UTC), end.astimezone(UTC), cutoff.astimezone(UTC)
    compiled_at = compiled_at.astimezone(UTC)
    ledger = _ledger_keys(session, event.id, cutoff)
    previous = _previous(session, event, day, cutoff)
    window_start, next_window = _window(event, day)
    carried = _carry(session, event, previous, start, cutoff, window_start) if carry else None
    if carried is not None:
        # Which sections were carried: the sums always; power and disinfection when they can be.
        ledger["carried"] = carried.sections
    ledger["carried_from"] = previous.brief.id if carried is not None else None
    district = event.area
    header = Header(
        event_id=event.id, event_code=event.code, event_name=event.name, event_name_en=event.name_en,
        issuer=event.issuer, issuer_en=event.issuer_en, event_kind=event.kind.value,
        district=district.name if district else None,
        district_en=district.name_en if district else None, timezone=event.timezone, day=day,
        number=brief_number(event, day), revision=revision, status=status.value, period_start=start,
        period_end=end, period_hours=round((end - start).total_seconds() / 3600), cutoff=cutoff,
        due_at=due_at(event, day), compiled_at=compiled_at, compiled_by=compiled_by,
        provisional=status is BriefStatus.PROVISIONAL)
    power, power_subs, changes, curve, ledger["power"] = _power(session, event, start, end, cutoff, window_start,
                                                                next_window, carried)
    pumping, pumped, pumping_changes = _pumping(session, event, start, end, cutoff, previous, carried, ledger)
    disinfection, disinfected, cum_subs = _disinfection(session, event, start, end, cutoff, previous, carried,
                                                        ledger)
    debris, cleared = _debris(session, event, start, end, cutoff, previous, carried, ledger)
    areas = q.subdistrict_areas(session, event.area_id)
    counts = q.reports_by_subdistrict(session, event.id, start, end, cutoff)
    subdistricts = _subdistrict_rows(session, event, start, end, cutoff, power_subs, pumped, disinfected,
                                     cleared, counts, previous, areas)
    activity_rows, activity_total = q.activity(session, event.id, start, end, cutoff, ACTIVITY_LIMIT)
    activity = [ActivityLine(_when(a.observed_at, a.precision), a.area, a.area_en, a.title, a.source, a.note)
                for a in activity_rows]

    names = {a.id: (a.name, a.name_en) for a in areas}
    whole = (district.name, district.name_en) if district else (None, None)
    dis_changes = [Change("disinfection_to_date", *names.get(sub_id, whole)) for sub_id in cum_subs]
    since = previous.brief.cutoff if previous.brief is not None else start
    changes = changes + pumping_changes + _volume_news(session, event, since, end, cutoff) + dis_changes
    if debris.reports_in_period and debris.mass_kg.period.value is not None:
        changes.append(Change("debris", qty=debris.mass_kg.period))

    quality = Quality()
    statuses = q.statuses_used(session, event.id, start, end, cutoff)
    quality.reports_used = sum(statuses.values())
    quality.unverified = sum(n for s, n in statuses.items() if s in q.UNVERIFIED)
    sent_back, quality.returned = q.returned(session, event.id, start, end, cutoff, LATE_LIMIT)
    quality.returned_reports = [ReturnedReport(r.id, r.kind, r.area, r.area_en, _when(r.observed_at,
                                               r.observed_precision), r.reason) for r in sent_back]
    quality.late, quality.late_total = _late(session, event, day, start, cutoff, previous)
    if quality.late_total:
        changes.append(Change("late", count=quality.late_total))
    quality.silent = [AreaName(a.id, a.name, a.name_en) for a in areas if not counts.get(a.id)]
    if not power.outages_to_date:
        quality.blank_sections.append("power")
    if not pumping.active and not pumping.volume_reports_in_period:
        quality.blank_sections.append("pumping")
    if not disinfection.reports_in_period:
        quality.blank_sections.append("disinfection")
    if not debris.reports_in_period:
        quality.blank_sections.append("debris")
    if not activity_total:
        quality.blank_sections.append("activity")
    figures = {"pumping.volume_m3": pumping.volume_m3, "debris.mass_kg": debris.mass_kg,
               "debris.truckloads": debris.truckloads, "disinfection.person_times": disinfection.person_times}
    figures.update({f"disinfection.{c.code}": c.figure for c in disinfection.categories})
    quality.falls = [name for name, f in figures.items() if f.fell]
    for name in quality.falls:
        changes.append(Change("fell", text=name))
    quality.approximate = any(f.period.approx or f.to_date.approx for f in figures.values())
    earlier = session.scalars(
        sa.select(Brief).where(Brief.event_id == event.id, Brief.day == day, Brief.revision < revision)
        .order_by(Brief.revision.desc()).limit(1)).first()
    if earlier is not None:
        quality.previous_revision = earlier.revision
        quality.previous_cutoff = earlier.cutoff
        quality.added_since_previous_revision = q.added_since(session, event.id, start, end,
                                                              earlier.cutoff, cutoff)
    content = BriefContent(header=header, power=power, pumping=pumping, disinfection=disinfection,
                           debris=debris, subdistricts=subdistricts, activity=activity,
                           activity_total=activity_total, changes=changes, quality=quality,
                           trend=_trend(session, event, day, cutoff, curve))
    return content, ledger


# ---- compiling exactly once -----------------------------------------------------------------

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
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = (insert(Brief).values(**values)
            .on_conflict_do_nothing(index_elements=["event_id", "day", "revision"])
            .returning(Brief.id))
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
    start, end = day_bounds(event, day)
    if day < first_day(event):
        raise ValueError("day: before the event began")
    if event.ends_at is not None and day > last_day(event):
        raise ValueError("day: after the event ended")
    if now < start:
        raise ValueError("day: the period has not begun")
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
    brief = session.get(Brief, brief_id)
    audit.record(session, compiled_by_id, "compile", brief, before=None, after=_summary(brief))
    return CompileResult(brief, True, "created")


def _summary(brief: Brief) -> dict[str, Any]:
    """What the audit trail keeps of a brief (the content itself stays in the brief)."""
    return {"event_id": brief.event_id, "day": brief.day.isoformat(), "revision": brief.revision,
            "number": brief.number, "cutoff": brief.cutoff.isoformat(), "status": brief.status.value,
            "published_at": brief.published_at.isoformat() if brief.published_at else None,
            "published_by_id": brief.published_by_id}


def _serialization_failure(exc: BaseException) -> bool:
    return getattr(getattr(exc, "orig", None), "sqlstate", None) in ("40001", "40P01")


@contextmanager
def brief_transaction(database: Database) -> Iterator[Session]:
    """One transaction for one compile: REPEATABLE READ on PostgreSQL (SQLite compiles via briefs/snapshot.py)."""
    if database.is_sqlite:
        with database.transaction() as session:
            yield session
        return
    engine = database.engine.execution_options(isolation_level="REPEATABLE READ")
    with Session(engine, expire_on_commit=False) as session, session.begin():
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


def publish(session: Session, brief: Brief, user_id: int, now: datetime | None = None) -> Brief:
    """Sign off (签发) a final brief: the only change a stored brief ever sees; signer and time, audited."""
    if brief.status is BriefStatus.PROVISIONAL:
        raise ValueError("status: a provisional brief cannot be published; compile it after the day ends")
    if brief.status is BriefStatus.PUBLISHED:
        return brief
    before = _summary(brief)
    brief.status = BriefStatus.PUBLISHED
    brief.published_at = now or now_utc()
    brief.published_by_id = user_id
    session.flush()
    audit.record(session, user_id, "publish", brief, before=before, after=_summary(brief))
    return brief


# ---- what is due, what exists ---------------------------------------------------------------

def due_days(event: Event, now: datetime, catchup_days: int) -> list[date]:
    """Days whose brief is due by `now`, at most `catchup_days` back, oldest first."""
    last = last_due_day(event, now)
    if last is None:
        return []
    first = max(first_day(event), last - timedelta(days=max(catchup_days, 1) - 1))
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def final_days(session: Session, event_id: int, days: list[date]) -> set[date]:
    """Which of these days already have a final (non-provisional) brief."""
    if not days:
        return set()
    return set(session.scalars(sa.select(Brief.day).where(
        Brief.event_id == event_id, Brief.day.in_(days), Brief.status != BriefStatus.PROVISIONAL)))


def compile_due(database: Database, now: datetime | None = None, catchup_days: int = 7,
                event_ids: list[int] | None = None, compiled_at: datetime | None = None) -> list[CompileResult]:
    """Compile every due and missing brief (oldest first), each in its own transaction.

    `now` decides what is due (and the cut-offs); `compiled_at` is when it really happens
    (defaults to `now`; differs when catching up "as of" an earlier moment).
    """
    now = now or now_utc()
    with database.read_session() as session:
        query = sa.select(Event).where(Event.starts_at <= now)
        if event_ids is not None:
            query = query.where(Event.id.in_(event_ids))
        work = []
        for event in session.scalars(query.order_by(Event.id)):
            days = due_days(event, now, catchup_days)
            done = final_days(session, event.id, days)
            work += [(event.id, d) for d in days if d not in done]
    results = []
    for event_id, day in work:
        try:
            result = compile_once(database, event_id, day, now=now, compiled_at=compiled_at)
        except Exception as exc:  # one bad day must not stop the others; the next sweep retries it
            log.exception("brief for event %s day %s failed", event_id, day)
            results.append(CompileResult(None, False, "failed", event_id, day, str(exc)[:300]))
            continue
        log.info("brief event=%s day=%s: %s", event_id, day, result.reason)
        results.append(result)
    return results


@dataclass
class DayRow:
    """One day on the list page: its revisions, newest first."""

    day: date
    number: int
    briefs: list[Brief]
    due_at: datetime

    @property
    def latest(self) -> Brief | None:
        """The newest revision."""
        return self.briefs[0] if self.briefs else None


def briefs_by_day(session: Session, event: Event, now: datetime | None = None,
                  missing_days: int = 7) -> list[DayRow]:
    """The event's briefs grouped by day (newest day first), plus recent due days still missing."""
    now = now or now_utc()
    rows: dict[date, DayRow] = {}
    for brief in session.scalars(sa.select(Brief).where(Brief.event_id == event.id)
                                 .order_by(Brief.day.desc(), Brief.revision.desc())):
        rows.setdefault(brief.day, DayRow(brief.day, brief.number, [], due_at(event, brief.day)))
        rows[brief.day].briefs.append(brief)
    for day in due_days(event, now, missing_days):
        rows.setdefault(day, DayRow(day, brief_number(event, day), [], due_at(event, day)))
    return sorted(rows.values(), key=lambda r: r.day, reverse=True)


def load_content(brief: Brief) -> BriefContent:
    """The typed content of a stored brief, with its status and sign-off (签发人, time) as they stand."""
    content = BriefContent.from_json(brief.content)
    content.header.status = brief.status.value
    if brief.status is BriefStatus.PUBLISHED:
        signer = brief.published_by
        content.header.signed_by = signer.display_name if signer is not None else None
        content.header.signed_at = brief.published_at
    return content
