"""The arithmetic every outsider's model (tests/api/*_model.py) does by docs/domain.md and docs/briefs.md.

Nothing here imports the product: a China Standard Time event's days and cut-offs, the apportioned share of an
interval's figure, a percentage to one decimal, the reports bearing on a day, the zero-report board, and (Ledger) the
quantities, disinfection, late reports and revisions worked out over what a model's `known` holds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
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


class Ledger:
    """A model's figures that read only its live reports (`known`, the model's own) and its brief days (`days`)."""

    days: tuple[str, ...]
    sent: dict[str, Any]

    def known(self, by: datetime, kind: str | None = None) -> list[Any]:
        """Live reports stamped by `by` (of one kind): the model says which count."""
        raise NotImplementedError

    # -- quantities over intervals ----------------------------------------------------------------------------------
    def interval(self, kind: str, what: str, day: str, by: datetime) -> tuple[Any, Any]:
        """A volume's or clearance's figure in the day and to date before 24:00, each as marks(): (value, more
        than, about); "more than" also where a report reaching in gave none."""
        start, end = bounds(day)
        period = to_date = reached = ever = 0
        lb = cut = to_date_lb = runs_past = False
        for r in self.known(by, kind):
            s, t = r.fields["start"], r.fields["end"]
            amount = r.fields.get(what)
            if s < end and t > start:
                reached += 1
                if amount is None:
                    lb = True
                else:
                    period += share(amount, s, t, end) - share(amount, s, t, start)
                    lb |= r.fields.get("lb", False)
                    cut |= s < start or t > end
            if s < end:
                ever += 1
                if amount is None:
                    to_date_lb = True
                else:
                    to_date += share(amount, s, t, end)
                    to_date_lb |= r.fields.get("lb", False)
                    runs_past |= t > end
        return ((period if reached else None, lb and reached > 0, cut),
                (to_date if ever else None, to_date_lb, runs_past))

    def crews(self, what: str, day: str, by: datetime) -> tuple[Any, Any]:
        """A clearance's people or vehicles: in full on each day a job reaches into, once (its first day) to date."""
        start, end = bounds(day)
        reaching = [r for r in self.known(by, "debris") if r.fields["start"] < end and r.fields["end"] > start]
        begun = [r for r in self.known(by, "debris") if r.fields["start"] < end]

        def told(rs: list[Any]) -> tuple[Any, bool, bool]:
            given = [r.fields[what] for r in rs if what in r.fields]
            return (sum(given) if given else None, bool(given) and len(given) < len(rs), False)

        return told(reaching), told(begun)

    # -- disinfection -------------------------------------------------------------------------------------------------
    def disinfected(self, what: str, upto: datetime, by: datetime) -> int:
        """A category's (or person-times') total before `upto`: per place, a total to date replaces what was observed
        at or before it, later rounds add."""
        total = 0
        for place in {r.place for r in self.known(by, "disinfection")}:
            rounds = sorted((r for r in self.known(by, "disinfection") if r.place == place
                             and r.fields["observed"] < upto and what in r.fields),
                            key=lambda r: (r.fields["observed"], r.reported))
            figure = 0
            for r in rounds:
                figure = r.fields[what] if r.fields.get("cumulative") else figure + r.fields[what]
            total += figure
        return total

    def disinfection(self, what: str, day: str, by: datetime) -> tuple[int | None, int | None]:
        """The day's figure (the change of the total over it) and the total to date, None where nothing was told."""
        start, end = bounds(day)
        told = [r for r in self.known(by, "disinfection") if what in r.fields]
        period = self.disinfected(what, end, by) - self.disinfected(what, start, by)
        return (period if any(start <= r.fields["observed"] < end for r in told) else None,
                self.disinfected(what, end, by) if any(r.fields["observed"] < end for r in told) else None)

    # -- data quality -------------------------------------------------------------------------------------------------
    def late(self, day: str, by: datetime) -> list[tuple[int, str]]:
        """Stamped after the day before's first cut-off and by `by`, first seen before the day (on a day with a
        brief): (id, that day)."""
        start, _ = bounds(day)
        previous = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
        if previous not in self.days:
            return []
        return sorted((r.id, r.first.astimezone(CST).date().isoformat()) for r in self.known(by)
                      if cutoff(previous) < r.reported and bounds(self.days[0])[0] <= r.first < start)

    def revised(self, day: str, compiled: datetime, by: datetime) -> tuple[int, int, int]:
        """A revision's 新纳入 / 更正 / 撤回: received after the first cut-off and bearing on the day (up to its end);
        earlier ones corrected or retracted since the first was compiled."""
        _, end = bounds(day)
        added = [r for r in self.known(by) if r.reported > cutoff(day) and r.first < end]
        earlier = [r for r in self.sent.values() if r.reported <= cutoff(day) and r.first < end]
        changed = {what: len([r for r in earlier if any(w == what and when > compiled for when, w in r.history)])
                   for what in ("corrected", "retracted")}
        return len(added), changed["corrected"], changed["retracted"]
