"""The brief's page (360 px, 1280 px) with 甲 back with 100 households and 乙 back with no count: the key figure reads
100 with 本期：另有1处恢复供电的户数未报，未计入 in its note, and 合计's 恢复 cell
2（恢复100户，栋数未报，另有1处户数未报）."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.briefs import services
from incidents.models import Brief
from tests.conftest import browser_login, screenshot

from .conftest import day_of, local, make_builder, out_and_back
from .test_fallen_and_unreported_browser import _cells

pytestmark = pytest.mark.browser


def test_the_page_says_the_restoration_left_out(live_server, phone, desktop, make_user, database):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    out_and_back(b, "site-a", households_affected=100)
    out_and_back(b, "site-b")
    services.compile_due(database, now=local("2021-07-02 08:00"), catchup_days=1, event_ids=[b.event_id])
    with database.read_session() as s:
        brief = s.scalar(sa.select(Brief.id).where(Brief.event_id == b.event_id, Brief.day == day_of("2021-07-01")))
    make_user("viewer1", "viewer")
    for page, width in ((phone, 360), (desktop, 1280)):
        browser_login(page, live_server, "viewer1")
        page.goto(f"{live_server}/briefs/{brief}")
        row = _cells(page, ".brief-figures", "恢复供电户数")
        assert row[2] == "100" and "本期：另有1处恢复供电的户数未报，未计入" in row[-1], row
        assert "2（恢复100户，栋数未报，另有1处户数未报）" in _cells(page, ".brief-subs", "合计")[2]
        assert "本日恢复供电100户（另有1处户数未报，未计入）" in page.inner_text("body")
        screenshot(page, f"brief-back-partly-unreported-{width}")
