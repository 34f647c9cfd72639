"""A coordinator in a typhoon sorts the report list by the newest arrivals in Chromium, on a phone and a desktop:
the rows reorder, and the choice holds on the next page and through a filter."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Event, Report
from incidents.reports.models import LIVE
from tests.conftest import browser_language, browser_login, screenshot

pytestmark = pytest.mark.browser

# Every control of the order is a thumb's 44 px each way, and nothing reaches past the screen's edge.
CONTROLS = """() => [...document.querySelectorAll('.sort-form label, .sort-form select, .sort-form button')]
  .map(e => [e.tagName, e.getBoundingClientRect()])
  .map(([t, r]) => [t, Math.round(r.width), Math.round(r.height), Math.round(r.right)])"""


def shown(page) -> list[int]:  # noqa: ANN001
    return [int(i.split("-")[1]) for i in page.eval_on_selector_all("li.report", "els => els.map(e => e.id)")]


def assert_fits(page, width: int) -> None:  # noqa: ANN001
    """The order's controls within the screen, the select and its button a thumb's size."""
    for tag, w, h, right in page.evaluate(CONTROLS):
        assert right <= width, (tag, right)
        assert tag == "LABEL" or (w >= 44 and h >= 44), (tag, w, h)
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_a_coordinator_sorts_by_arrival_and_keeps_it_paging_and_filtering(request, device, app, live_server, seeded,
                                                                          make_user, database):
    app.config["PAGE_SIZE"] = 8
    page = request.getfixturevalue(device)
    width = {"phone": 360, "desktop": 1280}[device]
    make_user("coord1", "coordinator")
    with database.read_session() as s:
        event_id = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
        reports = list(s.scalars(sa.select(Report).where(Report.event_id == event_id, Report.status.in_(LIVE))))
    by_arrival = [r.id for r in sorted(reports, key=lambda r: (r.reported_at, r.id), reverse=True)]
    disinfections = [i for i in by_arrival if next(r for r in reports if r.id == i).kind == "disinfection"]
    browser_login(page, live_server, "coord1")
    page.goto(f"{live_server}/events/{event_id}/reports")
    before = shown(page)
    assert page.locator("#f-sort").is_visible()  # without opening 筛选
    assert page.locator("#f-sort option:checked").inner_text() == "发生时间（新→旧）"
    assert_fits(page, width)
    screenshot(page, f"report-list-sort-{device}")

    page.select_option("#f-sort", "reported_desc")
    with page.expect_navigation():
        page.click(".sort-form button[type=submit]")
    assert shown(page) == by_arrival[:8] != before
    assert page.locator("#f-sort option:checked").inner_text() == "获知时间（新→旧）"
    assert_fits(page, width)
    screenshot(page, f"report-list-sorted-by-arrival-{device}")

    with page.expect_navigation():
        page.click("nav.pager a:has-text('较早')")
    assert shown(page) == by_arrival[8:16]
    assert page.locator("#f-sort option:checked").inner_text() == "获知时间（新→旧）"

    page.click("details.filters summary")
    page.select_option("#f-kind", "disinfection")
    with page.expect_navigation():
        page.click(".filter-buttons button[type=submit]")
    assert "sort=reported_desc" in page.url and "kind=disinfection" in page.url
    assert shown(page) == disinfections and len(disinfections) > 1
    assert page.locator("#f-sort option:checked").inner_text() == "获知时间（新→旧）"
    screenshot(page, f"report-list-sorted-and-filtered-{device}")

    # In English the longer words fit as well, and the choice is kept across the switch.
    browser_language(page, live_server, "en", then=page.url.removeprefix(live_server))
    assert page.locator("#f-sort option:checked").inner_text() == "Known at, newest first"
    assert shown(page) == disinfections
    assert_fits(page, width)
    screenshot(page, f"report-list-sorted-en-{device}")
