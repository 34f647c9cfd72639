"""Overdue alerts to the coordinators' recipients, once per item: an outage past its estimated restoration
with no word since, and a pumping operation without a volume report for hours.

"Open" is the timeline's state rule (timelines/states.py over timelines/rule.py). Each item's key
names the ETR or the last report it is about, so a sweep every minute tells it once, and a new
ETR that also passes (or a new silence after a volume) is a new item.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.areas.models import Area
from incidents.briefs.sql import known
from incidents.db import Database, now_utc
from incidents.distribution.models import NoticeKind, Recipient
from incidents.distribution.services import for_running_events, tell
from incidents.events.models import Event
from incidents.reports.models import PumpingOperation, PumpingVolume
from incidents.timelines.states import outage_states


def _local(event: Event, at: datetime) -> str:
    return at.astimezone(event.tz).strftime("%Y-%m-%d %H:%M")


def overdue_outages(session: Session, event: Event, now: datetime) -> list[tuple[str, dict]]:
    """(key, facts) of each open outage whose latest ETR has passed with no update since it was due."""
    found = []
    for state in outage_states(session, event.id, now):
        if not state.open or state.etr_at is None or state.etr_at >= now:
            continue
        if state.last_update_at is not None and state.last_update_at >= state.etr_at:
            continue
        key = f"alert:outage:{state.outage_id}:{int(state.etr_at.timestamp())}"
        found.append((key, {"what": "outage", "report_id": state.outage_id, "area": state.area_name,
                            "area_en": state.area_name_en, "etr": _local(event, state.etr_at)}))
    return found


def silent_pumping(session: Session, event: Event, now: datetime, silent: timedelta) -> list[tuple[str, dict]]:
    """(key, facts) of each running pumping operation whose last word (a volume, else its start) is too old."""
    op, vol = PumpingOperation, PumpingVolume
    last_volume = (sa.select(vol.operation_id, sa.func.max(vol.reported_at).label("at"))
                   .where(*known(vol, event.id, now)).group_by(vol.operation_id).subquery())
    query = (sa.select(op.id, op.team, op.team_en, op.reported_at, last_volume.c.at, Area.name, Area.name_en)
             .join(Area, Area.id == op.area_id)
             .outerjoin(last_volume, last_volume.c.operation_id == op.id)
             .where(*known(op, event.id, now), op.observed_at <= now,
                    sa.or_(op.ended_at.is_(None), op.ended_at > now))
             .order_by(op.id))
    found = []
    for op_id, team, team_en, reported_at, volume_at, area, area_en in session.execute(query):
        last = volume_at or reported_at
        if last.tzinfo is None:  # MAX() over SQLite text loses the column type
            last = datetime.fromisoformat(str(last)).replace(tzinfo=now.tzinfo)
        if now - last < silent:
            continue
        hours = int((now - last).total_seconds() // 3600)
        found.append((f"alert:pumping:{op_id}:{int(last.timestamp())}",
                      {"what": "pumping", "report_id": op_id, "area": area, "area_en": area_en, "team": team,
                       "team_en": team_en, "since": _local(event, last), "hours": hours}))
    return found


def alert_event(session: Session, event: Event, now: datetime, silent: timedelta) -> int:
    """Tell the event's alert recipients of each overdue item not told before; how many items."""
    to = list(session.scalars(sa.select(Recipient).where(
        Recipient.event_id == event.id, Recipient.active, Recipient.alerts).order_by(Recipient.id)))
    if not to:
        return 0
    told = 0
    for key, facts in overdue_outages(session, event, now) + silent_pumping(session, event, now, silent):
        if tell(session, event.id, NoticeKind.ALERT, key, facts, to, now=now) is not None:
            told += 1
    return told


def alert_due(database: Database, silent: timedelta, now: datetime | None = None) -> int:
    """The scheduler's job: every running event's overdue items, each event in a transaction of its own."""
    at = now or now_utc()
    return for_running_events(database, at, timedelta(0),
                              lambda session, event: alert_event(session, event, at, silent))
