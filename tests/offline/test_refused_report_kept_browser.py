"""In Chromium at 360 px: a report the server refused, shown on the server's own page by a plain post of the form,
stays in the outbox until that page has it — a network that drops just then loses nothing (7 December: the entry
was removed before the post, and a post that never arrived lost the report)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.offline.support import fill, li_ready, titles

pytestmark = pytest.mark.browser


def test_a_refused_report_whose_page_never_arrives_stays_in_the_outbox(phone, live_server, seeded, event,
                                                                        make_user, database):
    page = phone
    url = li_ready(page, live_server, event, make_user, database)
    before = titles(database)
    dropped: list[str] = []

    def drop_the_plain_post(route) -> None:  # noqa: ANN001
        if route.request.method == "POST" and not route.request.headers.get("x-outbox"):
            dropped.append(route.request.url)
            route.abort("internetdisconnected")  # the signal gone just as the server's page was asked for
        else:
            route.continue_()

    page.goto(url)
    page.route("**/reports/new/**", drop_the_plain_post)
    fill(page, "东门积水巡查（未来）", day="2099-07-27")  # the server refuses a time in the future
    page.click("button[type=submit].primary")
    page.wait_for_timeout(3000)
    assert dropped, "the refused report was not posted as a plain form"
    page.unroute("**/reports/new/**")
    page.goto(f"{live_server}/outbox")
    refused = page.locator("#outbox-list li[data-status=refused]")
    expect(refused).to_have_count(1, timeout=10000)
    expect(refused).to_contain_text("东门积水巡查（未来）")
    assert titles(database) == before
