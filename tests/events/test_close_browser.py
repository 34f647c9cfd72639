"""Closing an event on a phone: the "Close event" disclosure is a thumb's size, and it closes the event."""

from __future__ import annotations

import pytest

from incidents.models import Event
from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser


def test_close_event_opens_with_a_thumb_on_a_phone(live, phone, live_server, make_user, database):
    # The bare summary was 24 px tall, under the 40 px the rest of the page's controls keep.
    make_user("co", "coordinator")
    browser_login(phone, live_server, "co")
    phone.goto(f"{live_server}/events/{live.id}")
    summary = phone.locator("details.event-state > summary")
    box = summary.bounding_box()
    assert box is not None and box["height"] >= 40, box
    summary.tap()
    # An hour ago, as the event's Beijing wall clock shows it.
    phone.fill("#ends_at", phone.evaluate("new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 16)"))
    with phone.expect_navigation():
        phone.click("form[action$='/close'] button")
    screenshot(phone, "event-closed-phone")
    assert "事件已结束。" in phone.locator(".flash").inner_text()
    with database.read_session() as s:
        assert s.get(Event, live.id).ends_at is not None
