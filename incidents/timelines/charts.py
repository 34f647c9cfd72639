"""Geometry for the server-rendered SVG: bars, fuzzy edges, ETR marks, axis ticks, curves.

Bars use percentages of the width (x="12.5%"), so one row scales to any screen or page
without distorting text; curves are paths in a 1000 x 100 box drawn with non-scaling strokes.
A page may hold thousands of bars, so each bar is written once as compact SVG text (colours
come from CSS; only fuzzy and hatched pieces name a shared gradient or pattern).
No Flask here: the templates receive these plain objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from incidents.ticks import axis_ticks
from incidents.timelines.curves import told
from incidents.timelines.services import Curve, OutageRow, Timeline

BAR_TOP = 5.0
BAR_HEIGHT = 14.0


def _pct(value: float) -> str:
    return TENTHS[int(min(max(value, 0.0), 100.0) * 10 + 0.5)]


class Scale:
    """Maps instants to percentages of the chart width."""

    def __init__(self, start: datetime, end: datetime) -> None:
        self.start, self.end = start, end
        self.span = max((end - start).total_seconds(), 1.0)
        self.origin = start.timestamp()
        self.per_second = 100.0 / self.span

    def x(self, at: datetime) -> float:
        """Percent of the width (unclamped)."""
        return (at.timestamp() - self.origin) * self.per_second

    def pct(self, at: datetime) -> str:
        """Clamped percent, as SVG attribute text."""
        return _pct(self.x(at))


FULL = 'y="5" height="14"'
# Tens of thousands of numbers a page: the texts of every tenth (of a percent, of a pixel)
# are made once, and looked up.
TENTHS = [str(k / 10) for k in range(1001)]
HEIGHTS = [f'y="{TENTHS[190 - k]}" height="{TENTHS[k]}"' for k in range(141)]


def _height(value: int | None, peak: int) -> str:
    """The y and height attributes of a piece whose height shows the share still out."""
    if value is None or peak == 0 or value == peak:
        return FULL
    tenths = int(BAR_HEIGHT * 10 * value / peak + 0.5)
    return HEIGHTS[tenths if tenths > 15 else 15]   # never thinner than 1.5 px


def _fill(kind: str, value: int | None, peak: int, state: str) -> str:
    """A shared gradient or pattern, defined once per page; solid pieces take the CSS colour."""
    if value is None or peak == 0:
        kind = "hatch" if kind == "out" else kind
    elif kind == "out":
        return ""
    return f' fill="url(#tl-{kind}-{state})"'


def _rect(x0: float, x1: float, height: str, fill: str = "") -> str:
    # Edges in tenths of a percent, rounded first, so that adjacent pieces meet without gaps.
    # Clamped to the axis: a start window past its end (a vague start stored after `at`, as
    # benches/timeline_gen.py makes) draws nothing rather than failing the page.
    a = (int(x0 * 10 + 0.5) if x0 < 100.0 else 1000) if x0 > 0.0 else 0
    b = (int(x1 * 10 + 0.5) if x1 > x0 else a) if x1 < 100.0 else 1000
    return f'<rect x="{TENTHS[a]}%" width="{TENTHS[b - a]}%" {height}{fill}/>'


def bar(row: OutageRow, scale: Scale) -> str:
    """The SVG of one outage: fuzzy edges where its times are vague, steps for partial restorations.

    Heights show the share still out of the outage's own peak (households, else buildings); a
    size not reported is hatched, never drawn as a guess.
    """
    state = row.state
    state_name = "open" if state.open else "done"
    origin, per_second = scale.origin, scale.per_second
    start_w, end_w = row.start_window, row.end_window
    start_early = (start_w.earliest.timestamp() - origin) * per_second
    solid_from = (start_w.latest.timestamp() - origin) * per_second
    solid_to = (end_w.earliest.timestamp() - origin) * per_second
    # Heights follow households, else buildings (POINT columns h_out = 5, b_out = 7).
    measure = 5 if state.households_affected is not None else 7
    points = row.points
    values = [p[measure] for p in points]
    peak = max([v for v in values if v is not None], default=0)
    xs = [((p[1] >> 4) - origin) * per_second for p in points]
    xs.append(solid_to)
    # The solid pieces: from each point not restored to the next point, within the certain part
    # of the bar; a point that leaves what is out unchanged (an ETR, say) continues the piece.
    pieces: list[tuple[float, float, int | None]] = []
    start: float | None = None
    end: float | None = None
    value: int | None = None
    for i, p in enumerate(points):
        if p[9]:
            continue
        x0, x1 = xs[i], xs[i + 1]
        x0 = x0 if x0 > solid_from else solid_from
        x1 = x1 if x1 < solid_to else solid_to
        if x1 <= x0:
            continue
        if end == x0 and value == values[i]:
            end = x1
            continue
        if start is not None and end is not None:  # set together: end is known whenever start is
            pieces.append((start, end, value))
        start, end, value = x0, x1, values[i]
    if start is not None and end is not None:
        pieces.append((start, end, value))
    first = pieces[0][2] if pieces else (values[0] if values else None)
    final = pieces[-1][2] if pieces else first

    parts = ['<svg class="tl-bar" aria-hidden="true">']
    if solid_from > start_early:
        parts.append(_rect(start_early, solid_from, _height(first, peak),
                           _fill("fuzz-in", first, peak, state_name)))
    hatch = f' fill="url(#tl-hatch-{state_name})"'
    for x0, x1, value in pieces:   # the many pieces: _rect, _height and _fill inlined
        if x1 > 100.0:
            x1 = 100.0
        if x1 > x0:
            a = int(x0 * 10 + 0.5) if x0 > 0.0 else 0
            b = int(x1 * 10 + 0.5)
            if value is None or peak == 0:
                height, fill = FULL, hatch
            elif value == peak:
                height, fill = FULL, ""
            else:
                height, fill = _height(value, peak), ""
            parts.append(f'<rect x="{TENTHS[a]}%" width="{TENTHS[b - a]}%" {height}{fill}/>')
    if state.restored and end_w.latest > end_w.earliest:
        parts.append(_rect(solid_to, (end_w.latest.timestamp() - origin) * per_second,
                           _height(final, peak), _fill("fuzz-out", final, peak, state_name)))
    end_x = (row.end.timestamp() - origin) * per_second
    # Past the axis by the clock, not by end_x > 100: at the axis' own end the float is 100 give or take
    # a rounding, and a fresh outage's ▶ turned into the break mark on some page loads.
    if state.open and row.end > scale.end:   # open past the right edge of the axis (a past event seen today)
        parts.append(f'<text class="tl-open-end broken" x="{_pct(end_x)}%" y="17" dx="-2" '
                     'text-anchor="end">≫</text>')
    elif state.open:
        parts.append(f'<text class="tl-open-end" x="{_pct(end_x)}%" y="17" dx="1">▶</text>')
    previous = None
    final_mark = len(row.etrs) - 1
    for i, mark in enumerate(row.etrs):
        x = _pct((mark.etr_at.timestamp() - origin) * per_second)
        if previous is not None:
            later = " later" if mark.etr_at > previous[1] else ""
            parts.append(f'<line class="tl-slip{later}" x1="{previous[0]}%" x2="{x}%" y1="2" y2="2"/>')
        cls = (" current overdue" if row.overdue else " current") if i == final_mark else ""
        parts.append(f'<line class="tl-etr{cls}" x1="{x}%" x2="{x}%" y1="1" y2="23"/>')
        previous = (x, mark.etr_at)
    parts.append("</svg>")
    return "".join(parts)


@dataclass
class Tick:
    """An axis tick: position, label, and whether it is a day boundary."""

    x: str
    label: str
    day: bool
    minor: bool = False
    anchor: str = "middle"


def ticks(scale: Scale, tz: ZoneInfo, lang: str = "zh") -> list[Tick]:
    """Axis ticks spaced by the span (hours to years), labelled in local time, never overlapping."""
    return [Tick(scale.pct(t.at), t.label, t.day, not t.major, t.anchor)
            for t in axis_ticks(scale.start, scale.end, tz, lang)]


@dataclass
class CurveChart:
    """One measure of a curve as an SVG path in a 1000 x 100 box, with threshold marks."""

    path: str
    peak: int
    thresholds: list[tuple[str, str]]   # ("50/90%", x in %)
    peak_x: str | None
    # Stretches where what is out is 未报 (curves.told): no line, a band instead (x, width and the label's
    # centre in %; no label where the band is too narrow for one: the caption says 未报).
    unknown: list[tuple[str, str, str | None]] = field(default_factory=list)


SERIES_COLUMN = {"households_out": 1, "buildings_out": 2, "open_outages": 3}
UNKNOWN_COLUMN = {"households_out": 4, "buildings_out": 5}   # open outages silent on the measure
# Tenths of a percent of a phone's 310 px chart a band needs for its label: the two characters 未报 take 8%,
# "not reported" (75 px at 12 px) a quarter; a narrower band has no label (the caption says so).
UNKNOWN_LABEL_MIN = {"zh": 80, "en": 260}


def curve_path(curve: Curve, attr: str, scale: Scale, peak: int | None = None, lang: str = "zh") -> CurveChart:
    """A step path of one measure, thinned to at most one vertical run per 1/1000 of the width; no line
    (a gap, listed in `unknown`) while every open outage is silent on the measure (curves.told: 未报)."""
    # Read from the curve's numbers (epoch seconds, running sums), not its point objects.
    # Epoch seconds are whole in the series; `at` may carry a fraction, so times are floats here.
    times: Sequence[float] = curve.series[0]
    values = curve.series[SERIES_COLUMN[attr]]
    top = peak if peak is not None else max(values, default=0)
    if not times or top <= 0:
        return CurveChart("", 0, [], None)
    column = UNKNOWN_COLUMN.get(attr)
    opens = curve.series[3]
    silent: Sequence[bool] = ([told(0, u, o) is None for u, o in zip(curve.series[column], opens, strict=True)]
                              if column is not None else [False] * len(times))
    if times[-1] < curve.at.timestamp():   # the curve runs on, level, to `at`
        times, values, silent = [*times, curve.at.timestamp()], [*values, values[-1]], [*silent, silent[-1]]

    def y(value: int) -> float:
        return 100.0 - 100.0 * value / top

    parts: list[str] = []
    x_prev: int | None = None
    lo = hi = last = 0.0
    origin, per_second = scale.origin, scale.per_second
    gaps: list[tuple[int, int]] = []
    gap_from: int | None = None
    x = 0
    for t, v, quiet in zip(times, values, silent, strict=True):
        x = round(10 * min(max((t - origin) * per_second, 0.0), 100.0))
        if quiet:
            if x_prev is not None:   # the line runs level to here and stops
                if lo != hi:
                    parts.append(f"V{lo:.1f}V{hi:.1f}")
                parts.append(f"V{last:.1f}H{x}")
                x_prev = None
            if gap_from is None:
                gap_from = x
            continue
        value = y(v)
        if x_prev is None:
            if gap_from is not None:
                gaps.append((gap_from, x))
                gap_from = None
            parts.append(f"M{x} {value:.1f}")
            x_prev, lo, hi, last = x, value, value, value
            continue
        if x != x_prev:
            # Close the previous column (its extremes, then where it ended), move across.
            if lo != hi:
                parts.append(f"V{lo:.1f}V{hi:.1f}")
            parts.append(f"V{last:.1f}H{x}")
            x_prev, lo, hi = x, last, last
        lo, hi, last = min(lo, value), max(hi, value), value
    if x_prev is not None:
        if lo != hi:
            parts.append(f"V{lo:.1f}V{hi:.1f}")
        parts.append(f"V{last:.1f}")
    elif gap_from is not None:
        gaps.append((gap_from, x))
    measure = getattr(curve, attr.removesuffix("_out"), None) if attr != "open_outages" else None
    thresholds: list[tuple[str, str]] = []
    peak_x = None
    if measure is not None and measure.peak_at is not None:
        peak_x = scale.pct(measure.peak_at)
        merged: dict[str, list[str]] = {}
        for pct in (50, 90, 95, 100):
            when = measure.reached.get(pct)
            if when is not None:
                # Thresholds reached at the same moment share one mark: "50/90/95/100%".
                merged.setdefault(scale.pct(when), []).append(str(pct))
        thresholds = [("/".join(p) + "%", x) for x, p in merged.items()]
    label_min = UNKNOWN_LABEL_MIN.get(lang, UNKNOWN_LABEL_MIN["zh"])
    unknown = [(TENTHS[a], TENTHS[b - a], TENTHS[(a + b) // 2] if b - a >= label_min else None)
               for a, b in gaps if b > a]
    return CurveChart("".join(parts), top, thresholds, peak_x, unknown)


def label_anchor(x: str) -> tuple[str, str]:
    """Text anchor and offset for a label at x%: to the left of marks near the right edge."""
    return ("end", "-3") if float(x) > 70 else ("start", "3")


@dataclass
class Chart:
    """All geometry of a timeline page."""

    scale: Scale | None
    ticks: list[Tick]
    now_x: str | None
    curves: dict[str, CurveChart]


def chart(timeline: Timeline, lang: str = "zh") -> Chart:
    """Geometry for every bar, the axis and the event's curve charts."""
    tz = ZoneInfo(timeline.timezone)
    if timeline.axis_start is None or timeline.axis_end is None:
        return Chart(None, [], None, {})
    scale = Scale(timeline.axis_start, timeline.axis_end)
    now_x = scale.pct(timeline.at) if timeline.at <= timeline.axis_end else None
    curves = {attr: curve_path(timeline.curve, attr, scale, lang=lang)
              for attr in ("households_out", "buildings_out", "open_outages")}
    return Chart(scale, ticks(scale, tz, lang), now_x, curves)


def axis_chart(start: datetime | None, end: datetime | None, at: datetime, tz: ZoneInfo,
               lang: str = "zh") -> Chart:
    """The bars' geometry alone (scale, ticks, the `at` line), for one group's bars: no curves."""
    if start is None or end is None:
        return Chart(None, [], None, {})
    scale = Scale(start, end)
    return Chart(scale, ticks(scale, tz, lang), scale.pct(at) if at <= end else None, {})
