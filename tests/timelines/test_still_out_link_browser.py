"""At 360 px the still-out list (仍在停电) sits far below the charts: the 未恢复停电数 card links to it, a thumb
tall, and a tap brings the list to the top of the screen."""

import pytest

from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser


def test_the_open_outages_card_jumps_to_the_still_out_list(phone, live_server, rainstorm, make_user):
    page = phone
    make_user("viewer1", "viewer")
    browser_login(page, live_server, "viewer1")
    page.goto(f"{live_server}/events/{rainstorm.id}/timeline")
    card = page.locator(".tl-figures > div", has_text="未恢复停电数")
    link = card.locator("a[href='#outstanding']")
    assert link.count() == 1
    box = link.bounding_box()
    assert box["height"] >= 44 and box["y"] + box["height"] <= page.viewport_size["height"]
    link.tap()
    # Until the list's top is at the screen's (a timeout fails the test), not a fixed half second.
    page.wait_for_function("() => Math.abs(document.getElementById('outstanding').getBoundingClientRect().top) < 100",
                           timeout=10_000)
    top = page.locator("#outstanding").bounding_box()["y"]
    assert -2 <= top < 100, top  # scrolled to it (to the sub-pixel)
    assert page.locator("#outstanding h2").inner_text().startswith("仍在停电")
    screenshot(page, "timeline-still-out-jump-phone")
