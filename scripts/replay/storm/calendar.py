"""The district both storms cross, their days and clocks, and how a sender writes a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Asia/Shanghai")
FAR = datetime(2999, 1, 1, tzinfo=UTC)
FIRST = date(2023, 7, 29)
DISTRICT = "滨江区"
SUBS = [  # name, code, communities (households, buildings)
    ("城关街道", "330199001", {"南门社区": (2600, 70), "西城社区": (1800, 48), "柳巷社区": (900, 30)}),
    ("江北街道", "330199002", {"北岸社区": (2200, 60), "渡口社区": (1400, 38), "桥头社区": (1100, 32)}),
    ("河西镇", "330199101", {"河西村": (1500, 45), "沙洲村": (800, 26), "青山村": (1000, 33)}),
    # a town the rain spares: it sends zero reports or nothing (replay/storm/zeros.py), so the brief's board has a
    # 零报告 and a 未报送 to show beside the subdistricts with data
    ("北山乡", "330199201", {"北山村": (600, 20)}),
]
SUB_OF = {c: i for i, (_, _, cs) in enumerate(SUBS) for c in cs}
COMMUNITIES = {c: size for _, _, cs in SUBS for c, size in cs.items()}


@dataclass(frozen=True)
class Storm:
    """One event: its code, its days, the subdistricts its place holds, and the local time its brief is due; the
    quiet ones among them send no report with data."""

    key: str
    code: str
    name: str
    days: list[date]
    subs: list[int]  # indexes into SUBS
    brief_time: time
    quiet: tuple[int, ...] = ()

    def due(self, d: date) -> datetime:
        """The brief of day d is due at the brief time of the next day."""
        return local(d + timedelta(days=1), self.brief_time)

    def busy(self) -> list[int]:
        """The subdistricts that send reports with data."""
        return [i for i in self.subs if i not in self.quiet]

    def places(self) -> list[str]:
        """The communities within the event's place where news comes from (none in a quiet town)."""
        return [c for i in self.busy() for c in SUBS[i][2]]


def storms(seed: int) -> list[Storm]:
    """A rainstorm over the whole district (4 days, 北山乡 quiet) and, from its second day, a flood of 城关街道
    (3 days)."""
    return [
        Storm("A", f"bj-rain-{seed}", "“7·29”暴雨", [FIRST + timedelta(days=i) for i in range(4)], [0, 1, 2, 3],
              time(8), quiet=(3,)),
        Storm(
            "B", f"cg-flood-{seed}", "城关街道内涝", [FIRST + timedelta(days=i) for i in range(1, 4)], [0], time(9, 30)
        ),
    ]


def local(d: date, t: time = time(0)) -> datetime:
    """A local wall time, as UTC."""
    return datetime.combine(d, t, tzinfo=ZONE).astimezone(UTC)


def bounds(d: date) -> tuple[datetime, datetime]:
    """The local day's bounds in UTC."""
    return local(d), local(d + timedelta(days=1))


def local_day(t: datetime) -> date:
    """The local day of t."""
    return t.astimezone(ZONE).date()


def sub_of(place: str) -> int:
    """The index of a community's subdistrict, or of a subdistrict named."""
    return SUB_OF.get(place, next((i for i, s in enumerate(SUBS) if s[0] == place), -1))


def spell(t: datetime, i: int) -> str:
    """A time as a sender writes it, in turn: +08:00, Z, local with a space, local with a T; fractions kept."""
    lt = t.astimezone(ZONE)
    secs = ":%S.%f" if lt.microsecond else ":%S" if lt.second else ""
    return [
        lt.strftime(f"%Y-%m-%dT%H:%M{secs}+08:00"),
        t.astimezone(UTC).strftime(f"%Y-%m-%dT%H:%M{secs}Z"),
        lt.strftime(f"%Y-%m-%d %H:%M{secs}"),
        lt.strftime(f"%Y-%m-%dT%H:%M{secs}"),
    ][i % 4]
