"""A newcomer's pass over the accounts pages: on a phone the users list's usernames were 19-24 px tall links and
修改 a 32 px wide one; on a desktop the account page's API tokens card ran full width under the 420 px cards above
it, out of their column."""

from __future__ import annotations

import pytest

from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser


def _box(page, selector: str) -> dict[str, float]:  # noqa: ANN001
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


def test_users_list_targets_on_a_phone_and_the_account_column_on_a_desktop(phone, desktop, live_server,
                                                                           make_user):
    make_user("admin1", "admin")
    make_user("li", "reporter")
    browser_login(phone, live_server, "admin1")
    phone.goto(f"{live_server}/admin/users")
    screenshot(phone, "phone-users-targets")
    boxes = phone.eval_on_selector_all(
        "li.account .who-line a, li.account .links a",
        "els => els.map(e => { const r = e.getBoundingClientRect(); "
        "return [e.innerText.trim(), Math.round(r.width), Math.round(r.height)]; })")
    assert len(boxes) >= 4, boxes
    assert [b for b in boxes if b[1] < 44 or b[2] < 44] == []

    browser_login(desktop, live_server, "admin1")
    desktop.goto(f"{live_server}/account")
    desktop.fill("#tokens input[name=name]", "笔记本脚本")
    with desktop.expect_navigation():
        desktop.click("#tokens form[action^='/account/tokens'] button[type=submit]")
    screenshot(desktop, "desktop-account-column")
    first, tokens = _box(desktop, "section.card.narrow"), _box(desktop, "#tokens")
    assert (round(tokens["x"]), round(tokens["width"])) == (round(first["x"]), round(first["width"]))
    revoke = _box(desktop, "form[action$='/revoke'] button")
    assert revoke["x"] + revoke["width"] <= tokens["x"] + tokens["width"], revoke  # within its card, no scrolling
