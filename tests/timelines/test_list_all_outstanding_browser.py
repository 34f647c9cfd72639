"""A big event's timeline on a phone lists the 50 out longest; its 列出全部 N 处 (list all) is a thumb's target,
not a 21 px line of text under the table."""

from __future__ import annotations

import pytest

from benches.timeline_gen import generate
from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser


def test_list_all_outstanding_is_a_thumb_tall(phone, live_server, database, make_user):
    with database.transaction() as s:
        event_id = generate(s, 600, 2400)  # past the 300 outages a first view draws whole
    make_user("viewer1", "viewer")
    page = phone
    browser_login(page, live_server, "viewer1")
    page.goto(f"{live_server}/events/{event_id}/timeline?at=2024-07-22T08:00")
    link = page.locator(".tl-more-outstanding a")
    assert link.count() == 1 and link.inner_text().startswith("列出全部"), link.count()
    link.scroll_into_view_if_needed()
    box = link.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44, box
    screenshot(page, "timeline-list-all-outstanding-phone")
