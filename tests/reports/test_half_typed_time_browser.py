"""A time half typed (09:__ without its minutes, 07/__/____) is named as a time or a date not finished, not as a
time missing: the browser keeps no value for it, and the phone's check said 必填 / "give the time" under a box that
showed what was typed (found on a newcomer's pass, 6 December, night: "2500" typed into the clock)."""

from __future__ import annotations

import pytest

from tests.conftest import browser_login
from tests.reports.conftest import count_reports

pytestmark = pytest.mark.browser


def test_a_half_typed_clock_or_day_is_named_as_such(phone, live_server, seeded, event, make_user, database):
    page = phone
    make_user("li", "reporter", scope="文峰区/北大街街道")
    browser_login(page, live_server, "li")
    page.goto(f"{live_server}/events/{event.id}/reports/new/outage")
    page.select_option("select[name=area_id]", label="北大街街道 › 西钟楼巷")
    page.fill("input[name=started_at-day]", "2021-07-23")
    page.click("input[name=started_at-time]")
    page.keyboard.type("09")  # the hour only
    before = count_reports(database)
    page.click("button[type=submit].primary")
    message = page.locator("#started_at .error")
    message.wait_for(state="visible")
    assert message.inner_text() == "须为时刻（时:分）"
    # A date half typed, under a required time: not 必填.
    page.goto(f"{live_server}/events/{event.id}/reports/new/outage")
    page.select_option("select[name=area_id]", label="北大街街道 › 西钟楼巷")
    page.click("input[name=started_at-day]")
    page.keyboard.type("07")  # the month only
    page.click("button[type=submit].primary")
    message.wait_for(state="visible")
    assert message.inner_text() == "须为日期，如 2026-12-07、2026/12/7 或 2026年12月7日"
    assert count_reports(database) == before
