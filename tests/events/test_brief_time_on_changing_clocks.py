"""A brief time the clocks skip or show twice (an h4 audit): an event in America/New_York with its brief at 02:30
was taken, though on the spring-forward day 02:30 never comes (the brief went out at 03:30 by one clock, and
the scheduler's trigger chose for itself), and 01:30 comes twice on the day the clocks go back. Local times are
never guessed (DESIGN): such a brief time is refused by name through the one parser of local times
(vague.local_candidates), saying the day and what the clocks do; any other time passes."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Event
from tests.api.conftest import TokenClient, coordinator_api, new_token, token_client  # noqa: F401
from tests.conftest import csrf_from

NEW_YORK = {"code": "ny", "name": "纽约洪水", "kind": "flood", "timezone": "America/New_York",
            "starts_at": "2027-01-10 08:00"}


@pytest.mark.parametrize(("clock", "said"), [
    ("02:30", "2027-03-14 America/New_York没有02:30（时钟拨快）"), ("02:00", "2027-03-14 America/New_York没有02:00"),
    ("01:30", "2027-11-07 America/New_York的01:30出现两次（时钟拨回）")])
def test_the_api_refuses_a_brief_time_the_clocks_skip_or_repeat(clock, said, database,
                                                                 coordinator_api: TokenClient):  # noqa: F811
    response = coordinator_api.post("/api/v1/events", json={**NEW_YORK, "brief_time": clock})
    assert response.status_code == 422 and set(response.json["errors"]) == {"brief_time"}, response.json
    assert said in response.json["errors"]["brief_time"]
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Event)) == 0


def test_other_times_and_zones_without_changes_pass(coordinator_api: TokenClient):  # noqa: F811
    assert coordinator_api.post("/api/v1/events", json={**NEW_YORK, "brief_time": "03:00"}).status_code == 201
    assert coordinator_api.post("/api/v1/events", json={**NEW_YORK, "code": "sh", "timezone": "Asia/Shanghai",
                                                         "brief_time": "02:30"}).status_code == 201


def test_a_zone_changed_under_a_brief_time_is_refused_too(coordinator_api: TokenClient):  # noqa: F811
    made = coordinator_api.post("/api/v1/events", json={**NEW_YORK, "timezone": "Asia/Shanghai", "brief_time": "02:30"})
    moved = coordinator_api.patch(made.json["url"], json={"timezone": "America/New_York",
                                                           "version": made.json["version"]})
    assert moved.status_code == 422 and set(moved.json["errors"]) == {"brief_time"}, moved.json


def test_the_form_refuses_it_on_its_field(database, make_user, auth, client):
    make_user("c", "coordinator")
    auth.login("c")
    token = csrf_from(client.get("/events/new").get_data(as_text=True))
    response = client.post("/events/new", data={**NEW_YORK, "starts_at": "2027-01-10T08:00", "area_id": "",
                                                "csrf_token": token, "brief_time": "02:30"})
    assert response.status_code == 422
    assert 'id="brief_time-error">2027-03-14 America/New_York没有02:30' in response.get_data(as_text=True)
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Event)) == 0
