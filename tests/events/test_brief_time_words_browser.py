"""The event form names the brief's time as the briefs' pages do, 编制: it said 日报生成时间 (generated) where the
briefs' list says 应编制时间 and its button 编制, the brief's page 重新编制."""

import pytest
from playwright.sync_api import expect

from tests.conftest import browser_login, event_id_of

pytestmark = pytest.mark.browser


def test_the_brief_time_is_named_as_the_briefs_pages_name_it(phone, live_server, seeded, make_user, database):
    event_id = event_id_of(database, "wenfeng-2021-07-rainstorm")
    make_user("co", "coordinator")
    browser_login(phone, live_server, "co")
    phone.goto(f"{live_server}/events/{event_id}/edit")
    expect(phone.get_by_label("日报编制时间（当地时间）")).to_have_value("08:00")
    phone.goto(f"{live_server}/events/{event_id}/briefs")
    expect(phone.locator("main form button[type=submit]")).to_have_text("编制")
