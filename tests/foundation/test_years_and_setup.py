"""Dates say their year when it is not this year; an administrator may set up events and areas."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from incidents.formatting import fmt_time, shows_year
from incidents.models import Area, Event
from incidents.reports.services import create_report
from tests.conftest import csrf_from, unspanned

TZ = ZoneInfo("Asia/Shanghai")


def test_the_rule():
    now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    assert shows_year(datetime(2021, 7, 24, 10, 0, tzinfo=TZ), TZ, now)
    assert not shows_year(datetime(2026, 3, 1, 10, 0, tzinfo=TZ), TZ, now)
    # The local calendar decides: 2026-12-31 16:30 UTC is already 2027 in Shanghai.
    assert shows_year(datetime(2026, 12, 31, 16, 30, tzinfo=UTC), TZ, now)
    assert fmt_time(datetime(2021, 7, 24, 18, 0, tzinfo=TZ), "exact", TZ, "zh", year=True) == "2021年7月24日 18:00"
    assert fmt_time(datetime(2021, 7, 24, 18, 0, tzinfo=TZ), "afternoon", TZ, "en", year=True) \
        == "24 Jul 2021 afternoon"


def test_a_report_list_mixing_years_shows_the_old_year(client, auth, make_user, seeded, session, database):
    event = session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
    area = session.scalar(sa.select(Area).where(Area.name == "彰德路64号院"))
    user_id = make_user("coord1", "coordinator")
    recent = datetime.now(UTC) - timedelta(hours=1)
    with database.transaction() as s:
        # Reopened (a report this year on an event ended in 2021 is refused as a mistyped year).
        s.execute(sa.update(Event).where(Event.id == event.id).values(ends_at=None))
        create_report(s, "activity", {"event_id": event.id, "area_id": area.id, "observed_at": recent,
                                      "observed_precision": "exact", "title": "今年的记录"}, user_id)
    auth.login("coord1")
    html = unspanned(client.get(f"/events/{event.id}/reports").get_data(as_text=True))
    whens = re.findall(r'<span class="when">([^<]+)</span>', html)
    this_year = recent.astimezone(TZ)
    assert f"{this_year.month}月{this_year.day}日" in whens[0] and "年" not in whens[0]
    assert any(w.startswith("2021年7月") for w in whens)
    assert not any(re.match(r"^7月\d+日", w) for w in whens)  # no 2021 date without its year


def test_an_administrator_may_set_up_events_and_areas(client, auth, make_user, seeded, session):
    make_user("boss", "admin")
    auth.login("boss")
    home = unspanned(client.get("/").get_data(as_text=True))
    assert "/events/new" in home
    page = client.get("/events/new")
    assert page.status_code == 200
    district = session.scalar(sa.select(Area).where(Area.parent_id.is_(None)))
    assert client.get(f"/areas/new?parent={district.id}").status_code == 200
    token = csrf_from(page.get_data(as_text=True))
    response = client.post("/areas/new", data={"csrf_token": token, "name": "新建测试小区", "level": "site",
                                               "parent_id": str(district.id)})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    event = session.scalar(sa.select(Event).order_by(Event.id).limit(1))
    assert client.get(f"/events/{event.id}/edit").status_code == 200
    # Account administration does not make a coordinator: no verifying, compiling or publishing.
    assert client.post(f"/events/{event.id}/briefs/compile", data={"csrf_token": token, "day": "2021-07-24"}
                       ).status_code == 403
