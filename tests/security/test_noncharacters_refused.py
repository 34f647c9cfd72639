"""U+FFFE and U+FFFF in a text are refused by name (probed 7 December, morning).

They are no characters (Unicode's noncharacters: a byte-order mark read backwards, a "not a character" sentinel)
and XML 1.0 forbids them: stored, each was left out of the workbooks and the brief's Word file at best, a 500 before
(`test_xml_forbidden_characters.py`). A report's title and note, an area's name, an event's description, an
account's name and a token's name over the API and the pages were taken (201, 302) where a NUL beside them is
refused; now each is the 4xx naming its field, nothing stored, as a control character is.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.auth.models import User
from incidents.auth.tokens import ApiToken
from incidents.events.models import Event
from incidents.reports.models import Report
from tests.api.conftest import coordinator_api, new_token, token_client  # noqa: F401
from tests.conftest import csrf_from, event_id_of
from tests.security.sweep import form_fields

NONCHARACTERS = ["\ufffe", "\uffff"]


def _count(session, model) -> int:  # noqa: ANN001
    session.rollback()
    return session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.mark.parametrize("bad", NONCHARACTERS)
def test_the_api_names_each_field_holding_one(coordinator_api, seeded, database, session, bad):  # noqa: F811
    event_id = event_id_of(database, "wenfeng-2021-07-rainstorm")
    place = session.scalar(sa.select(Area.id).where(Area.name == "西钟楼巷"))
    parent = session.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    before = [_count(session, m) for m in (Report, Area, Event)]
    report = coordinator_api.post(f"/api/v1/events/{event_id}/reports", json={
        "kind": "activity", "area_id": place, "title": f"排水{bad}作业", "note": f"备注{bad}",
        "observed_at": "2021-07-22 10:00"})
    assert report.status_code == 422 and set(report.json["errors"]) == {"title", "note"}, report.json
    area = coordinator_api.post("/api/v1/areas", json={"name": f"新区{bad}", "level": "site", "parent_id": parent})
    assert area.status_code == 422 and set(area.json["errors"]) == {"name"}, area.json
    event = coordinator_api.post("/api/v1/events", json={
        "name": "暴雨", "code": "nonchar-1", "kind": "rainstorm", "area_id": parent, "timezone": "Asia/Shanghai",
        "starts_at": "2021-07-21T16:00:00Z", "description": f"说明{bad}"})
    assert event.status_code == 422 and set(event.json["errors"]) == {"description"}, event.json
    assert [_count(session, m) for m in (Report, Area, Event)] == before


@pytest.mark.parametrize("bad", NONCHARACTERS)
def test_a_report_form_names_the_title(client, auth, make_user, seeded, database, session, bad):
    make_user("bdj", "reporter", scope="文峰区/北大街街道")
    auth.login("bdj")
    event_id = event_id_of(database, "wenfeng-2021-07-rainstorm")
    place = session.scalar(sa.select(Area.id).where(Area.name == "西钟楼巷"))
    before = _count(session, Report)
    page = client.get(f"/events/{event_id}/reports/new/activity").get_data(as_text=True)
    response = client.post(f"/events/{event_id}/reports/new/activity", data={
        **form_fields(page), "area_id": str(place), "title": f"排水{bad}作业", "observed_at-day": "2021-07-22",
        "observed_at-time": "10:00", "observed_at-precision": "exact"})
    assert response.status_code == 422, response.status_code
    html = response.get_data(as_text=True)
    assert 'id="title-error">含有无法保存的控制字符' in html  # beside the title's field, the value kept in it
    assert _count(session, Report) == before


@pytest.mark.parametrize("bad", NONCHARACTERS)
def test_an_account_name_and_a_token_name_are_refused(client, auth, make_user, session, bad):
    make_user("root", "admin")
    auth.login("root")
    users = _count(session, User)
    response = auth.post("/admin/users/new", {"username": "zhangwei", "display_name": f"张伟{bad}",
                                              "role": "viewer", "scope_area_id": "", "password": "a long new secret"})
    assert response.status_code == 400 and 'aria-invalid="true"' in response.get_data(as_text=True)
    assert _count(session, User) == users
    page = client.get("/account").get_data(as_text=True)
    once = re.search(r'name="once"[^>]*value="([^"]+)"', page)
    assert once
    refused = client.post("/account/tokens", data={"csrf_token": csrf_from(page), "once": once.group(1),
                                                   "name": f"GIS{bad}"})
    assert refused.status_code == 400
    assert _count(session, ApiToken) == 0
