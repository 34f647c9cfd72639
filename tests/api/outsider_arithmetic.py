"""The arithmetic every outsider's model (tests/api/*_model.py) does by docs/domain.md and docs/briefs.md.

Nothing here imports the product: a China Standard Time event's days and cut-offs, the apportioned share of an
interval's figure, a percentage to one decimal, the reports bearing on a day and the zero-report board.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any
from zoneinfo import ZoneInfo

CST = ZoneInfo("Asia/Shanghai")


@dataclass
class Sent:
    """A report as the tester sent it and as it stands now: `fields` holds what it says in plain numbers."""

    key: str
    kind: str
    place: str
    reported: datetime
    fields: dict[str, Any]
    live: bool = True
    id: int = 0
    history: list[tuple[datetime, str]] = field(default_factory=list)  # (when, "corrected" | "retracted")

    @property
    def first(self) -> datetime:
        """Its first moment: an outage's start, a period's start, else when it was observed."""
        return self.fields.get("started") or self.fields.get("start") or self.fields["observed"]


def at(text: str) -> datetime:
    """A time as the tester sends it (event-local without an offset, or ISO with one) as a UTC instant."""
    moment = datetime.fromisoformat(text)
    return (moment if moment.tzinfo else moment.replace(tzinfo=CST)).astimezone(UTC)


def bounds(day: str) -> tuple[datetime, datetime]:
    """A local day's [00:00, 24:00) in UTC."""
    start = at(f"{day} 00:00")
    return start, start + timedelta(days=1)


def cutoff(day: str) -> datetime:
    """The first final brief's cut-off: 08:00 local the next day."""
    return bounds(day)[1] + timedelta(hours=8)


def share(amount: int, start: datetime, end: datetime, upto: datetime) -> int:
    """F(x) = ⌊V · (x − s) / (t − s)⌋ in whole seconds, clamped to the interval."""
    x = min(max(upto, start), end)
    return amount * int((x - start).total_seconds()) // int((end - start).total_seconds())


def one_decimal(part: int, whole: int) -> float:
    """100 · part / whole to one decimal, the even neighbour on a tie (GB/T 8170)."""
    return float((Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN))


def bears(r: Any, day: str) -> bool:
    """A report bears on the day: seen in it, its period reaching into it, or stamped in it."""
    start, end = bounds(day)
    f = r.fields
    touches = (f["start"] < end and f["end"] > start) if "end" in f else start <= r.first < end
    return touches or start <= r.reported < end


def used(known: Sequence[Any], day: str, subs: Sequence[str], sub_of: Mapping[str, str]) -> dict[str, int]:
    """二、分街道's 报告数: the reports known bearing on the day by 街道/镇 (the city's own row last, if any)."""
    rows = dict.fromkeys(subs, 0)
    for r in known:
        if r.kind != "zero" and bears(r, day):
            rows[sub_of[r.place]] = rows.get(sub_of[r.place], 0) + 1
    return rows


def board(known: Sequence[Any], day: str, subs: Sequence[str],
          sub_of: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """零报告 and 未报送: the 街道/镇 with nothing for the day, with and without a zero report for it known."""
    counted = used(known, day, subs, sub_of)
    zero = {r.place for r in known if r.kind == "zero" and r.fields["day"] == day}
    quiet = [s for s in subs if not counted[s]]
    return [s for s in quiet if s in zero], [s for s in quiet if s not in zero]
