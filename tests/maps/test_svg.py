"""The server-drawn map: north up, east right, a kilometre as long east-west as north-south, a true scale bar."""

from __future__ import annotations

import re

import pytest
from pyproj import Geod

from incidents.maps.svg import Marker, frame, map_svg, radius, scale_bar

WGS84 = Geod(ellps="WGS84")


def marker(n: int, lat: float, lon: float, status: str | None = "out", households: int | None = 100,
           href: str | None = None) -> Marker:
    return Marker(n, lat, lon, status, households, f"site {n}", href)


def test_north_is_up_east_is_right_and_a_kilometre_is_a_kilometre_both_ways():
    centre = (36.09, 114.35)
    # Points 2 km north and 2 km east of the centre (PROJ's geodesic, independent of the map code).
    lon_n, lat_n, _ = WGS84.fwd(centre[1], centre[0], 0, 2000)
    lon_e, lat_e, _ = WGS84.fwd(centre[1], centre[0], 90, 2000)
    ms = [marker(1, *centre), marker(2, lat_n, lon_n), marker(3, lat_e, lon_e)]
    f = frame(ms, 480, 240, 520, 38)
    x0, y0 = f.xy(*centre)
    xn, yn = f.xy(lat_n, lon_n)
    xe, ye = f.xy(lat_e, lon_e)
    assert yn < y0 and abs(xn - x0) < 0.01          # north is up
    assert xe > x0 and abs(ye - y0) < 0.5           # east is right
    # Equirectangular scaled by cos(latitude): 2 km north and 2 km east are as long on the map,
    # within 0.5% over a district (the ellipsoid's two radii of curvature differ by that much).
    assert (xe - x0) / (y0 - yn) == pytest.approx(1.0, rel=0.005)
    # Every marker lies inside the drawing.
    for m in ms:
        x, y = f.xy(m.latitude, m.longitude)
        assert f.pad - 0.01 <= x <= f.width - f.pad + 0.01 and f.pad - 0.01 <= y <= f.height - f.pad + 0.01


def test_the_scale_bar_is_as_long_as_its_distance():
    ms = [marker(1, 36.05, 114.30), marker(2, 36.12, 114.40)]
    f = frame(ms, 480, 240, 520, 38)
    km, length = scale_bar(f, 120)
    assert km in (1, 2, 5)
    # The bar's length, measured back through the projection with PROJ's geodesic north-south.
    lat = f.lat1 - (f.height / 2 - f.pad) / f.scale
    degrees = length / f.scale
    _, _, metres = WGS84.inv(f.lon0, lat - degrees / 2, f.lon0, lat + degrees / 2)
    assert metres / 1000 == pytest.approx(km, rel=0.001)


def test_markers_grow_with_households_and_an_unreported_size_is_dashed_and_smallest():
    assert radius(None) == radius(0) < radius(100) < radius(2000) <= radius(10**7) == 22
    svg = map_svg([marker(1, 36.09, 114.35, households=None, href="/events/1/reports?area=4"),
                   marker(2, 36.10, 114.36, "pumping", 400)], title="图", legend=[("out", "停电")])
    assert svg.count("<circle") == 4  # two sites, a legend swatch and the linked site's (invisible) target
    assert svg.count('<circle class="hit"') == 1 and 'class="hit"' in svg.split('data-site="1"')[1]
    assert 'stroke-dasharray="2 2"' in svg.split("data-site=\"1\"")[1].split("</g>")[0]
    assert '<a href="/events/1/reports?area=4" aria-label=' in svg
    assert "停电" in svg and "<title>site 2</title>" in svg
    assert 'style="' not in svg  # the CSP allows no inline style


def test_an_empty_map_says_so():
    svg = map_svg([], title="map", empty="No site has coordinates.")
    assert "No site has coordinates." in svg and "<circle" not in svg


def test_text_is_escaped():
    svg = map_svg([marker(1, 36.09, 114.35, href='/x?a=1&b="2"')], title="<script>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and 'href="/x?a=1&amp;b=&quot;2&quot;"' in svg
    assert re.search(r'viewBox="0 0 400 \d+"', svg)


def test_a_second_status_is_a_ring_in_its_colour():
    svg = map_svg([Marker(1, 36.09, 114.35, "out", 10, "t", None, "pumping")], title="map")
    assert '<circle' in svg and 'fill="none" stroke="#0b57d0"' in svg
