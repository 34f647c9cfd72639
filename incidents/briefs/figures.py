"""The building blocks of a brief's figures: quantities with their honesty marks, a figure beside the
previous brief's, and how long a list gets before the rest is counted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from incidents.briefs import intervals
from incidents.briefs.content import Change
from incidents.briefs.content_power import Power
from incidents.briefs.models import Brief
from incidents.briefs.quantities import Figure, Qty, When
from incidents.briefs.speedups import StoredFigures
from incidents.timelines.rule import sum_marks

# Lists in a brief are for reading aloud: the longest-running first, the rest counted.
LIST_LIMIT = 30
ACTIVITY_LIMIT = 100
LATE_LIMIT = 30
CHANGE_LIMIT = 8
# More than this many alike changes are told as one sentence with a count and the first names.
CHANGE_NAMES = 3
R = TypeVar("R")

def qty(value: int | None, lb: bool = False, approx: bool = False, cum: bool = False, ub: bool = False) -> Qty:
    known = value is not None
    return Qty(value, bool(lb) and known, bool(approx) and known, bool(cum) and known, bool(ub) and known)


def add(a: Qty, b: Qty) -> Qty:
    """A sum of quantities never "at most" (volumes, tonnes); households and buildings out or back: `add_out`."""
    if a.value is None:
        return Qty(b.value, b.lb, b.approx, b.cum, b.ub)
    if b.value is None:
        return a
    return Qty(a.value + b.value, a.lb or b.lb, a.approx or b.approx, a.cum or b.cum)


def add_out(a: Qty, b: Qty) -> Qty:
    """Two counts out (or back) summed by the timeline's rule (timelines/rule.sum_marks): exact plus at most is at
    most, at most meeting more than is about (约), and an about count is both ways already, so it stays about."""
    if a.value is None:
        return Qty(b.value, b.lb, b.approx, b.cum, b.ub)
    if b.value is None:
        return a
    lb, ub, approx = sum_marks(a.lb or a.approx or b.lb or b.approx, a.ub or a.approx or b.ub or b.approx)
    return Qty(a.value + b.value, lb, approx, a.cum or b.cum, ub)


def still_out(s: Any, name: str) -> Qty:
    """An outage's households (buildings) still out with its marks: 余, 不超过 (at most) or 约."""
    return qty(getattr(s, f"{name}_out"), getattr(s, f"{name}_out_lb"), getattr(s, f"{name}_out_approx"),
               ub=getattr(s, f"{name}_out_ub"))


def when(at: datetime | None, precision: Any) -> When:
    return When(at, getattr(precision, "value", precision) if at is not None else None)


@dataclass
class Previous:
    """The previous day's brief, whose to-date figures this one carries beside its own."""

    brief: Brief | None
    stored: StoredFigures | None  # its to-date figures, read from its JSON as asked (briefs/speedups.py)

    def _read(self, read: Callable[[StoredFigures], R]) -> R | None:
        """What `read` takes from the stored figures; None without a previous brief, or where it stored none."""
        if self.stored is None:
            return None
        try:
            return read(self.stored)
        except (KeyError, TypeError, ValueError):  # pragma: no cover - a brief of an older schema
            return None

    def figure(self, path: str) -> Qty | None:
        """A previous to-date figure by dotted path (pumping.volume_m3, disinfection:<code>, sub:<id>:<name>)."""
        return self._read(lambda stored: stored.to_date(path))

    def qty(self, path: str) -> Qty | None:
        """A quantity of the previous brief by dotted path (power.households_affected); None: no brief, or none."""
        return self._read(lambda stored: stored.qty(path))

    def count(self, path: str) -> int | None:
        """A count of the previous brief by dotted path (debris.reports_to_date); None: no brief, or none stored."""
        return self._read(lambda stored: stored.count(path))

    def outages_listed(self) -> tuple[dict[int, When], bool] | None:
        """The outages the previous brief listed, still out (When()) or restored in its period (when), and whether it
        listed every one; None: no brief, or one that stored no lists."""
        return self._read(lambda stored: stored.outages_listed())

    def sub_categories(self) -> set[tuple[int | None, str]]:
        """(subdistrict, category) pairs the previous brief's 二、分街道 counted above 0."""
        if self.stored is None:
            return set()
        try:
            return self.stored.sub_categories()
        except (KeyError, TypeError, ValueError):  # pragma: no cover - a brief of an older schema
            return set()


def figure(period: Qty, to_date: Qty, previous: Previous, path: str) -> Figure:
    before = previous.figure(path)
    # A to-date figure below the previous brief's (a correction, a retraction, a smaller total
    # to date): said plainly, never hidden. As the brief prints them (60 then 50余 reads lower, and 60余 then 60): a
    # cumulative figure printed lower than the day before's, unexplained, is what the flag is for, whether or not
    # the bounds could still agree (50余 may be 65: the known part fell all the same).
    fell = before is not None and reads_lower(to_date, before)
    # Kept when it said 未报: the 上期 column repeats what that brief's 累计 said (None: no previous brief).
    return Figure(period, to_date, before, fell)


# The power section's to-date figures (the key figures' 累计 of 仍停电, 停电楼栋 and 停电户数, and the overview's
# 停电峰值), by their content's name. The peak is the most out at any instant to date: only a correction (a report
# retracted, sent back, or an update telling of an earlier restoration) lowers it, and a reader is owed why.
# Outages restored to date is not among them: an outage out again after its restoration lowers it, no correction.
POWER_TO_DATE = ("outages_to_date", "buildings_affected", "households_affected", "peak_buildings",
                 "peak_households")


def power_falls(power: Power) -> list[str]:
    """The power section's to-date figures reading lower than the previous brief's (an outage retracted, sent back
    or corrected down since), as `power.<name>`: by `reads_lower`, the rule every to-date figure is held to."""
    falls = []
    for name in POWER_TO_DATE:
        now, before = getattr(power, name), getattr(power, f"previous_{name}")
        if before is None or now is None:
            continue
        now_q, before_q = Qty(now) if isinstance(now, int) else now, Qty(before) if isinstance(before, int) else before
        # 未报 now (no outage left gives the count; none at all reads 0) after 上期's 0 is no fall: 0 buildings on
        # the first day, then outages silent on buildings. After a figure it is one: the outages that gave it were
        # retracted or sent back, and 200 households went unsaid between two briefs.
        if now_q.value is None and not before_q.value:
            continue
        if reads_lower(now_q, before_q):
            falls.append(f"power.{name}")
    return falls


def reads_lower(now: Qty, before: Qty) -> bool:
    """Whether a to-date figure reads lower than the previous brief's: a smaller number, or the same one without
    its 余 (60余 then 60); gone altogether is 0, reported without a figure reads as no number at all."""
    if before.value is None:
        return False
    if now.value is None:
        return not now.lb
    return now.value < before.value or (now.value == before.value and before.lb and not now.lb)


def sum_figure(sums: dict[Any, dict[str, intervals.Sum]], name: str, previous: Previous, path: str,
                subs: list[Any] | None = None) -> Figure:
    period, to_date = Qty(), Qty()
    # A subdistrict whose reports gave no figure has no sum, only its flag: the total is still
    # "more than" (a report without a figure in another subdistrict counts as in the same one).
    unsaid_p = unsaid_t = False
    for sub_id, per_name in sums.items():
        if subs is not None and sub_id not in subs:
            continue
        s = per_name[name]
        if s.period_reports:
            period = add(period, qty(s.period, s.period_lb, s.period_approx))
            unsaid_p |= s.period is None and s.period_lb
        to_date = add(to_date, qty(s.to_date, s.to_date_lb, s.to_date_approx))
        unsaid_t |= s.to_date is None and s.to_date_lb
    return figure(lower_if(period, unsaid_p), lower_if(to_date, unsaid_t), previous, path)


def lower_if(total: Qty, unsaid: bool) -> Qty:
    """A known total made "more than" when some part of it was reported without a figure."""
    if not (unsaid and total.known):
        return total
    # "At most" with a part unsaid is bounded neither way (docs/domain.md, "Field truth stays vague").
    return Qty(total.value, not total.ub, total.approx or total.ub, total.cum)

def sub_key(sub_id: int | None) -> str:
    return "" if sub_id is None else str(sub_id)


def sub_from_key(key: str) -> int | None:
    return None if key == "" else int(key)


def plus(*values: int | None) -> int | None:
    """A sum of reported values (None only when none was reported)."""
    known = [v for v in values if v is not None]
    return sum(known) if known else None

def summarised(changes: list[Change], total: int, many: str) -> list[Change]:
    """A few changes one by one; many of them as one sentence with a count and the first names."""
    if total <= CHANGE_NAMES:
        return changes
    # Each place named once: three outages at one compound are not "甲小区、甲小区、甲小区等".
    places = list(dict.fromkeys((c.area or "", c.area_en or c.area or "") for c in changes))[:CHANGE_NAMES]
    return [Change(many, count=total, names=[zh for zh, _ in places], names_en=[en for _, en in places])]
