"""The map's 按街道 table on a phone: each subdistrict a card, each figure beside its column's name.

Found at 360 px in English: Subdistrict · Sites · Without power · Pumping · Households still out was 436 px wide in its
336 px frame, the households column past the screen's edge and its heading cut to "H" — the sideways scroll the
brief's, the event page's and the timeline's tables no longer ask for (static/stack.css). A desktop keeps the table.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Event
from tests.conftest import assert_stacked, browser_login_in, screenshot

pytestmark = pytest.mark.browser


def test_the_subdistricts_read_on_a_phone_in_english(phone, live_server, seeded, make_user, session):
    event_id = session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    make_user("viewer1", "viewer")
    browser_login_in(phone, live_server, "viewer1", "en")
    phone.goto(f"{live_server}/events/{event_id}/map")
    screenshot(phone, "map-groups-phone-en")
    assert "Households still out" in (phone.locator("table.map-groups thead").text_content() or "")
    assert_stacked(phone.locator("table.map-groups"))
