"""The rainstorm's district, days and clock: where, when, and how a sender writes a time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Asia/Shanghai")
DAYS = [date(2021, 7, 20) + timedelta(days=i) for i in range(4)]
FAR = datetime(2100, 1, 1, tzinfo=UTC)

SUBS = [  # name, code, communities
    ("东风路街道", "410105001", ["东风社区", "文博社区", "丰庆社区", "经三社区", "农科社区", "索克社区"]),
    ("文化路街道", "410105002", ["沙门社区", "天明社区", "红专社区", "宋寨社区", "园田社区", "北林社区"]),
    ("丰产路街道", "410105003", ["黄河社区", "顺河社区", "省委社区", "纬五社区", "政七社区", "金杯社区"]),
    ("南阳路街道", "410105004", ["杓袁社区", "老鸦陈社区", "张家村", "陈寨社区", "庙李社区", "南阳新村社区"]),
    ("柳林镇", "410105100", ["柳林村", "毛庄村", "刘庄村", "杨君刘村", "黑朱庄村", "宋庄村"]),
]


def local(d: date, hh: int, mm: int = 0) -> datetime:
    """A local wall time on day d (hh may reach 24+)."""
    return datetime(d.year, d.month, d.day, tzinfo=ZONE) + timedelta(hours=hh, minutes=mm)


def spell(t: datetime, i: int) -> str:
    """A time as an outsider sends it, in turn: +08:00, Z, naive local with a space, naive local with a T."""
    lt = t.astimezone(ZONE)
    return [lt.strftime("%Y-%m-%dT%H:%M+08:00"), t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            lt.strftime("%Y-%m-%d %H:%M"), lt.strftime("%Y-%m-%dT%H:%M")][i % 4]


def due(d: date) -> datetime:
    """The brief of day d is due at 08:00 the next day."""
    return local(d, 32)


def bounds(d: date) -> tuple[datetime, datetime]:
    """The local day's bounds."""
    return local(d, 0), local(d, 24)

