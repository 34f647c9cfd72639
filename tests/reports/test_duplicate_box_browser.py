"""The same outage filed twice on a phone: the form asks whether the second is another one, and the box to tick
(是的，这是另一份报告：也保存) is what it asks for. Its field was .has-error, which frames an input but draws nothing on
a checkbox: nothing on the screen said where to answer."""

from __future__ import annotations

import pytest

from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser


def _file_outage(page, live_server: str, event_id: int) -> None:  # noqa: ANN001
    page.goto(f"{live_server}/events/{event_id}/reports/new/outage")
    page.select_option("select[name=area_id]", label="北大街街道 › 西钟楼巷")
    page.fill("input[name=started_at-day]", "2021-07-27")
    page.fill("input[name=started_at-time]", "08:00")
    page.fill("input[name=households_affected]", "120")
    with page.expect_navigation():
        page.click("button[type=submit].primary")


def test_the_duplicate_questions_box_is_marked(phone, live_server, seeded, event, make_user):
    make_user("li", "reporter", scope="文峰区/北大街街道")
    browser_login(phone, live_server, "li")
    _file_outage(phone, live_server, event.id)
    _file_outage(phone, live_server, event.id)
    box = phone.locator("#confirm_duplicate")
    box.scroll_into_view_if_needed()
    screenshot(phone, "reports-duplicate-question")
    marks = box.evaluate("""e => { const b = getComputedStyle(e), l = getComputedStyle(e.closest('label'));
        return [b.outlineStyle, b.outlineColor, l.borderTopStyle, l.borderTopColor]; }""")
    accent = phone.evaluate("getComputedStyle(document.querySelector('.req')).color")  # the form's red
    assert marks == ["solid", accent, "solid", accent], (marks, accent)
