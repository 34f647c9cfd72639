"""In Chromium: a token made on the account page on a phone works once copied; the API page reads on a phone."""

from __future__ import annotations

import pytest

from tests.api.conftest import TokenClient
from tests.conftest import accepted, browser_login, browser_login_form, screenshot

pytestmark = pytest.mark.browser


def test_token_created_on_a_phone_then_revoked(phone, live_server, app, make_user):
    make_user("field", "reporter")
    page = phone
    browser_login_form(page, live_server, "field")
    page.click("a.who")
    page.fill("#name", "手机上报")
    with page.expect_navigation():
        page.click("text=创建令牌")
    secret = page.locator("#new-token").inner_text()
    assert secret.startswith("il_") and "只显示这一次" in page.content()
    screenshot(page, "api-token-created-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    api = TokenClient(app, secret, 0)
    assert api.get("/api/v1/areas").status_code == 200
    with page.expect_navigation():
        page.reload()  # the browser sends the form again: no second token, and no secret shown again
    assert secret not in page.content() and secret[:11] in page.content()
    assert page.locator("table.tokens tbody tr").count() == 1
    accepted(page, lambda: page.click("#tokens button:has-text('吊销')"))  # revoking asks first
    assert "令牌 手机上报 已吊销" in page.content()
    assert api.get("/api/v1/areas").status_code == 401


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_api_page_reads_at_both_widths(request, device, live_server, make_user):
    page = request.getfixturevalue(device)
    make_user("reader", "viewer")
    browser_login(page, live_server, "reader")
    page.goto(f"{live_server}/api/docs")
    assert page.locator("article.api-op").count() >= 18
    assert "新建报告" in page.content() and page.locator("#problem-422").count() == 1
    # Its sentences meet as Chinese ones do: "…（OpenAPI 3.1.0）。 在“我的账号”页面创建令牌。" had a space after the 。.
    assert "。在“我的账号”页面创建令牌。" in page.locator("main p").nth(1).inner_text()
    screenshot(page, f"api-docs-{device}")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    # A field's name and a column's heading read whole: at 1280 px "location_state" was location_st|ate
    # and "Required" Requi|red, the meanings beside them wrapping short.
    assert page.evaluate(BROKEN_WORDS, ".api-fields th, .api-fields td:first-child code") == []
    # On a phone the columns' headings are hidden: the mark a required field carries says so by itself
    # (it was a bare 是 after the type).
    marks = set(page.locator(".api-fields td.required").all_inner_texts())
    assert marks == {"", "必填"}, marks


# The words of the cells matched by a selector that run over two lines.
BROKEN_WORDS = """(selector) => {
  const broken = [];
  for (const cell of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.data.matchAll(/[\\w-]+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        if (new Set([...range.getClientRects()].map(r => Math.round(r.top))).size > 1) broken.push(word[0]);
      }
    }
  }
  return broken;
}"""
