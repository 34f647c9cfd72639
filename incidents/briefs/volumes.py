"""The pumping and debris sections: interval quantities (m³, t) apportioned by overlap, operations, and
volumes reported since the previous brief.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.briefs import intervals
from incidents.briefs import queries as q
from incidents.briefs.content import VOLUME_WITHIN_A_DAY, Change, Debris, Operation, Pumping
from incidents.briefs.figures import (
    CHANGE_LIMIT,
    LIST_LIMIT,
    Previous,
    plus,
    qty,
    sub_from_key,
    sub_key,
    sum_figure,
    summarised,
    when,
)
from incidents.briefs.ledger import Carry
from incidents.briefs.sql import as_utc, known, utc_of
from incidents.events.models import Event
from incidents.reports.models import PumpingOperation, ReportKind


def _carried_intervals(session: Session, spec: intervals.IntervalSpec, event_id: int, start: datetime,
                       cutoff: datetime, period: dict[Any, dict[str, intervals.Sum]], carry: Carry,
                       key: str) -> dict[Any, dict[str, intervals.Sum]]:
    """To date at the period's end: the ledger's, plus what the period adds, plus the part before
    the period of reports the ledger did not count. Only the period tells what runs past its end."""
    kind = sa.inspect(spec.model).mapper.polymorphic_identity
    late = intervals.interval_before(session, spec, event_id, start, cutoff, only=spec.model.id.in_(carry.new_of(kind)))
    kept = {sub_from_key(k): v for k, v in carry.ledger[key].items()}
    kept_reports = {sub_from_key(k): n for k, n in carry.ledger[f"{key}_reports"].items()}
    out: dict[Any, dict[str, intervals.Sum]] = {}
    for sub_id in {*kept, *period, *late}:
        out[sub_id] = {}
        for name in spec.quantities + spec.deployed:
            k = kept.get(sub_id, {}).get(name) or [None, False]
            p = period.get(sub_id, {}).get(name) or intervals.Sum()
            n = late.get(sub_id, {}).get(name) or intervals.Sum()
            out[sub_id][name] = intervals.Sum(to_date=plus(k[0], p.to_date, n.to_date),
                                      to_date_lb=bool(k[1] or p.to_date_lb or n.to_date_lb),
                                      to_date_approx=p.to_date_approx,
                                      to_date_reports=kept_reports.get(sub_id, 0) + p.to_date_reports
                                      + n.to_date_reports)
    return out


def _interval_sums(session: Session, spec: intervals.IntervalSpec, event_id: int, start: datetime, end: datetime,
                   cutoff: datetime, carry: Carry | None, key: str, ledger: dict[str, Any]
                   ) -> dict[Any, dict[str, intervals.Sum]]:
    """Per subdistrict: the period's part (overlapping reports only) beside the sum to date."""
    period = intervals.interval_period(session, spec, event_id, start, end, cutoff)
    if carry is not None:
        to_date = _carried_intervals(session, spec, event_id, start, cutoff, period, carry, key)
    else:
        to_date = intervals.interval_before(session, spec, event_id, end, cutoff)
    names = spec.quantities + spec.deployed
    out: dict[Any, dict[str, intervals.Sum]] = {}
    for sub_id in {*period, *to_date}:
        out[sub_id] = {}
        for name in names:
            p = period.get(sub_id, {}).get(name) or intervals.Sum()
            t = to_date.get(sub_id, {}).get(name) or intervals.Sum()
            out[sub_id][name] = intervals.Sum(p.period, p.period_lb, p.period_approx, p.period_reports,
                                      t.to_date, t.to_date_lb, t.to_date_approx, t.to_date_reports)
    ledger[key] = {sub_key(sub_id): {name: [t.to_date, t.to_date_lb] for name, t in per.items()}
                   for sub_id, per in to_date.items()}
    # How many reports each sum counts: one of no report at all is "—", of reports that gave none 未报.
    ledger[f"{key}_reports"] = {sub_key(sub_id): next(iter(per.values())).to_date_reports
                                for sub_id, per in to_date.items() if per}
    return out


def pumping_section(session: Session, event: Event, start: datetime, end: datetime, cutoff: datetime,
             previous: Previous, carry: Carry | None, ledger: dict[str, Any]
             ) -> tuple[Pumping, dict[Any, dict[str, intervals.Sum]], list[Change]]:
    sums = _interval_sums(session, intervals.PUMPED, event.id, start, end, cutoff, carry, "pumped", ledger)
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
        volume_m3=sum_figure(sums, "volume_m3", previous, "pumping.volume_m3"),
        active=summary["active"], people=qty(summary["people"], summary["people_lb"]),
        pumps=qty(summary["pumps"], summary["pumps_lb"]),
        operations_to_date=to_date, previous_operations_to_date=previous.count("pumping.operations_to_date"),
        operations_total=summary["active"], still_pumping=summary["still"],
        volume_reports_in_period=sum(s["volume_m3"].period_reports for s in sums.values()),
        unmeasured=q.operations_unmeasured(session, event.id, end, cutoff),
    )
    started, ended = [], []
    for row in ops:
        pumping.operations.append(Operation(
            row.id, row.area, row.area_en, row.team, qty(row.people, row.people_lb), qty(row.pumps, row.pumps_lb),
            when(row.started_at, row.started_precision), when(row.ended_at, row.ended_precision), row.team_en,
            row.subdistrict, row.subdistrict_en))
        if start <= row.started_at < end:
            started.append(Change("pumping_started", row.area, row.area_en, when(row.started_at, row.started_precision),
                                  text=row.team, text_en=row.team_en, qty=qty(row.people, row.people_lb)))
        if row.ended_at is not None and start <= row.ended_at < end:
            ended.append(Change("pumping_ended", row.area, row.area_en, when(row.ended_at, row.ended_precision),
                                text=row.team, text_en=row.team_en))
    changes = summarised(started, summary["started"], "pumping_started_many") + \
        summarised(ended, len(ended), "pumping_ended_many")
    return pumping, sums, changes

def debris_section(session: Session, event: Event, start: datetime, end: datetime, cutoff: datetime,
            previous: Previous, carry: Carry | None, ledger: dict[str, Any]
            ) -> tuple[Debris, dict[Any, dict[str, intervals.Sum]]]:
    sums = _interval_sums(session, intervals.CLEARED, event.id, start, end, cutoff, carry, "cleared", ledger)
    debris = Debris(
        mass_kg=sum_figure(sums, "mass_kg", previous, "debris.mass_kg"),
        truckloads=sum_figure(sums, "truckloads", previous, "debris.truckloads"),
        people=sum_figure(sums, "people", previous, "debris.people"),
        vehicles=sum_figure(sums, "vehicles", previous, "debris.vehicles"),
        reports_in_period=sum(s["mass_kg"].period_reports for s in sums.values()),
        reports_to_date=sum(s["mass_kg"].to_date_reports for s in sums.values()),
        previous_reports_to_date=previous.count("debris.reports_to_date"),
    )
    return debris, sums

def volume_news(session: Session, event: Event, since: datetime, start: datetime, end: datetime, cutoff: datetime
                 ) -> list[Change]:
    """Pumped volumes that became known since the previous brief, by the cut-off, pumped before the
    period's end (they may cover earlier days; never a volume of a later day, as a recompile long
    after would otherwise find).

    One pumped from the period's start on is news whenever it became known: the previous brief, however
    late it was recompiled (its cut-off after the volume was logged), never named a volume of this period.
    """
    from incidents.areas.models import Area
    from incidents.reports.models import PumpingVolume as V

    rows = session.execute(
        sa.select(Area.name, Area.name_en, V.volume_m3, V.volume_m3_lb, V.period_start, V.period_start_precision,
                  V.period_end, V.period_end_precision)
        .join(Area, Area.id == V.area_id)
        .where(*known(V, event.id, cutoff), sa.or_(V.reported_at > since, V.period_start >= start),
               V.period_start < end)
        .order_by(V.reported_at, V.id).limit(CHANGE_LIMIT)).all()
    return [Change("volume_reported", r[0], r[1], when(r[4], r[5]), when(r[6], r[7]), qty=qty(r[2], r[3]),
                   text=None if _across_days(event, r[4], r[6]) else VOLUME_WITHIN_A_DAY) for r in rows]


def _across_days(event: Event, start: Any, end: Any) -> bool:
    """The interval reaches into a later local day than it began on (an end at 00:00 reaches no further)."""
    began, ended = utc_of(start), as_utc(end)
    if ended is None or ended <= began:
        return False
    return began.astimezone(event.tz).date() < (ended - timedelta(microseconds=1)).astimezone(event.tz).date()
