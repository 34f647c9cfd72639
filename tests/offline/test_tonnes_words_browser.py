"""On the phone (Chromium, 360 px) debris typed in English is checked as the server reads it
(parsing.TONNE_WORDS, parsing.english_words): "1,200 tons" (US short tons) stopped naming the unit, "over 30 tonnes"
taken as 30+ t."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from incidents.reports.models import DebrisClearance
from tests.conftest import browser_login

pytestmark = pytest.mark.browser


def test_the_phone_names_tons_and_takes_over_30_tonnes(phone, live_server, seeded, event, make_user, database):
    page = phone
    make_user("li", "reporter", scope="文峰区/北大街街道")
    browser_login(page, live_server, "li")
    page.goto(f"{live_server}/events/{event.id}/reports/new/debris")
    page.fill("input.area-search", "xzlx")
    page.click(".area-results button[data-id]")
    page.fill("input[name=period_start-day]", "2021-07-27")
    page.fill("input[name=period_start-time]", "16:30")
    page.fill("input[name=mass_t]", "1,200 tons")
    page.click("button[type=submit].primary")
    error = page.locator("p.error[data-client-error][data-field=mass_t]")
    expect(error).to_contain_text("单位应为吨：“tons”是另一种单位")
    page.fill("input[name=mass_t]", "over 30 tonnes")
    with page.expect_navigation(url=re.compile(r"/reports/\d+$")):
        page.click("button[type=submit].primary")
    with database.read_session() as s:
        report = s.get(DebrisClearance, int(page.url.rsplit("/", 1)[1]))
        assert (report.mass_kg, report.mass_kg_lb) == (30000, True)
