"""In Chromium at 360 px: a refused report opened again on its own form is not counted as refused in the outbox bar
above it. The bar said 1 份被退回 (one sent back) over the very form being corrected, and a field worker took it for a
second report refused (7 December); a report refused other than the one on screen is still counted."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.offline.test_outbox_refused_reopened_browser import opened_again, refused_when_sent

pytestmark = pytest.mark.browser


def test_the_bar_does_not_count_the_report_on_its_own_form(phone, live_server, seeded, event, make_user, database):
    page = phone
    refused = refused_when_sent(page, live_server, event, make_user, database)
    expect(page.locator("#outbox-bar .outbox-refused")).to_have_count(1)  # elsewhere it is counted
    opened_again(page, refused)
    expect(page.locator("[data-client-error][role=alert]")).to_be_visible()
    expect(page.locator("#outbox-bar .outbox-refused")).to_have_count(0)
