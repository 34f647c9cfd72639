"""The event page on a phone: the note under 分街道（镇）情况 stays in view when the table is scrolled sideways.

Found at 360 px: the note (停电和排涝作业各计一次…) sat inside the table's scrolling frame, so scrolling the table to
see 消杀, 垃圾清运 and 报告 slid the note off the screen's left edge, and the frame's scroll shadow ran down beside it
as if it were part of the table.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Event
from tests.conftest import browser_login, darkening, screenshot

pytestmark = pytest.mark.browser


def test_the_note_under_the_subdistricts_table_stays_put(phone, live_server, seeded, make_user, session):
    event_id = session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    make_user("viewer1", "viewer")
    browser_login(phone, live_server, "viewer1")
    phone.goto(f"{live_server}/events/{event_id}")
    table = phone.locator("table.by-area")
    note = phone.get_by_text("停电和排涝作业各计一次")
    note.scroll_into_view_if_needed()
    before = note.bounding_box()
    assert before is not None
    right = before["x"] + before["width"]
    # No scroll shadow beside the note: that is the table's.
    assert abs(darkening(phone, before, right - 2, right - 40)) <= 4
    table.evaluate("t => { t.closest('.table-wrap').scrollLeft = 1000; }")
    screenshot(phone, "event-by-area-scrolled-phone")
    after = note.bounding_box()
    assert after is not None and after["x"] == before["x"], (before, after)
