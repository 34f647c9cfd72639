"""The header's language switch in Chromium: a button (a form), logged out and in, with and without JavaScript."""

from __future__ import annotations

import pytest

from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser


def _press(page, label: str) -> None:  # noqa: ANN001
    button = page.locator(".topnav form.lang-switch button")
    assert button.inner_text() == label
    box = button.bounding_box()
    assert box and box["height"] >= 44, box  # a thumb's target on a phone
    with page.expect_navigation():
        button.click()


def _switch_both_ways(page, base: str, name: str) -> None:  # noqa: ANN001
    page.goto(f"{base}/login")
    assert page.get_attribute("html", "lang") == "zh-CN"
    _press(page, "English")
    assert page.get_attribute("html", "lang") == "en" and page.url.endswith("/login")
    assert page.locator("h1").inner_text() == "Log in"
    screenshot(page, f"lang-login-en-{name}")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    browser_login(page, base, "viewer1")
    page.goto(f"{base}/account")
    assert page.get_attribute("html", "lang") == "en"
    _press(page, "中文")
    assert page.get_attribute("html", "lang") == "zh-CN" and page.url.endswith("/account")
    assert page.locator("a.who").count() == 1  # still logged in
    screenshot(page, f"lang-account-zh-{name}")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_the_switch_on_a_phone_and_a_desktop(phone, desktop, live_server, make_user):
    make_user("viewer1", "viewer")
    _switch_both_ways(phone, live_server, "phone")
    _switch_both_ways(desktop, live_server, "desktop")


def test_the_switch_without_javascript(browser, live_server, make_user):
    make_user("viewer1", "viewer")
    context = browser.new_context(
        viewport={"width": 360, "height": 780}, is_mobile=True, locale="zh-CN", java_script_enabled=False
    )
    try:
        _switch_both_ways(context.new_page(), live_server, "phone-nojs")
    finally:
        context.close()


def test_an_old_link_changes_nothing_until_its_button_is_pressed(phone, live_server):
    phone.goto(f"{live_server}/lang/en?next=/login")
    assert phone.get_attribute("html", "lang") == "zh-CN"  # only asked
    screenshot(phone, "lang-confirm-phone")
    with phone.expect_navigation():
        phone.click('main form[action="/lang/en"] button')
    assert phone.get_attribute("html", "lang") == "en" and phone.url.endswith("/login")
