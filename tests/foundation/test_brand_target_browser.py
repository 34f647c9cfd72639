"""The header's name, the way home from every page, is a thumb's target on a phone, as the menu's items are.

Found at 360 px: the menu's links were 44 px high, but 防汛救灾信息平台 / Incident Log, above them, was a 26 px strip.
"""

from __future__ import annotations

import pytest

from tests.conftest import browser_language, browser_login

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_brand_is_a_44px_target_leading_home(phone, live_server, seeded, make_user, lang):
    make_user("viewer1", "viewer")
    browser_login(phone, live_server, "viewer1")
    browser_language(phone, live_server, lang, "/areas")
    brand = phone.locator("header a.brand")
    box = brand.bounding_box()
    assert box is not None and box["height"] >= 44 and box["width"] >= 44, box
    # The header still fits the screen's width.
    assert phone.evaluate("document.documentElement.scrollWidth") <= phone.viewport_size["width"]
    with phone.expect_navigation():
        phone.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] - 4)
    assert phone.url.rstrip("/") == live_server
