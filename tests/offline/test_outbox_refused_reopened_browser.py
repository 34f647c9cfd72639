"""In Chromium at 360 px: a report saved offline and refused by the server when the phone sent it later, opened
again from the outbox, shows the server's message under its field and names that field at the top with a link,
as the server's own refused page does — the worker fixes it without hunting through the form."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.offline.support import fill, li_ready, save, titles

pytestmark = pytest.mark.browser


def refused_when_sent(page, live_server, event, make_user, database):  # noqa: ANN001, ANN201
    """A reporter's activity saved offline with the phone's clock ahead, refused once sent: its outbox line."""
    url = li_ready(page, live_server, event, make_user, database)
    page.context.set_offline(True)
    page.goto(url)
    fill(page, "东门积水巡查（钟快了）", day="2030-01-01")  # the phone's clock ran ahead: refused when sent
    save(page)
    page.context.set_offline(False)
    refused = page.locator("#outbox-list li[data-status=refused]")
    expect(refused).to_have_count(1, timeout=20000)
    return refused


def opened_again(page, refused) -> None:  # noqa: ANN001
    """The refused report opened again on its form from its outbox line, its values filled in."""
    expect(refused.locator("a.button")).to_be_visible()
    with page.expect_navigation():
        refused.locator("a.button").click()
    expect(page.locator("form.report-form")).to_have_attribute("data-outbox-opened", "filled")


def test_a_report_refused_later_opens_with_its_field_named_and_marked(phone, live_server, seeded, event,
                                                                      make_user, database):
    page = phone
    before = titles(database)
    opened_again(page, refused_when_sent(page, live_server, event, make_user, database))

    alert = page.locator("[data-client-error][role=alert]")
    expect(alert).to_be_visible()
    links = alert.locator("p.to-check a")
    expect(links).to_have_count(1)
    assert alert.locator("p.to-check").inner_text().startswith("待检查：")
    assert "时间" in links.first.inner_text()
    marked = page.locator(".has-error p.error[data-client-error]")
    expect(marked).to_have_count(1)
    assert marked.first.get_attribute("data-field", timeout=1000).startswith("observed_at")
    links.first.click()
    expect(page.locator(links.first.get_attribute("href"))).to_be_in_viewport()

    page.fill("input[name=observed_at-day]", "2021-07-27")
    save(page)
    assert "报告已保存" in page.content()
    assert titles(database) == sorted(before + ["东门积水巡查（钟快了）"])
