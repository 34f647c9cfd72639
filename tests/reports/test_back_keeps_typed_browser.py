"""A half-typed report survives Back on a phone: a worker who taps away (the header's title, to look something up)
and comes back finds what they typed. The browser restores a form from its history, but not an input marked
autocomplete="off", and every quantity was: the place and the note came back, the households (85) came back
empty, and the report would have been saved without them."""

from __future__ import annotations

import pytest

from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser


def test_back_brings_the_typed_quantities_back(phone, live_server, seeded, event, make_user):
    make_user("li", "reporter", scope="文峰区/北大街街道")
    browser_login(phone, live_server, "li")
    phone.goto(f"{live_server}/events/{event.id}/reports/new/outage")
    phone.select_option("select[name=area_id]", label="北大街街道 › 西钟楼巷")
    phone.fill("input[name=started_at-day]", "2021-07-27")
    phone.fill("input[name=started_at-time]", "08:00")
    phone.tap("input[name=households_affected]")
    phone.keyboard.type("85")
    phone.tap("input[name=households_affected-more]")
    phone.tap("textarea[name=note]")
    phone.keyboard.type("配电房进水")
    with phone.expect_navigation():
        phone.tap("header a.brand")  # to the home page, to look something up
    phone.go_back()
    phone.wait_for_load_state()
    screenshot(phone, "reports-back-keeps-typed")
    kept = phone.evaluate("""() => { const f = document.querySelector('form.report-form');
        return [f.area_id.selectedOptions[0].text, f.households_affected.value,
                f['households_affected-more'].checked, f.note.value]; }""")
    assert kept == ["北大街街道 › 西钟楼巷", "85", True, "配电房进水"]
