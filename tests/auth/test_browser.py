"""Accounts in Chromium: an administrator creates a user on a phone; the user changes the password."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, accepted, browser_login, browser_login_form, declined_question, screenshot

pytestmark = pytest.mark.browser
NEW = "river-bank-secret-2021"


def test_admin_creates_a_user_who_logs_in_and_changes_the_password(phone, browser, live_server, seeded,
                                                                   make_user):
    make_user("root", "admin")
    page = phone
    browser_login_form(page, live_server, "root")
    page.click("text=用户")
    page.click("text=新建账号")
    page.fill("#username", "zhangwei")
    page.fill("#display_name", "北大街街道 张伟")
    page.select_option("#role", "reporter")
    page.select_option("#scope_area_id", label="文峰区 › 北大街街道")
    page.fill("#password", "short")
    page.click("main button[type=submit]")
    assert "至少 10 个字符" in page.locator("#password-error").inner_text()
    screenshot(page, "auth-new-user-error-phone")
    page.fill("#password", NEW)
    page.click("main button[type=submit]")
    page.wait_for_url("**/admin/users")
    assert "已创建账号 zhangwei" in page.content()
    screenshot(page, "auth-users-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]

    context = browser.new_context(viewport={"width": 360, "height": 780}, is_mobile=True, locale="zh-CN")
    other = context.new_page()
    try:
        browser_login_form(other, live_server, "zhangwei", NEW)
        with other.expect_navigation():
            other.click("a.who")
        assert "北大街街道" in other.content() and "信息员" in other.content()
        other.fill("#current_password", NEW)
        other.fill("#new_password", "a-brand-new-secret")
        other.fill("#confirm", "a-brand-new-secret")
        with other.expect_navigation():  # without it, content() can run mid-navigation and read ''
            other.click("main button[type=submit]")
        assert "密码已修改" in other.content()
        screenshot(other, "auth-account-phone")
    finally:
        context.close()


def test_throttled_login_says_so(desktop, live_server, make_user):
    make_user("alice", "reporter")
    page = desktop
    for _ in range(5):
        browser_login_form(page, live_server, "alice", "wrong password")
        assert "登录失败" in page.content()
    browser_login_form(page, live_server, "alice", PASSWORD)
    assert "登录失败次数过多" in page.content()
    screenshot(page, "auth-login-throttled-desktop")


def test_revoking_a_token_on_a_phone_is_in_reach_and_asks_first(phone, live_server, make_user, database):
    # The revoke button sat past the right edge of a sideways-scrolling table at 360 px, and one tap
    # revoked the token at once: a program using it stopped with no way back.
    import sqlalchemy as sa

    from incidents.models import ApiToken

    make_user("alice", "coordinator")
    page = phone
    browser_login(page, live_server, "alice")
    page.goto(f"{live_server}/account")
    page.fill("#tokens input[name=name]", "笔记本脚本")
    with page.expect_navigation():
        page.click("#tokens form[action^='/account/tokens'] button[type=submit]")
    button = page.locator("form[action$='/revoke'] button")
    box = button.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 360 and box["height"] >= 40, box
    screenshot(page, "auth-tokens-phone")
    assert "笔记本脚本" in declined_question(page, button.tap)
    with database.read_session() as s:
        assert s.scalar(sa.select(ApiToken.revoked_at)) is None
    accepted(page, button.tap)
    screenshot(page, "auth-token-revoked-phone")
    with database.read_session() as s:
        assert s.scalar(sa.select(ApiToken.revoked_at)) is not None
