"""The demo's drill (演练): one event running since the day the demo is served, to try the report forms on.

The scenario's July 2021 events are over, so their forms warn of the end and leave the time blank; a newcomer's
first report ("from a phone in under a minute") needs an event that runs now. Loaded by `incidents serve --demo`
and `incidents load-drill`, never by the scenario file (its figures are the acceptance test's).
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
    start = datetime.combine(now.astimezone(ZONE).date(), datetime.min.time(), ZONE)
    event = {"__line__": 0, "code": DRILL_CODE, "name": "演练：城区暴雨（示例）",
             "name_en": "Drill: city rainstorm (example)", "kind": "rainstorm", "timezone": str(ZONE),
             "starts": _local(start), "area": "文峰区", "issuer": ISSUER, "issuer_en": ISSUER_EN,
             "description": "演练（示例数据）：供试用各类报告表单，所填内容不属于任何真实事件。"
                            "Drill (example data): for trying the report forms; nothing in it is a real event."}
    rows = []
    for report in REPORTS:
        at = _local(start + timedelta(seconds=(now - start).total_seconds() * report["at"]))
        row = {k: v for k, v in report.items() if k not in ("at", "time")}
        row.update({"__line__": 0, "event": DRILL_CODE, report.get("time", "observed"): at, "reported": at})
        rows.append(row)
    return {"events": [event], "reports": rows}


def load_drill(session: Session, now: datetime | None = None) -> LoadSummary:
    """Add the drill and its reports over the demo's areas, unless an event has its code (then nothing: it may run
    since an earlier day, or have been closed on purpose). Call after the scenario (its areas)."""
    if session.scalar(sa.select(Event.id).where(Event.code == DRILL_CODE)) is not None:
        return LoadSummary()
    return load_doc(session, drill_doc(now or now_utc()), Path(__file__))
