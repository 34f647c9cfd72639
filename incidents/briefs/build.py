"""Assembling a brief's content: every section for one local day as known at the cut-off, and its ledger.

Reads only: compiling.py stores what this builds.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.briefs import queries as q
from incidents.briefs.content import (
    ActivityLine,
    AreaName,
    BriefContent,
    Change,
    Header,
    MapPoint,
    Quality,
    ReturnedReport,
)
from incidents.briefs.disinfection import disinfection_section
from incidents.briefs.figures import ACTIVITY_LIMIT, LATE_LIMIT, power_falls, when
from incidents.briefs.ledger import CARRY_WINDOW, carried_ledger, ledger_keys, previous_brief
from incidents.briefs.models import Brief, BriefStatus
from incidents.briefs.periods import brief_number, due_at, trend_window
from incidents.briefs.power import LAST_INSTANT, power_section, trend_points
from incidents.briefs.quality import late_reports, subdistrict_rows
from incidents.briefs.revision_changes import changes_since
from incidents.briefs.volumes import debris_section, pumping_section, volume_news
from incidents.days import day_bounds
from incidents.events.models import Event
from incidents.maps.markers import ordered
from incidents.maps.services import site_map


def build_content(session: Session, event: Event, day: date, *, cutoff: datetime, revision: int,
                  status: BriefStatus, compiled_at: datetime, compiled_by: str | None = None,
                  carry: bool = True) -> BriefContent:
    """Compute a brief's content for one local day as known at the cut-off (reads only)."""
    return build(session, event, day, cutoff=cutoff, revision=revision, status=status, compiled_at=compiled_at,
                 compiled_by=compiled_by, carry=carry)[0]

def map_points(session: Session, event: Event, start: datetime, end: datetime, cutoff: datetime) -> list[MapPoint]:
    """The small map's places: each with a status at the period's end, as known at the cut-off.

    A place with only other reports (activity, debris) has no colour to show and is left out.
    """
    at = min(end - LAST_INSTANT, cutoff)  # the day's last instant, as the power section reads its outages
    found = site_map(session, event, at, cutoff, period_start=start)
    # A doubtful point (far from the event's place: maps/services.Site.doubtful) is kept and marked: not drawn,
    # named under the map as 位置可疑, not as 无坐标 (it has coordinates; they need correcting).
    return [MapPoint(s.area_id, s.name, s.name_en, s.latitude, s.longitude, list(s.statuses), s.households_affected,
                     s.households_affected_lb, doubtful=s.doubtful)
            for s in ordered(found.sites) if s.statuses]


def build(session: Session, event: Event, day: date, *, cutoff: datetime, revision: int, status: BriefStatus,
          compiled_at: datetime, compiled_by: str | None = None, carry: bool = True
          ) -> tuple[BriefContent, dict[str, Any]]:
    """A brief's content for one local day as known at the cut-off, and its ledger (reads only).

    `carry=False` recomputes every figure from all reports (the ledger's own check).
    """
    start, end = day_bounds(event, day)
    start, end, cutoff = start.astimezone(UTC), end.astimezone(UTC), cutoff.astimezone(UTC)
    compiled_at = compiled_at.astimezone(UTC)
    ledger = ledger_keys(session, event.id, cutoff)
    previous = previous_brief(session, event, day, cutoff)
    window_start, next_window = trend_window(event, day)
    carried = carried_ledger(session, event, previous, start, cutoff, window_start) if carry else None
    if carried is not None:
        # Which sections were carried: the sums always; power and disinfection when they can be.
        ledger["carried"] = carried.sections
    # A ledger is carried only from a previous brief.
    ledger["carried_from"] = previous.brief.id if carried is not None and previous.brief is not None else None
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
    power, power_subs, changes, curve, ledger["power"] = power_section(
        session, event, start, end, cutoff, window_start, next_window, carried, previous)
    power.previous_outages_to_date = previous.count("power.outages_to_date")
    power.previous_restored_to_date = previous.count("power.restored_to_date")
    power.previous_households_affected = previous.qty("power.households_affected")
    power.previous_buildings_affected = previous.qty("power.buildings_affected")
    power.previous_peak_households = previous.qty("power.peak_households")
    power.previous_peak_buildings = previous.qty("power.peak_buildings")
    pumping, pumped, pumping_changes = pumping_section(session, event, start, end, cutoff, previous, carried, ledger)
    disinfection, disinfected, cum_subs = disinfection_section(session, event, start, end, cutoff, previous, carried,
                                                        ledger)
    debris, cleared = debris_section(session, event, start, end, cutoff, previous, carried, ledger)
    areas = q.subdistrict_areas(session, event.area_id)
    counts = q.reports_by_subdistrict(session, event.id, start, end, cutoff)
    subdistricts = subdistrict_rows(session, event, start, end, cutoff, power_subs, pumped, disinfected,
                                     cleared, counts, previous, areas,
                                     q.operations_by_subdistrict(session, event.id, start, end, cutoff))
    activity_rows, activity_total = q.activity(session, event.id, start, end, cutoff, ACTIVITY_LIMIT)
    activity = [ActivityLine(when(a.observed_at, a.precision), a.area, a.area_en, a.title, a.source, a.note)
                for a in activity_rows]

    names = {a.id: (a.name, a.name_en) for a in areas}
    whole = (district.name, district.name_en) if district else (None, None)
    dis_changes = [Change("disinfection_to_date", *names.get(sub_id, whole)) for sub_id in cum_subs]
    since = previous.brief.cutoff if previous.brief is not None else start
    changes = changes + pumping_changes + volume_news(session, event, since, start, end, cutoff) + dis_changes
    if debris.reports_in_period and debris.mass_kg.period.value is not None:
        changes.append(Change("debris", qty=debris.mass_kg.period))

    quality = Quality()
    statuses = q.statuses_used(session, event.id, start, end, cutoff)
    quality.reports_used = sum(statuses.values())
    quality.unverified = sum(n for s, n in statuses.items() if s in q.UNVERIFIED)
    sent_back, quality.returned = q.returned(session, event.id, end, cutoff, LATE_LIMIT)
    quality.returned_reports = [ReturnedReport(r.id, r.kind, r.area, r.area_en, when(r.observed_at,
                                               r.observed_precision), r.reason) for r in sent_back]
    quality.late, quality.late_total = late_reports(session, event, day, start, cutoff, previous)
    if quality.late_total:
        # Late zero reports add to no figure: the change says so rather than "to-date figures include them".
        # Each already shown by a revision of the brief it missed: no revision is still to come.
        text = "zero_report" if quality.late_zero_reports_only else None
        if quality.late_all_shown:
            text = f"{text}_shown" if text else "shown"
        changes.append(Change("late", count=quality.late_total, text=text))
    # 零报告 (nothing to report) apart from 未报送 (silent); a zero report adds to no figure.
    heard = q.answers(session, event, day, start, end, cutoff, counts, areas)
    quality.zero_reported = [AreaName(a.id, a.name, a.name_en) for a in heard.zero]
    quality.silent = [AreaName(a.id, a.name, a.name_en) for a in heard.silent]
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
    # Every figure the key figures mark 累计数下降 when it fell: 五、数据质量 and the changes name the same ones.
    figures = {"pumping.volume_m3": pumping.volume_m3, "debris.mass_kg": debris.mass_kg,
               "debris.truckloads": debris.truckloads, "debris.people": debris.people,
               "debris.vehicles": debris.vehicles, "disinfection.person_times": disinfection.person_times}
    figures.update({f"disinfection.{c.code}": c.figure for c in disinfection.categories})
    quality.falls = power_falls(power) + [name for name, f in figures.items() if f.fell]
    for name in quality.falls:
        changes.append(Change("fell", text=name))
    quality.approximate = any(f.period.approx or f.to_date.approx for f in figures.values())
    # Its number, cut-off and ledger only: its content (the whole brief's JSON) is not read here.
    earlier = session.execute(
        sa.select(Brief.revision, Brief.cutoff, Brief.carry)
        .where(Brief.event_id == event.id, Brief.day == day, Brief.revision < revision)
        .order_by(Brief.revision.desc()).limit(1)).first()
    if earlier is not None:
        quality.previous_revision = earlier.revision
        quality.previous_cutoff = earlier.cutoff
        seen = earlier.carry or {}
        # The reports the earlier revision counted are those its ledger saw (ids and cut-off), not
        # only those received by its cut-off: a backdated report entered since is new to this one.
        unseen = (q.new_reports(event.id, earlier.cutoff, cutoff, seen["top_id"], seen.get("recent") or [],
                                CARRY_WINDOW) if "top_id" in seen else None)
        news = changes_since(session, event.id, day, start, end, earlier.cutoff, cutoff, seen.get("audit_top"),
                             unseen)
        quality.added_since_previous_revision = news.added
        quality.corrected_since_previous_revision = news.corrected
        quality.retracted_since_previous_revision = news.retracted
        quality.returned_since_previous_revision = news.returned
        quality.restored_since_previous_revision = news.restored
    content = BriefContent(header=header, power=power, pumping=pumping, disinfection=disinfection,
                           debris=debris, subdistricts=subdistricts, activity=activity,
                           activity_total=activity_total, changes=changes, quality=quality,
                           trend=trend_points(session, event, day, cutoff, curve),
                           map=map_points(session, event, start, end, cutoff))
    return content, ledger
