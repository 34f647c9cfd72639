"""On a report's page at 360 px the links in its fact cards (地点: 北大街街道, an update's outage #12) are a thumb
tall (44 px), as the page's other links: the place was a 24 px target."""

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
