"""On a report's page at 360 px the links in its fact cards (地点: 北大街街道, an update's outage #12) and in the
list of an outage's updates are a thumb tall (44 px), as the page's other links: the place was a 24 px target, an
update (已全部恢复供电) 24 px too. On a desktop an update's row reads as one line, date, summary and status apart."""

import pytest
import sqlalchemy as sa

from incidents.reports.models import OutageUpdate
from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser


def test_the_fact_cards_links_are_a_thumb_tall(phone, live_server, seeded, make_user, database):
    with database.read_session() as s:
        update_id = s.scalars(sa.select(OutageUpdate.id).order_by(OutageUpdate.id)).first()
    make_user("v", "viewer")
    browser_login(phone, live_server, "v")
    phone.goto(f"{live_server}/reports/{update_id}")
    place = phone.locator("dl.fields a[href^='/areas/']")
    outage = phone.locator("dl.fields a[href^='/reports/']")
    assert place.count() == 1 and outage.count() == 1
    for link in (place, outage):
        assert link.bounding_box()["height"] >= 44, link.inner_text()
    screenshot(phone, "report-fact-links-phone")
    with database.read_session() as s:
        outage_id = s.get(OutageUpdate, update_id).outage_id
    phone.goto(f"{live_server}/reports/{outage_id}")
    update = phone.locator(f"li.report a[href='/reports/{update_id}']")
    assert update.bounding_box()["height"] >= 44, update.inner_text()


def test_an_outages_updates_read_apart_on_a_desktop(desktop, live_server, seeded, make_user, database):
    """Laid out in the event list's five columns, an update's summary sat in the 7rem column of a kind and ran
    over to its status badge: 已全部恢复供电已提交."""
    with database.read_session() as s:
        update_id = s.scalars(sa.select(OutageUpdate.id).order_by(OutageUpdate.id)).first()
        outage_id = s.get(OutageUpdate, update_id).outage_id
    make_user("v", "viewer")
    browser_login(desktop, live_server, "v")
    desktop.goto(f"{live_server}/reports/{outage_id}")
    row = desktop.locator(f"li.report:has(a[href='/reports/{update_id}'])")
    link, badge = row.locator("a").evaluate(TEXT_BOX), row.locator(".badge").bounding_box()
    screenshot(desktop, "report-updates-desktop")
    assert link["x"] + link["width"] + 8 <= badge["x"], (link, badge)
    # One line: the three share a row.
    assert abs(link["y"] + link["height"] / 2 - (badge["y"] + badge["height"] / 2)) <= 12, (link, badge)


# Where an element's words are drawn (its box may be wider: a grid cell).
TEXT_BOX = """e => { const r = document.createRange(); r.selectNodeContents(e); const b = r.getBoundingClientRect();
  return {x: b.x, y: b.y, width: b.width, height: b.height}; }"""
