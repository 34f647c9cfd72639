"""On the phone (Chromium, 360 px) a count typed as "about" after its number, "at most" or a range is
stopped on the field in the server's words (parsing.vague_count), not as "another unit": "120人次左右"
said 单位应为人次：“左右”是另一种单位 before it was ever sent; "about 120" and "up to 120" in English alike, and
"over 120" taken as 120+."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import browser_login, screenshot
from tests.offline.support import place_and_time

pytestmark = pytest.mark.browser


def test_the_phone_says_what_the_count_is(phone, live_server, seeded, event, make_user):
    page = phone
    make_user("li", "reporter", scope="文峰区/北大街街道")
    browser_login(page, live_server, "li")
    page.goto(f"{live_server}/events/{event.id}/reports/new/disinfection")
    place_and_time(page)
    error = page.locator("p.error[data-client-error][data-field=person_times]")
    for typed, said in [("120人次左右", "是估计数（“左右”）"), ("不超过120人次", "是上限（“不超过”）"),
                        ("120以下", "是上限（“以下”）"), ("100-120", "是一个范围（“100-120”）"),
                        # In English as the server reads it (parsing.english_words).
                        ("about 120", "是估计数（“about”）"), ("up to 120 person-times", "是上限（“up to”）")]:
        page.fill("input[name=person_times]", typed)
        page.click("button[type=submit].primary")
        expect(error).to_contain_text(said)
    screenshot(page, "count-range-refused-on-phone")
    # "over 120" is 120+ as the server reads it, not a number the phone stops.
    page.fill("input[name=person_times]", "over 120 person-times")
    page.click("button[type=submit].primary")
    expect(error).to_be_hidden()
