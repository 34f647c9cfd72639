"""The map drawn on the server as SVG: no tiles, no script, no internet; it prints and reads on a phone.

Projection: equirectangular, x = longitude * cos(latitude of the map's centre), y = latitude.
Over a district (tens of kilometres) the scale varies with latitude by well under 1% from edge
to edge, so distances and shapes read true to within the marker sizes; a conformal projection
(Web Mercator, as tile services use) would differ from it by less than a pixel at this size.
It needs no library and no reference data, and any reader can check a point by hand.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from typing import NamedTuple

from incidents.geo import distance_km
from incidents.maps.services import DISINFECTED, OUT, PUMPING, RESTORED
from incidents.ticks import label_width

COLOURS = {OUT: "#b3261e", PUMPING: "#0b57d0", RESTORED: "#1e7b34", DISINFECTED: "#8a3ffc", None: "#5b6570"}
FONT = "Noto Sans CJK SC, Noto Sans SC, sans-serif"
# The smallest span drawn (degrees): one site, or several in one compound, still gets ~1 km of map.
MIN_SPAN = 0.01
NICE_KM = (0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100)


class Marker(NamedTuple):
    """One site to draw: its number in the list beside the map, where, its status and size."""

    number: int
    latitude: float
    longitude: float
    status: str | None
    households: int | None      # None: size not reported (drawn smallest, dashed)
    title: str
    href: str | None = None
    also: str | None = None     # a second status (pumping at an outage): drawn as a ring


class Frame(NamedTuple):
    """How degrees become SVG units: the map's box and scale."""

    width: float
    height: float
    pad: float
    lon0: float
    lat1: float
    k: float        # cos(latitude of the centre)
    scale: float    # SVG units per degree of latitude

    def xy(self, latitude: float, longitude: float) -> tuple[float, float]:
        """The point's place in the SVG."""
        return (self.pad + (longitude - self.lon0) * self.k * self.scale,
                self.pad + (self.lat1 - latitude) * self.scale)


def frame(markers: Sequence[Marker], width: float, min_height: float, max_height: float, pad: float) -> Frame:
    """The box around every marker, padded, scaled to `width` (the height follows the shape)."""
    lats = [m.latitude for m in markers]
    lons = [m.longitude for m in markers]
    lat_mid = (min(lats) + max(lats)) / 2
    k = math.cos(math.radians(lat_mid))
    span_lat = max(max(lats) - min(lats), MIN_SPAN)
    span_lon = max(max(lons) - min(lons), MIN_SPAN / max(k, 0.01))
    lat0 = (min(lats) + max(lats)) / 2 - span_lat / 2
    lon0 = (min(lons) + max(lons)) / 2 - span_lon / 2
    inner = width - 2 * pad
    height = min(max(inner * span_lat / (span_lon * k) + 2 * pad, min_height), max_height)
    scale = min(inner / (span_lon * k), (height - 2 * pad) / span_lat)
    # Centre the drawing in the box it did not fill.
    extra_x = (inner - span_lon * k * scale) / 2
    extra_y = (height - 2 * pad - span_lat * scale) / 2
    return Frame(width, height, pad, lon0 - extra_x / (k * scale), lat0 + span_lat + extra_y / scale, k, scale)


HIT_RADIUS = 28  # units of a 400-unit-wide map: a 44 px target where it is drawn 314 px wide (a 360 px phone)


def radius(households: int | None, unit: float = 1.0) -> float:
    """A marker's radius: its area grows with households affected (a square root), within bounds."""
    if households is None:
        return 5 * unit
    return min(5 + 0.4 * math.sqrt(max(households, 0)), 22) * unit


def scale_bar(f: Frame, max_units: float) -> tuple[float, float]:
    """A round distance (km) and its length in SVG units, no longer than `max_units`."""
    lat = f.lat1 - (f.height / 2 - f.pad) / f.scale
    # Kilometres per degree of latitude here, on the ellipsoid (geopy's geodesic).
    km_per_degree = distance_km((lat - 0.005, f.lon0), (lat + 0.005, f.lon0)) / 0.01
    units_per_km = f.scale / km_per_degree
    km = max([n for n in NICE_KM if n * units_per_km <= max_units] or [NICE_KM[0]])
    return km, km * units_per_km


def _haloed(x: float, y: float, words: str) -> str:
    """A marker's number on a white halo: the halo a text of its own beneath, not paint-order, which
    WeasyPrint (the brief's PDF) ignores, painting the halo over the digits."""
    at = f'x="{x:.1f}" y="{y:.1f}" font-weight="700"'
    return (f'<text {at} fill="#fff" stroke="#fff" stroke-width="3" aria-hidden="true">{words}</text>'
            f'<text {at} fill="#1b1f24">{words}</text>')


def map_svg(markers: Sequence[Marker], *, title: str, legend: Sequence[tuple[str | None, str]] = (),
            width: float = 400, font: float = 15, css: str = "site-map", north: str = "N",
            empty: str = "") -> str:
    """The SVG: a plain background, each marker (biggest first) with its number, a scale bar, north,
    and, when given, a legend of (status, words) below the map."""
    pad = 24 + font
    parts = []
    f = frame(markers, width, width * 0.5, width * 1.1, pad) if markers else Frame(width, width * 0.4, pad, 0, 0, 1, 1)
    rows = math.ceil(len(legend) / 2)
    height = f.height + rows * (font + 8) + (8 if rows else 0)
    # With links in it the map is a group, not an img: an img's children are presentational, so a screen reader
    # said nothing at each marker Tab stopped on. Each link is named by its tooltip (number, name, statuses).
    role = "group" if any(m.href for m in markers) else "img"
    parts.append(f'<svg xmlns="http://www.w3.org/2000/svg" class="{css}" viewBox="0 0 {width:.0f} {height:.0f}" '
                 f'role="{role}" aria-label="{escape(title)}" font-family="{FONT}" font-size="{font}">'
                 f'<title>{escape(title)}</title>'
                 f'<rect x="0.5" y="0.5" width="{width - 1:.0f}" height="{f.height - 1:.0f}" fill="#f4f6f8" '
                 'stroke="#c6ccd2"/>')
    if not markers:
        parts.append(f'<text x="{width / 2:.0f}" y="{f.height / 2:.0f}" text-anchor="middle" fill="#5b6570">'
                     f'{escape(empty)}</text>')
    for m in sorted(markers, key=lambda m: (-radius(m.households), m.number)):
        x, y = f.xy(m.latitude, m.longitude)
        r = radius(m.households, font / 14)
        colour = COLOURS.get(m.status, COLOURS[None])
        dash = ' stroke-dasharray="2 2"' if m.households is None else ""
        ring = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r + 2.5 * font / 14:.1f}" fill="none" '
                f'stroke="{COLOURS.get(m.also, COLOURS[None])}" stroke-width="{2.5 * font / 14:.1f}"/>'
                if m.also else "")
        shape = ring + (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colour}" fill-opacity="0.8" '
                 f'stroke="#1b1f24" stroke-width="1"{dash}/>'
                 + _haloed(x + r + (5 if m.also else 2) * font / 14, y + font * 0.35, str(m.number)))
        # A link's target is a thumb's, not the dot's: a phone draws a 400-unit map 314 px wide, and a
        # 5-unit dot was a 17 px target. An invisible circle of HIT_RADIUS units (44 px across there) takes the tap.
        hit = (f'<circle class="hit" cx="{x:.1f}" cy="{y:.1f}" r="{max(r, HIT_RADIUS * width / 400):.1f}" '
               'fill="#000" fill-opacity="0"/>' if m.href else "")
        body = (f'<g class="site status-{m.status or "reports"}" data-site="{m.number}">'
                f'<title>{escape(m.title)}</title>{hit}{shape}</g>')
        parts.append(f'<a href="{escape(m.href)}" aria-label="{escape(m.title)}">{body}</a>' if m.href else body)
    if markers:
        km, length = scale_bar(f, width / 4)
        y = f.height - 12
        parts.append(f'<path d="M12 {y - 5:.1f} V{y:.1f} H{12 + length:.1f} V{y - 5:.1f}" fill="none" '
                     f'stroke="#1b1f24" stroke-width="1.5"/>'
                     f'<text x="{16 + length:.1f}" y="{y:.1f}" fill="#1b1f24" font-size="{font * 0.85:.1f}">'
                     f'{km:g} km</text>')
        nx = width - 20
        parts.append(f'<path d="M{nx} 10 L{nx + 6} 26 L{nx} 22 L{nx - 6} 26 Z" fill="#1b1f24"/>'
                     f'<text x="{nx}" y="{26 + font:.1f}" text-anchor="middle" fill="#1b1f24" '
                     f'font-size="{font * 0.85:.1f}">{escape(north)}</text>')
    for i, (status, words) in enumerate(legend):
        col, row = i % 2, i // 2
        x = 12 + col * width / 2
        y = f.height + 8 + row * (font + 8) + font / 2
        parts.append(f'<circle cx="{x + 6:.1f}" cy="{y:.1f}" r="6" fill="{COLOURS.get(status, COLOURS[None])}" '
                     f'fill-opacity="0.8" stroke="#1b1f24"/><text x="{x + 18:.1f}" y="{y + font * 0.35:.1f}" '
                     f'fill="#1b1f24">{escape(words)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def swatch_svg(status: str | None) -> str:
    """A legend's dot for a status, drawn as the map draws a marker: for a key written in text beside a map."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="swatch-dot" viewBox="0 0 14 14" aria-hidden="true">'
            f'<circle cx="7" cy="7" r="6" fill="{COLOURS.get(status, COLOURS[None])}" fill-opacity="0.8" '
            'stroke="#1b1f24"/></svg>')


# ---- a map to place a point by a click ----------------------------------------------------------

# Room around the known points for a click beyond them (a fraction of their span, and at least
# about 1 km each way).
PLACE_MARGIN = 0.25
PLACE_MIN_SPAN = 0.02


def place_frame(points: Sequence[tuple[float, float]], width: float = 400) -> Frame:
    """The frame of a click map: around the points (latitude, longitude), with room to spare."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    k = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_lat = max(max(lats) - min(lats), PLACE_MIN_SPAN) * (1 + 2 * PLACE_MARGIN)
    span_lon = max(max(lons) - min(lons), PLACE_MIN_SPAN / max(k, 0.01)) * (1 + 2 * PLACE_MARGIN)
    lat_mid, lon_mid = (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2
    corners = [Marker(0, lat_mid + d * span_lat / 2, lon_mid + d * span_lon / 2, None, None, "") for d in (-1, 1)]
    return frame(corners, width, width * 0.6, width * 0.8, 12)


def place_svg(points: Sequence[tuple[str, float, float]], pin: tuple[float, float] | None, *, title: str,
              north: str = "N", width: float = 400, font: float = 13) -> str:
    """A click map: the known places (name, latitude, longitude) as grey dots, the pin, a scale bar.

    The frame travels in data- attributes so the page's script turns a click back into degrees
    (the inverse of Frame.xy); the SVG itself holds no script.
    """
    f = place_frame([(p[1], p[2]) for p in points] + ([pin] if pin else []), width)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" id="place-map" class="place-map" '
             f'viewBox="0 0 {width:.0f} {f.height:.0f}" role="img" aria-label="{escape(title)}" '
             f'font-family="{FONT}" font-size="{font}" data-pad="{f.pad}" data-lon0="{f.lon0!r}" '
             f'data-lat1="{f.lat1!r}" data-k="{f.k!r}" data-scale="{f.scale!r}">'
             f'<title>{escape(title)}</title>'
             f'<rect x="0.5" y="0.5" width="{width - 1:.0f}" height="{f.height - 1:.0f}" fill="#f4f6f8" '
             'stroke="#c6ccd2"/>']
    labels: list[tuple[float, float, float]] = []  # each name written: x, baseline, width
    line = round(font * 1.4)  # a name's box, ascent to descent, with no overlap
    for name, lat, lon in points:
        x, y = f.xy(lat, lon)
        tx, ty, tw = x + 6, y + 4, label_width(name, font)
        # Two places at one spot (a subdistrict and the temple by its office) wrote their names over each
        # other: a name that would cross one written already goes a line below it.
        while any(abs(ty - ly) < line - 0.5 and tx < lx + lw and lx < tx + tw for lx, ly, lw in labels):
            ty += line
        labels.append((tx, ty, tw))
        parts.append(f'<g class="known"><title>{escape(name)}</title><circle cx="{x:.1f}" cy="{y:.1f}" r="4" '
                     f'fill="#5b6570" fill-opacity="0.7"/><text x="{tx:.1f}" y="{ty:.1f}" fill="#3b434b" '
                     f'stroke="#fff" stroke-width="3" paint-order="stroke">{escape(name)}</text></g>')
    x, y = f.xy(*pin) if pin else (-100.0, -100.0)
    hidden = "" if pin else ' visibility="hidden"'
    parts.append(f'<g id="place-pin" class="pin" transform="translate({x:.2f} {y:.2f})"{hidden}>'
                 '<path d="M-10 0 H10 M0 -10 V10" stroke="#b3261e" stroke-width="2"/>'
                 '<circle r="6" fill="none" stroke="#b3261e" stroke-width="2"/></g>')
    km, length = scale_bar(f, width / 4)
    yb = f.height - 10
    parts.append(f'<path d="M10 {yb - 5:.1f} V{yb:.1f} H{10 + length:.1f} V{yb - 5:.1f}" fill="none" '
                 f'stroke="#1b1f24" stroke-width="1.5"/><text x="{14 + length:.1f}" y="{yb:.1f}" '
                 f'fill="#1b1f24">{km:g} km</text>')
    nx = width - 18
    parts.append(f'<path d="M{nx} 8 L{nx + 5} 22 L{nx} 19 L{nx - 5} 22 Z" fill="#1b1f24"/>'
                 f'<text x="{nx}" y="{22 + font:.1f}" text-anchor="middle" fill="#1b1f24">{escape(north)}</text>')
    parts.append("</svg>")
    return "".join(parts)
