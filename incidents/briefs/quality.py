"""Data quality beside the figures: the per-subdistrict rows and the reports that arrived late for an earlier brief.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.briefs import intervals
from incidents.briefs import queries as q
from incidents.briefs.content import CategoryFigure, LateReport, Qty, SubdistrictRow
from incidents.briefs.figures import LATE_LIMIT, Previous, sum_figure, when
from incidents.briefs.models import Brief, BriefStatus
from incidents.briefs.periods import brief_number
from incidents.days import local_day
from incidents.events.models import Event


def late_reports(session: Session, event: Event, day: date, start: datetime, cutoff: datetime,
          previous: Previous) -> tuple[list[LateReport], int]:
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
        late.append(LateReport(r.id, r.kind, r.area, r.area_en, when(r.observed_at, r.observed_precision),
                               r.reported_at, missed_day, brief_number(event, missed_day)))
    return late[:LATE_LIMIT], len(late)


def subdistrict_rows(session: Session, event: Event, start: datetime, end: datetime, cutoff: datetime,
                      power_subs: dict[Any, dict[str, Any]], pumped: dict[Any, dict[str, intervals.Sum]],
                      disinfected: dict[Any, list[CategoryFigure]], cleared: dict[Any, dict[str, intervals.Sum]],
                      counts: dict[Any, int], previous: Previous,
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
            volume_m3=sum_figure(pumped, "volume_m3", previous, f"sub:{key}:volume_m3", [sub_id]),
            debris_kg=sum_figure(cleared, "mass_kg", previous, f"sub:{key}:debris_kg", [sub_id]),
            reports=counts.get(sub_id, 0),
        )
        row.disinfection = disinfected.get(sub_id, [])
        rows.append(row)
    return rows
