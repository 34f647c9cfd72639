"""Time-axis ticks: the spacing chosen by the span and the room (minutes, hours, 6 h, days, weeks, months,
years), labels in local time that never overlap.

Charts are drawn in percentages of a width the server does not know, so ticks are chosen for the
narrowest chart that shows every label (`WIDE_PX`); every other tick is "major", and pages narrower
than that show only the majors, which then have as much room. No Flask here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from incidents.formatting import clocks_change, fmt_day, zone_mark

FONT_PX = 11.0   # the axis labels' font size (timelines.css, the brief charts)
GAP_PX = 8.0     # the least room between two labels
WIDE_PX = 400.0  # the narrowest chart that shows every label; narrower ones show the majors


@dataclass(frozen=True)
class Step:
    """A tick spacing: `count` minutes, hours, days or months."""

    unit: str   # minute | hour | day | month
    count: int

    @property
    def shortest(self) -> timedelta:
        """The least time between two ticks (a 23-hour day, a 28-day month)."""
        if self.unit == "minute":
            return timedelta(minutes=self.count)
        if self.unit == "hour":
            return timedelta(hours=self.count)
        if self.unit == "day":
            return timedelta(hours=23 * self.count)
        return timedelta(days=28 * self.count)


# Minutes for an axis of an hour or so: outages reported minutes apart read under one hour's label, or none.
STEPS = [Step("minute", n) for n in (5, 10, 15, 30)] + [Step("hour", n) for n in (1, 2, 3, 6, 12)] + \
        [Step("day", n) for n in (1, 2, 7, 14)] + \
        [Step("month", n) for n in (1, 2, 3, 6, 12, 24, 60, 120)]


@dataclass
class AxisTick:
    """One tick: when, its label ('' when left unlabelled), a day boundary, major, and its anchor."""

    at: datetime
    label: str
    day: bool
    major: bool
    anchor: str = "middle"


def label_width(text: str, font_px: float = FONT_PX) -> float:
    """The width of a label in px, estimated: CJK a full em, digits and letters about 0.6 em."""
    width = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            width += 1.0
        elif ch in " :.,/":
            width += 0.32
        else:
            width += 0.62
    return width * font_px * 1.06  # day labels are semibold


def _month_label(d: date, lang: str, with_year: bool) -> str:
    if lang == "zh":
        return f"{d.year}年{d.month}月" if with_year else f"{d.month}月"
    return d.strftime("%b %Y" if with_year else "%b")


def _year_label(d: date, lang: str) -> str:
    return f"{d.year}年" if lang == "zh" else str(d.year)


def _widest(step: Step, lang: str, mark: str = "") -> float:
    """The widest label a step can write (`mark`: the zone abbreviation hour labels carry, if any)."""
    utc = ZoneInfo("UTC")
    sample = datetime(2021, 12, 31, 23, 0, tzinfo=utc)
    if step.unit in ("minute", "hour"):  # midnights carry the day
        return max(label_width("23:00" + mark), label_width(fmt_day(sample, utc, lang)))
    if step.unit == "day":
        return label_width(fmt_day(sample, utc, lang))
    if step.count >= 12:
        return label_width(_year_label(sample.date(), lang))
    return label_width(_month_label(sample.date(), lang, True))


def choose_step(span: timedelta, width_px: float, widest: Callable[[Step], float]) -> Step:
    """The finest step whose labels, on a chart `width_px` wide, stand at least their width apart."""
    seconds = max(span.total_seconds(), 1.0)
    for step in STEPS:
        if width_px * step.shortest.total_seconds() / seconds >= widest(step) + GAP_PX:
            return step
    return STEPS[-1]


def _instants(start: datetime, end: datetime, tz: ZoneInfo, step: Step) -> list[tuple[datetime, int]]:
    """Local wall-clock ticks in [start, end] on the step's lattice, each with its lattice index."""
    local = start.astimezone(tz)
    out: list[tuple[datetime, int]] = []
    if step.unit in ("minute", "hour"):
        day = datetime(local.year, local.month, local.day, tzinfo=tz)
        minutes = step.count * (60 if step.unit == "hour" else 1)
        n = 0
        while True:
            day_n, minute = divmod(n * minutes, 24 * 60)
            d = day.date() + timedelta(days=day_n)
            # Whole local hours (minutes), stepped in wall time, so ticks stay on the hour across DST.
            at = datetime(d.year, d.month, d.day, minute // 60, minute % 60, tzinfo=tz)
            if at > end or n > 2000:
                break
            if at >= start:
                out.append((at, n))
            n += 1
    elif step.unit == "day":
        d = local.date()
        while True:
            at = datetime(d.year, d.month, d.day, tzinfo=tz)
            if at > end:
                break
            o = d.toordinal() - 1  # day 0 (1 January of year 1) was a Monday: weeks start on Mondays
            if at >= start and o % step.count == 0:
                out.append((at, o // step.count))
            d += timedelta(days=1)
    else:
        months = local.year * 12 + local.month - 1
        while True:
            y, m = divmod(months, 12)
            at = datetime(y, m + 1, 1, tzinfo=tz)
            if at > end:
                break
            if at >= start and months % step.count == 0:
                out.append((at, months // step.count))
            months += 1
    return out


def _change_mark(local: datetime, tz: ZoneInfo) -> str:
    """The zone's abbreviation on a day its clocks change (else ""): the only day an hour is ambiguous."""
    midnight = datetime(local.year, local.month, local.day, tzinfo=tz)
    following = midnight + timedelta(days=1)
    return zone_mark(local) if midnight.utcoffset() != following.utcoffset() else ""


def axis_ticks(start: datetime, end: datetime, tz: ZoneInfo, lang: str,
               width_px: float = WIDE_PX) -> list[AxisTick]:
    """Ticks for a time axis from `start` to `end`, labelled in local time, never overlapping."""
    # On a day the clocks change, hour labels say which reading (01:00 EDT, 02:00 EST): never guessed.
    mark = " EDT" if clocks_change(tz, start.astimezone(tz).year) else ""
    step = choose_step(end - start, width_px, lambda s: _widest(s, lang, mark))
    span = max((end - start).total_seconds(), 1.0)
    ticks: list[AxisTick] = []
    for i, (at, index) in enumerate(_instants(start, end, tz, step)):
        local = at.astimezone(tz)
        is_day = local.hour == 0 and local.minute == 0
        if step.unit in ("minute", "hour"):
            clock = f"{local.hour:02d}:{local.minute:02d}"
            label = fmt_day(local, tz, lang) if is_day else clock + _change_mark(local, tz)
        elif step.unit == "day":
            label = fmt_day(local, tz, lang)
        elif step.count >= 12:
            label = _year_label(local.date(), lang)
        else:
            label = _month_label(local.date(), lang, i == 0 or local.month == 1)
        ticks.append(AxisTick(at, label, is_day, index % 2 == 0))
    # Where only the majors show (half the room), and where all do: drop a label rather than overlap.
    for room, shown in ((width_px / 2, [t for t in ticks if t.major]), (width_px, ticks)):
        _unclash(shown, room, start, span)
    return ticks


def _unclash(ticks: list[AxisTick], room: float, start: datetime, span: float) -> None:
    """Anchor labels inwards at the edges, and blank any that would touch the previous one."""
    right_edge = -GAP_PX
    labelled = [t for t in ticks if t.label]
    shown: list[tuple[AxisTick, float]] = []  # each label kept, with its left edge
    for t in labelled:
        x = room * (t.at - start).total_seconds() / span
        w = label_width(t.label)
        anchor = "start" if x < w / 2 else "end" if x > room - w / 2 else t.anchor
        left = x if anchor == "start" else x - w if anchor == "end" else x - w / 2
        if left < right_edge + GAP_PX:
            # The last label says where the chart ends (the latest day): it wins over the one before,
            # unless that one names a day and it only an hour.
            earlier_edge = shown[-2][1] + label_width(shown[-2][0].label) if len(shown) > 1 else -GAP_PX
            wins = t.day or not shown[-1][0].day if shown else False
            if t is labelled[-1] and wins and left >= earlier_edge + GAP_PX:
                shown.pop()[0].label = ""
            else:
                t.label = ""
                continue
        t.anchor = anchor if anchor != "middle" else t.anchor
        shown.append((t, left))
        right_edge = left + w
