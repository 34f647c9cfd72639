"""No link a person can see or reach is empty, on a phone (360 px) or a desk (1280 px): the brief page (its two
revisions, its formats folded and unfolded) and the pages around it.

A link without a name is read by a screen reader as its address alone and is a blank target to a thumb. Listed
by innerText alone, the seven formats folded under 更多格式 look empty (Chromium renders nothing of a closed
<details>, though it gives their boxes 42-72 px); they are neither shown nor reachable, so this asks the
browser whether each link is visible (checkVisibility) and what name it has (text, aria-label, title, alt)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.briefs import services
from incidents.models import Brief
from tests.conftest import browser_login, screenshot

from .conftest import day_of, local, make_builder

pytestmark = pytest.mark.browser

EMPTY_LINKS = """() => [...document.querySelectorAll('a[href]')].filter(a => a.checkVisibility()).filter(a => {
  const alt = [...a.querySelectorAll('img[alt], svg[aria-label], title')].some(e => (e.alt || e.getAttribute(
      'aria-label') || e.textContent || '').trim());
  return !(a.textContent.trim() || (a.getAttribute('aria-label') || '').trim() || (a.getAttribute('title') || '')
           .trim() || alt);
}).map(a => a.outerHTML.slice(0, 160))"""


def test_no_visible_link_is_empty(phone, desktop, live_server, make_user, database):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    b.report("outage", "site-b", local("2021-07-01 09:10"), started_at=local("2021-07-01 09:00"),
             households_affected=30, etr_at=local("2021-07-02 12:00"))
    b.report("pumping", "site-a", local("2021-07-01 12:10"), observed_at=local("2021-07-01 12:00"),
             team="消防救援队", people=12, pumps=3)
    services.compile_once(database, b.event_id, day_of("2021-07-01"), now=local("2021-07-02 08:00"))
    services.compile_once(database, b.event_id, day_of("2021-07-01"), now=local("2021-07-02 09:00"),
                          new_revision=True)
    with database.read_session() as s:
        first, second = s.scalars(sa.select(Brief.id).order_by(Brief.revision)).all()
    make_user("co", "coordinator")
    pages = [f"/briefs/{first}", f"/briefs/{second}", f"/events/{b.event_id}", f"/events/{b.event_id}/briefs",
             f"/events/{b.event_id}/timeline", f"/events/{b.event_id}/reports", f"/events/{b.event_id}/map", "/"]
    for page, width in ((phone, 360), (desktop, 1280)):
        browser_login(page, live_server, "co")
        for path in pages:
            page.goto(f"{live_server}{path}")
            assert page.evaluate(EMPTY_LINKS) == [], (width, path)
        page.goto(f"{live_server}/briefs/{first}")
        page.click(".brief-more summary")  # the other formats, unfolded: each named
        assert page.locator(".brief-more a").count() >= 7
        assert page.evaluate(EMPTY_LINKS) == [], (width, "unfolded")
        screenshot(page, f"brief-links-{width}")
