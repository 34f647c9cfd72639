"""The event page's 按街道/镇 table on a phone: each subdistrict a card, each figure beside its column's name.

Found at 360 px: the table scrolled sideways in its frame, so at first only the name column and part of one figure
showed (in English, less), and a figure scrolled into view had its column's heading off the screen. The brief's
tables' stacking rule (static/stack.css) now serves this table too; a desktop keeps the table.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Event
from tests.conftest import assert_stacked, browser_login_in, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_subdistricts_figures_read_on_a_phone(lang, phone, live_server, seeded, make_user, session):
    event_id = session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    make_user("viewer1", "viewer")
    browser_login_in(phone, live_server, "viewer1", lang)
    phone.goto(f"{live_server}/events/{event_id}")
    screenshot(phone, f"event-by-area-phone-{lang}")
    assert_stacked(phone.locator("table.by-area"))
    # A count that opens its reports is a thumb's target, not a digit's: "2" was a link 8 px wide (7 December).
    boxes = phone.locator("table.by-area a").evaluate_all(
        "as => as.map(a => [a.textContent.trim(), a.getBoundingClientRect().width, a.getBoundingClientRect().height])")
    assert boxes and all(w >= 44 and h >= 44 for _, w, h in boxes), boxes
