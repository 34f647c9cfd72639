"""A big district's place filter in Chromium, as a command user narrows the list: a subdistrict, Show, then one of
its places, Show (that second step answered 500 before: the two filters' CTEs had one name)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Area, Event, Report
from incidents.reports.models import LIVE
from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_a_command_user_narrows_to_a_subdistrict_then_a_place(request, device, live_server, seeded, make_user,
                                                               database, monkeypatch):
    from incidents.reports import display

    monkeypatch.setattr(display, "PLACE_FILTER_LIMIT", 5)  # the demo's 18 areas stand for a province's 5,250
    page = request.getfixturevalue(device)
    make_user("coord1", "coordinator")
    with database.read_session() as s:
        event_id = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
        bdj = s.scalar(sa.select(Area).where(Area.name == "北大街街道"))
        site = s.scalar(sa.select(Area).where(Area.name == "文峰汇·十二府"))
        expected = set(s.scalars(sa.select(Report.id).where(Report.event_id == event_id, Report.area_id == site.id,
                                                            Report.status.in_(LIVE))))
    assert expected
    browser_login(page, live_server, "coord1")
    page.goto(f"{live_server}/events/{event_id}/reports")
    page.click("details.filters summary")
    assert page.locator("#f-area option").count() == 1  # 全部 only, and the hint
    assert "先选择街道/乡镇" in page.locator(".filter-form").inner_text()
    page.select_option("#f-sub", str(bdj.id))
    with page.expect_navigation():
        page.click(".filter-buttons button[type=submit]")
    page.select_option("#f-area", str(site.id))
    with page.expect_navigation():
        page.click(".filter-buttons button[type=submit]")
    assert f"subdistrict={bdj.id}" in page.url and f"area={site.id}" in page.url
    shown = {int(i.split("-")[1]) for i in page.eval_on_selector_all("li.report", "els => els.map(e => e.id)")}
    assert shown == expected
    assert page.locator("#f-area option:checked").inner_text().endswith("文峰汇·十二府")
    width = {"phone": 360, "desktop": 1280}[device]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"report-list-place-in-subdistrict-{device}")
