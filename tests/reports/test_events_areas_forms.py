"""Event and area forms (coordinators) and the area picker's search."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from incidents.models import Area, AuditEntry, Event
from tests.conftest import Auth
from tests.reports.conftest import hidden


def test_coordinator_creates_and_corrects_an_event(client, auth, make_user, seeded, database):
    make_user("wang", "coordinator")
    auth.login("wang")
    response = auth.post("/events/new", {
        "code": "wenfeng-2023-07-doksuri", "name": "台风“杜苏芮”", "kind": "typhoon", "timezone": "Asia/Shanghai",
        "starts_at": "2023-07-29T08:00", "brief_time": "07:30", "area_id": "1", "issuer": "文峰区防指"})
    assert response.status_code == 302, response.get_data(as_text=True)
    with database.read_session() as s:
        event = s.scalar(sa.select(Event).where(Event.code == "wenfeng-2023-07-doksuri"))
        assert event.starts_at == datetime(2023, 7, 29, 8, tzinfo=ZoneInfo("Asia/Shanghai"))
        assert event.brief_time.strftime("%H:%M") == "07:30"
    edit = f"/events/{event.id}/edit"
    html = client.get(edit).get_data(as_text=True)
    assert 'value="2023-07-29T08:00"' in html and hidden(html, "version") == "1"
    response = auth.post(edit, {"code": "wenfeng-2023-07-doksuri", "name": "台风“杜苏芮”", "kind": "typhoon",
                                "timezone": "Asia/Shanghai", "starts_at": "2023-07-29T08:00",
                                "ends_at": "2023-07-28T08:00", "brief_time": "07:30", "version": "1"})
    assert response.status_code == 422 and "早于开始时间" in response.get_data(as_text=True)
    response = auth.post(edit, {"code": "wenfeng-2023-07-doksuri", "name": "台风“杜苏芮”", "kind": "typhoon",
                                "timezone": "Asia/Shanghai", "starts_at": "2023-07-29T08:00",
                                "ends_at": "2023-08-02T08:00", "brief_time": "07:30", "version": "1"})
    assert response.status_code == 302
    # A second editor still holding version 1 gets a 409 and the newer version, not an overwrite.
    response = auth.post(edit, {"code": "wenfeng-2023-07-doksuri", "name": "杜苏芮", "kind": "typhoon",
                                "timezone": "Asia/Shanghai", "starts_at": "2023-07-29T08:00", "version": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409 and "新版本（第2版）" in html and 'value="2023-08-02T08:00"' in html
    with database.read_session() as s:
        event = s.get(Event, event.id)
        assert event.name == "台风“杜苏芮”" and event.version == 2
        assert s.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
            AuditEntry.entity == "events", AuditEntry.entity_id == event.id)) == 2


def test_reporters_cannot_manage_events_or_areas(client, auth, make_user, seeded):
    make_user("li", "reporter")
    auth.login("li")
    assert client.get("/events/new").status_code == 403
    assert client.get("/areas/new").status_code == 403


def test_coordinator_creates_and_corrects_an_area(client, auth, make_user, seeded, database, session):
    make_user("wang", "coordinator")
    auth.login("wang")
    bdj = session.scalar(sa.select(Area).where(Area.name == "北大街街道"))
    html = client.get(f"/areas/new?parent={bdj.id}").get_data(as_text=True)
    assert '<option value="community" selected>' in html
    response = auth.post("/areas/new", {"parent_id": str(bdj.id), "level": "site", "name": "仓巷街12号院",
                                        "coordinates": "36°5′26″N 114°21′26″E", "households": "1,200",
                                        "buildings": "abc"}, form_url="/areas/new")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "须为整数" in html and 'value="1,200"' in html and "仓巷街12号院" in html
    response = auth.post("/areas/new", {"parent_id": str(bdj.id), "level": "site", "name": "仓巷街12号院",
                                        "coordinates": "36°5′26″N 114°21′26″E", "households": "1,200",
                                        "buildings": "6"}, form_url="/areas/new")
    assert response.status_code == 302
    with database.read_session() as s:
        area = s.scalar(sa.select(Area).where(Area.name == "仓巷街12号院"))
        assert (area.households, area.buildings) == (1200, 6)
        assert round(area.latitude, 4) == 36.0906 and round(area.longitude, 4) == 114.3572
    # The picker finds it by its initials at once.
    assert client.get("/api/v1/areas?q=cxj").get_json()["areas"][0]["name"] == "仓巷街12号院"
    response = auth.post(f"/areas/{area.id}/edit", {"parent_id": str(bdj.id), "level": "site",
                                                    "name": "仓巷街12号院", "coordinates": "north",
                                                    "version": "1"})
    assert response.status_code == 422 and "无法识别坐标" in response.get_data(as_text=True)


def test_every_mistake_of_an_area_form_is_named_at_once(client, auth, make_user, seeded, database, session):
    """Coordinates that cannot be read, a name taken under the parent and a negative count: one answer names all."""
    make_user("wang", "coordinator")
    auth.login("wang")
    site = session.scalar(sa.select(Area).where(Area.name == "西钟楼巷"))
    before = session.scalar(sa.select(sa.func.count()).select_from(Area))
    response = auth.post("/areas/new", {"parent_id": str(site.parent_id), "level": "site", "name": "西钟楼巷",
                                        "coordinates": "north", "households": "-5"}, form_url="/areas/new")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    errors = dict(re.findall(r'<p class="error" id="([a-z_]+)-error">([^<]*)</p>', html))
    assert "无法识别坐标" in errors["coordinates"]
    assert "同一上级下已有同名地点" in errors["name"] and "不能为负数" in errors["households"], errors
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Area)) == before
    # The same on correcting an area.
    other = session.scalar(sa.select(Area).where(Area.parent_id == site.parent_id, Area.id != site.id,
                                                 Area.level == site.level))
    response = auth.post(f"/areas/{other.id}/edit", {"parent_id": str(site.parent_id), "level": "site",
                                                     "name": "西钟楼巷", "coordinates": "north",
                                                     "version": str(other.version)})
    errors = dict(re.findall(r'<p class="error" id="([a-z_]+)-error">([^<]*)</p>', response.get_data(as_text=True)))
    assert response.status_code == 422 and {"coordinates", "name"} <= errors.keys(), errors


def test_area_edit_stale_is_409(app, client, auth, make_user, seeded, database, session):
    make_user("wang", "coordinator")
    make_user("zhou", "coordinator")
    auth.login("wang")
    site = session.scalar(sa.select(Area).where(Area.name == "西钟楼巷"))
    base = {"parent_id": str(site.parent_id), "level": "site", "name": "西钟楼巷", "version": "1"}
    other = app.test_client()
    Auth(other).login("zhou")
    assert Auth(other).post(f"/areas/{site.id}/edit", {**base, "households": "320"}).status_code == 302
    response = auth.post(f"/areas/{site.id}/edit", {**base, "households": "300"})
    assert response.status_code == 409
    assert 'value="320"' in response.get_data(as_text=True)
    with database.read_session() as s:
        assert s.get(Area, site.id).households == 320


def test_area_search_by_name_or_initials_within_scope(client, auth, make_user, seeded):
    make_user("li", "reporter", scope="文峰区/北大街街道")
    auth.login("li")
    names = lambda q: [a["name"] for a in client.get(f"/api/v1/areas?q={q}").get_json()["areas"]]  # noqa: E731
    assert names("zdl") == ["彰德路64号院"]
    assert names("64号") == ["彰德路64号院"]
    assert names("zhangdelu") == ["彰德路64号院"]
    assert names("十二府") == ["文峰汇·十二府"]
    assert names("acjy") == []  # 安彩嘉园 lies outside 北大街街道
    assert client.get("/api/v1/areas?q=zdl").get_json()["areas"][0]["path"] == "北大街街道"
