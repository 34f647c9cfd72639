"""The arithmetic every outsider's model (tests/api/*_model.py) does by docs/domain.md and docs/briefs.md.

Nothing here imports the product: a China Standard Time event's days and cut-offs, the apportioned share of an
interval's figure, a percentage to one decimal.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from zoneinfo import ZoneInfo

CST = ZoneInfo("Asia/Shanghai")


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
