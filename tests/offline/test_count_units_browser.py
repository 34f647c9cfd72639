"""On the phone (Chromium, 360 px) a count typed with its unit is checked as the server reads it: "1.2万人次"
for person-times goes through (and "20人以上" staff), "120人" is stopped on the field naming the unit
(data-units, the server's table)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from incidents.models import Disinfection
from tests.conftest import browser_login, screenshot
from tests.offline.support import place_and_time

pytestmark = pytest.mark.browser


def test_the_phone_takes_person_times_with_their_unit_and_stops_another(phone, live_server, seeded, event,
                                                                       make_user, database):
    page = phone
    make_user("li", "reporter", scope="文峰区/北大街街道")
    browser_login(page, live_server, "li")
    page.goto(f"{live_server}/events/{event.id}/reports/new/disinfection")
    place_and_time(page)
    page.fill("input[name=person_times]", "120人")
    page.click("button[type=submit].primary")
    error = page.locator("p.error[data-client-error][data-field=person_times]")
    expect(error).to_contain_text("单位应为人次：“人”是另一种单位")
    screenshot(page, "count-unit-refused-on-phone")
    page.fill("input[name=person_times]", "累计120人次")  # a total to date, named as the server names it
    page.click("button[type=submit].primary")
    expect(error).to_contain_text("是累计数（“累计”）：请只填本次报告时段的数字")
    page.fill("input[name=person_times]", "约120人次")  # an estimate: no figure holds "about"
    page.click("button[type=submit].primary")
    expect(error).to_contain_text("是估计数（“约”）：请只填数字，并在备注中注明为估计")
    page.fill("input[name=person_times]", "不超过120人次")  # an upper bound: no figure holds "at most" either
    page.click("button[type=submit].primary")
    expect(error).to_contain_text("是上限（“不超过”）：数字只能是确数或“余”（以上）；请只填数字，并在备注中注明为上限")
    page.fill("input[name=person_times]", "1.2千人次")  # 千 read as 万 is
    page.fill("input[name=staff]", "20人以上")
    with page.expect_navigation(url=re.compile(r"/reports/\d+$")):
        page.click("button[type=submit].primary")
    with database.read_session() as s:
        assert s.get(Disinfection, int(page.url.rsplit("/", 1)[1])).person_times == 1200
    page.goto(f"{live_server}/events/{event.id}/reports/new/disinfection")
    page.fill("input.area-search", "xzlx")
    page.click(".area-results button[data-id]")
    page.fill("input[name=observed_at-day]", "2021-07-27")
    page.fill("input[name=observed_at-time]", "16:40")
    page.fill("input[name=person_times]", "1.2万人次")  # as district tallies write big counts
    page.fill("input[name=staff]", "20人以上")
    with page.expect_navigation(url=re.compile(r"/reports/\d+$")):
        page.click("button[type=submit].primary")
    report_id = int(page.url.rsplit("/", 1)[1])
    with database.read_session() as s:
        report = s.get(Disinfection, report_id)
        assert (report.person_times, report.staff, report.staff_lb) == (12000, 20, True)
