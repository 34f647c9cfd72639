"""Hurricane Sandy over Monmouth County, New Jersey, 29 October – 9 November 2012: the outsider's own arithmetic.

For tests/api/test_outsider_sandy_monmouth_by_hand.py. Nothing here imports the product: days are the county's
local calendar days in America/New_York (4 November 2012 has 25 hours: 01:00–02:00 happened twice), the brief's
cut-off is 08:00 local the next morning, an outage's households out at an instant are read off its latest update at
or before it (docs/domain.md), a volume's share of a day is apportioned by whole seconds (docs/briefs.md).
US units are converted here, as the county's clerk would before typing: the product takes m³ and tonnes only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

ET = ZoneInfo("America/New_York")
EPS = timedelta(microseconds=1)
GALLON_M3 = Decimal("0.003785411784")  # one US gallon, exactly
SHORT_TON_T = Decimal("0.90718474")  # one US (short) ton, exactly


def m3_of_gallons(gallons: int) -> int:
    """A pumped volume in US gallons as the whole m³ the clerk types (half up)."""
    return int((gallons * GALLON_M3).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def tonnes_of_tons(tons: int) -> Decimal:
    """Debris weighed in US short tons as the tonnes the clerk types, to one decimal (half up)."""
    return (tons * SHORT_TON_T).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def at(text: str) -> datetime:
    """A time as sent: with its offset, or local wall time (never an ambiguous one) in New York; as UTC."""
    moment = datetime.fromisoformat(text)
    return (moment if moment.tzinfo else moment.replace(tzinfo=ET)).astimezone(UTC)


def bounds(day: str) -> tuple[datetime, datetime]:
    """A local day's [00:00, next 00:00) in UTC: 25 hours on 4 November 2012."""
    start = datetime.fromisoformat(day).replace(tzinfo=ET)
    return start.astimezone(UTC), (start + timedelta(days=1)).replace(tzinfo=ET).astimezone(UTC)


def cutoff(day: str) -> datetime:
    """The first brief's cut-off: 08:00 local the next morning (EST from 4 November)."""
    nxt = datetime.fromisoformat(day) + timedelta(days=1, hours=8)
    return nxt.replace(tzinfo=ET).astimezone(UTC)


def share(amount: int, start: datetime, end: datetime, upto: datetime) -> int:
    """F(x) = ⌊V · (x − s) / (t − s)⌋ in whole seconds, clamped to the interval."""
    x = min(max(upto, start), end)
    return amount * int((x - start).total_seconds()) // int((end - start).total_seconds())


@dataclass
class Sent:
    """One report as sent and as it stands now."""

    key: str
    kind: str
    sub: str
    reported: datetime
    facts: dict[str, Any]
    id: int = 0
    live: bool = True


@dataclass
class Model:
    """Every report sent, by key."""

    sent: dict[str, Sent] = field(default_factory=dict)

    def known(self, cut: datetime) -> list[Sent]:
        """The counted reports stamped by the cut-off, as they stand now."""
        return [s for s in self.sent.values() if s.live and s.reported <= cut
                and not (s.facts.get("outage") and not self.sent[s.facts["outage"]].live)
                and not (s.facts.get("operation") and not self.sent[s.facts["operation"]].live)]

    def out_at(self, key: str, t: datetime, known: list[Sent]) -> tuple[int, bool] | None:
        """(households out, more than) of an outage at t, by its latest update at or before t; None before it."""
        o = self.sent[key]
        if o.facts["started"] > t:
            return None
        state = (o.facts["households"], o.facts.get("lb", False))
        for u in sorted((u for u in known if u.kind == "outage_update" and u.facts["outage"] == key
                         and u.facts["observed"] <= t), key=lambda u: u.facts["observed"]):
            if u.facts.get("full"):
                state = (0, False)
            elif "out" in u.facts:
                state = (u.facts["out"], u.facts.get("lb", False))
            else:
                state = (o.facts["households"] - u.facts["restored"], False)
        return state

    def power(self, day: str, cut: datetime, sub: str | None = None) -> dict[str, Any]:
        """The day's power figures read at its last instant as known at the cut-off."""
        known = self.known(cut)
        start, end = bounds(day)
        outages = [o for o in known if o.kind == "outage" and (sub is None or o.sub == sub)]
        out, lb, opened, new, restored, back, back_lb, again = 0, False, 0, 0, 0, 0, False, 0
        back_ub = False
        for o in outages:
            now = self.out_at(o.key, end - EPS, known)
            if now is None:
                continue
            if now[0]:
                opened, out, lb = opened + 1, out + now[0], lb or now[1]
            new += start <= o.facts["started"] < end
            prev = ((o.facts["households"], o.facts.get("lb", False)) if o.facts["started"] >= start
                    else self.out_at(o.key, start - EPS, known) or (0, False))
            full_at = None
            for u in sorted((u for u in known if u.kind == "outage_update" and u.facts["outage"] == o.key
                             and start <= u.facts["observed"] < end), key=lambda u: u.facts["observed"]):
                nxt = self.out_at(o.key, u.facts["observed"], known)
                assert nxt is not None
                if nxt[0] < prev[0]:
                    # From "more than" to exact the fall is more than its difference; from exact to "more than"
                    # (7,000 then 3,000+ still out) it is at most that.
                    back, back_lb = back + prev[0] - nxt[0], back_lb or (prev[1] and not nxt[1])
                    back_ub = back_ub or (nxt[1] and not prev[1])
                elif nxt[0] > prev[0]:
                    again += nxt[0] - prev[0]
                full_at = u.facts["observed"] if u.facts.get("full") else full_at
                prev = nxt
            restored += now[0] == 0 and full_at is not None
        moments = sorted({o.facts["started"] for o in outages}
                         | {u.facts["observed"] for u in known if u.kind == "outage_update"})
        peak = (0, False)
        for t in (m for m in moments if m < end):
            states = [s for o in outages if (s := self.out_at(o.key, t, known))]
            total = (sum(s[0] for s in states), any(s[1] for s in states if s[0]))
            peak = total if total[0] > peak[0] else peak
        return {"out": (out, lb), "open": opened, "new": new, "restored": restored, "back": (back, back_lb),
                "back_at_most": back_ub and not back_lb, "again": again, "peak": peak}

    def m3(self, day: str, cut: datetime, to_date: bool = False) -> tuple[int | None, bool, bool]:
        """(m³, more than, about) pumped in the day (or to its end); None where no volume reaches it."""
        start, end = bounds(day)
        total, lb, approx, seen = 0, False, False, False
        for v in self.known(cut):
            if v.kind != "pumping_volume" or v.facts["start"] >= end or (not to_date and v.facts["end"] <= start):
                continue
            s, t, amount = v.facts["start"], v.facts["end"], v.facts["m3"]
            total += share(amount, s, t, end) - (0 if to_date else share(amount, s, t, start))
            seen, lb = True, lb or v.facts.get("lb", False)
            approx |= t > end or (not to_date and s < start)
        return (total if seen else None), lb, approx

    def reports_used(self, day: str, cut: datetime, sub: str | None = None) -> int:
        """The counted reports bearing on the day: stamped in it, observed in it, or a volume reaching into it."""
        start, end = bounds(day)

        def bears(r: Sent) -> bool:
            if start <= r.reported < end:
                return True
            if r.kind == "pumping_volume":
                return bool(r.facts["start"] < end and r.facts["end"] > start)
            return start <= r.facts["observed"] < end
        return sum(1 for r in self.known(cut) if (sub is None or r.sub == sub) and bears(r))

    def late(self, day: str, cut: datetime) -> list[tuple[str, str]]:
        """(key, day missed) of reports stamped after the day before's cut-off, observed before this day."""
        start = bounds(day)[0]
        before = cutoff((datetime.fromisoformat(day) - timedelta(days=1)).date().isoformat())
        first = {"pumping_volume": "start"}
        return sorted((r.key, r.facts[first.get(r.kind, "observed")].astimezone(ET).date().isoformat())
                      for r in self.known(cut)
                      if before < r.reported <= cut and r.facts[first.get(r.kind, "observed")] < start)
