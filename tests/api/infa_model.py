"""Typhoon In-Fa (烟花) over 余姚市, 24–26 July 2021: the outsider's own arithmetic.

For tests/api/test_outsider_infa_yuyao_by_hand.py.

Nothing here imports the product. Each report is kept as the test sent it and as it stands now (corrected,
retracted); every figure a brief states is computed from those by docs/briefs.md ("Computing a brief's figures
yourself") and docs/domain.md: the outage rule (the latest update at or before an instant), what came back over a
day (each outage's falls, out again said apart), "more than" sums, shares of an interval by whole seconds, a
category's totals to date, the zero-report board and the late list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tests.api.outsider_arithmetic import bounds, one_decimal, share

EPS = timedelta(microseconds=1)


@dataclass
class Sent:
    """One report as sent and as it stands: its kind, place, subdistrict, stamp and facts."""

    key: str
    kind: str
    event: str
    place: str
    sub: str
    reported: datetime
    facts: dict[str, Any]
    id: int = 0
    live: bool = True
    # (moment of the change, what) for corrections and retractions, the moments by the server's clock.
    changed: list[tuple[datetime, str]] = field(default_factory=list)


@dataclass
class Model:
    """Every report sent, by key."""

    sent: dict[str, Sent] = field(default_factory=dict)

    def known(self, event: str, cutoff: datetime, now: datetime | None = None) -> list[Sent]:
        """The counted reports of an event stamped by the cut-off (as they stand now: `live` is now)."""
        out = []
        for s in self.sent.values():
            if s.event != event or not s.live or s.reported > cutoff:
                continue
            parent = s.facts.get("outage") or s.facts.get("operation")
            if parent and not self.sent[parent].live:
                continue
            out.append(s)
        return out

    # ---- power ------------------------------------------------------------------------------------------------------
    def outage_at(self, key: str, t: datetime, reports: list[Sent]) -> tuple[int, bool] | None:
        """(households out, more than) of one outage at instant t by the latest update at or before it; None before."""
        o = self.sent[key]
        if o.facts["started"] > t:
            return None
        out = (o.facts["households"], o.facts.get("lb", False))
        ups = sorted((u for u in reports if u.kind == "update" and u.facts["outage"] == key
                      and u.facts["observed"] <= t), key=lambda u: u.facts["observed"])
        for u in ups:
            out = self.after_update(o, u)
        return out

    @staticmethod
    def after_update(o: Sent, u: Sent) -> tuple[int, bool]:
        """What an update leaves out: all back, N still out, or N back of the affected count."""
        if u.facts.get("full"):
            return 0, False
        if "out" in u.facts:
            return u.facts["out"], u.facts.get("lb", False)
        return o.facts["households"] - u.facts["restored"], o.facts.get("lb", False)

    def outages(self, reports: list[Sent], sub: str | None = None) -> list[Sent]:
        """The counted outages (of one subdistrict)."""
        return [r for r in reports if r.kind == "outage" and (sub is None or r.sub == sub)]

    def power(self, event: str, day: str, cutoff: datetime, sub: str | None = None) -> dict[str, Any]:
        """The power figures of a day, read at its last instant, as known at the cut-off."""
        reports = self.known(event, cutoff)
        start, end = bounds(day)
        last, before = end - EPS, start - EPS
        out_n, out_lb, opened, new, restored, back, back_lb, again = 0, False, 0, 0, 0, 0, False, 0
        for o in self.outages(reports, sub):
            now = self.outage_at(o.key, last, reports)
            if now is None:
                continue
            if now[0] > 0:
                opened += 1
                out_n += now[0]
                out_lb |= now[1]
            if start <= o.facts["started"] < end:
                new += 1
            # The day's readings of this outage, in order: what was out at its start, then each update's.
            prev = self.outage_at(o.key, before, reports) or (0, False)
            if start <= o.facts["started"]:
                prev = (o.facts["households"], o.facts.get("lb", False))
            ups = sorted((u for u in reports if u.kind == "update" and u.facts["outage"] == o.key
                          and start <= u.facts["observed"] < end), key=lambda u: u.facts["observed"])
            fully_back_at = None
            for u in ups:
                nxt = self.after_update(o, u)
                if nxt[0] < prev[0]:
                    back += prev[0] - nxt[0]
                    # A fall from "more than" to exact leaves the fall "more than"; between two "more than"
                    # figures of one outage read off a count back, the excess is the same: exact.
                    back_lb |= prev[1] and not nxt[1]
                elif nxt[0] > prev[0]:
                    again += nxt[0] - prev[0]
                if u.facts.get("full"):
                    fully_back_at = u.facts["observed"]
                prev = nxt
            if now[0] == 0 and fully_back_at is not None:
                restored += 1
        peak, peak_lb = self.peak(reports, last, sub)
        return {"households_out": (out_n, out_lb), "open": opened, "new": new, "restored": restored,
                "back": (back, back_lb), "again": again, "peak": (peak, peak_lb)}

    def peak(self, reports: list[Sent], last: datetime, sub: str | None = None) -> tuple[int, bool]:
        """The highest sum out at any instant to the day's end (each report's moment), and its mark."""
        moments = sorted({o.facts["started"] for o in self.outages(reports, sub)}
                         | {u.facts["observed"] for u in reports if u.kind == "update"})
        best = (0, False)
        for t in (m for m in moments if m <= last):
            states = [self.outage_at(o.key, t, reports) for o in self.outages(reports, sub)]
            total = (sum(s[0] for s in states if s), any(s[1] for s in states if s and s[0]))
            if total[0] > best[0]:
                best = total
        return best

    @staticmethod
    def pct(peak: int, out: int) -> float:
        """The share of the peak restored, one decimal."""
        return one_decimal(peak - out, peak)

    # ---- pumping ----------------------------------------------------------------------------------------------------
    def m3(self, event: str, day: str, cutoff: datetime, upto_start: bool = False) -> tuple[int | None, bool, bool]:
        """(m³, more than, about) in the day, or to date (upto_start=False gives the day; True the to-date); None
        where no volume reaches it (nothing reported, not 0)."""
        start, end = bounds(day)
        total, lb, approx, seen = 0, False, False, False
        for v in self.known(event, cutoff):
            if v.kind != "volume":
                continue
            s, t, amount = v.facts["start"], v.facts["end"], v.facts["m3"]
            if upto_start:
                if s >= end:
                    continue
                total += share(amount, s, t, end)
                seen = True
                lb |= v.facts.get("lb", False)
                approx |= t > end
            else:
                if t <= start or s >= end:
                    continue
                total += share(amount, s, t, end) - share(amount, s, t, start)
                seen = True
                lb |= v.facts.get("lb", False)
                approx |= s < start or t > end
        return (total if seen else None), lb, approx

    # ---- disinfection -----------------------------------------------------------------------------------------------
    def counts_by(self, event: str, cutoff: datetime, upto: datetime, code: str,
                  places: set[str] | None = None) -> tuple[int, bool, bool, int]:
        """(count, more than, takes a total to date, reports) of a category observed before `upto` (at `places`)."""
        rounds = sorted((d for d in self.known(event, cutoff) if d.kind == "disinfection"
                         and code in d.facts["counts"] and d.facts["observed"] < upto
                         and (places is None or d.place in places)),
                        key=lambda d: d.facts["observed"])
        total, lb, cum, n = 0, False, False, 0
        for place in {d.place for d in rounds}:
            here = [d for d in rounds if d.place == place]
            totals = [d for d in here if d.facts.get("cumulative")]
            since = totals[-1].facts["observed"] if totals else None
            for d in here:
                if since is not None and d.facts["observed"] <= since and d is not totals[-1]:
                    continue
                count, more = d.facts["counts"][code]
                total, lb, n = total + count, lb or more, n + 1
            cum |= bool(totals)
        return total, lb, cum, n

    def disinfection(self, event: str, day: str, cutoff: datetime, code: str) -> dict[str, Any]:
        """A category's (or person-times') (value, more than, totals to date) for the day and to date."""
        start, end = bounds(day)
        rounds = [d for d in self.known(event, cutoff) if d.kind == "disinfection"]
        if code == "person_times":
            # A round that gave none makes the sum "more than" (docs/domain.md, "Sums").
            # A total to date of person-times replaces its place's rounds at or before it (docs/domain.md, "Sums").
            def counted(upto: datetime) -> list[Sent]:
                ds = sorted((d for d in rounds if d.facts["observed"] < upto), key=lambda d: d.facts["observed"])
                kept = []
                for place in {d.place for d in ds}:
                    here = [d for d in ds if d.place == place]
                    totals = [d for d in here if d.facts["cumulative"] and "person_times" in d.facts]
                    since = totals[-1].facts["observed"] if totals else None
                    kept += [d for d in here if since is None or d.facts["observed"] > since or d is totals[-1]]
                return kept

            def summed(ds: list[Sent]) -> tuple[int | None, bool, bool]:
                given = [d.facts["person_times"] for d in ds if "person_times" in d.facts]
                return ((sum(given) if given else None), bool(given) and len(given) < len(ds),
                        any(d.facts["cumulative"] and "person_times" in d.facts for d in ds))
            in_day = [d for d in rounds if start <= d.facts["observed"] < end]
            now, before = summed(counted(end)), summed(counted(start))
            # The day's figure is the change of the sum to date over the day (a total replaces what it counts).
            told = summed(in_day)
            period = ((now[0] - (before[0] or 0), told[1], now[2]) if told[0] is not None and now[0] is not None
                      else (None, False, False))
            return {"period": period, "to_date": now}
        now, now_lb, cum, n = self.counts_by(event, cutoff, end, code)
        before, before_lb, cum_before, _n = self.counts_by(event, cutoff, start, code)
        in_day = [d for d in rounds if code in d.facts["counts"] and start <= d.facts["observed"] < end]
        # The day's change less what its totals to date replaced: a "more than" replaced makes it "at most"
        # (40余 then 36 to date: at most −4), both ways "about" (docs/domain.md, "Field truth stays vague").
        more = any(d.facts["counts"][code][1] for d in in_day)
        less = self.counts_by(event, cutoff, start, code, {d.place for d in in_day if d.facts.get("cumulative")})[1]
        period = ((now - before, more and not less, cum) if in_day else (None, False, False))
        marks = (less and not more, more and less) if in_day else (False, False)
        return {"period": period, "marks": marks, "to_date": (now, now_lb, cum) if n else None}

    # ---- the board, the late list, what a revision counts ---------------------------------------------------------
    def answered(self, event: str, day: str, cutoff: datetime, subs: list[str]) -> tuple[list[str], list[str]]:
        """(零报告, 未报送) among `subs`: reported with data, a zero report for the day, or neither."""
        start, end = bounds(day)
        with_data, zero = set(), set()
        for r in self.known(event, cutoff):
            if r.kind == "zero":
                if r.facts["day"] == day:
                    zero.add(r.sub)
            elif self.bears(r, start, end):
                with_data.add(r.sub)
        return ([s for s in subs if s in zero and s not in with_data],
                [s for s in subs if s not in zero and s not in with_data])

    @staticmethod
    def bears(r: Sent, start: datetime, end: datetime) -> bool:
        """Data observed in the day, a volume's interval reaching into it, or stamped in it."""
        if start <= r.reported < end:
            return True
        if r.kind == "volume":
            return r.facts["start"] < end and r.facts["end"] > start
        return start <= r.facts["observed"] < end

    def reports_used(self, event: str, day: str, cutoff: datetime, sub: str | None = None) -> int:
        """The counted reports bearing on the day (zero reports aside)."""
        start, end = bounds(day)
        return sum(1 for r in self.known(event, cutoff) if r.kind != "zero" and (sub is None or r.sub == sub)
                   and self.bears(r, start, end))

    def late(self, event: str, day: str, cutoff: datetime, first_cutoff_before: datetime) -> list[tuple[str, str]]:
        """(key, day missed) of the reports stamped after the day before's first cut-off, first observed before."""
        start = bounds(day)[0]
        return sorted((r.key, r.facts["day"] if r.kind == "zero" else first_day(r))
                      for r in self.known(event, cutoff)
                      if first_cutoff_before < r.reported <= cutoff and first_moment(r) < start)


    def revision_counts(self, event: str, day: str, since_cutoff: datetime, since_compiled: datetime,
                        cutoff: datetime) -> tuple[int, int, int]:
        """(added, corrected, retracted) since the revision before: those stamped after its cut-off that bear on
        the day (its figures up to its end, its activity, its zero reports), then the earlier ones bearing on it so
        that were changed since it was compiled."""
        start, end = bounds(day)

        def bearing(s: Sent) -> bool:
            if s.kind == "zero":
                return bool(s.facts["day"] == day)
            if s.kind == "activity":
                return start <= s.facts["observed"] < end
            return first_moment(s) < end
        since = max(since_cutoff, since_compiled)
        ours = [s for s in self.sent.values() if s.event == event and bearing(s)]
        added = {s.key for s in ours if s.live and since_cutoff < s.reported <= cutoff}
        earlier = [s for s in ours if s.key not in added and s.reported <= since_cutoff]
        return (len(added),
                sum(1 for s in earlier if s.live and any(at > since and what == "corrected" for at, what in s.changed)),
                sum(1 for s in earlier if not s.live and any(at > since and what == "retracted"
                                                             for at, what in s.changed)))


def first_moment(r: Sent) -> datetime:
    """A report's first moment: a volume's interval start, a zero report's day's noon, else its observed time."""
    if r.kind == "volume":
        return r.facts["start"]
    return r.facts["observed"]


def first_day(r: Sent) -> str:
    """The local day of a report's first moment."""
    from tests.api.outsider_arithmetic import CST
    return first_moment(r).astimezone(CST).date().isoformat()
