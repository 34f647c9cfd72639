"""The account page's 本设备 mark stays one piece on a phone: at 360 px it broke as 本 / 设备 after a name."""

from __future__ import annotations

import pytest

from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser

LINES = """e => { const r = document.createRange(); r.selectNodeContents(e);
                  return new Set([...r.getClientRects()].filter(b => b.width).map(b => Math.round(b.top))).size; }"""


def test_this_device_is_one_piece_on_a_phone(phone, live_server, make_user):
    make_user("li", "reporter")
    browser_login(phone, live_server, "li")
    phone.goto(f"{live_server}/account")
    here = phone.locator("ul.sign-ins .here")
    here.scroll_into_view_if_needed()
    screenshot(phone, "account-this-device-phone")
    assert here.inner_text() == "本设备"
    assert here.evaluate(LINES) == 1
