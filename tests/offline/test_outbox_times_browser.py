"""In Chromium at 360 px, offline: a waiting report's card gives its times as every page gives them
(formatting.fmt_time): 2021年7月27日 16:30 and 12月3日 21:43, 27 Jul 2021 16:30 in English, not the form's
2021-07-27 16:30. Found replaying a disaster: the outbox said 2026-12-03 21:43 where every page said 12月3日 21:43."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from incidents.formatting import fmt_day
from tests.conftest import browser_language, screenshot
from tests.offline.support import li_ready, place_and_time, save

pytestmark = pytest.mark.browser


def test_waiting_cards_show_times_as_the_pages_do(phone, live_server, seeded, event, make_user, database):
    page, context = phone, phone.context
    url = li_ready(page, live_server, event, make_user, database, kind="debris")

    context.set_offline(True)
    page.goto(url)
    place_and_time(page, field="period_start")
    page.fill("input[name=mass_t]", "12")
    save(page)
    times = page.locator("#outbox-list li[data-status=waiting] .outbox-times dd")
    expect(times).to_have_count(2)
    observed, saved = times.all_inner_texts()
    # The page's own rule, in the event's zone: this year's day without its year (fmt_day).
    today = fmt_day(datetime.now(UTC), ZoneInfo(event.timezone), "zh")
    screenshot(page, "offline-outbox-times")
    assert observed == "2021年7月27日 16:30", observed
    assert re.fullmatch(re.escape(today) + r" \d\d:\d\d", saved), saved
    context.set_offline(False)

    # Back online the card is sent: in English, its times (observed, saved, received) as the English pages say them.
    browser_language(page, live_server, "en", "/outbox")
    page.goto(f"{live_server}/outbox")
    times = page.locator("#outbox-list li[data-status=sent] .outbox-times dd")
    expect(times).to_have_count(3, timeout=20000)
    observed, *instants = times.all_inner_texts()
    today = fmt_day(datetime.now(UTC), ZoneInfo(event.timezone), "en")
    screenshot(page, "offline-outbox-times-en")
    assert observed == "27 Jul 2021 16:30", observed
    for instant in instants:
        assert re.fullmatch(re.escape(today) + r" \d\d:\d\d", instant), instant
