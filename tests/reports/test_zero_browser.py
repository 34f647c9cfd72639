"""The one-tap 零报告 on a 360 px phone: a subdistrict office lands on the home page, taps, sees it confirmed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from incidents import demo
from incidents.db import now_utc
from incidents.events.services import create_event
from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser


def test_a_subdistrict_office_answers_zero_with_one_tap_on_a_phone(seeded, database, make_user, live_server, phone):
    with database.transaction() as s:
        district = demo._area_by_path(s, "文峰区")
        create_event(s, code="live-storm", name="在途暴雨", kind="rainstorm", starts_at=now_utc() - timedelta(days=2),
                     timezone="Asia/Shanghai", area_id=district.id)
    make_user("bdj", "reporter", scope="文峰区/北大街街道")
    browser_login(phone, live_server, "bdj")
    button = phone.locator("button.zero-tap")
    expect(button).to_have_count(1)
    expect(button).to_have_text("本时段零报告 · 北大街街道")
    box = button.bounding_box()
    assert box is not None and box["height"] >= 44 and box["x"] + box["width"] <= 360
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
    screenshot(phone, "zero-report-button-360")
    with phone.expect_navigation():
        button.click()
    expect(phone.locator(".flash")).to_contain_text("已报送北大街街道")
    expect(phone.locator("button.zero-tap")).to_have_count(0)
    screenshot(phone, "zero-report-sent-360")
