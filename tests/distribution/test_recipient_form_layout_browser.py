"""On a desktop the recipient forms sit as the other admin forms do: on the page's left edge, as wide as an event's."""

from __future__ import annotations

import pytest

from tests.conftest import browser_login, event_id_of, screenshot


def form_box(page) -> dict:  # noqa: ANN001
    return page.evaluate("""(() => { const f = document.querySelector('main form[method=post]:not(.inline)');
        const r = f.getBoundingClientRect(); return {x: r.x, width: r.width}; })()""")


@pytest.mark.browser
def test_the_recipient_forms_line_up_with_the_event_form(desktop, live_server, make_user, database, seeded):
    # Found by a newcomer: the add form stood 386 px wide in the middle of a 1280 px page, under a table on
    # the left; the event and place forms are 640 px on the left edge.
    make_user("coord", "coordinator")
    event_id = event_id_of(database, "wenfeng-2021-07-rainstorm")
    page = desktop
    browser_login(page, live_server, "coord")
    page.goto(f"{live_server}/events/{event_id}/edit")
    event_form = form_box(page)
    page.goto(f"{live_server}/events/{event_id}/recipients")
    page.fill("#name", "区防指值班群")
    page.fill("#address", "duty@example.org")
    with page.expect_navigation():
        page.click("#add button.primary")
    screenshot(page, "recipients-desktop")
    heading = page.evaluate("document.querySelector('main h1').getBoundingClientRect().x")
    assert form_box(page) == event_form and event_form["x"] == heading
    with page.expect_navigation():
        page.click("table.recipients td.act a.tap")
    assert form_box(page) == event_form
