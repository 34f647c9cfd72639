"""A curve's caption on a phone breaks between its parts, never inside a word.

Found on a 360 px phone: 停电楼栋 · 峰值 24（7月23日 19:00） · 现为 未报 ended its first line on 未 and began the
next on 报, "not reported" torn in two.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Event
from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser

# The line tops of each 未报 in the element: one top each when the word is whole.
WORD_LINES = """(e, word) => { const found = [], walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
  for (let n; (n = walker.nextNode());) for (let i = n.data.indexOf(word); i >= 0; i = n.data.indexOf(word, i + 1)) {
    const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + word.length);
    found.push(new Set([...r.getClientRects()].filter(b => b.width).map(b => Math.round(b.top))).size); }
  return found; }"""


def test_a_curve_caption_keeps_not_reported_whole_on_a_phone(phone, live_server, seeded, make_user, session):
    event = session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
    make_user("viewer1", "viewer")
    browser_login(phone, live_server, "viewer1")
    phone.goto(f"{live_server}/events/{event.id}/timeline")
    captions = phone.locator(".tl-curve-fig figcaption", has_text="现为 未报")
    assert captions.count() >= 1
    captions.first.scroll_into_view_if_needed()
    screenshot(phone, "timeline-curve-caption-phone")
    for i in range(captions.count()):
        assert captions.nth(i).evaluate(WORD_LINES, "未报") == [1], captions.nth(i).inner_text()
