"""A pumping crew logs its second site from a 360 px phone: the required 队伍或单位 offers the teams already
logged in the worker's areas of this event (the phone shows them over the keyboard), so the name is tapped, not
typed again; a team of another subdistrict is not offered."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import Auth, browser_login, screenshot

from .conftest import Forms, when

pytestmark = pytest.mark.browser


def test_the_team_field_offers_the_teams_logged_in_ones_areas(phone, live_server, app, live, make_user, area_id):
    make_user("li", "reporter", scope="文峰区/北大街街道")
    make_user("zhao", "reporter", scope="文峰区/银杏大街街道")
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    logged = (("li", "彰德路64号院", "市消防救援支队二大队"), ("zhao", "安彩嘉园二期", "银杏社区抢险队"))
    for user, place, team in logged:
        client = app.test_client()
        Auth(client).login(user)
        sent = Forms(client).submit(f"/events/{live.id}/reports/new/pumping", {
            "area_id": area_id(place), "team": team, **when("observed_at", today, precision="day")})
        assert sent.status_code == 302, sent.get_data(as_text=True)[:300]

    page = phone
    browser_login(page, live_server, "li")
    page.goto(f"{live_server}/")
    with page.expect_navigation():
        page.tap("a[href='/reports/new']")
    with page.expect_navigation():
        page.tap("a.kind-pumping")
    page.tap("#team")
    screenshot(page, "reports-team-offered")
    offered = page.eval_on_selector("#team", "e => e.list ? Array.from(e.list.options).map(o => o.value) : []")
    assert offered == ["市消防救援支队二大队"]
