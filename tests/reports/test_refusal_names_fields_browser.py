"""The phone's own check of a report (report-outbox.js, offline too) names the fields to fix at the top as the
server's refused page does: the same labels, each a link to its field, in the same order."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import browser_login

pytestmark = pytest.mark.browser

LINKS = "[role=alert] p.to-check a"


def test_the_phones_alert_lists_the_servers_fields_with_links(phone, live_server, seeded, event, make_user):
    make_user("li", "reporter", scope="文峰区/北大街街道")
    browser_login(phone, live_server, "li")
    url = f"{live_server}/events/{event.id}/reports/new/outage"
    phone.goto(url)
    phone.fill("input[name=started_at-day]", "")
    phone.fill("input[name=started_at-time]", "")
    # The server's refusal of the same empty form (sent past the phone's check, as an old page would).
    with phone.expect_navigation():
        phone.evaluate("document.querySelector('form.report-form').submit()")
    server = [(a.get_attribute("href"), a.inner_text()) for a in phone.locator(LINKS).all()]
    assert len(server) >= 2, server

    phone.goto(url)
    phone.fill("input[name=started_at-day]", "")
    phone.fill("input[name=started_at-time]", "")
    phone.context.set_offline(True)
    phone.click("form.report-form button[type=submit]")
    expect(phone.locator("[data-client-error][role=alert]")).to_be_visible()
    links = phone.locator("[data-client-error] p.to-check a")
    assert [(a.get_attribute("href"), a.inner_text()) for a in links.all()] == server
    assert phone.locator("[data-client-error] p.to-check").inner_text().startswith("待检查：")
    # The last one leads to its field, out of sight below the alert on a 360 px screen.
    last = server[-1][0]
    links.last.click()
    expect(phone.locator(last)).to_be_in_viewport()
    phone.context.set_offline(False)
