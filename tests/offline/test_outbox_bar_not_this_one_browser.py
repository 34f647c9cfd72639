"""In Chromium at 360 px: a refused report opened again on its own form is not counted as refused in the outbox bar
above it. The bar said 1 份被退回 (one sent back) over the very form being corrected, and a field worker took it for a
second report refused (7 December); a report refused other than the one on screen is still counted."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import browser_login
from tests.offline.test_outbox_flaky_browser import _fill, _ready, _save

pytestmark = pytest.mark.browser


def test_the_bar_does_not_count_the_report_on_its_own_form(phone, live_server, seeded, event, make_user, database):
    page, context = phone, phone.context
    make_user("li", "reporter", scope="文峰区/北大街街道")
    browser_login(page, live_server, "li")
    url = _ready(page, live_server, event, database)
    context.set_offline(True)
    page.goto(url)
    _fill(page, "东门积水巡查（钟快了）", day="2030-01-01")  # the phone's clock ran ahead: refused when sent
    _save(page)
    context.set_offline(False)
    refused = page.locator("#outbox-list li[data-status=refused]")
    expect(refused).to_have_count(1, timeout=20000)
    expect(page.locator("#outbox-bar .outbox-refused")).to_have_count(1)  # elsewhere it is counted
    with page.expect_navigation():
        refused.locator("a.button").click()
    expect(page.locator("form.report-form")).to_have_attribute("data-outbox-opened", "filled")
    expect(page.locator("[data-client-error][role=alert]")).to_be_visible()
    expect(page.locator("#outbox-bar .outbox-refused")).to_have_count(0)
