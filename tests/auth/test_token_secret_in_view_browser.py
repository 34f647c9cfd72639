"""Creating an API token on a phone shows its secret where the eye is: the page came back at its top (the password
form), the one-time secret below the signed-in devices, out of sight, as if nothing had happened."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser


def test_the_new_token_is_in_view_after_creating_it(phone, live_server, seeded, make_user):
    page = phone
    make_user("coord1", "coordinator")
    browser_login(page, live_server, "coord1")
    page.goto(f"{live_server}/account")
    page.fill("form[action^='/account/tokens'] input[name=name]", "区防指大屏")
    with page.expect_navigation():
        page.click("form[action^='/account/tokens'] button[type=submit]")
    secret = page.locator("#new-token")
    expect(secret).to_be_visible()
    expect(secret).to_be_in_viewport()
    screenshot(page, "token-created-in-view")
