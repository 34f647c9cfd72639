"""A long event's day filter on a 360 px phone: a day typed into the date input, Show, the list of that day."""

from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa

from incidents.events.models import Event
from incidents.reports import listing
from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_a_command_user_picks_a_day_of_a_long_event(request, device, live_server, seeded, make_user, database,
                                                     monkeypatch):
    from incidents.reports import display

    monkeypatch.setattr(display, "DAY_SELECT_LIMIT", 5)  # the demo's 10 days stand for a season left open
    page = request.getfixturevalue(device)
    make_user("coord1", "coordinator")
    with database.read_session() as s:
        event = s.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
        event_id = event.id
        _reports, expected = listing.list_reports(s, event, page=1, page_size=1, day=date(2021, 7, 24))
    assert expected
    browser_login(page, live_server, "coord1")
    page.goto(f"{live_server}/events/{event_id}/reports")
    page.click("details.filters summary")
    assert page.get_attribute("#f-day", "type") == "date"
    assert page.get_attribute("#f-day", "min") == "2021-07-22"
    page.fill("#f-day", "2021-07-24")
    with page.expect_navigation():
        page.click(".filter-buttons button[type=submit]")
    assert "day=2021-07-24" in page.url
    assert page.input_value("#f-day") == "2021-07-24"
    assert re.match(rf"共{expected}条报告", page.locator("p.meta").first.inner_text())
    width = {"phone": 360, "desktop": 1280}[device]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    box = page.locator("#f-day").bounding_box()
    assert box and box["height"] >= 40 and box["x"] + box["width"] <= width
    screenshot(page, f"report-list-day-input-{device}")
