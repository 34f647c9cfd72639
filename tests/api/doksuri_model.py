"""Typhoon Doksuri in Zhuozhou (tests/api/test_outsider_doksuri_zhuozhou_by_hand.py): the tester's own arithmetic.

Nothing here imports the product: each brief figure worked out from the reports as sent, by the rules docs/domain.md
and docs/briefs.md state.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tests.api.outsider_arithmetic import Ledger, Sent, board, bounds, one_decimal, used

DAYS = ("2023-07-31", "2023-08-01", "2023-08-02", "2023-08-03")
TOWNS = ("码头镇", "义和庄镇", "刁窝镇", "东城坊镇")  # the order of their administrative codes (the brief's)
TOWN_OF = {"码头村东区": "码头镇", "码头村": "码头镇", "刁窝村": "刁窝镇", "义和庄村": "义和庄镇", "涿州市": "涿州市",
           "东城坊镇": "东城坊镇"}
HOUSEHOLDS = {"码头村东区": 900, "刁窝村": 1200, "义和庄村": 600}


class Model(Ledger):
    """The tester's own arithmetic over what was sent."""

    days = DAYS

    def __init__(self) -> None:
        self.sent: dict[str, Sent] = {}
        self.stored: dict[str, dict[str, Any]] = {}  # each day's latest brief's to-date figures as it stored them
        self.shown: dict[str, dict[str, Any]] = {}  # each day's latest brief's trend figures, as it said them

    def known(self, by: datetime, kind: str | None = None) -> list[Sent]:
        """Live reports stamped by `by`, as they stand now (of one kind)."""
        return [r for r in self.sent.values() if r.live and r.reported <= by and kind in (None, r.kind)]

    # -- power ----------------------------------------------------------------------------------------------------
    def updates(self, outage: Sent, by: datetime) -> list[Sent]:
        """An outage's live updates known by `by`, in the order they were seen."""
        return sorted((u for u in self.known(by, "update") if u.fields["outage"] == outage.key),
                      key=lambda u: (u.fields["observed"], u.reported))

    def out_at(self, outage: Sent, when: datetime, by: datetime) -> tuple[int, bool]:
        """Households still out at `when` and whether "more than": the latest update at or before it."""
        if outage.fields["started"] > when:
            return 0, False
        out = outage.fields["households"], False
        for u in (u for u in self.updates(outage, by) if u.fields["observed"] <= when):
            f = u.fields
            if f.get("full"):
                out = 0, False
            elif "out" in f:
                out = f["out"], f.get("lb", False)
            elif "restored" in f:
                out = outage.fields["households"] - f["restored"], False
            # an update giving only a new ETR says nothing of what is out
        return out

    def buildings_at(self, outage: Sent, when: datetime, by: datetime) -> int | None:
        """Buildings still out at `when` (None: not known): an update giving households alone after a full
        restoration leaves them unknown, one giving neither unit leaves them as they stood."""
        if outage.fields["started"] > when:
            return 0
        out = outage.fields.get("buildings")
        for u in (u for u in self.updates(outage, by) if u.fields["observed"] <= when):
            f = u.fields
            if f.get("full"):
                out = 0
            elif "b_restored" in f:
                out = outage.fields["buildings"] - f["b_restored"]
            elif "out" in f and out == 0:
                out = None
        return out

    def buildings(self, day: str, by: datetime) -> tuple[int | None, int]:
        """Buildings still out at 24:00 over the open outages, and how many of them are silent on it."""
        last = bounds(day)[1] - timedelta(microseconds=1)
        still = [self.buildings_at(o, last, by) for o in self.open_at(day, by)]
        known = [b for b in still if b is not None]
        return (sum(known) if known or not still else None), len(still) - len(known)

    def buildings_back(self, day: str, by: datetime) -> int:
        """Buildings back in the day: the falls between two known figures (a figure not known breaks the chain)."""
        start, end = bounds(day)
        back = 0
        for o in self.known(by, "outage"):
            moments = [start - timedelta(microseconds=1)] + [
                u.fields["observed"] for u in self.updates(o, by) if start <= u.fields["observed"] < end]
            figures = [self.buildings_at(o, m, by) for m in moments]
            back += sum(max(0, a - b) for a, b in zip(figures, figures[1:], strict=False)
                        if a is not None and b is not None)
        return back

    def open_at(self, day: str, by: datetime, town: str | None = None) -> list[Sent]:
        """The outages begun before 24:00 and not all back at its last instant (of one town)."""
        last = bounds(day)[1] - timedelta(microseconds=1)
        return [o for o in self.known(by, "outage") if o.fields["started"] <= last and self.out_at(o, last, by)[0]
                and town in (None, TOWN_OF[o.place])]

    def walk(self, o: Sent, day: str, by: datetime) -> tuple[int, int, datetime]:
        """An outage's day: what went out again (a rise from none out), what came back since it last went out again,
        and when it is out since (its start, or its going out again after a full restoration)."""
        start, end = bounds(day)
        went = fell = 0
        previous, since = self.out_at(o, start - timedelta(microseconds=1), by)[0], o.fields["started"]
        for u in (u for u in self.updates(o, by) if u.fields["observed"] < end):
            now = self.out_at(o, u.fields["observed"], by)[0]
            if previous == 0 and now:
                since, fell = u.fields["observed"], 0
                went += now if u.fields["observed"] >= start else 0
            elif u.fields["observed"] >= start:
                fell += max(0, previous - now)
            previous = now
        return went, fell, since

    def open_lines(self, day: str, by: datetime) -> list[tuple[int, int, datetime | None, bool]]:
        """三、待办与风险's outages, longest out first: (id, whole hours out at 24:00, the ETR known by the cut-off,
        overdue at 24:00). A full restoration drops the ETR; one given after 24:00 replaces the day's."""
        end = bounds(day)[1]
        lines = []
        for o in sorted(self.open_at(day, by), key=lambda o: (self.walk(o, day, by)[2], o.id)):
            etr = o.fields.get("etr")
            for u in self.updates(o, by):
                if u.fields.get("full") and u.fields["observed"] < end:
                    etr = None
                elif "etr" in u.fields:
                    etr = u.fields["etr"]
            hours = int((end - self.walk(o, day, by)[2]).total_seconds()) // 3600
            lines.append((o.id, hours, etr, etr is not None and etr < end))
        return lines

    def partial(self, day: str, by: datetime) -> int:
        """Outages still out at 24:00, fewer than affected, news in the day and some back since it last went out
        again after a full restoration (docs/briefs.md, partial_in_period)."""
        start, end = bounds(day)
        return sum(any(start <= u.fields["observed"] < end for u in self.updates(o, by))
                   and self.out_at(o, end - timedelta(microseconds=1), by)[0] < o.fields["households"]
                   and self.walk(o, day, by)[1] > 0 for o in self.open_at(day, by))

    def pumping(self, day: str, by: datetime) -> tuple[int, int, int]:
        """Operations at work in the day (none has ended here), their people and pumps."""
        ops = [r for r in self.known(by, "pumping") if r.fields["observed"] < bounds(day)[1]]
        return len(ops), sum(r.fields["people"] for r in ops), sum(r.fields["pumps"] for r in ops)

    def trend(self, day: str, by: datetime) -> dict[str, Any]:
        """A trend point's figures, as the by-hand table writes them."""
        return {"open_outages": self.counts(day, by)[0], "buildings_out": self.buildings(day, by)[0],
                "households_out": self.power(day, by)["out"][:2],
                "volume_m3": self.interval("volume", "m3", day, by)[0],
                "debris_kg": self.interval("debris", "kg", day, by)[0]}

    def power(self, day: str, by: datetime, town: str | None = None) -> dict[str, Any]:
        """Out at the day's last instant, what came back (each outage's day telescoped), the peak, the share back."""
        start, end = bounds(day)
        last, before = end - timedelta(microseconds=1), start - timedelta(microseconds=1)
        out = back = 0
        out_lb = back_ub = False
        for o in (o for o in self.known(by, "outage")
                  if o.fields["started"] < end and town in (None, TOWN_OF[o.place])):
            went = self.walk(o, day, by)[0]
            new = o.fields["households"] if o.fields["started"] >= start else 0
            end_out, lb = self.out_at(o, last, by)
            out, out_lb = out + end_out, out_lb or lb
            fell = self.out_at(o, before, by)[0] + new + went - end_out
            back += fell
            back_ub |= lb and fell > 0  # more than N still out after an exact figure: at most the fall came back
        moments = sorted({o.fields["started"] for o in self.known(by, "outage")}
                         | {u.fields["observed"] for u in self.known(by, "update")})
        peak = max([sum(self.out_at(o, m, by)[0] for o in self.known(by, "outage")) for m in moments if m < end],
                   default=0)
        return {"out": (out, out_lb, False), "back": (back or None, False, False), "back_ub": back_ub,
                "peak": peak, "pct": one_decimal(peak - out, peak) if peak else None, "pct_approx": out_lb}

    def counts(self, day: str, by: datetime) -> tuple[int, int, int, int, int]:
        """Open outages at 24:00, begun in the day, restored in it (read at 24:00), to date, restored to date."""
        start, end = bounds(day)
        last, before = end - timedelta(microseconds=1), start - timedelta(microseconds=1)
        begun = [o for o in self.known(by, "outage") if o.fields["started"] < end]
        new = [o for o in begun if o.fields["started"] >= start]
        back = [o for o in begun if self.out_at(o, last, by)[0] == 0]
        return (len(begun) - len(back), len(new), len([o for o in back if o in new or self.out_at(o, before, by)[0]]),
                len(begun), len(back))

    def over(self, day: str, by: datetime) -> list[tuple[str, int, int, int]]:
        """Places whose open outages add up to more households than live there: (place, its, out, outages)."""
        last = bounds(day)[1] - timedelta(microseconds=1)
        rows = []
        for place, households in HOUSEHOLDS.items():
            open_here = [o for o in self.known(by, "outage") if o.place == place and o.fields["started"] <= last
                         and self.out_at(o, last, by)[0]]
            total = sum(self.out_at(o, last, by)[0] for o in open_here)
            if total > households:
                rows.append((place, households, total, len(open_here)))
        return rows

    # -- the board (quantities, disinfection, late and revised reports: outsider_arithmetic.Ledger) ----------------
    def used(self, day: str, by: datetime) -> dict[str, int]:
        """二、分街道's 报告数 (outsider_arithmetic.used)."""
        return used(self.known(by), day, TOWNS, TOWN_OF)

    def board(self, day: str, by: datetime) -> tuple[list[str], list[str]]:
        """零报告 and 未报送 (outsider_arithmetic.board)."""
        return board(self.known(by), day, TOWNS, TOWN_OF)
