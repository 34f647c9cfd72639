"""The event page's 按街道/镇 table on a phone: each subdistrict a card, each figure beside its column's name.

Found at 360 px: the table scrolled sideways in its frame, so at first only the name column and part of one figure
showed (in English, less), and a figure scrolled into view had its column's heading off the screen. The brief's
tables' stacking rule (static/stack.css) now serves this table too; a desktop keeps the table.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Event
from tests.conftest import browser_language, browser_login, screenshot

pytestmark = pytest.mark.browser

# Per row: the page's width, its frame's scroll and client widths, and each cell's label, value and right edge.
MEASURE = """t => ({
  page: document.documentElement.scrollWidth,
  frame: [t.closest('.table-wrap').scrollWidth, t.closest('.table-wrap').clientWidth],
  heads: [...t.querySelectorAll('thead th')].slice(1).map(h => h.textContent.trim()),
  rows: [...t.querySelectorAll('tbody tr, tfoot tr')].map(r => [...r.querySelectorAll('td')].map(c => {
    const box = c.getBoundingClientRect();
    return [getComputedStyle(c, '::before').content.replace(/^"|"$/g, ''), c.textContent.trim(),
            box.right, box.width];
  })),
})"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_subdistricts_figures_read_on_a_phone(lang, phone, live_server, seeded, make_user, session):
    event_id = session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    make_user("viewer1", "viewer")
    browser_login(phone, live_server, "viewer1")
    if lang == "en":
        browser_language(phone, live_server, "en", f"/events/{event_id}")
    else:
        phone.goto(f"{live_server}/events/{event_id}")
    table = phone.locator("table.by-area")
    screenshot(phone, f"event-by-area-phone-{lang}")
    seen = table.evaluate(MEASURE)
    assert seen["page"] <= 360, seen["page"]
    scroll, client = seen["frame"]
    assert scroll <= client, seen["frame"]
    assert len(seen["rows"]) >= 2
    for cells in seen["rows"]:
        assert [label for label, *_ in cells] == seen["heads"], cells
        for label, value, right, width in cells:
            assert value and width > 0 and right <= 360, (label, value, right)
