"""A title, source or note typed without a break (a pasted link, a run of letters) wraps on a 360 px phone.

Found by a newcomer: an activity titled with 300 letters and no space widened the report's page to 4,400 px and
the event's and the place's pages (their latest reports) as much: the whole page scrolled sideways. A place's
name in one word did the same to the lists and the map's list of sites; an account's name, to the users' list;
a crumb, to a history page.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from incidents.areas.services import create_area
from incidents.models import Area, Event, User
from incidents.reports import services as reports
from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width_fixture", ["phone", "desktop"])
def test_unbroken_words_never_widen_the_page(request, width_fixture, live_server, database, seeded, make_user):
    page = request.getfixturevalue(width_fixture)
    make_user("v", "viewer")
    user = make_user("long", "reporter")  # its name shown in one word, as long as an account's name may be
    with database.transaction() as s:
        s.get(User, user).display_name = "Z" * 120
    with database.transaction() as s:
        event = s.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
        area = s.scalar(sa.select(Area).where(Area.name == "西钟楼巷"))
        report = reports.create_report(s, "activity", {
            "event_id": event.id, "area_id": area.id, "title": "W" * 300,
            "source": "https://example.com/" + "a" * 370, "note": "长" * 2000,
            "observed_at": datetime(2021, 7, 31, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))}, user)
        # A place named in one unbroken word, and a pumping team's name as long as the form takes.
        site = create_area(s, name="长" * 5 + "X" * 150, name_en="Y" * 150, level="site", parent=area.parent)
        morning = datetime(2021, 7, 31, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
        reports.create_report(s, "pumping", {"event_id": event.id, "area_id": site.id, "team": "T" * 200,
                                             "observed_at": morning}, user)
        report_id, event_id, area_id, site_id = report.id, event.id, area.id, site.id
    make_user("root", "admin")
    browser_login(page, live_server, "root")
    for url in (f"/reports/{report_id}", f"/events/{event_id}", f"/areas/{area_id}", f"/events/{event_id}/reports",
                f"/areas/{site_id}", f"/events/{event_id}/map", f"/events/{event_id}/reports?area={site_id}",
                f"/history/areas/{site_id}", "/admin/users"):
        page.goto(live_server + url)
        screenshot(page, f"long-words-{url.strip('/').replace('/', '-').replace('?', '-')}-{width_fixture}")
        assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"], url
