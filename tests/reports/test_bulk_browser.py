"""The bulk bar on a 360 px phone in Chromium: select all, verify, read which were done."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from incidents.models import Event, Report
from tests.conftest import browser_language, browser_login, screenshot

pytestmark = pytest.mark.browser


def _rainstorm(database) -> int:  # noqa: ANN001
    """The seeded rainstorm's id."""
    with database.read_session() as s:
        return s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))


def _list(page, live_server: str, make_user, database, user: str, query: str = "") -> None:  # noqa: ANN001
    """`user`, a coordinator, signed in on the seeded rainstorm's report list (`query` its filter)."""
    make_user(user, "coordinator")
    event_id = _rainstorm(database)
    browser_login(page, live_server, user)
    page.goto(f"{live_server}/events/{event_id}/reports{query}")


def test_coordinator_verifies_a_page_of_reports_on_a_phone(phone, live_server, seeded, make_user, database):
    page = phone
    _list(page, live_server, make_user, database, "coord1", "?kind=disinfection")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
    page.check("#bulk-all")
    assert page.locator("input.pick:checked").count() == page.locator("input.pick").count() > 0
    assert "已选" in page.locator(".bulk-count").inner_text()
    screenshot(page, "bulk-bar-phone")
    with page.expect_navigation():
        page.click("button[name=action][value=verify]")
    screenshot(page, "bulk-done-phone")
    assert page.locator(".bulk-results li.done").count() == 5
    with database.read_session() as s:
        statuses = set(s.scalars(sa.select(Report.status).where(Report.kind == "disinfection")))
    assert {st.value for st in statuses} == {"verified"}


def test_a_row_verified_on_its_own_is_shown_below_the_sticky_bulk_bar(phone, live_server, seeded, make_user, database):
    page = phone
    _list(page, live_server, make_user, database, "coord2")
    row = page.locator("li.report:has(form.inline button)").nth(4)
    row_id = row.get_attribute("id")
    # The row's own button redirects to the list at #report-N: the page scrolls to that row.
    with page.expect_navigation():
        row.locator("form.inline button").click()
    page.wait_for_load_state("load")
    bar = page.locator(".bulk-bar").bounding_box()
    box = page.locator(f"#{row_id}").bounding_box()
    screenshot(page, "bulk-bar-row-verified-phone")
    assert bar is not None and box is not None
    # The row it scrolled to starts below the bar, not hidden under it.
    assert box["y"] >= bar["y"] + bar["height"] - 1, (box, bar)
    assert page.locator(f"#{row_id} .status-badge").inner_text() == "已核实"


def test_send_back_without_a_reason_stays_on_the_list_with_the_selection(phone, live_server, seeded, make_user,
                                                                         database):
    page = phone
    _list(page, live_server, make_user, database, "coord3", "?kind=disinfection")
    page.check("#bulk-all")
    chosen = page.locator("input.pick:checked").count()
    # The browser's own check refuses the send (the box's invalid event), waited for rather than a fixed 0.3 s.
    page.evaluate("document.getElementById('bulk-reason').addEventListener('invalid', () => { window.refused = 1 })")
    page.click("button[name=action][value=return]")
    page.wait_for_function("() => window.refused === 1", timeout=10_000)
    # Refused in place: the reason box asks to be filled and the chosen reports stay chosen.
    assert "/reports/bulk" not in page.url
    assert page.evaluate("document.getElementById('bulk-reason').matches(':invalid')")
    assert page.locator("input.pick:checked").count() == chosen > 0
    # Verify needs no reason: the same bar still verifies.
    with page.expect_navigation():
        page.click("button[name=action][value=verify]")
    assert page.locator(".bulk-results li.done").count() == chosen
    with database.read_session() as s:
        statuses = set(s.scalars(sa.select(Report.status).where(Report.kind == "disinfection")))
    assert {st.value for st in statuses} == {"verified"}


def test_a_bulk_action_with_nothing_ticked_is_refused_on_the_list(phone, live_server, seeded, make_user, database):
    page = phone
    _list(page, live_server, make_user, database, "coord4", "?kind=disinfection")
    page.click("button[name=action][value=verify]")
    expect(page.locator(".bulk-count")).to_contain_text("请至少勾选一份报告")  # the list's script said so
    assert "/reports/bulk" not in page.url
    screenshot(page, "bulk-nothing-ticked-phone")
    page.locator("input.pick").first.check()
    assert "已选" in page.locator(".bulk-count").inner_text()


def test_on_a_phone_the_bulk_bar_sticks_only_once_a_report_is_ticked(phone, live_server, seeded, make_user, database):
    """The bar (全选本页, three actions, a reason box) is 200 px of a 740 px phone: stuck at the top while
    nothing was ticked, it hid a quarter of every screen of a list the coordinator was only reading."""
    page = phone
    _list(page, live_server, make_user, database, "coord5")
    # A row's 退回, beside its 核实, was a 32 px wide target: a thumb's 44 px as the buttons are.
    assert page.locator(".send-back summary").first.bounding_box()["width"] >= 44
    last = page.locator("li.report").last
    last.scroll_into_view_if_needed()
    bar = page.locator(".bulk-bar")
    assert bar.bounding_box()["y"] + bar.bounding_box()["height"] <= 0  # scrolled away with the page
    last.locator("label.pick-hit").tap()
    box = bar.bounding_box()
    assert abs(box["y"]) <= 1, box  # ticked: the actions stay at hand at the top


# The width the input's placeholder takes in the input's own font, and the input's room for it.
PLACEHOLDER_FITS = """i => { const s = getComputedStyle(i), c = document.createElement('canvas').getContext('2d');
    c.font = s.font; const text = c.measureText(i.placeholder).width;
    const room = i.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
    return [text, room]; }"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_send_back_reason_is_read_whole_on_a_phone(phone, live_server, seeded, make_user, database, lang):
    """In English the bar's reason box, beside "Send back selected", was 90 px wide: it read "Reason for s"."""
    make_user("coord3", "coordinator")
    event_id = _rainstorm(database)
    browser_login(phone, live_server, "coord3")
    browser_language(phone, live_server, lang, f"/events/{event_id}/reports")
    screenshot(phone, f"bulk-reason-phone-{lang}")
    text, room = phone.locator("#bulk-reason").evaluate(PLACEHOLDER_FITS)
    assert text <= room, (text, room)
    if lang == "zh":  # 退回原因 is short: the box stays beside its button, the sticky bar no taller
        box, button = phone.locator("#bulk-reason").bounding_box(), phone.locator(".bulk-return button").bounding_box()
        assert abs(box["y"] - button["y"]) < 2
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
