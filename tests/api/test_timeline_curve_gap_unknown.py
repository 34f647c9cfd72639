"""The restoration curve draws no line while what is out is 未报, rather than a line at 0.

一号院 (300 households, 5 buildings), fully restored at 09:00, out again at 15:00 with 80 households and no word
on buildings: from 15:00 the buildings still out are 未报 (the caption says 现为 未报), but the curve ran on at 0
to the right edge, reading as "all back". Now the line stops at 15:00 and a band marked 未报 covers the rest.
"""

from __future__ import annotations

import re

import pytest

from tests.api.conftest import TokenClient
from tests.api.test_outage_out_again import _out_again
from tests.conftest import browser_login

EVENING = "2021-07-02 18:00"


def _figure(html: str, title: str) -> str:
    figures = re.findall(r'<figure class="tl-curve-fig">.*?</figure>', html, re.S)
    (figure,) = [f for f in figures if f"<strong>{title}</strong>" in f]
    return figure


def _path_end_x(figure: str) -> float:
    """The x (of 1000) where the curve's line ends."""
    d = re.search(r'<path class="line" d="([^"]*)"', figure).group(1)
    return max(float(n) for n in re.findall(r"[MH](\d+(?:\.\d+)?)", d))


def test_the_curve_stops_where_the_count_is_not_reported(database, coordinator_api: TokenClient, client, auth,
                                                        make_user):
    b = _out_again(database, coordinator_api)
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    html = client.get(f"/events/{b.event_id}/timeline?at={EVENING}").get_data(as_text=True)
    buildings, households = _figure(html, "停电楼栋"), _figure(html, "停电户数")
    band = re.search(r'<rect class="tl-unknown" x="([\d.]+)%" width="([\d.]+)%"', buildings)
    assert band is not None, buildings
    start, width = float(band.group(1)), float(band.group(2))
    assert start + width == pytest.approx(100.0, abs=0.2)  # on to the right edge (the axis ends at `at`)
    assert _path_end_x(buildings) == pytest.approx(start * 10, abs=1)  # the line stops where the band starts
    assert ">未报<" in buildings
    # The households were told (80): their line runs on to the right edge, with no band.
    assert "tl-unknown" not in households and _path_end_x(households) == pytest.approx(1000, abs=1)
    # In the morning all was back and known: the building line runs on at 0, no band.
    morning = client.get(f"/events/{b.event_id}/timeline?at=2021-07-02 12:00").get_data(as_text=True)
    assert "tl-unknown" not in _figure(morning, "停电楼栋")


@pytest.mark.browser
def test_the_unknown_band_reads_on_a_phone(browser, live_server, database, coordinator_api: TokenClient, make_user,
                                           tmp_path):
    b = _out_again(database, coordinator_api)
    make_user("viewer1", "viewer")
    context = browser.new_context(viewport={"width": 360, "height": 800}, locale="zh-CN")
    page = context.new_page()
    try:
        browser_login(page, live_server, "viewer1")
        page.goto(f"{live_server}/events/{b.event_id}/timeline?at={EVENING}")
        figure = page.locator("figure.tl-curve-fig", has_text="停电楼栋")
        band = figure.locator("rect.tl-unknown")
        box, svg = band.bounding_box(), figure.locator("svg.tl-curve").bounding_box()
        assert box is not None and svg is not None
        assert box["width"] >= 8 and box["x"] + box["width"] <= svg["x"] + svg["width"] + 1
        label = figure.locator("text.tl-unknown")
        assert label.text_content() == "未报" and label.is_visible()
        lb = label.bounding_box()
        assert lb is not None and svg["x"] - 1 <= lb["x"] and lb["x"] + lb["width"] <= svg["x"] + svg["width"] + 1
        figure.screenshot(path=str(tmp_path / "curve-unknown-360.png"))
    finally:
        context.close()
