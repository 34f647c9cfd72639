"""The language page's 返回 on a phone: a 44 px target apart from the button, not a 24 px line touching it."""

from __future__ import annotations

import pytest

from tests.conftest import screenshot

pytestmark = pytest.mark.browser


def test_back_is_a_44px_target_apart_from_the_button(phone, live_server):
    phone.goto(f"{live_server}/lang/en?next=/login")
    screenshot(phone, "lang-page-back-phone")
    button = phone.locator('main form[action="/lang/en"] button').bounding_box()
    back = phone.get_by_role("link", name="返回").bounding_box()
    assert button is not None and back is not None
    assert back["height"] >= 44 and back["width"] >= 44, back
    gap = back["x"] - (button["x"] + button["width"]) if back["y"] < button["y"] + button["height"] else 99
    assert gap >= 8, (button, back)
