"""At 360 px, an activity title breaks a line only between quantities, never inside one: 转移群众120人抽排积水3000立方米
broke as 3000 | 立方米 in 3 of 14 titles of the report list and 120 | 人 in 1 of the brief's (set at each length of
prefix, so that each figure meets the line's end once). Read in Chromium with the product's stylesheets."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from incidents.briefs import services as briefs
from incidents.models import Area, Event
from incidents.reports import services as reports
from tests.briefs.conftest import day_of, local

pytestmark = pytest.mark.browser

STATIC = Path(__file__).resolve().parents[2] / "static"
CSS = "".join((STATIC / f"{name}.css").read_text(encoding="utf-8") for name in ("app", "reports", "briefs"))
SHANGHAI = ZoneInfo("Asia/Shanghai")
# For each time `needle` occurs in the page's text: on how many lines it is drawn.
LINES = """(needle) => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const nodes = []; let node; while ((node = walker.nextNode())) nodes.push(node);
  const text = nodes.map(n => n.data).join(''); const found = []; let at = -1;
  while ((at = text.indexOf(needle, at + 1)) >= 0) {
    let pos = 0, start = null, end = null;
    for (const n of nodes) {
      if (start === null && at < pos + n.data.length) start = [n, at - pos];
      if (at + needle.length <= pos + n.data.length) { end = [n, at + needle.length - pos]; break; }
      pos += n.data.length;
    }
    const range = document.createRange(); range.setStart(...start); range.setEnd(...end);
    found.push(new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size);
  }
  return found;
}"""


def test_an_activity_title_breaks_no_quantity_from_its_unit_on_a_phone(
    seeded, database, client, auth, make_user, phone
):
    with database.transaction() as s:
        event_id = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
        place = s.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    li = make_user("li", "reporter")
    with database.transaction() as s:
        for n in range(14):
            reports.create_report(
                s,
                "activity",
                {
                    "event_id": event_id,
                    "area_id": place,
                    "title": "北" * n + "转移群众120人抽排积水3000立方米",
                    "observed_at": datetime(2021, 7, 28, 10, n, tzinfo=SHANGHAI),
                },
                li,
                reported_at=datetime(2021, 7, 28, 10, 30, tzinfo=SHANGHAI),
            )
    made = briefs.compile_once(database, event_id, day_of("2021-07-28"), now=local("2021-07-29 08:00"))
    assert made.brief is not None
    auth.login("li")
    for path in (f"/events/{event_id}/reports", f"/briefs/{made.brief.id}"):
        html = client.get(path).get_data(as_text=True)
        # The page as served, its stylesheets inline: no server is needed to lay it out.
        phone.set_content(
            re.sub(r"<link[^>]+stylesheet[^>]*>", "", html).replace("</head>", f"<style>{CSS}</style></head>")
        )
        for needle in ("120人", "3000立方米"):
            lines = phone.evaluate(LINES, needle)
            assert len(lines) >= 14 and set(lines) == {1}, (path, needle, lines)
