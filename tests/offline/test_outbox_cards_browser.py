"""In Chromium at 360 px, offline: each waiting report's card in the outbox shows the figures typed, so two
reports of one kind for one place (two loads of debris) can be told apart, and neither is deleted as a double.
Before, a figures-only report's card said its kind, place and times, and two such cards read the same.
The outbox's buttons show when they have something to do: on an empty outbox 立即发送 and 清除已发送的 did nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import screenshot
from tests.offline.support import li_ready, place_and_time, save

pytestmark = pytest.mark.browser


def _debris(page, url: str, tonnes: str, more: bool = False) -> None:
    page.goto(url)
    place_and_time(page, field="period_start")
    page.fill("input[name=mass_t]", tonnes)
    if more:
        page.check("input[name=mass_t-more]")
    page.fill("input[name=truckloads]", "3")
    save(page)


def test_waiting_cards_show_the_figures_typed(phone, live_server, seeded, event, make_user, database):
    page, context = phone, phone.context
    url = li_ready(page, live_server, event, make_user, database, kind="debris")
    send, clear = page.locator("#outbox-send"), page.locator("#outbox-clear")
    expect(page.locator("#outbox-list li.empty")).to_have_text("没有待发送的报告。")
    expect(send).to_be_hidden()
    expect(clear).to_be_hidden()

    context.set_offline(True)
    _debris(page, url, "12")
    _debris(page, url, "8", more=True)
    cards = page.locator("#outbox-list li[data-status=waiting] .outbox-detail")
    expect(cards).to_have_count(2)
    screenshot(page, "offline-outbox-figures")
    assert cards.all_inner_texts() == ["清运量（吨） 8+ · 车次 3", "清运量（吨） 12 · 车次 3"]
    expect(send).to_be_hidden()  # no network: it could not send them
    context.set_offline(False)
    expect(page.locator("#outbox-list li[data-status=sent]")).to_have_count(2, timeout=20000)
    expect(send).to_be_hidden()
    clear.click()
    expect(page.locator("#outbox-list li.empty")).to_be_visible()
    expect(clear).to_be_hidden()
