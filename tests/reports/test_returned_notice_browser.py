"""A community worker on a 360 px phone taps "您有1份报告被退回" on the home page — the whole notice, not a
thin line of text — and the report sent back and its reason are on the screen they land on, not below a
screen of open filters."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import Auth, browser_login_form, screenshot

from .conftest import Forms, when

pytestmark = pytest.mark.browser

REASON = "户数应为300户，请核实后更正"


def test_the_returned_notice_lands_on_the_report_sent_back(phone, live_server, app, live, make_user, area_id):
    make_user("li", "reporter", scope="文峰区/北大街街道")
    make_user("wang", "coordinator")
    worker = app.test_client()
    Auth(worker).login("li")
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    sent = Forms(worker).submit(f"/events/{live.id}/reports/new/activity",
                                {"area_id": area_id("彰德路64号院"), **when("observed_at", today, precision="day"),
                                 "title": "巡查彰德路积水点"})
    report_id = int(sent.headers["Location"].rsplit("/", 1)[1])
    coordinator = app.test_client()
    Auth(coordinator).login("wang")
    returned = Forms(coordinator).submit(f"/reports/{report_id}/status", {"action": "return", "reason": REASON},
                                         form_url=f"/reports/{report_id}")
    assert returned.status_code == 302

    page = phone
    browser_login_form(page, live_server, "li")
    notice = page.locator("a:has-text('被退回')").bounding_box()
    assert notice is not None and notice["height"] >= 44 and notice["width"] >= 300, notice  # a thumb's target
    with page.expect_navigation():
        page.tap("a:has-text('被退回')")
    page.wait_for_load_state()
    screenshot(page, "reports-returned-notice-phone")
    row = page.locator(f"#report-{report_id}")
    box = row.bounding_box()
    assert box is not None
    # The row's top, with its reason, is within the first screen the worker sees.
    assert box["y"] >= 0 and box["y"] + 60 <= page.viewport_size["height"], box
    assert REASON in row.inner_text()
