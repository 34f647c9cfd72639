"""The demo's map in Chromium at 360 px and 1280 px, a marker followed to its reports, and the printed brief's map.

Screenshots in artifacts/ (map-phone.png, map-desktop.png, brief-map-print.png and brief-map.pdf).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from incidents.briefs.compiling import compile_brief
from incidents.models import Event, PowerOutage
from incidents.reports.services import create_report
from tests.conftest import ARTIFACTS, browser_login, screenshot
from tests.maps.test_services import local

pytestmark = pytest.mark.browser


def _sized_outages(database, placed, event_id: int) -> None:
    """Two outages that give households, so the markers show their size (the demo's give none)."""
    import sqlalchemy as sa

    with database.transaction() as s:
        user = s.scalar(sa.select(PowerOutage.reporter_id).limit(1))
        for path, households in (("文峰区/北大街街道/西钟楼巷", 320), ("文峰区/宝莲寺镇/文峰家园小区", 1200)):
            data = {"event_id": event_id, "area_id": placed[path], "households_affected": households,
                    "started_at": local("2021-07-24 06:00"), "started_precision": "exact"}
            create_report(s, "outage", data, user, reported_at=local("2021-07-24 07:00"))


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_the_map_reads_at_phone_and_desktop_width_and_prints_in_the_brief(request, device, live_server, placed,
                                                                         rainstorm_id, database, make_user):
    page = request.getfixturevalue(device)
    _sized_outages(database, placed, rainstorm_id)
    make_user("viewer1", "viewer")
    browser_login(page, live_server, "viewer1")
    page.goto(f"{live_server}/events/{rainstorm_id}")
    with page.expect_navigation():
        page.click(".subnav >> text=地图")
    assert page.locator("h1").inner_text() == "地图"
    page.fill("#at", "2021-07-24T12:00")
    with page.expect_navigation():
        page.click("form.map-controls button[type=submit]")
    expect(page.locator("svg.site-map g.site")).to_have_count(6)
    expect(page.locator("svg.site-map g.status-out")).to_have_count(6)
    # The map fills the width it has and no more: nothing scrolls sideways on a phone.
    box = page.locator("svg.site-map").bounding_box()
    assert box is not None and box["width"] <= page.viewport_size["width"]
    assert box["width"] >= (300 if device == "phone" else 600)
    expect(page.locator(".map-unplaced li")).to_have_count(0)
    screenshot(page, f"map-{device}")
    page.locator(".map-figure").screenshot(path=str(ARTIFACTS / f"map-figure-{device}.png"))
    # The whole event, at its end: 官园社区 has reports but no coordinates, listed beside the map.
    with page.expect_navigation():
        page.click("form.map-controls a.button")
    expect(page.locator(".map-unplaced li")).to_have_count(1)
    assert "官园社区" in page.locator(".map-unplaced").inner_text()
    # A marker is a link to its site's reports.
    with page.expect_navigation():
        page.locator("svg.site-map a").first.click()
    assert "/reports?area=" in page.url
    if device == "desktop":
        with database.transaction() as s:
            brief = compile_brief(s, s.get(Event, rainstorm_id), local("2021-07-24 00:00").date(),
                                  now=local("2021-07-25 09:00")).brief
            brief_id = brief.id
        page.goto(f"{live_server}/briefs/{brief_id}/print")
        page.emulate_media(media="print")
        expect(page.locator("svg.brief-map")).to_be_visible()
        page.locator(".brief-map-box").screenshot(path=str(ARTIFACTS / "brief-map-print.png"))
        pdf = page.pdf(format="A4", print_background=True)
        assert pdf.startswith(b"%PDF")
        (ARTIFACTS / "brief-map.pdf").write_bytes(pdf)


def test_a_click_on_the_area_form_map_places_the_area_at_360px(phone, live_server, placed, database, make_user):
    """A coordinator clicks the map on a site's edit form at phone width; the saved point is the clicked pixel's."""
    from incidents.areas.models import Area
    from incidents.geo import distance_km

    page = phone
    make_user("coord1", "coordinator")
    browser_login(page, live_server, "coord1")
    site = placed["文峰区/北大街街道/西钟楼巷"]
    page.goto(f"{live_server}/areas/{site}/edit")
    svg = page.locator("svg#place-map")
    expect(svg.locator("g.known")).to_have_count(3)  # 北大街街道 and its two other places
    box = svg.bounding_box()
    assert box is not None and box["width"] <= 360
    # Click a spot away from the pin, two fifths across and a third down.
    x, y = box["width"] * 0.4, box["height"] * 0.33
    svg.click(position={"x": x, "y": y})
    frame = {k: float(svg.get_attribute(f"data-{k}")) for k in ("pad", "lon0", "lat1", "k", "scale")}
    units = 400 / box["width"]  # SVG units per CSS pixel

    def degrees(px: float, py: float) -> tuple[float, float]:
        ux, uy = px * units, py * units
        return (frame["lat1"] - (uy - frame["pad"]) / frame["scale"],
                frame["lon0"] + (ux - frame["pad"]) / (frame["k"] * frame["scale"]))

    expected = degrees(x, y)
    typed = page.input_value("#coordinates")
    assert typed and typed != "36.1041, 114.3555"
    screenshot(page, "area-place-phone")
    with page.expect_navigation():
        page.click("form.report-form button[type=submit]")
    assert page.url.endswith(f"/areas/{site}")
    with database.read_session() as s:
        area = s.get(Area, site)
        stored = (area.latitude, area.longitude)
    # Within the clicked pixel: half a pixel each way is this far on the ground.
    pixel_km = distance_km(degrees(x - 0.5, y - 0.5), degrees(x + 0.5, y + 0.5))
    assert distance_km(stored, expected) <= pixel_km, (stored, expected, pixel_km)
