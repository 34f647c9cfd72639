"""The daily briefs' list on a desktop reads as rows: a revision's words on the line of its day and number.

Found at 1280 px: the cells sat at the top of the row, the revision's words in the middle of their 44 px link, 10 px
below 31 Jul 2021 and No. 10 beside them.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.briefs import services
from incidents.models import Event
from tests.briefs.conftest import day_of, local
from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser

TEXT_TOP = """e => { const r = document.createRange(); r.selectNodeContents(e);
                     return Math.round([...r.getClientRects()].find(b => b.width).top); }"""


def test_a_brief_rows_words_share_a_line_on_a_desktop(desktop, live_server, seeded, make_user, database):
    with database.read_session() as s:
        event_id = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    services.compile_once(database, event_id, day_of("2021-07-24"), now=local("2021-07-25 08:00"))
    make_user("viewer1", "viewer")
    browser_login(desktop, live_server, "viewer1")
    desktop.goto(f"{live_server}/events/{event_id}/briefs")
    screenshot(desktop, "brief-list-row-desktop")
    row = desktop.locator(".brief-list tbody tr:has(a.rev)").first
    day = row.locator("td, th").first.evaluate(TEXT_TOP)
    words = row.locator("a.rev").evaluate(TEXT_TOP)
    assert abs(day - words) <= 3, (day, words)
