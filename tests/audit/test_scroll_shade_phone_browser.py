"""A report's history on a phone: the versions table scrolls sideways, and a shadow at each edge with more behind it
says so, on every row, as on the app's other wide tables.

Found at 360 px: the right edge's shadow showed on the plain rows in the middle of the table only. The header's
tinted cells and the changed values' yellow cells covered it, and it faded to nothing towards the top and bottom of
a table taller than the screen. Scrolled, no shadow showed on the left at all: the sticky 字段 column covered it.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Report
from incidents.reports import services as reports
from tests.audit.conftest import demo_report_id, edited_verified_retracted
from tests.conftest import browser_language, browser_login, darkening, screenshot

pytestmark = pytest.mark.browser

# Scroll the page to the cell's row and the versions' frame so that the middle of `cell` lies at x (the viewport's).
CENTRE_AT = """(cell, x) => {
  const wrap = cell.closest('.table-wrap');
  window.scrollBy(0, cell.getBoundingClientRect().top - innerHeight / 3);
  const r = cell.getBoundingClientRect();
  wrap.scrollLeft += r.left + r.width / 2 - x;
  return new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(wrap.scrollLeft))));
}"""


def test_the_versions_table_shows_a_shadow_where_more_is_hidden(phone, live_server, database, seeded, session,
                                                                 people):
    report_id = edited_verified_retracted(database, session, people)
    browser_login(phone, live_server, "coord")
    phone.goto(f"{live_server}/history/reports/{report_id}")
    screenshot(phone, "audit-history-shade-phone")
    wrap = phone.locator(".versions-wrap").bounding_box()
    field = phone.locator("table.versions thead th.field").bounding_box()
    assert wrap is not None and field is not None
    assert phone.evaluate("(w => w.scrollWidth > w.clientWidth)(document.querySelector('.versions-wrap'))")
    # Cells of a middle version (3 of 5): more versions lie on both sides of them.
    middle = phone.locator("table.versions tr > :nth-child(4)")
    cells = {"header": middle.first, "changed": phone.locator("table.versions td.changed:nth-child(4)").first,
             "plain": phone.locator("table.versions tbody td:not(.changed):nth-child(4)").last}
    assert all(c.count() == 1 for c in cells.values())
    right, sticky = wrap["x"] + wrap["width"], field["x"] + field["width"]
    shadows = {}
    for name, cell in cells.items():
        cell.evaluate(CENTRE_AT, right)
        shadows[f"{name} right"] = darkening(phone, cell.bounding_box(), right - 2, right - 40)
        cell.evaluate(CENTRE_AT, sticky)
        shadows[f"{name} left"] = darkening(phone, cell.bounding_box(), sticky + 3, sticky + 40)
    screenshot(phone, "audit-history-shade-scrolled-phone")
    # A shadow as the other tables draw (rgba(0, 0, 0, .22) at the edge): about 45 darker on white.
    assert all(d >= 25 for d in shadows.values()), sorted(shadows.items())
    # None where nothing more lies: left of the first version, right of the last.
    versions = phone.locator("table.versions thead th.version")
    first, last = versions.first, versions.last
    phone.evaluate("document.querySelector('.versions-wrap').scrollLeft = 0")
    assert abs(darkening(phone, first.bounding_box(), sticky + 3, sticky + 40)) <= 4
    phone.evaluate("(w => { w.scrollLeft = w.scrollWidth; })(document.querySelector('.versions-wrap'))")
    assert abs(darkening(phone, last.bounding_box(), right - 2, right - 40)) <= 4


# Each word of each field name: a word broken over two lines has two boxes.
BROKEN_WORDS = """els => els.flatMap(th => {
  const broken = [], walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
  for (let n; (n = walker.nextNode());) {
    for (const m of n.data.matchAll(/[^\\s-]+/g)) {
      const r = document.createRange(); r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
      if (new Set([...r.getClientRects()].map(b => Math.round(b.top))).size > 1) broken.push(m[0]);
    }
  }
  return broken;
})"""


def test_field_names_keep_their_words_whole_in_english(phone, live_server, database, seeded, session, people):
    """The 字段 column is one width (the left shadow sits at its side): English names still wrap between words."""
    from incidents.areas import services as areas
    from incidents.models import Area

    report_id = demo_report_id(session, "bdj-outage-zdl64")
    area_id = session.scalar(sa.select(Area.id).where(Area.latitude.is_(None)).order_by(Area.id).limit(1))
    with database.transaction() as s:
        report = s.get(Report, report_id)
        reports.edit_report(s, report, {"households_affected": 120}, people.reporter, expected_version=report.version)
        area = s.get(Area, area_id)
        areas.update_area(s, area, {"latitude": 36.09, "longitude": 114.35}, None, expected_version=area.version)
    browser_login(phone, live_server, "coord")
    browser_language(phone, live_server, "en", f"/history/reports/{report_id}")
    for path, name in ((f"/history/reports/{report_id}", "Households affected"),
                       (f"/history/areas/{area_id}", "Geocoding state")):
        phone.goto(f"{live_server}{path}")
        assert name in phone.locator("table.versions th.field").all_inner_texts()
        assert phone.eval_on_selector_all("table.versions th.field", BROKEN_WORDS) == [], path
    screenshot(phone, "audit-history-area-en-phone")
