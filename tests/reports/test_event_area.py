"""A report belongs within the place its event concerns: on a subdistrict's own event (宝莲寺镇's
waterlogging), a report of another subdistrict's place is refused naming area_id, through the form,
the JSON API and the service, and nothing is stored; the district's event takes every place."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from incidents.db import now_utc
from incidents.errors import ValidationError
from incidents.events.services import create_event
from incidents.models import Area, Report
from incidents.reports import services
from incidents.reports.models import ReportKind
from tests.conftest import Auth
from tests.reports.conftest import count_reports, hidden, when

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def town_event(database, seeded):
    """A running event of 宝莲寺镇 alone, begun yesterday."""
    with database.transaction() as s:
        town = s.scalar(sa.select(Area.id).where(Area.name == "宝莲寺镇"))
        return create_event(s, code="baolian-waterlogging", name="宝莲寺镇内涝", kind="rainstorm",
                            starts_at=now_utc() - timedelta(days=1), area_id=town).id


def _hour_ago() -> tuple[str, str]:
    """An hour ago as the event's local day and clock."""
    local = (now_utc() - timedelta(hours=1)).astimezone(TZ)
    return local.date().isoformat(), local.strftime("%H:%M")


def test_api_refuses_a_place_outside_the_event(client, auth, make_user, area_id, database, town_event):
    make_user("li", "reporter")
    auth.login("li")
    csrf = hidden(client.get("/").get_data(as_text=True), "csrf_token")
    before = count_reports(database)
    body = {"kind": "activity", "observed_at": " ".join(_hour_ago()), "title": "巡查"}
    response = client.post(f"/api/v1/events/{town_event}/reports", headers={"X-CSRFToken": csrf},
                           json={**body, "area_id": area_id("西钟楼巷")})  # 北大街街道
    assert response.status_code == 422, response.json
    assert set(response.json["errors"]) == {"area_id"}
    assert count_reports(database) == before
    response = client.post(f"/api/v1/events/{town_event}/reports", headers={"X-CSRFToken": csrf},
                           json={**body, "area_id": area_id("文峰家园小区")})  # 宝莲寺镇
    assert response.status_code == 201, response.json


def test_form_refuses_a_place_outside_the_event(client, auth, forms, make_user, area_id, database, town_event):
    make_user("li", "reporter")
    auth.login("li")
    before = count_reports(database)
    response = forms.submit(f"/events/{town_event}/reports/new/outage",
                            {"area_id": area_id("西钟楼巷"), **when("started_at", *_hour_ago()),
                             "households_affected": "30"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422, html[:2000]
    assert 'id="area_id-error"' in html
    assert count_reports(database) == before


def test_a_zero_report_for_another_subdistrict_is_refused(database, make_user, area_id, town_event):
    user = make_user("office", "coordinator")
    with database.transaction() as s, pytest.raises(ValidationError) as refused:
        services.create_report(s, ReportKind.ZERO_REPORT, {"event_id": town_event, "area_id": area_id("北大街街道")},
                               user)
    assert set(refused.value.errors) == {"area_id"}


def test_the_district_event_takes_every_place(database, make_user, area_id, event):
    user = make_user("office", "coordinator")
    with database.transaction() as s:
        report = services.create_report(s, ReportKind.ACTIVITY, {
            "event_id": event.id, "area_id": area_id("西钟楼巷"), "title": "巡查",
            "observed_at": datetime(2021, 7, 24, 10, 0, tzinfo=TZ), "observed_precision": "exact"}, user)
        assert s.get(Report, report.id) is not None


def test_no_zero_report_button_for_a_subdistrict_outside_the_event(database, make_user, town_event):
    # The button would send what the rule above refuses: 北大街街道's office is asked only on events it is in.
    from incidents.models import Event, User
    from incidents.reports import zero

    user_id = make_user("beidajie-office", "reporter", scope="文峰区/北大街街道")
    with database.transaction() as s:
        district = create_event(s, code="district-live", name="全区内涝", kind="rainstorm",
                                starts_at=now_utc() - timedelta(days=1),
                                area_id=s.scalar(sa.select(Area.id).where(Area.name == "文峰区"))).id
    with database.read_session() as s:
        user = s.get(User, user_id)
        assert zero.unanswered(s, s.get(Event, town_event), user, now_utc())[1] == []
        assert [a.name for a in zero.unanswered(s, s.get(Event, district), user, now_utc())[1]] == ["北大街街道"]


def test_a_scoped_reporter_is_not_offered_a_neighbours_own_event(app, client, auth, make_user, town_event):
    """北大街街道's reporter could pick 宝莲寺镇's own event, every place of theirs then refused: it is not offered."""
    make_user("bdj", "reporter", scope="文峰区/北大街街道")
    make_user("town", "reporter", scope="文峰区/宝莲寺镇")
    auth.login("bdj")
    page = client.get("/reports/new?choose=1").get_data(as_text=True)
    assert "宝莲寺镇内涝" not in page
    assert "2021年7月特大暴雨" in page  # the district's events stay offered
    town = app.test_client()
    Auth(town).login("town")
    assert "宝莲寺镇内涝" in town.get("/reports/new?choose=1").get_data(as_text=True)

