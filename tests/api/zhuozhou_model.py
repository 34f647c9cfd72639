"""The "23·7" flood in 涿州市 (tests/api/test_outsider_zhuozhou_237_by_hand.py): the tester's own arithmetic.

Nothing here imports the product: each figure worked out from the reports as sent, by the rules docs/domain.md and
docs/briefs.md state, written afresh (not the Doksuri replay's model, but for the board shared in outsider_arithmetic)
so that two readings of the rules meet the brief.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from tests.api.outsider_arithmetic import CST, Sent, board, bounds, cutoff, one_decimal, share, used

FIRST_DAY = "2023-07-29"
# 街道 and 镇 in the order of their codes (the brief's order), each 村/社区 in the one it lies in.
SUBS = ("双塔街道", "桃园街道", "码头镇", "义和庄镇", "东城坊镇")
SUB_OF = {"涿州市": "涿州市", "冠云东区社区": "双塔街道", "范阳社区": "双塔街道", "桃园街道": "桃园街道",
          "码头村": "码头镇", "西疃村": "码头镇", "北蔡村": "义和庄镇", "东城坊村": "东城坊镇", "双塔街道": "双塔街道",
          "码头镇": "码头镇", "义和庄镇": "义和庄镇", "东城坊镇": "东城坊镇"}

EPS = timedelta(microseconds=1)


@dataclass
class Reading:
    """One figure with its marks, as the brief's JSON writes a quantity: (value, more than, about)."""

    value: int | None
    lb: bool = False
    approx: bool = False

    def marks(self) -> tuple[Any, bool, bool]:
        """The by-hand table's triple."""
        return self.value, self.lb, self.approx


@dataclass
class Model:
    """The tester's reckoning over what was sent."""

    sent: dict[str, Sent] = field(default_factory=dict)

    def known(self, by: datetime, kind: str | None = None) -> list[Sent]:
        """Live reports stamped by `by` (of one kind)."""
        return [r for r in self.sent.values() if r.live and r.reported <= by and kind in (None, r.kind)]

    # -- power ----------------------------------------------------------------------------------------------------
    def out_at(self, o: Sent, when: datetime, by: datetime) -> tuple[int, bool]:
        """Households out at `when` (and "more than"): the affected count, then the latest update at or before it;
        households back is the affected less them; an update giving only an ETR says nothing of what is out."""
        if o.fields["started"] > when:
            return 0, False
        out = o.fields["households"], o.fields.get("lb", False)
        ups = sorted((u for u in self.known(by, "update") if u.fields["outage"] == o.key
                      and u.fields["observed"] <= when), key=lambda u: (u.fields["observed"], u.reported))
        for u in ups:
            f = u.fields
            if f.get("full"):
                out = 0, False
            elif "out" in f:
                out = f["out"], f.get("lb", False)
            elif "restored" in f:
                out = o.fields["households"] - f["restored"], o.fields.get("lb", False)
        return out

    def moments(self, o: Sent, by: datetime) -> list[datetime]:
        """When an outage's count changed: its start and each update's time."""
        return sorted({o.fields["started"]} | {u.fields["observed"] for u in self.known(by, "update")
                                               if u.fields["outage"] == o.key})

    def power(self, day: str, by: datetime, sub: str | None = None) -> dict[str, Any]:
        """Out at the day's last instant, back in the day, the peak and the share of it back."""
        start, end = bounds(day)
        outages = [o for o in self.known(by, "outage") if o.fields["started"] < end
                   and sub in (None, SUB_OF[o.place])]
        out = back = 0
        out_lb = back_lb = False
        for o in outages:
            now, lb = self.out_at(o, end - EPS, by)
            out, out_lb = out + now, out_lb or (lb and now > 0)
            # Each rise from nothing out (new, or out again after a full restoration) and each fall in the day.
            before, before_lb = self.out_at(o, start - EPS, by)
            for m in (m for m in self.moments(o, by) if start <= m < end):
                after, after_lb = self.out_at(o, m, by)
                if after < before and before:
                    back += before - after
                    back_lb |= before_lb and not after_lb
                before, before_lb = after, after_lb
        peak, peak_lb = 0, False
        for m in sorted({m for o in outages for m in self.moments(o, by) if m < end}):
            figures = [self.out_at(o, m, by) for o in outages]
            total = sum(n for n, _ in figures)
            if total > peak:
                peak, peak_lb = total, any(lb and n for n, lb in figures)
            elif total == peak:
                peak_lb |= any(lb and n for n, lb in figures)
        return {"out": Reading(out, out_lb), "back": Reading(back or None, back_lb),
                "peak": Reading(peak or None, peak_lb), "pct": one_decimal(peak - out, peak) if peak else None,
                "pct_approx": bool(out and (peak_lb or out_lb))}

    def open_lines(self, day: str, by: datetime) -> list[tuple[str, int, datetime | None, bool, Sent]]:
        """三、待办与风险's outages, longest out first: (place, whole hours out at 24:00 since its start or its going
        out again after a full restoration, the ETR known by `by` (a full restoration drops the one before it),
        overdue at 24:00, the outage)."""
        end = bounds(day)[1]
        lines = []
        for o in self.known(by, "outage"):
            if o.fields["started"] >= end or not self.out_at(o, end - EPS, by)[0]:
                continue
            since, etr = o.fields["started"], o.fields.get("etr")
            ups = sorted((u for u in self.known(by, "update") if u.fields["outage"] == o.key),
                         key=lambda u: (u.fields["observed"], u.reported))
            for u in ups:
                if u.fields["observed"] < end and u.fields.get("full"):
                    etr = None
                elif u.fields["observed"] < end and self.out_at(o, u.fields["observed"] - EPS, by)[0] == 0:
                    since = u.fields["observed"]
                etr = u.fields.get("etr", etr)
            lines.append((since, o.id, o.place, int((end - since).total_seconds()) // 3600, etr,
                          etr is not None and etr < end, o))
        return [line[2:] for line in sorted(lines, key=lambda line: line[:2])]

    def counts(self, day: str, by: datetime, sub: str | None = None) -> tuple[int, int, int, int, int]:
        """Open at 24:00, begun in the day, restored in it, to date, restored to date (outages; of one 街道/镇)."""
        start, end = bounds(day)
        begun = [o for o in self.known(by, "outage") if o.fields["started"] < end and sub in (None, SUB_OF[o.place])]
        new = [o for o in begun if o.fields["started"] >= start]
        back = [o for o in begun if not self.out_at(o, end - EPS, by)[0]]
        return (len(begun) - len(back), len(new),
                len([o for o in back if o in new or self.out_at(o, start - EPS, by)[0]]), len(begun), len(back))

    def affected(self, day: str, by: datetime) -> Reading:
        """Households affected to date (0, a known figure, before any outage): every outage begun before 24:00."""
        begun = [o for o in self.known(by, "outage") if o.fields["started"] < bounds(day)[1]]
        return Reading(sum(o.fields["households"] for o in begun), any(o.fields.get("lb", False) for o in begun))

    def trend(self, day: str, by: datetime) -> dict[str, Any]:
        """A trend point's figures as the by-hand table writes them: open outages, households out (and "more
        than"; none before any outage), the day's m³ with its marks."""
        out, begun = self.power(day, by)["out"], self.counts(day, by)[3]
        return {"open_outages": self.counts(day, by)[0], "households_out": (out.value if begun else None, out.lb),
                "volume_m3": self.pumped(day, by)[0].marks()}

    def pumping(self, day: str, by: datetime) -> tuple[int, int | None, int | None]:
        """Operations at work in the day (none of them ends here), their people and their pumps (none: no figure)."""
        ops = [r for r in self.known(by, "pumping") if r.fields["observed"] < bounds(day)[1]]
        return (len(ops), sum(r.fields["people"] for r in ops) if ops else None,
                sum(r.fields["pumps"] for r in ops) if ops else None)

    # -- pumping ----------------------------------------------------------------------------------------------------
    def pumped(self, day: str, by: datetime, sub: str | None = None) -> tuple[Reading, Reading]:
        """m³ in the day and to date: each volume's share of its period by the seconds that fall in the day."""
        start, end = bounds(day)
        period, to_date = Reading(None), Reading(None)
        for r in self.known(by, "volume"):
            s, t, m3 = r.fields["start"], r.fields["end"], r.fields["m3"]
            if sub not in (None, SUB_OF[r.place]) or s >= end:
                continue
            lb = r.fields.get("lb", False)
            to_date = Reading((to_date.value or 0) + share(m3, s, t, end), to_date.lb or lb, to_date.approx or t > end)
            if t > start:
                period = Reading((period.value or 0) + share(m3, s, t, end) - share(m3, s, t, start),
                                 period.lb or lb, period.approx or s < start or t > end)
        return period, to_date

    # -- the board ----------------------------------------------------------------------------------------------------
    def used(self, day: str, by: datetime) -> dict[str, int]:
        """二、分街道's 报告数 (outsider_arithmetic.used)."""
        return used(self.known(by), day, SUBS, SUB_OF)

    def board(self, day: str, by: datetime) -> tuple[list[str], list[str]]:
        """零报告 and 未报送 (outsider_arithmetic.board)."""
        return board(self.known(by), day, SUBS, SUB_OF)

    def late(self, day: str, by: datetime) -> list[tuple[int, str]]:
        """Stamped after the day before's first cut-off, first seen on a day before this one: (id, that day)."""
        start, _ = bounds(day)
        previous = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
        if previous < FIRST_DAY:
            return []
        return sorted((r.id, r.first.astimezone(CST).date().isoformat()) for r in self.known(by)
                      if r.reported > cutoff(previous) and bounds(FIRST_DAY)[0] <= r.first < start
                      and r.reported > cutoff(r.first.astimezone(CST).date().isoformat()))

    def number(self, day: str) -> int:
        """第N期: the day's place counted from the event's first day."""
        return (date.fromisoformat(day) - date.fromisoformat(FIRST_DAY)).days + 1
