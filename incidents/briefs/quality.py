"""Data quality beside the figures: the per-subdistrict rows and the reports that arrived late for an earlier brief.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.briefs import intervals
from incidents.briefs import queries as q
from incidents.briefs.content import CategoryFigure, LateReport, SubdistrictRow
from incidents.briefs.figures import LATE_LIMIT, Previous, sum_figure, when
from incidents.briefs.models import Brief, BriefStatus
from incidents.briefs.periods import brief_number
from incidents.briefs.quantities import Qty
from incidents.days import local_day
from incidents.events.models import Event


def late_reports(session: Session, event: Event, day: date, start: datetime, cutoff: datetime,
          previous: Previous) -> tuple[list[LateReport], int]:
    """Reports that arrived after the brief of the day they belong to had been compiled."""
    # Each day's brief takes those that arrived since the previous day's *first* brief: a recompile of that
    # brief shows them there but does not take them off this one's list (it says where they now are).
    cutoffs: dict[date, list[tuple[datetime, int]]] = {}
    for b_day, b_cutoff, revision in session.execute(
            sa.select(Brief.day, Brief.cutoff, Brief.revision).where(
                Brief.event_id == event.id, Brief.day < day, Brief.status != BriefStatus.PROVISIONAL,
                Brief.cutoff <= cutoff).order_by(Brief.day, Brief.cutoff)):
        cutoffs.setdefault(b_day, []).append((b_cutoff, revision))
    first = cutoffs.get(previous.brief.day) if previous.brief is not None else None
    since = first[0][0] if first else previous.brief.cutoff if previous.brief is not None else start
    rows = q.arrived_for_earlier(session, event.id, start, since, cutoff)
    late = []
    for r in rows:
        missed_day = local_day(event, r.first_at)
        revisions = cutoffs.get(missed_day)
        if not revisions or r.reported_at <= revisions[0][0]:
            continue
        shown_in = next((rev for at, rev in revisions if at >= r.reported_at), None)
        late.append(LateReport(r.id, r.kind, r.area, r.area_en, when(r.observed_at, r.observed_precision),
                               r.reported_at, missed_day, brief_number(event, missed_day), shown_in))
    return late[:LATE_LIMIT], len(late)


def subdistrict_rows(session: Session, event: Event, start: datetime, end: datetime, cutoff: datetime,
                      power_subs: dict[Any, dict[str, Any]], pumped: dict[Any, dict[str, intervals.Sum]],
                      disinfected: dict[Any, list[CategoryFigure]], cleared: dict[Any, dict[str, intervals.Sum]],
                      counts: dict[Any, int], previous: Previous,
                      areas: list[Any], operations: dict[Any, tuple[int, int]]) -> list[SubdistrictRow]:
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
        active, begun = operations.get(sub_id, (0, 0))
        mass = cleared.get(sub_id, {}).get("mass_kg", intervals.Sum())
        row = SubdistrictRow(
            area_id=sub_id, name=names.get(sub_id, (None, None))[0], name_en=names.get(sub_id, (None, None))[1],
            # None open is a known 0 out (as the district's figure says), not 未报.
            open_outages=p.get("open", 0), households_out=p["households"] if p.get("open") else Qty(0),
            households_unknown=p.get("unknown", 0), restored_in_period=p.get("restored", 0),
            households_restored=p.get("households_back", Qty()), households_back_unknown=p.get("back_unknown", 0),
            buildings_out=p.get("buildings", Qty()) if p.get("open") else Qty(0),
            buildings_unknown=p.get("b_unknown", 0),
            buildings_restored=p.get("buildings_back", Qty()), buildings_back_unknown=p.get("b_back_unknown", 0),
            volume_m3=sum_figure(pumped, "volume_m3", previous, f"sub:{key}:volume_m3", [sub_id]),
            debris_kg=sum_figure(cleared, "mass_kg", previous, f"sub:{key}:debris_kg", [sub_id]),
            reports=counts.get(sub_id, 0), pumping_active=active, pumping_operations_to_date=begun,
            debris_reports_in_period=mass.period_reports, debris_reports_to_date=mass.to_date_reports,
        )
        row.disinfection = disinfected.get(sub_id, [])
        rows.append(row)
    return rows
