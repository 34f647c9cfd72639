"""Small server-rendered SVG bar charts of a brief's recent days: they print, and need no script."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from html import escape
from typing import Any, NamedTuple

from markupsafe import Markup

from incidents.briefs.quantities import Qty
from incidents.briefs.render import Reading
from incidents.maps.markers import markers
from incidents.maps.svg import map_svg, swatch_svg
from incidents.ticks import choose_step, label_width

WIDTH, HEIGHT = 320, 150
TOP, BOTTOM, LEFT, RIGHT = 38, 30, 8, 8
FONT = "Noto Sans CJK SC, Noto Sans SC, sans-serif"


def _bars(title: str, labels: list[str], values: Sequence[Qty | int | None], texts: list[str],
          color: str, current: int, revised: list[bool] | None = None, note: str = "") -> str:
    """One bar chart: a bar per day, the value above it, unknown days hatched as 未报; a figure
    revised since its day's own brief carries a mark (*) and the chart a note saying so."""
    revised = revised or [False] * len(labels)
    texts = [t + ("*" if r else "") for t, r in zip(texts, revised, strict=True)]
    height = HEIGHT + (14 if any(revised) else 0)
    n = max(len(labels), 1)
    numbers = [v.value if isinstance(v, Qty) else v for v in values]
    top_value = max([x for x in numbers if x is not None] or [0]) or 1
    slot = (WIDTH - LEFT - RIGHT) / n
    bar = slot * 0.62
    # A bar per day: label every k-th day (the current one always) where labels would touch.
    # Bars are one slot each; a span of 23 h a slot makes the step's shortest day one slot exactly.
    widest = max((label_width(label) for label in labels), default=0.0)
    step = choose_step(timedelta(hours=23 * n), WIDTH - LEFT - RIGHT, lambda s: widest)
    every = max(1, round(step.shortest / timedelta(hours=23))) if step.unit != "hour" else 1
    font, lift = _value_labels(texts, slot)
    plot = HEIGHT - TOP - lift - BOTTOM
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="brief-chart" viewBox="0 0 {WIDTH} {height}" '
             f'role="img" aria-label="{escape(title)}" font-family="{FONT}">',
             f'<title>{escape(title)}</title>',
             f'<text x="{LEFT}" y="15" font-size="13" font-weight="700" fill="#1b1f24">{escape(title)}</text>',
             f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" '
             'stroke="#8a939c" stroke-width="1"/>']
    bars: list[tuple[float, float, str]] = []  # per day: the bar's left edge, its top, its rect
    for i, value in enumerate(numbers):
        x = LEFT + i * slot + (slot - bar) / 2
        fill = color if i == current else color + "99"
        if value is None:
            top: float = HEIGHT - BOTTOM - 6
            rect = (f'<rect x="{x:.1f}" y="{top}" width="{bar:.1f}" height="6" '
                    'fill="none" stroke="#8a939c" stroke-dasharray="2 2"/>')
        else:
            h = plot * value / top_value
            top = HEIGHT - BOTTOM - h
            rect = f'<rect x="{x:.1f}" y="{top:.1f}" width="{bar:.1f}" height="{max(h, 0.5):.1f}" fill="{fill}"/>'
        bars.append((x, top, rect))
    heights = _value_heights([(x + bar / 2, top - 4, text) for (x, top, _), text in zip(bars, texts, strict=True)],
                             font, lift, current)
    for i, ((x, _top, rect), label, text, y) in enumerate(zip(bars, labels, texts, heights, strict=True)):
        parts.append(rect)
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{y:.1f}" font-size="{font:g}" text-anchor="middle" '
                     f'fill="#1b1f24">{escape(text)}</text>')
        if (current - i) % every == 0:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - BOTTOM + 15}" font-size="11" '
                         f'text-anchor="middle" fill="#5b6570">{escape(label)}</text>')
    if any(revised):
        parts.append(f'<text x="{LEFT}" y="{height - 3}" font-size="10" fill="#5b6570">{escape(note)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _value_labels(texts: list[str], slot: float) -> tuple[float, float]:
    """The values' font size and the lift of every other one, so that neighbours never overlap.

    约1.7万* is ~48 units wide at 11 px, a week's slot 43: such labels shrink to fit, down to 9 px,
    and if they still do not fit side by side one of two neighbours that touch stands a line higher (_value_heights).
    """
    widest = max((label_width(t, 11) for t in texts), default=0.0)
    room = slot - 3  # a gap between neighbours
    if widest <= room:
        return 11, 0.0
    font = max(9.0, round(11 * room / widest, 1))
    return font, (font + 2 if widest * font / 11 > room else 0.0)


def _value_heights(values: list[tuple[float, float, str]], font: float, lift: float, current: int) -> list[float]:
    """Where each value (its middle, its height at its bar, its text) is drawn: at its bar, or `lift` higher where
    it would run into the neighbour already placed, working out from the current day, which stays at its bar.
    Every other one stood higher once, the "—" of empty days too, up and down along the axis."""
    heights = [y for _x, y, _text in values]

    def touch(i: int, j: int) -> bool:
        (xi, _, ti), (xj, _, tj) = values[i], values[j]
        return (abs(xi - xj) < (label_width(ti, font) + label_width(tj, font)) / 2
                and abs(heights[i] - heights[j]) < font)

    if lift:
        for order, step in ((range(current - 1, -1, -1), 1), (range(current + 1, len(values)), -1)):
            for i in order:
                if touch(i, i + step):
                    heights[i] -= lift
    return heights


def _short(r: Reading, q: Qty, tonnes: bool = False) -> str:
    """A bar label short enough for a narrow bar: 约1.7万, ≈16.7k, 30余."""
    if q.value is None:
        return r._("n/r")
    if q.value == 0:
        return "—"  # none of the reported quantities fell on this day
    value: float = q.value / 1000 if tonnes else q.value
    if value >= 10000:
        text = f"{value / 10000:.1f}万" if r.zh else f"{value / 1000:.1f}k"
    elif tonnes and value != int(value):
        text = f"{value:.1f}"
    else:
        text = r.count(int(value))
    mark = ("约" if r.zh else "≈") if q.approx and not q.lb else ""  # one mark, as fmt_quantity
    return mark + text + (("余" if r.zh else "+") if q.lb else "") + r.estimate_mark(q)


def trend_charts(r: Reading) -> list[str]:
    """Outages still open at each day's end, m³ pumped and t cleared per day (≈ where apportioned)."""
    trend = r.c.trend
    if not trend:
        return []
    _ = r._
    labels = [f"{p.day.month}/{p.day.day}" if r.zh else p.day.strftime("%-d %b") for p in trend]
    current = len(trend) - 1
    charts = []
    note = _("* revised since that day's own brief")
    opened = [p.open_outages for p in trend]
    charts.append(_bars(_("Outages open at the end of each day"), labels, opened,
                        ["—" if v is None else r.count(v) for v in opened], "#b3261e", current,
                        ["open_outages" in p.revised for p in trend], note))
    # A day nothing was reported of is "—" (none), as the brief says of it; 未报 is a figure somebody owed.
    volumes = [Qty(0) if p.no_pumping and p.volume_m3.value is None else p.volume_m3 for p in trend]
    charts.append(_bars(_("Pumped per day (m³)"), labels, volumes,
                        [_short(r, v) for v in volumes],
                        "#0b57d0", current, ["volume_m3" in p.revised for p in trend], note))
    debris = [Qty(0) if p.no_clearance and p.debris_kg.value is None else p.debris_kg for p in trend]
    if any(d.value for d in debris):
        charts.append(_bars(_("Debris cleared per day (t)"), labels, debris,
                            [_short(r, d, tonnes=True) for d in debris], "#1e7b34", current,
                            ["debris_kg" in p.revised for p in trend], note))
    return charts


def map_words(r: Reading) -> dict[str | None, str]:
    """The map's statuses in the brief's language (the briefs catalog: a brief reads without a request)."""
    _ = r._
    return {"out": _("Without power"), "pumping": _("Pumping"), "restored": _("Power restored"),
            "disinfected": _("Disinfected in the period"), None: _("Other reports")}


def brief_map(r: Reading) -> BriefMap | None:
    """The small map of the stored points: numbered markers, a legend, and the places not drawn (none, or doubtful)."""
    points = r.c.map
    if not points:
        return None
    w = map_words(r)
    # Numbered 1, 2, ... among the drawn places only: the key under the map has no gaps.
    on_map = [p for p in points if p.drawn]
    title = r._("Places by status at the end of the period")
    # No place with coordinates: no map at all (an empty frame read as a map that failed), only the note.
    # The legend is text under the map, not drawn in it: printed, the map is 50 mm high and its drawn words
    # were 5 pt; as text they take the print's own size. The words left in it (north, the scale, the numbers)
    # are drawn at 15 units: at 11 they printed at 5.4 pt and 6.3 pt, at 15 they print at 7.4 pt and more.
    svg = map_svg(markers(on_map, r.lang, w), title=title, width=320, font=15, css="brief-map",
                  north=r._("N")) if on_map else ""
    legend = [(swatch_svg(s), w[s]) for s in ("out", "pumping", "restored", "disinfected")] if on_map else []
    placed = [(i, r.name(p.name, p.name_en), "、".join(w[s] for s in p.statuses) if r.zh
               else ", ".join(w[s] for s in p.statuses))
              for i, p in enumerate(on_map, start=1)]
    # As the event's map page: 无坐标 (add them) apart from 位置可疑 (a stored point far off: correct it).
    unplaced = [r.name(p.name, p.name_en) for p in points if not p.drawn and not p.doubtful]
    doubtful = [r.name(p.name, p.name_en) for p in points if p.doubtful]
    comma = "、" if r.zh else ", "
    notes = ([r._("Without coordinates, not drawn: %(names)s", names=comma.join(unplaced))] if unplaced else []) + (
        [r._("Doubtful location, not drawn: %(names)s", names=comma.join(doubtful))] if doubtful else [])
    return BriefMap(title, svg, legend, placed, unplaced, doubtful, ("；" if r.zh else "; ").join(notes))


def map_parts(r: Reading) -> dict[str, Any] | None:
    """The brief's map for a template: its SVG as markup, the places listed beside it."""
    found = brief_map(r)
    return None if found is None else {"title": found.title, "svg": Markup(found.svg), "placed": found.placed,
                                       "legend": [(Markup(dot), words) for dot, words in found.legend],
                                       "note": found.note}


class BriefMap(NamedTuple):
    """The brief's map: its SVG, the numbered places drawn, those not drawn (no point; a doubtful one), its note."""

    title: str
    svg: str
    legend: list[tuple[str, str]]   # each status's dot (SVG) and its words
    placed: list[tuple[int, str, str]]
    unplaced: list[str]
    doubtful: list[str]
    note: str
