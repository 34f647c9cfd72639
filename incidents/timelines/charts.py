"""Geometry for the server-rendered SVG: bars, fuzzy edges, ETR marks, axis ticks, curves.

Bars use percentages of the width (x="12.5%"), so one row scales to any screen or page
without distorting text; curves are paths in a 1000 x 100 box drawn with non-scaling strokes.
No Flask here: the templates receive these plain objects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from incidents import vague
from incidents.timelines.services import Curve, OutageRow, Timeline

BAR_TOP = 5.0
BAR_HEIGHT = 14.0


def _pct(value: float) -> str:
    return f"{min(max(value, 0.0), 100.0):.2f}"


class Scale:
    """Maps instants to percentages of the chart width."""

    def __init__(self, start: datetime, end: datetime) -> None:
        self.start, self.end = start, end
        self.span = max((end - start).total_seconds(), 1.0)

    def x(self, at: datetime) -> float:
        """Percent of the width (unclamped)."""
        return 100.0 * (at - self.start).total_seconds() / self.span

    def pct(self, at: datetime) -> str:
        """Clamped percent, as SVG attribute text."""
        return _pct(self.x(at))


@dataclass
class Rect:
    """A rectangle in bar coordinates: x and width in %, y and height in px."""

    x: str
    w: str
    y: str
    h: str
    kind: str   # out, unknown, fuzz-in, fuzz-out, unknown-fuzz-in, unknown-fuzz-out
    fill: str = ""


@dataclass
class Mark:
    """An ETR mark: where, whether it is the current ETR, and the slip line from the previous."""

    x: str
    current: bool
    overdue: bool
    slip_from: str | None
    later: bool
    off_axis: bool


@dataclass
class Bar:
    """Everything drawn in one row's SVG."""

    rects: list[Rect] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    end_x: str = "0"
    open: bool = False
    broken: bool = False        # open past the right edge of the axis (a past event seen today)
    label: str = ""             # accessible summary (title)


def _height(frac: float | None) -> tuple[str, str]:
    if frac is None:
        return f"{BAR_TOP:.1f}", f"{BAR_HEIGHT:.1f}"
    h = max(BAR_HEIGHT * frac, 1.5)
    return f"{BAR_TOP + BAR_HEIGHT - h:.1f}", f"{h:.1f}"


FILLS = {"open": "#b3261e", "done": "#41607d"}


def _fill(kind: str, state: str) -> str:
    """The SVG fill of a bar piece: a colour, or a shared gradient/hatch defined once per page."""
    if kind == "out":
        return FILLS[state]
    if kind == "unknown":
        return f"url(#tl-hatch-{state})"
    return f"url(#tl-{kind.removeprefix('unknown-')}-{state})"


def bar(row: OutageRow, scale: Scale, at: datetime, tz: ZoneInfo) -> Bar:
    """The bar of one outage: fuzzy edges where its times are vague, steps for partial restorations."""
    state = row.state
    result = Bar(open=state.open)
    start_w = vague.window(state.started_at, state.started_precision, tz)
    if state.restored and state.restored_at and state.restored_precision:
        end_w = vague.window(state.restored_at, state.restored_precision, tz)
    else:
        end_w = vague.Window(at, at)
    measure = "households_out" if state.households_affected is not None else "buildings_out"
    values = [getattr(s, measure) for s in row.steps]
    peak = max([v for v in values if v is not None] + [0])

    def frac(value: int | None) -> float | None:
        if value is None or peak == 0:
            return None
        return value / peak

    solid_from, solid_to = start_w.latest, end_w.earliest
    segments: list[tuple[datetime, datetime, float | None]] = []
    for i, step in enumerate(row.steps):
        if step.restored:
            continue
        seg_start = max(step.at, solid_from)
        seg_end = row.steps[i + 1].at if i + 1 < len(row.steps) else solid_to
        seg_end = min(seg_end, solid_to)
        if seg_end > seg_start:
            segments.append((seg_start, seg_end, frac(getattr(step, measure))))
    first_frac = segments[0][2] if segments else frac(values[0] if values else None)
    last_frac = segments[-1][2] if segments else first_frac

    def kind(base: str, f: float | None) -> str:
        return f"unknown-{base}" if f is None else base

    if start_w.latest > start_w.earliest:
        y, h = _height(first_frac)
        x0, x1 = scale.x(start_w.earliest), scale.x(start_w.latest)
        result.rects.append(Rect(_pct(x0), _pct(x1 - x0), y, h, kind("fuzz-in", first_frac)))
    for seg_start, seg_end, f in segments:
        y, h = _height(f)
        x0, x1 = scale.x(seg_start), min(scale.x(seg_end), 100.0)
        if x1 > x0:
            result.rects.append(Rect(_pct(x0), _pct(x1 - x0), y, h, "unknown" if f is None else "out"))
    if state.restored and end_w.latest > end_w.earliest:
        y, h = _height(last_frac)
        x0, x1 = scale.x(end_w.earliest), scale.x(end_w.latest)
        result.rects.append(Rect(_pct(x0), _pct(x1 - x0), y, h, kind("fuzz-out", last_frac)))
    state_name = "open" if state.open else "done"
    for rect in result.rects:
        rect.fill = _fill(rect.kind, state_name)
    end_x = scale.x(row.end)
    result.end_x = _pct(end_x)
    result.broken = state.open and end_x > 100.0
    previous = None
    for i, mark in enumerate(row.etrs):
        x = scale.x(mark.etr_at)
        current = i == len(row.etrs) - 1
        result.marks.append(Mark(
            _pct(x), current, current and row.overdue,
            _pct(scale.x(previous)) if previous is not None else None,
            bool(previous is not None and mark.etr_at > previous), not 0.0 <= x <= 100.0))
        previous = mark.etr_at
    return result


@dataclass
class Tick:
    """An axis tick: position, label, and whether it is a day boundary."""

    x: str
    label: str
    day: bool
    minor: bool = False
    anchor: str = "middle"


STEPS = [timedelta(hours=h) for h in (1, 2, 3, 6, 12, 24, 48, 96, 168, 336, 720)]


def ticks(scale: Scale, tz: ZoneInfo, day_label: Callable[[datetime], str],
          most: int = 8) -> list[Tick]:
    """Ticks at whole local hours or days, at most `most` of them, labelled by local time."""
    span = scale.end - scale.start
    step = next((s for s in STEPS if span / s <= most), STEPS[-1])
    local = scale.start.astimezone(tz)
    if step >= timedelta(days=1):
        first = local.replace(hour=0, minute=0, second=0, microsecond=0)
    else:
        hours = int(step.total_seconds() // 3600)
        first = local.replace(hour=local.hour - local.hour % hours, minute=0, second=0, microsecond=0)
    out: list[Tick] = []
    i = 0
    while True:
        # Step in local wall time so ticks stay on whole hours across a DST change.
        wall = first + step * i
        at = datetime(wall.year, wall.month, wall.day, wall.hour, tzinfo=tz)
        i += 1
        if at > scale.end or i > 400:
            break
        if at < scale.start:
            continue
        is_day = at.hour == 0
        out.append(Tick(scale.pct(at), day_label(at) if is_day else at.strftime("%H:%M"), is_day))
    for n, tick in enumerate(out):
        tick.minor = n % 2 == 1
        # Labels at the very edges are anchored inwards so they are not cut in half.
        x = float(tick.x)
        tick.anchor = "start" if x < 4 else "end" if x > 96 else "middle"
    return out


@dataclass
class CurveChart:
    """One measure of a curve as an SVG path in a 1000 x 100 box, with threshold marks."""

    path: str
    peak: int
    thresholds: list[tuple[str, str]]   # ("50/90%", x in %)
    peak_x: str | None


def curve_path(curve: Curve, attr: str, scale: Scale, peak: int | None = None) -> CurveChart:
    """A step path of one measure, thinned to at most one vertical run per 1/1000 of the width."""
    points = curve.points
    top = peak if peak is not None else max((getattr(p, attr) for p in points), default=0)
    if not points or top <= 0:
        return CurveChart("", 0, [], None)

    def y(value: int) -> float:
        return 100.0 - 100.0 * value / top

    parts: list[str] = []
    x_prev: int | None = None
    lo = hi = last = 0.0
    for point in points:
        x = round(10 * min(max(scale.x(point.at), 0.0), 100.0))
        value = y(getattr(point, attr))
        if x_prev is None:
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
    if lo != hi:
        parts.append(f"V{lo:.1f}V{hi:.1f}")
    parts.append(f"V{last:.1f}")
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
    return CurveChart("".join(parts), top, thresholds, peak_x)


def label_anchor(x: str) -> tuple[str, str]:
    """Text anchor and offset for a label at x%: to the left of marks near the right edge."""
    return ("end", "-3") if float(x) > 70 else ("start", "3")


@dataclass
class Chart:
    """All geometry of a timeline page."""

    scale: Scale | None
    ticks: list[Tick]
    bars: dict[int, Bar]
    now_x: str | None
    curves: dict[str, CurveChart]


def chart(timeline: Timeline, day_label: Callable[[datetime], str]) -> Chart:
    """Geometry for every bar, the axis and the event's curve charts."""
    tz = ZoneInfo(timeline.timezone)
    if timeline.axis_start is None or timeline.axis_end is None:
        return Chart(None, [], {}, None, {})
    scale = Scale(timeline.axis_start, timeline.axis_end)
    bars = {r.state.outage_id: bar(r, scale, timeline.at, tz) for r in timeline.rows}
    now_x = scale.pct(timeline.at) if timeline.at <= timeline.axis_end else None
    curves = {attr: curve_path(timeline.curve, attr, scale)
              for attr in ("households_out", "buildings_out", "open_outages")}
    return Chart(scale, ticks(scale, tz, day_label), bars, now_x, curves)
