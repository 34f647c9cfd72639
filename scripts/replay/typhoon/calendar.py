"""The typhoon's district, days and clock: 1991's summer time, the 25-hour day, and how a sender writes a time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Asia/Shanghai")
DAYS = [date(1991, 9, 13) + timedelta(days=i) for i in range(4)]
FAR = datetime(2999, 1, 1, tzinfo=UTC)
DISTRICT = "东礁区"
SUBS = [  # name, code, communities (households, buildings)
    ("渔港街道", "331099001", {"渔港社区": (2400, 60), "东沙社区": (1500, 40), "新港社区": (900, 25)}),
    ("滨海街道", "331099002", {"海滨社区": (3000, 80), "望潮社区": (1800, 45), "银滩社区": (1200, 30)}),
    ("石塘镇", "331099101", {"石塘村": (1600, 50), "后沙村": (700, 20), "箬山村": (900, 28)}),
    ("鹤浦镇", "331099102", {"鹤浦村": (1100, 35), "大岙村": (600, 18)}),
]
SUB_OF = {c: i for i, (_, _, cs) in enumerate(SUBS) for c in cs}


def sub_of(place: str) -> int:
    """The index of a community's subdistrict, or of a subdistrict named (-1 for the district)."""
    return SUB_OF.get(place, next((i for i, s in enumerate(SUBS) if s[0] == place), -1))


def at(text: str, fold: int = 0) -> datetime:
    """A local wall time "09-15 01:30" of 1991 (fold=1: its second occurrence), as UTC."""
    day, clock = text.split()
    m, d = (int(x) for x in day.split("-"))
    hh, mm = (int(x) for x in clock.split(":")[:2])
    ss = int(clock.split(":")[2]) if clock.count(":") == 2 else 0
    local = datetime(1991, m, d, hh % 24, mm, ss, fold=fold, tzinfo=ZONE)  # (adding a timedelta would drop fold)
    return (local + timedelta(days=1) if hh == 24 else local).astimezone(UTC)


def day_start(d: date) -> datetime:
    """Local midnight starting d, in UTC."""
    return datetime(d.year, d.month, d.day, tzinfo=ZONE).astimezone(UTC)


def bounds(d: date) -> tuple[datetime, datetime]:
    """The local day's bounds in UTC (25 hours on 15 September 1991)."""
    return day_start(d), day_start(d + timedelta(days=1))


def due(d: date) -> datetime:
    """A day's brief is due at 08:00 the next day."""
    n = d + timedelta(days=1)
    return datetime(n.year, n.month, n.day, 8, tzinfo=ZONE).astimezone(UTC)


def local_day(t: datetime) -> date:
    """The local day of t."""
    return t.astimezone(ZONE).date()


def ambiguous(t: datetime) -> bool:
    """Whether the local wall time of t happened twice."""
    w = t.astimezone(ZONE).replace(tzinfo=None)
    return (w.replace(tzinfo=ZONE, fold=0).utcoffset() != w.replace(tzinfo=ZONE, fold=1).utcoffset())


def spell(t: datetime, i: int) -> str:
    """A time as a sender writes it, in turn: its offset, Z, local with a space, local with a T."""
    # a local time the clocks showed twice is always sent with its offset: the one ambiguous time is sent on purpose
    lt = t.astimezone(ZONE)
    secs = ":%S" if lt.second else ""
    forms = [lt.strftime(f"%Y-%m-%dT%H:%M{secs}%z"), t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
             lt.strftime(f"%Y-%m-%d %H:%M{secs}"), lt.strftime(f"%Y-%m-%dT%H:%M{secs}")]
    return forms[0 if ambiguous(t) else i % 4]

