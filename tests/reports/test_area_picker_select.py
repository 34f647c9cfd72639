"""The place picker on a phone: words typed in the search box, then the place chosen in the list under it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from incidents import demo
from incidents.db import now_utc
from incidents.events.services import create_event
from tests.conftest import browser_login

pytestmark = pytest.mark.browser


def test_choosing_in_the_list_after_typing_saves_the_report(seeded, database, make_user, live_server, phone):
    with database.transaction() as s:
        district = demo._area_by_path(s, "文峰区")
        event = create_event(s, code="live-storm", name="在途暴雨", kind="rainstorm",
                             starts_at=now_utc() - timedelta(days=2), timezone="Asia/Shanghai", area_id=district.id)
        event_id = event.id
    make_user("bdj", "reporter", scope="文峰区/北大街街道")
    browser_login(phone, live_server, "bdj")
    phone.goto(f"{live_server}/events/{event_id}/reports/new/outage")
    phone.fill(".area-picker input[type=search]", "彰德路")
    expect(phone.locator(".area-results")).to_be_visible()
    # The person does not tap the suggestion: they choose the same place in the list below.
    value = phone.eval_on_selector_all("#area_id option",
                                       "os => os.find(o => o.textContent.includes('彰德路64号院')).value")
    phone.select_option("#area_id", value)
    phone.fill("#households_affected", "37")
    with phone.expect_navigation():
        phone.click("button.primary[type=submit]")
    expect(phone.locator(".flash")).to_contain_text("报告已保存")
    expect(phone.locator("main")).to_contain_text("彰德路64号院")
