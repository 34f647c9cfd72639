"""The bulk bar on a 360 px phone in Chromium: select all, verify, read which were done."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Event, Report
from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser


def test_coordinator_verifies_a_page_of_reports_on_a_phone(phone, live_server, seeded, make_user, database):
    page = phone
    make_user("coord1", "coordinator")
    with database.read_session() as s:
        event_id = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    browser_login(page, live_server, "coord1")
    page.goto(f"{live_server}/events/{event_id}/reports?kind=disinfection")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
    page.check("#bulk-all")
    assert page.locator("input.pick:checked").count() == page.locator("input.pick").count() > 0
    assert "已选" in page.locator(".bulk-count").inner_text()
    screenshot(page, "bulk-bar-phone")
    with page.expect_navigation():
        page.click("button[name=action][value=verify]")
    screenshot(page, "bulk-done-phone")
    assert page.locator(".bulk-results li.done").count() == 5
    with database.read_session() as s:
        statuses = set(s.scalars(sa.select(Report.status).where(Report.kind == "disinfection")))
    assert {st.value for st in statuses} == {"verified"}
