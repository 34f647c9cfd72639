"""On a phone, every tap in a report's row of the lists is a thumb's size (44 px each way): the report's number
(#23) was a 40 x 40 link and its place a 40 px tall one, right above the summary that opens the report, on the
reports list, the event page's latest reports and a place's page."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Area, Event
from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser

SMALL = """() => [...document.querySelectorAll('li.report a, li.report button, li.report summary')]
  .map(e => [e.textContent.trim(), e.getBoundingClientRect()])
  .filter(([, r]) => r.width && (r.width < 44 || r.height < 44))
  .map(([t, r]) => `${t} ${Math.round(r.width)}x${Math.round(r.height)}`)"""


def test_every_tap_in_a_report_row_is_a_thumb_wide_and_tall(phone, live_server, seeded, session, make_user):
    rainstorm = session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    place = session.scalar(sa.select(Area.id).where(Area.name == "安彩嘉园二期"))
    make_user("zhou", "coordinator")
    browser_login(phone, live_server, "zhou")
    small = {}
    for path in (f"/events/{rainstorm}/reports", f"/events/{rainstorm}", f"/areas/{place}"):
        phone.goto(f"{live_server}{path}")
        assert phone.locator("li.report").count() > 1, path
        small[path] = phone.evaluate(SMALL)
    screenshot(phone, "reports-list-targets")
    assert small == {path: [] for path in small}
