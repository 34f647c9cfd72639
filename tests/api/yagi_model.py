"""Super Typhoon Yagi in Haikou (tests/api/test_outsider_yagi_haikou_by_hand.py): the tester's own arithmetic.

Nothing here imports the product: each figure worked out from the reports as sent, by the rules docs/domain.md and
docs/briefs.md state (households only for power: the scenario's outages give no buildings).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tests.api import outsider_arithmetic
from tests.api.outsider_arithmetic import CST, Ledger, bounds, one_decimal

DAYS = ("2024-09-06", "2024-09-07", "2024-09-08", "2024-09-09", "2024-09-10")
# The city's districts stand in the product's subdistrict slot (its levels: district → subdistrict → community →
# site); their administrative codes give the brief's order.
DISTRICTS = ("秀英区", "龙华区", "琼山区", "美兰区")
STREETS = {"秀英区": ("秀英街道", "海秀镇"), "龙华区": ("金宇街道", "海垦街道", "城西镇"),
           "琼山区": ("府城街道", "国兴街道"), "美兰区": ("白龙街道", "海甸街道", "和平南街道")}
EPS = timedelta(microseconds=1)


def local(moment: datetime) -> str:
    """A UTC instant as the tester writes it: Haikou local, to the second."""
    return moment.astimezone(CST).strftime("%Y-%m-%d %H:%M:%S")


@dataclass
class Sent(outsider_arithmetic.Sent):
    """A report as the tester sent it, and as it stands now, with the district it lies in."""

    district: str = ""


@dataclass
class Day:
    """One outage's day: out before and at the end, what went out again, came back, and whether the day ends on
    a reading that disagrees with a stated figure."""

    before: int
    end: int
    end_lb: bool
    new: int
    went: int
    back: int
    fell_since_out_again: int
    disagree: bool


class Model(Ledger):
    """The tester's own arithmetic over what was sent."""

    days = DAYS

    def __init__(self) -> None:
        self.sent: dict[str, Sent] = {}
        self.stored: dict[str, dict[str, Any]] = {}  # each day's latest brief's to-date figures as it stored them
        self.shown: dict[str, dict[str, Any]] = {}  # each day's latest brief's trend figures as it said them
        self.memo: dict[tuple[str, datetime], list[Sent]] | None = None

    def known(self, by: datetime, kind: str | None = None) -> list[Sent]:
        """Live reports stamped by `by`, as they stand now (of one kind); an update or volume only while its parent
        counts."""
        def counts(r: Sent) -> bool:
            parent = r.fields.get("outage") or r.fields.get("operation")
            return r.live and (parent is None or self.sent[parent].live)
        return [r for r in self.sent.values() if counts(r) and r.reported <= by and kind in (None, r.kind)]

    # -- power ----------------------------------------------------------------------------------------------------
    def updates(self, outage: Sent, by: datetime) -> list[Sent]:
        """An outage's live updates known by `by`, in the order of their observed instants (then as sent); kept while
        one power() reads them (nothing sent changes meanwhile)."""
        if self.memo is None:
            return self._updates(outage, by)
        if (outage.key, by) not in self.memo:
            self.memo[(outage.key, by)] = self._updates(outage, by)
        return self.memo[(outage.key, by)]

    def _updates(self, outage: Sent, by: datetime) -> list[Sent]:
        """An outage's live updates known by `by`, in order."""
        return sorted((u for u in self.known(by, "update") if u.fields["outage"] == outage.key),
                      key=lambda u: (u.fields["observed"], u.id))

    def state(self, outage: Sent, when: datetime, by: datetime) -> tuple[int, bool, int, bool]:
        """At `when`: households out, "more than", the last figure stated (affected, N still out, 0 when all came
        back) and whether what is out is a reading off a count restored so far."""
        if outage.fields["started"] > when:
            return 0, False, 0, False
        affected = outage.fields["households"]
        out, lb, stated, read = affected, False, affected, False
        for u in (u for u in self.updates(outage, by) if u.fields["observed"] <= when):
            f = u.fields
            if f.get("full"):
                out, lb, stated, read = 0, False, 0, False
            elif "out" in f:
                out, lb, stated, read = f["out"], f.get("lb", False), f["out"], False
            elif "restored" in f:
                out, lb, read = affected - f["restored"], False, True
        return out, lb, stated, read

    def out_at(self, outage: Sent, when: datetime, by: datetime) -> tuple[int, bool]:
        """Households still out at `when` and whether "more than"."""
        return self.state(outage, when, by)[:2]

    def day(self, o: Sent, day: str, by: datetime) -> Day:
        """The outage's day telescoped: out before − back + new + out again = out now (docs/briefs.md, "Power")."""
        start, end = bounds(day)
        before = self.out_at(o, start - EPS, by)[0]
        new = o.fields["households"] if start <= o.fields["started"] < end else 0
        went = fell = 0
        out, _, stated, start_read = self.state(o, start - EPS, by)
        if new:
            out, stated, start_read = new, new, False
        for u in (u for u in self.updates(o, by) if start <= u.fields["observed"] < end):
            now, _, now_stated, _ = self.state(o, u.fields["observed"], by)
            if "out" in u.fields and now_stated > stated:  # a figure stated in so many words above the last one
                went += now_stated - stated
                fell = 0 if stated == 0 else fell  # out again after a full restoration: count falls anew
            fell += max(0, out - now)
            out, stated = now, now_stated
        end_out, end_lb, end_stated, end_read = self.state(o, end - EPS, by)
        back = max(0, before + new + went - end_out)
        disagree = (end_read and end_out > end_stated) or (
            start_read and not end_read and not went and end_out > before)
        return Day(before, end_out, end_lb, new, went, back, fell, disagree)

    def outages(self, by: datetime, district: str | None = None, end: datetime | None = None) -> list[Sent]:
        """Counted outages known by `by` (begun before `end`, of one district)."""
        return [o for o in self.known(by, "outage") if district in (None, o.district)
                and (end is None or o.fields["started"] < end)]

    def power(self, day: str, by: datetime, district: str | None = None) -> dict[str, Any]:
        """Out at 24:00, back in the day, the outages' counts, the peak and the share back."""
        self.memo = {}
        try:
            return self._power(day, by, district)
        finally:
            self.memo = None

    def _power(self, day: str, by: datetime, district: str | None) -> dict[str, Any]:
        """power() over the outages' updates read once."""
        start, end = bounds(day)
        out = back = went = 0
        out_lb = back_ub = back_lb = False
        counts = {"open": 0, "new": 0, "restored": 0, "to_date": 0, "restored_to_date": 0, "partial": 0}
        disagree = []
        for o in self.outages(by, district, end):
            d = self.day(o, day, by)
            out, out_lb, back, went = out + d.end, out_lb or d.end_lb, back + d.back, went + d.went
            back_ub |= d.end_lb and d.back > 0
            back_lb |= self.out_at(o, start - EPS, by)[1] and d.back > 0 and not d.end_lb
            counts["to_date"] += 1
            counts["new"] += bool(d.new)
            if d.end:
                counts["open"] += 1
                news = any(start <= u.fields["observed"] < end for u in self.updates(o, by))
                counts["partial"] += news and d.end < o.fields["households"] and d.back > 0 and (
                    not d.went or d.fell_since_out_again > 0)
            else:
                counts["restored_to_date"] += 1
                counts["restored"] += bool(d.before or d.new)
            if d.disagree:
                disagree.append(o.id)
        everyone = self.outages(by, district)
        moments = sorted({o.fields["started"] for o in everyone}
                         | {u.fields["observed"] for u in self.known(by, "update")
                            if self.sent[u.fields["outage"]] in everyone})
        peak = max([sum(self.out_at(o, m, by)[0] for o in everyone) for m in moments if m < end], default=0)
        return {"out": (out, out_lb), "back": back or None, "back_ub": back_ub, "back_lb": back_lb, "went": went,
                "peak": peak,
                "pct": one_decimal(peak - out, peak) if peak else None, "counts": counts, "disagree": disagree}

    def etr(self, o: Sent, day: str, by: datetime) -> tuple[datetime | None, bool]:
        """The ETR a brief gives an open outage: the latest known by the cut-off (a full restoration drops one given
        before it), and whether it was given after 24:00."""
        end = bounds(day)[1]
        etr, after = o.fields.get("etr"), False
        for u in self.updates(o, by):
            if u.fields.get("full") and u.fields["observed"] < end:
                etr, after = None, False
            elif "etr" in u.fields:
                etr, after = u.fields["etr"], u.fields["observed"] >= end
        return etr, after

    def out_since(self, o: Sent, day: str, by: datetime) -> datetime:
        """Its start, or its going out again after a full restoration."""
        since, out = o.fields["started"], o.fields["households"]
        for u in (u for u in self.updates(o, by) if u.fields["observed"] < bounds(day)[1]):
            now = self.out_at(o, u.fields["observed"], by)[0]
            if out == 0 and now:
                since = u.fields["observed"]
            out = now
        return since

    def open_lines(self, day: str, by: datetime) -> list[tuple[int, int, datetime | None, bool, bool]]:
        """三、待办与风险's outages, longest out first: (id, whole hours out at 24:00, ETR, given after 24:00,
        overdue at 24:00 against it)."""
        end = bounds(day)[1]
        lines = []
        for o in sorted((o for o in self.outages(by, end=end) if self.out_at(o, end - EPS, by)[0]),
                        key=lambda o: (self.out_since(o, day, by), o.id)):
            etr, after = self.etr(o, day, by)
            hours = int((end - self.out_since(o, day, by)).total_seconds()) // 3600
            lines.append((o.id, hours, etr, after, etr is not None and etr < end))
        return lines

    # -- quantities over intervals ----------------------------------------------------------------------------------
    def pumping(self, day: str, by: datetime) -> tuple[int, int, int, int]:
        """Operations at work in the day (begun before 24:00, not ended by its 00:00), their people and pumps, and
        those still pumping at 24:00."""
        start, end = bounds(day)
        ops = [r for r in self.known(by, "pumping") if r.fields["observed"] < end
               and (r.fields.get("ended") is None or r.fields["ended"] > start)]
        still = [r for r in ops if r.fields.get("ended") is None or r.fields["ended"] > end]
        return (len(ops), sum(r.fields["people"] for r in ops), sum(r.fields["pumps"] for r in ops), len(still))

    # -- the board (quantities, disinfection, late and revised reports: outsider_arithmetic.Ledger) ----------------
    def used(self, day: str, by: datetime) -> dict[str, int]:
        """Reports bearing on the day, by district (二、分街道's 报告数; the city's own row last, when it has one)."""
        known = self.known(by)
        return outsider_arithmetic.used(known, day, DISTRICTS, {r.place: r.district for r in known})

    def board(self, day: str, by: datetime) -> tuple[list[str], list[str]]:
        """零报告 and 未报送: districts with no data that day, with and without a zero report known by `by`."""
        known = self.known(by)
        return outsider_arithmetic.board(known, day, DISTRICTS, {r.place: r.district for r in known})
