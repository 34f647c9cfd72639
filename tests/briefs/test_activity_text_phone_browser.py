"""On a phone, an entry of the brief's 四、工作动态 whose text holds a date or a quantity (kept in one no-break piece,
formatting.keep_units) read in columns: the stacked cell laid each piece of text out as an item of its own, the
text before the date in one narrow column, the date beside it over the text after it (2021年7月30日 on 后刊)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.briefs import services
from incidents.models import Brief
from tests.conftest import browser_login, screenshot

from .conftest import day_of, local, make_builder

pytestmark = pytest.mark.browser

# Every line's piece of the cell's text (its data label, a ::before, is no text node), in the order it is read.
PIECES = """cell => { const out = []; const w = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  while (w.nextNode()) { const r = document.createRange(); r.selectNodeContents(w.currentNode);
    for (const b of r.getClientRects()) if (b.width > 0) out.push([b.left, b.top, b.right, b.bottom]); }
  return out; }"""


def _read_in_order(pieces: list[list[float]]) -> list[tuple]:
    """The pairs of pieces that do not follow one another as lines of one text do: the next on the same line to
    the right, or on a line below."""
    wrong = []
    for a, b in zip(pieces, pieces[1:], strict=False):
        same_line = abs(b[1] - a[1]) < 2 and b[0] >= a[2] - 1
        below = b[1] >= a[3] - 2
        if not (same_line or below):
            wrong.append((a, b))
    return wrong


def test_an_activity_entry_with_a_date_reads_as_one_text_on_a_phone(phone, live_server, make_user, database):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    title = ("区文广体旅局联合市文物局检查天宁寺、崔氏祠、三官庙汛期文物安全和消防安全，"
             "7月2日前完成全区12处文物点复查")
    b.report("activity", "site-a", local("2021-07-01 12:00"), observed_at=local("2021-07-01 10:00"), title=title)
    services.compile_once(database, b.event_id, day_of("2021-07-01"), now=local("2021-07-02 08:00"))
    make_user("v", "viewer")
    with database.read_session() as s:
        brief_id = s.scalar(sa.select(Brief.id))
    browser_login(phone, live_server, "v")
    phone.goto(f"{live_server}/briefs/{brief_id}#brief-activity")
    cell = phone.locator("table.brief-activity td.wrap").first
    assert cell.locator(".nb").count() >= 2  # the date and the count, each in one piece
    pieces = cell.evaluate(PIECES)
    screenshot(phone, "brief-activity-text-360")
    assert len(pieces) > 3, pieces
    assert not _read_in_order(pieces), _read_in_order(pieces)
    box = cell.bounding_box()
    assert box and all(left >= box["x"] - 1 and right <= box["x"] + box["width"] + 1
                       for left, _, right, _ in pieces), (box, pieces)
