"""At 360 px each subdistrict's heading on the timeline reads its name, then its counts on a line of their own, whole:
left to wrap, a long name stood alone above "1 open of 2 · still out: 120 households", a shorter one took "1 open of"
with it (Guanghualu Subdistrict 1 open of / 1), and 仍停电： was parted from its 120户 (7 December)."""

import pytest

from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser


def test_a_group_s_counts_are_one_line_under_its_name(phone, live_server, build, make_user):
    build.outage("site-a", households_affected=120)
    build.outage("site-c", households_affected=80)
    make_user("viewer1", "viewer")
    browser_login(phone, live_server, "viewer1")
    phone.goto(f"{live_server}/events/{build.event_id}/timeline")
    screenshot(phone, "timeline-group-counts-phone")
    headings = phone.locator("details.tl-group > summary h3")
    assert headings.count() == 2
    for i in range(2):
        h3 = headings.nth(i)
        count = h3.locator(".count")
        assert "仍停电：" in count.inner_text()
        # Below the name (the heading's first line), and one line: the counts' box no taller than a line of them.
        name_top = h3.evaluate("h => h.getClientRects()[0].top")
        box = count.bounding_box()
        line = count.evaluate("c => parseFloat(getComputedStyle(c).lineHeight)"
                              " || 1.5 * parseFloat(getComputedStyle(c).fontSize)")
        assert box["y"] > name_top + 10, (name_top, box)
        assert box["height"] < 1.5 * line, (box, line)
