"""On a phone the brief list's 尚未编制 badge stays on one line: squeezed beside the promise that the scheduler will
compile it, it broke as 尚未编 / 制 in a box two lines tall."""

from __future__ import annotations

import pytest

from incidents.db import now_utc
from incidents.ops import services as ops
from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser


def test_the_not_compiled_badge_is_one_line_on_a_phone(phone, live_server, live, database, make_user):
    with database.transaction() as s:
        ops.beat(s, now_utc())  # the scheduler is running: the list promises a compile beside the badge
    make_user("v", "viewer")
    browser_login(phone, live_server, "v")
    phone.goto(f"{live_server}/events/{live.id}/briefs")
    badge = phone.locator("table.brief-list .badge").first
    line = float(badge.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || e.getBoundingClientRect().height"))
    box = badge.bounding_box()
    assert box is not None and box["height"] < 1.6 * line, (badge.inner_text(), box, line)
    screenshot(phone, "brief-list-pending-badge")
