"""Names are one line of visible text; a body says what it means once (third outside audit).

An area named only a zero-width space, an event name with a right-to-left override (shown reversed
on every page and brief), a user name "root" + U+200B passing for root, a team with a tab: each is
refused by name. Full-width spaces stay (Chinese names use them). Debris with both mass_t and mass_kg,
disinfection counts sent as a list, and a junk area_id on an outage update were quietly taken; each
is now refused naming the field, and nothing is saved.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.auth.models import User
from incidents.distribution.models import Recipient
from incidents.events.models import Event
from incidents.reports.models import Report
from tests.api.conftest import TokenClient
from tests.conftest import csrf_from

EVENT = {"code": "names", "name": "名称", "kind": "rainstorm", "starts_at": "2021-07-01 00:00"}
HIDDEN = ["\u200b", "北大街\u202e街道", "甲\t乙", "甲\n乙", "甲\u2028乙", "\ufeff甲"]


def _ids(database) -> tuple[int, dict[str, int]]:  # noqa: ANN001
    with database.read_session() as s:
        event = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
        return event, {a.name: a.id for a in s.scalars(sa.select(Area))}


def _count(database, model) -> int:  # noqa: ANN001
    with database.read_session() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.mark.parametrize("name", HIDDEN)
def test_an_area_or_event_name_is_one_line_of_visible_text(seeded, database, coordinator_api: TokenClient, name):
    _, areas = _ids(database)
    areas_before, events_before = _count(database, Area), _count(database, Event)
    area = coordinator_api.post("/api/v1/areas", json={"name": name, "level": "community",
                                                       "parent_id": areas["北大街街道"]})
    assert area.status_code == 422 and set(area.get_json()["errors"]) == {"name"}
    assert "不可见字符" in area.get_json()["errors"]["name"]
    event = coordinator_api.post("/api/v1/events", json={**EVENT, "name_en": f"Flood {name}"})
    assert event.status_code == 422 and set(event.get_json()["errors"]) == {"name_en"}
    assert (_count(database, Area), _count(database, Event)) == (areas_before, events_before)


def test_full_width_spaces_and_an_events_description_lines_stay(seeded, database, coordinator_api: TokenClient):
    _, areas = _ids(database)
    made = coordinator_api.post("/api/v1/areas", json={"name": "北大街\u3000一号院", "level": "community",
                                                       "parent_id": areas["北大街街道"]})
    assert made.status_code == 201, made.get_json()
    event = coordinator_api.post("/api/v1/events", json={**EVENT, "description": "第一行\n第二行"})
    assert event.status_code == 201, event.get_json()


@pytest.mark.parametrize("field", ["team", "team_en"])
def test_a_pumping_team_is_one_line(seeded, database, coordinator_api: TokenClient, field):
    event, areas = _ids(database)
    before = _count(database, Report)
    body = {"kind": "pumping", "area_id": areas["北大街街道"], "observed_at": "2021-07-23 10:00",
            "team": "市政排水队", field: "排水\u200b队" if field == "team" else "Drainage\tteam"}
    refused = coordinator_api.post(f"/api/v1/events/{event}/reports", json=body)
    assert refused.status_code == 422 and set(refused.get_json()["errors"]) == {field}
    assert _count(database, Report) == before


def test_a_user_name_cannot_pass_for_another(client, auth, make_user, database):
    make_user("root", "admin")
    auth.login("root")
    before = _count(database, User)
    for data in ({"username": "root\u200b"}, {"username": "lookalike", "display_name": "root\u202e"}):
        token = csrf_from(client.get("/admin/users/new").get_data(as_text=True))
        response = client.post("/admin/users/new", data={
            "username": "x", "display_name": "", "role": "viewer", "scope_area_id": "",
            "password": "a much longer secret", **data, "csrf_token": token})
        assert response.status_code == 400 and "不可见字符" in response.get_data(as_text=True), data
    assert _count(database, User) == before


def test_a_recipient_name_is_one_line(seeded, client, auth, make_user, database):
    make_user("coord", "coordinator")
    auth.login("coord")
    url = f"/events/{_ids(database)[0]}/recipients"
    token = csrf_from(client.get(url).get_data(as_text=True))
    response = client.post(url, data={"lang": "zh", "briefs": "y", "area_id": "", "name": "值班\r\n群",
                                      "channel": "email", "address": "duty@example.gov.cn", "csrf_token": token})
    assert response.status_code == 400 and "不可见字符" in response.get_data(as_text=True)
    assert _count(database, Recipient) == 0


def test_debris_in_tonnes_and_kilograms_at_once_is_refused(seeded, database, coordinator_api: TokenClient):
    event, areas = _ids(database)
    before = _count(database, Report)
    body = {"kind": "debris", "area_id": areas["北大街街道"], "period_start": "2021-07-23 08:00",
            "period_end": "2021-07-23 18:00", "mass_t": 7, "mass_kg": 5}
    refused = coordinator_api.post(f"/api/v1/events/{event}/reports", json=body)
    assert refused.status_code == 422 and set(refused.get_json()["errors"]) == {"mass_t"}
    del body["mass_kg"]
    made = coordinator_api.post(f"/api/v1/events/{event}/reports", json=body)
    assert made.status_code == 201, made.get_json()
    assert _count(database, Report) == before + 1


@pytest.mark.parametrize("counts", [[], ""])
def test_disinfection_counts_are_an_object(seeded, database, coordinator_api: TokenClient, counts):
    event, areas = _ids(database)
    before = _count(database, Report)
    refused = coordinator_api.post(f"/api/v1/events/{event}/reports", json={
        "kind": "disinfection", "area_id": areas["北大街街道"], "observed_at": "2021-07-23 10:00",
        "person_times": 30, "counts": counts})
    assert refused.status_code == 422 and set(refused.get_json()["errors"]) == {"counts"}
    assert _count(database, Report) == before


@pytest.mark.parametrize("junk", ["x", [], -1, 1e308])
def test_a_junk_place_on_an_outage_update_is_named(seeded, database, coordinator_api: TokenClient, junk):
    event, areas = _ids(database)
    outage = coordinator_api.post(f"/api/v1/events/{event}/reports", json={
        "kind": "outage", "area_id": areas["彰德路64号院"], "started_at": "2021-07-22 10:00",
        "households_affected": 40})
    assert outage.status_code == 201, outage.get_json()
    before = _count(database, Report)
    refused = coordinator_api.post(f"/api/v1/events/{event}/reports", json={
        "kind": "outage_update", "outage_id": outage.get_json()["id"], "area_id": junk,
        "observed_at": "2021-07-23 10:00", "households_restored": 10})
    assert refused.status_code == 422 and "area_id" in refused.get_json()["errors"]
    assert _count(database, Report) == before
