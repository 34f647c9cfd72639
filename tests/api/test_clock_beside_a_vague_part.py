"""A clock sent beside a part of the day: kept when it lies in that part, refused naming the time when it does not.

Asked of the domain: 2021-07-21 15:30 sent with 下午 was stored at 15:00, the middle of the afternoon, its 15:30 dropped
(the form without JavaScript sends the clock it shows; the API takes both). The clock inside the window named is what
the worker knew: kept as the stored instant (still never after the report was made), the report still shown 下午, as
the worker chose. 09:00 with 下午 says two things that cannot both be true: the 422 naming the time and the window,
nothing saved (docs/domain.md, "Time"). A bare day with a part of the day names no clock: the part's middle, as before.
"""

from __future__ import annotations

import html as htmllib
from datetime import timedelta

import sqlalchemy as sa

from incidents.db import now_utc
from incidents.models import ActivityEntry, Area
from tests.api.conftest import TokenClient
from tests.briefs.conftest import local, make_builder
from tests.reports.conftest import Forms, when


def _activity(api: TokenClient, event_id: int, area: int, observed: str, precision: str, lang: str = "en"):
    return api.post(f"/api/v1/events/{event_id}/reports", headers={"Accept-Language": lang}, json={
        "kind": "activity", "area_id": area, "title": "巡查", "observed_at": observed,
        "observed_precision": precision, "reported_at": "2021-07-21 20:00"})


def test_the_api_keeps_a_clock_inside_the_part_of_the_day(database, coordinator_api: TokenClient):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    made = _activity(coordinator_api, b.event_id, b.areas["site-a"], "2021-07-21 15:30", "afternoon")
    assert made.status_code == 201, made.json
    read = coordinator_api.get(f"/api/v1/reports/{made.json['id']}").json
    assert (read["observed_at"], read["observed_precision"]) == ("2021-07-21T07:30:00Z", "afternoon")
    # Never after the report was made: 下午 at 17:30 told at 16:00 is placed at 16:00, as 下午 alone is.
    told = coordinator_api.post(f"/api/v1/events/{b.event_id}/reports", json={
        "kind": "activity", "area_id": b.areas["site-a"], "title": "巡查", "observed_at": "2021-07-22 17:30",
        "observed_precision": "afternoon", "reported_at": "2021-07-22 16:00"})
    assert told.status_code == 201, told.json
    assert coordinator_api.get(f"/api/v1/reports/{told.json['id']}").json["observed_at"] == "2021-07-22T08:00:00Z"


def test_the_api_refuses_a_clock_outside_the_part_of_the_day(database, coordinator_api: TokenClient):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    refused = _activity(coordinator_api, b.event_id, b.areas["site-a"], "2021-07-21 09:00", "afternoon")
    assert refused.status_code == 422 and set(refused.json["errors"]) == {"observed_at"}, refused.json
    said = refused.json["errors"]["observed_at"]
    assert "09:00" in said and "afternoon" in said and "12:00–18:00" in said, said
    zh = _activity(coordinator_api, b.event_id, b.areas["site-a"], "2021-07-21 09:00", "afternoon", "zh-CN")
    assert "09:00不在下午（12:00–18:00）" in zh.json["errors"]["observed_at"], zh.json


def test_a_bare_day_with_a_part_names_no_clock(database, coordinator_api: TokenClient):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    for precision, expected in (("afternoon", "07:00"), ("night", "19:00"), ("day", "04:00")):
        made = _activity(coordinator_api, b.event_id, b.areas["site-a"], "2021-07-21", precision)
        assert made.status_code == 201, made.json
        day = "2021-07-20" if precision == "night" else "2021-07-21"  # 凌晨 03:00 local is 19:00 UTC the day before
        read = coordinator_api.get(f"/api/v1/reports/{made.json['id']}").json
        assert read["observed_at"] == f"{day}T{expected}:00Z", (precision, read)


def test_the_form_keeps_the_clock_inside_and_refuses_it_outside(client, auth, make_user, live, session, database):
    forms = Forms(client)
    place = str(session.scalar(sa.select(Area.id).where(Area.name == "西钟楼巷")))
    make_user("li", "reporter")
    auth.login("li")
    url = f"/events/{live.id}/reports/new/activity"
    yesterday = (now_utc() - timedelta(days=1)).astimezone(live.tz).date().isoformat()
    outside = forms.submit(url, {"area_id": place, "title": "时段外",
                                 **when("observed_at", yesterday, "09:00", "afternoon")})
    assert outside.status_code == 422
    assert "09:00不在下午（12:00–18:00）" in htmllib.unescape(outside.get_data(as_text=True))
    inside = forms.submit(url, {"area_id": place, "title": "时段内",
                                **when("observed_at", yesterday, "15:30", "afternoon")})
    assert inside.status_code == 302, inside.get_data(as_text=True)[-2000:]
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(ActivityEntry)
                        .where(ActivityEntry.title == "时段外")) == 0
        entry = s.scalar(sa.select(ActivityEntry).where(ActivityEntry.title == "时段内"))
        assert entry is not None and entry.observed_precision == "afternoon"
        assert entry.observed_at.astimezone(live.tz).strftime("%H:%M") == "15:30"
