"""On a 360 px phone, the form of an ended event keeps its time blank, online and as the phone's cached copy.

The cached copy of a form (sw.js, report-outbox.js) set its main time to the phone's now on every event, so a
late report about an ended event, saved untouched, was seen after the end and counted nowhere. Now the copy
stays blank as the server's page does, the hint says why, and a time inside the event is saved as typed.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from incidents.models import ActivityEntry
from tests.conftest import browser_login, screenshot
from tests.offline.support import li_ready

pytestmark = pytest.mark.browser

HINT = "事件已结束，时间不预填为当前时间：请填写实际发生的时间。"


def test_an_ended_events_form_stays_blank_on_the_phone_and_offline(phone, live_server, ended, make_user, database):
    page, context = phone, phone.context
    url = li_ready(page, live_server, ended, make_user, database)

    page.goto(url)
    assert page.input_value("input[name=observed_at-day]") == ""
    assert page.input_value("input[name=observed_at-time]") == ""
    expect(page.locator("#observed_at-hint")).to_have_text(HINT)
    assert page.get_attribute("input[name=observed_at-day]", "aria-describedby") == "observed_at-hint"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "reports-ended-event-form-phone")

    # The phone's cached copy (no network): its own key, and still no time assumed.
    context.set_offline(True)
    page.goto(url)
    expect(page.locator("input[name=token]")).not_to_have_value("")
    assert page.input_value("input[name=observed_at-day]") == ""
    assert page.input_value("input[name=observed_at-time]") == ""
    expect(page.locator("#observed_at-hint")).to_have_text(HINT)
    # Saved as it stands: the phone asks for the time (the rules' own word), nothing goes to the outbox.
    page.fill("input.area-search", "xzlx")
    page.click(".area-results button[data-id]")
    page.fill("input[name=title]", "迟报的巡查")
    page.click("button[type=submit].primary")
    expect(page.locator("#observed_at [data-client-error]")).to_be_visible()
    screenshot(page, "reports-ended-event-refused-phone")

    # A time inside the event, typed: kept on the phone, sent when the network returns, stored as typed.
    inside = (ended.ends_at - timedelta(hours=5)).astimezone(ended.tz)
    page.fill("input[name=observed_at-day]", inside.date().isoformat())
    page.fill("input[name=observed_at-time]", inside.strftime("%H:%M"))
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    assert "/outbox" in page.url
    context.set_offline(False)
    expect(page.locator("#outbox-list li[data-status=sent]")).to_have_count(1, timeout=20000)
    with database.read_session() as s:
        entry = s.scalar(sa.select(ActivityEntry).where(ActivityEntry.title == "迟报的巡查"))
        assert entry is not None
        assert entry.observed_at.astimezone(ended.tz).strftime("%Y-%m-%d %H:%M") == inside.strftime("%Y-%m-%d %H:%M")


def test_an_ended_events_form_on_a_desktop(desktop, live_server, ended, make_user):
    page = desktop
    make_user("wang", "coordinator")
    browser_login(page, live_server, "wang")
    page.goto(f"{live_server}/events/{ended.id}/reports/new/outage")
    assert page.input_value("input[name=started_at-day]") == ""
    expect(page.locator("#started_at-hint")).to_have_text(HINT)
    screenshot(page, "reports-ended-event-form-desktop")
