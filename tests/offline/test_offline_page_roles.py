"""The offline page offers 新报告 · New report only to those who may report: a viewer or an administrator got a
link to a page that answers them 403, online; offline, the service worker drops it from its kept copy."""

from __future__ import annotations

import pytest

NEW_REPORT = 'href="/reports/new"'


@pytest.mark.parametrize(("role", "offered"), [("viewer", False), ("admin", False),
                                               ("reporter", True), ("coordinator", True)])
def test_the_new_report_link_only_for_those_who_may_report(client, auth, make_user, role, offered):
    make_user("u", role)
    auth.login("u")
    page = client.get("/offline").get_data(as_text=True)
    assert (NEW_REPORT in page) is offered
    assert ("The report forms still work" in page) is offered
    assert (client.get("/reports/new").status_code == 403) is not offered


def test_the_kept_copy_marks_what_the_worker_drops_for_those_who_may_not_report(client):
    # Cached at install without cookies: anonymous, and the worker strips the marked part for a viewer.
    page = client.get("/offline").get_data(as_text=True)
    start, end = page.index("<!-- reporting -->"), page.index("<!-- /reporting -->")
    assert start < page.index(NEW_REPORT) < end
    assert "<!-- reporting -->" in client.get("/sw.js").get_data(as_text=True)


@pytest.mark.browser
@pytest.mark.parametrize(("role", "offered"), [("viewer", False), ("reporter", True)])
def test_offline_the_kept_page_offers_a_new_report_only_to_a_reporter(phone, live_server, seeded, make_user,
                                                                      role, offered):
    from playwright.sync_api import expect

    from tests.conftest import browser_login, screenshot

    page = phone
    make_user("u", role, scope="文峰区/北大街街道")
    browser_login(page, live_server, "u")
    page.goto(f"{live_server}/outbox")
    page.wait_for_selector("html[data-offline-ready]", state="attached", timeout=20000)
    page.context.set_offline(True)
    page.goto(f"{live_server}/events")
    expect(page.locator("h1")).to_have_text("离线 / Offline")
    screenshot(page, f"offline-page-{role}")
    expect(page.get_by_role("link", name="新报告 · New report")).to_have_count(1 if offered else 0)
    expect(page.get_by_role("link", name="待发送 · Outbox")).to_be_visible()
    # Its links are the only way on without a network: a thumb's 44 px each (were 24 px lines of text).
    for link in page.locator("main a").all():
        box = link.bounding_box()
        assert box is not None and box["height"] >= 44 and box["width"] >= 44, (link.inner_text(), box)
