"""A subdistrict's coordinator who sends the event or area form for a place outside their scope gets a 403.

Found (outside audit): the pages answered 422 ("fix the fields") where the API answers 403 for the same
request, and docs/security.md says a scope refusal is a 403 naming the field. Now the form comes back with
the place field marked (area_id / parent_id: 不在您管理的地点范围内), status 403, nothing saved.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.events.models import Event
from incidents.events.services import create_event
from tests.conftest import csrf_from

BDJ = "文峰区/北大街街道"
OUTSIDE = "不在您管理的地点范围内"


def _area(session, name: str) -> int:  # noqa: ANN001
    return session.scalar(sa.select(Area.id).where(Area.name == name))


def _field_errors(response, field: str) -> str:  # noqa: ANN001
    select = re.search(rf'<select[^>]*name="{field}".*?</select>(.*?)</div>', response.get_data(as_text=True), re.S)
    assert select is not None, response.get_data(as_text=True)[-2000:]
    return select.group(1)


def _event_form(area_id: str, **more: str) -> dict[str, str]:
    return {"code": "bdj-storm", "name": "北大街积水", "kind": "rainstorm", "timezone": "Asia/Shanghai",
            "starts_at": "2021-07-22T08:00", "brief_time": "08:00", "area_id": area_id, **more}


def test_the_event_form_refuses_a_place_outside_with_403(seeded, database, session, client, auth, make_user):
    make_user("c-bdj", "coordinator", scope=BDJ)
    auth.login("c-bdj")
    other = _area(session, "东关街道")
    token = csrf_from(client.get("/events/new").get_data(as_text=True))
    for area_id in (str(other), ""):  # another subdistrict, the whole district
        refused = client.post("/events/new", data={"csrf_token": token, **_event_form(area_id)})
        assert refused.status_code == 403, (area_id, refused.status_code)
        assert OUTSIDE in _field_errors(refused, "area_id"), area_id
    assert session.scalar(sa.select(sa.func.count()).select_from(Event).where(Event.code == "bdj-storm")) == 0

    with database.transaction() as s:
        own = create_event(s, code="bdj-own", name="北大街暴雨", kind="rainstorm",
                           starts_at=datetime(2021, 7, 22, tzinfo=UTC), area_id=_area(s, "北大街街道"))
        own_id, version = own.id, own.version
    page = client.get(f"/events/{own_id}/edit").get_data(as_text=True)
    moved = client.post(f"/events/{own_id}/edit", data={"csrf_token": csrf_from(page), "version": str(version),
                                                        **_event_form(str(other), code="bdj-own")})
    assert moved.status_code == 403 and OUTSIDE in _field_errors(moved, "area_id")
    session.rollback()
    assert session.get(Event, own_id).area_id == _area(session, "北大街街道")


def test_the_area_form_refuses_a_parent_outside_with_403(seeded, session, client, auth, make_user):
    make_user("c-bdj", "coordinator", scope=BDJ)
    auth.login("c-bdj")
    other, own = _area(session, "东关街道"), _area(session, "北大街街道")
    count = session.scalar(sa.select(sa.func.count()).select_from(Area))
    token = csrf_from(client.get(f"/areas/new?parent={own}").get_data(as_text=True))
    made = client.post("/areas/new", data={"csrf_token": token, "parent_id": str(other), "level": "community",
                                          "name": "越界社区"})
    assert made.status_code == 403 and OUTSIDE in _field_errors(made, "parent_id")
    child = session.scalar(sa.select(Area).where(Area.parent_id == own).order_by(Area.id).limit(1))
    page = client.get(f"/areas/{child.id}/edit").get_data(as_text=True)
    moved = client.post(f"/areas/{child.id}/edit", data={"csrf_token": csrf_from(page), "version": str(child.version),
                                                         "parent_id": str(other), "level": child.level.value,
                                                         "name": child.name})
    assert moved.status_code == 403 and OUTSIDE in _field_errors(moved, "parent_id")
    session.rollback()
    assert session.scalar(sa.select(sa.func.count()).select_from(Area)) == count
    assert session.get(Area, child.id).parent_id == own
