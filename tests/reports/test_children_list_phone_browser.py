"""An operation's page lists its volumes (an outage's, its updates) on a 360 px phone without a sideways scroll: a
volume's line, 排水1,500 m³（2021年7月24日 10:00 – 2021年7月25日 18:00）, stood as three unbreakable pieces of a
flex link and widened the page to 453 px. The link holds one span, as the report list's lines do."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from incidents import demo
from incidents.models import Area, Event
from incidents.reports.services import create_report
from tests.conftest import browser_language, browser_login, screenshot

pytestmark = pytest.mark.browser

TZ = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_operations_volumes_fit_a_phone(phone, live_server, seeded, session, database, make_user, lang):
    event_id = session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    area_id = session.scalar(sa.select(Area.id).where(Area.name == "安彩嘉园社区"))
    start, end = datetime(2021, 7, 24, 10, 0, tzinfo=TZ), datetime(2021, 7, 25, 18, 0, tzinfo=TZ)
    with database.transaction() as s:
        user = demo.loader_user(s).id
        op = create_report(s, "pumping", {"event_id": event_id, "area_id": area_id, "observed_at": start,
                                          "observed_at_precision": "exact", "team": "区排涝队"}, user).id
        create_report(s, "pumping_volume", {
            "event_id": event_id, "area_id": area_id, "operation_id": op, "period_start": start,
            "period_start_precision": "exact", "period_end": end, "period_end_precision": "exact",
            "volume_m3": 1500}, user)
    make_user("zhou", "coordinator")
    browser_login(phone, live_server, "zhou")
    browser_language(phone, live_server, lang, f"/reports/{op}")
    width = phone.evaluate("document.documentElement.scrollWidth")
    screenshot(phone, f"reports-operation-volumes-{lang}")
    assert width <= 360
