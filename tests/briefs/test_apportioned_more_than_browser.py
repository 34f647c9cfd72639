"""The estimate's mark (750余（估）) in 二、分街道 reads whole in its cell on a phone: the cell does not spill
sideways, the mark is not cut from its figure."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Brief
from tests.conftest import ARTIFACTS, browser_login

from .test_apportioned_more_than import _brief

pytestmark = pytest.mark.browser


def test_the_mark_reads_whole_in_its_cell_on_a_phone(live_server, phone, make_user, database):
    c = _brief(database)
    with database.read_session() as s:
        brief_id = s.scalar(sa.select(Brief.id).where(Brief.day == c.header.day).order_by(Brief.revision.desc()))
    make_user("viewer1", "viewer")
    browser_login(phone, live_server, "viewer1")
    phone.goto(f"{live_server}/briefs/{brief_id}")
    assert phone.evaluate("document.documentElement.scrollWidth") <= phone.viewport_size["width"] + 1
    cell = phone.locator("#brief-subdistricts tbody tr", has_text="甲街道").locator("td").nth(2)
    text = cell.inner_text()
    assert "750余（估） / 1,500余" in text.replace("\n", ""), text
    box, row = cell.bounding_box(), phone.locator("#brief-subdistricts table").bounding_box()
    assert box is not None and row is not None and box["x"] + box["width"] <= row["x"] + row["width"] + 1
    # The mark stays on the figure's line: 750余（估） is not broken between 余 and （估）.
    tops = phone.evaluate("""(cell) => {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        const node = walker.nextNode(); const at = node.data.indexOf('750');
        const range = document.createRange();
        range.setStart(node, at); range.setEnd(node, at + 1); const a = range.getBoundingClientRect().top;
        const end = node.data.indexOf('）'); range.setStart(node, end); range.setEnd(node, end + 1);
        return [a, range.getBoundingClientRect().top]; }""", cell.element_handle())
    assert abs(tops[0] - tops[1]) < 2, tops
    ARTIFACTS.mkdir(exist_ok=True)
    phone.locator("#brief-subdistricts").screenshot(path=str(ARTIFACTS / "brief-apportioned-mark-phone.png"))
