"""The time-to-restore table's title is read whole on a phone, in English as in Chinese.

Found on a 360 px phone in English: the table's caption ran along the table, wider than the screen, and read
"Time to restore a share of the peak (hours from th" — the rest behind the table's sideways scroll.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Event
from tests.conftest import browser_language, browser_login, screenshot

pytestmark = pytest.mark.browser

# The right edge of each line the title's text takes.
RIGHTS = """e => { const r = document.createRange(); r.selectNodeContents(e);
                   return [...r.getClientRects()].map(b => b.right); }"""


def test_the_thresholds_title_fits_a_phone_in_english(phone, live_server, seeded, make_user, session):
    event = session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
    make_user("viewer1", "viewer")
    browser_login(phone, live_server, "viewer1")
    browser_language(phone, live_server, "en", f"/events/{event.id}/timeline")
    title = phone.get_by_text("Time to restore a share of the peak (hours from the peak)", exact=True)
    title.scroll_into_view_if_needed()
    screenshot(phone, "timeline-thresholds-title-phone-en")
    rights = title.evaluate(RIGHTS)
    assert rights and max(rights) <= phone.viewport_size["width"], rights
    # Still the table's name for a screen reader.
    table = phone.get_by_role("table", name="Time to restore a share of the peak (hours from the peak)")
    assert table.count() == 1
