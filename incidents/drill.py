"""The demo's drill (演练): one event running since the day the demo is served, to try the report forms on.

The scenario's July 2021 events are over, so their forms warn of the end and leave the time blank; a newcomer's
first report ("from a phone in under a minute") needs an event that runs now. Loaded by `incidents serve --demo`
and `incidents load-drill`, never by the scenario file (its figures are the acceptance test's).

A drill follows the calendar: on a new day (the scheduler's minute sync job, or the demo served again) the one running
since an earlier day ends at today's 00:00, kept with its reports under its day's code (demo-drill-20261206) for its
last brief, and today's opens under the drill's code. A drill closed on purpose stays closed, and none follows it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.db import now_utc
from incidents.demo import LoadSummary, load_doc
from incidents.events.models import Event
from incidents.events.services import close_event, update_event
from incidents.reports.models import Report

DRILL_CODE = "demo-drill"
ZONE = ZoneInfo("Asia/Shanghai")
ISSUER = "文峰区防汛抗旱指挥部办公室"
ISSUER_EN = "Office of the Wenfeng District Flood Control and Drought Relief Headquarters"

# A handful of reports so the drill's page and timeline are not empty; `at`: the share of the time from the drill's
# start (00:00) to the load at which each was seen and reported, so none lies ahead of the clock, whenever it runs.
REPORTS: list[dict[str, Any]] = [
    {"key": "drill-start", "kind": "activity", "area": "文峰区", "at": 0.1,
     "title": "演练开始：区防指启动城区暴雨应急演练（示例）",
     "note": "演练（示例数据）：供试用报告表单，可随意填写。"},
    {"key": "drill-outage-xizhonglou", "kind": "outage", "area": "文峰区/北大街街道/西钟楼巷", "at": 0.3,
     "households_affected": 120, "time": "started",
     "note": "演练（示例）：积水漫入配电室，巷内住户停电；恢复时间未报。"},
    {"key": "drill-pumping-wenfenghui", "kind": "pumping", "area": "文峰区/北大街街道/文峰汇·十二府", "at": 0.5,
     "team": "北大街街道抢险队（演练）", "team_en": "Beidajie Subdistrict response team (drill)",
     "people": 8, "pumps": 2, "note": "演练（示例）：地下停车场入口积水，架设水泵抽排。"},
    {"key": "drill-patrol-ancai", "kind": "activity", "area": "文峰区/银杏大街街道/安彩嘉园社区", "at": 0.7,
     "title": "演练：安彩嘉园社区巡查地下车库，未见积水", "note": "演练（示例数据）。"},
]


def _local(at: datetime) -> str:
    """A time as the scenario rows give it (local, to the minute; the minute's start, never after `at`)."""
    return at.astimezone(ZONE).strftime("%Y-%m-%d %H:%M")


def drill_doc(now: datetime) -> dict[str, Any]:
    """The drill as scenario rows: since 00:00 of `now`'s day in Shanghai, no end, briefs at 08:00."""
    start = _midnight(now)
    event = {"__line__": 0, "code": DRILL_CODE, "name": "演练：城区暴雨（示例）",
             "name_en": "Drill: city rainstorm (example)", "kind": "rainstorm", "timezone": str(ZONE),
             "starts": _local(start), "area": "文峰区", "issuer": ISSUER, "issuer_en": ISSUER_EN,
             "description": "演练（示例数据）：供试用各类报告表单，所填内容不属于任何真实事件。"
                            "Drill (example data): for trying the report forms; nothing in it is a real event."}
    rows = []
    for report in REPORTS:
        at = _local(start + timedelta(seconds=(now - start).total_seconds() * report["at"]))
        row = {k: v for k, v in report.items() if k not in ("at", "time")}
        # Keyed by the day: each day's drill has its own example reports (the keys make loading twice change nothing).
        row["key"] = f"{report['key']}-{start:%Y%m%d}"
        row.update({"__line__": 0, "event": DRILL_CODE, report.get("time", "observed"): at, "reported": at})
        rows.append(row)
    return {"events": [event], "reports": rows}


def _midnight(now: datetime) -> datetime:
    """00:00 of `now`'s day in Shanghai (the drill's zone)."""
    return datetime.combine(now.astimezone(ZONE).date(), datetime.min.time(), ZONE)


def load_drill(session: Session, now: datetime | None = None) -> LoadSummary:
    """Add the drill and its reports over the demo's areas; when it runs since an earlier day, today's follows it
    (follow_calendar); when it is today's or was closed on purpose, nothing. Call after the scenario (its areas)."""
    now = now or now_utc()
    if session.scalar(sa.select(Event.id).where(Event.code == DRILL_CODE)) is not None:
        return follow_calendar(session, now)
    return load_doc(session, drill_doc(now), Path(__file__))


def stale(session: Session, now: datetime, lock: bool = False) -> Event | None:
    """The drill, if it still runs since a day before `now`'s; else None (none, today's, or closed on purpose)."""
    query = sa.select(Event).where(Event.code == DRILL_CODE, Event.ends_at.is_(None), Event.starts_at < _midnight(now))
    # Locked: two schedulers rolling at once, the second finds it gone (renamed) once the first commits.
    return session.scalar(query.with_for_update(of=Event) if lock else query)


def follow_calendar(session: Session, now: datetime) -> LoadSummary:
    """A new day's drill: the one running since an earlier day ends at today's 00:00 (at `now` if it has a report
    from since then) under its first day's code, keeping its reports and its last brief; today's opens."""
    old = stale(session, now, lock=True)
    if old is None:
        return LoadSummary()
    midnight = _midnight(now)
    latest = session.scalar(sa.select(sa.func.max(Report.reported_at)).where(Report.event_id == old.id))
    close_event(session, old, midnight if latest is None or latest < midnight else now, None, now=now)
    day = old.starts_at.astimezone(ZONE).date()
    code = f"{DRILL_CODE}-{day:%Y%m%d}"
    if session.scalar(sa.select(Event.id).where(Event.code == code)) is not None:
        code = f"{code}-{old.id}"  # a drill reopened and renamed by hand took the day's code
    update_event(session, old, {"code": code}, None)
    session.flush()
    return load_doc(session, drill_doc(now), Path(__file__))
