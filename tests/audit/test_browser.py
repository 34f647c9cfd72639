"""History in Chromium: versions side by side on a phone and a desktop; a coordinator restores a report."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.audit.conftest import edited_verified_retracted
from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width_fixture", ["phone", "desktop"])
def test_history_and_restore(request, width_fixture, live_server, database, seeded, session, people):
    page = request.getfixturevalue(width_fixture)
    report_id = edited_verified_retracted(database, session, people)
    browser_login(page, live_server, "coord")
    page.goto(f"{live_server}/audit/retracted")
    with page.expect_navigation():
        page.click(f"a[href='/history/reports/{report_id}']")
    # Headed 修改记录：停电 #N: it was "停电 #N 的修改记录", and "安彩嘉园二期 的修改记录" (a space inside Chinese)
    # for a name in Chinese, "History of Power outage #N" in English.
    expect(page.locator("h1")).to_have_text(f"修改记录：停电 #{report_id}")
    # created, restoration recorded by its ≈21:00 update (seed), edited, verified, retracted
    expect(page.locator("table.versions th.version")).to_have_count(5)
    # 第1版, as the line above it says 共5个版本 and a brief 第1版 (it was 第 1 版).
    expect(page.locator("table.versions th.version .v").first).to_have_text("第1版")
    assert page.locator("td.changed").count() >= 4
    # What a value was is struck, not the word 原为 before it (struck with a — after it, it read 原为一).
    was = page.locator("td.changed .was").first
    assert was.evaluate("e => getComputedStyle(e).textDecorationLine") == "none"
    assert was.inner_text().startswith("原为")
    assert was.locator("del").evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
    screenshot(page, f"audit-history-{width_fixture}")
    # The page never scrolls sideways; only the versions table does, inside its frame.
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    # The click posts and follows the redirect: wait for the new page, not the one being left.
    with page.expect_navigation():
        page.click("text=恢复此报告")
    expect(page.locator("text=报告已恢复")).to_be_visible()
    expect(page.locator("table.versions th.version")).to_have_count(6)
    screenshot(page, f"audit-restored-{width_fixture}")
