"""An event's brief time is HH:MM on its clocks, nothing more (audit: "08:00+05:00" was taken with the
offset dropped, "08:00:00.123456" stored as sent and shown in every due time). Refused by name on the
form and the API alike: the one check is events/services.py's."""

from __future__ import annotations

import re
from datetime import time

import pytest
import sqlalchemy as sa

from incidents.models import Event
from tests.api.conftest import TokenClient, coordinator_api, new_token, token_client  # noqa: F401
from tests.conftest import csrf_from

LOOSE = ["08:00+05:00", "08:00Z", "08:00:00.123456", "08:00:30", "08:00:00", "08", "0800", "T08:00", "8:00",
         "24:00", "08:60", "０８:００"]
EVENT = {"code": "brief-time", "name": "早报", "kind": "flood", "timezone": "Asia/Shanghai",
         "starts_at": "2026-11-01T08:00", "area_id": ""}


def _brief_time(database) -> time | None:
    with database.read_session() as s:
        return s.scalar(sa.select(Event.brief_time))


@pytest.mark.parametrize("value", LOOSE)
def test_the_form_refuses_a_loose_brief_time_by_name(value, database, make_user, auth, client):
    make_user("c", "coordinator")
    auth.login("c")
    token = csrf_from(client.get("/events/new").get_data(as_text=True))
    response = client.post("/events/new", data={**EVENT, "csrf_token": token, "brief_time": value})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'<p class="error" id="brief_time-error">须为时刻（时:分）</p>', html)
    assert _brief_time(database) is None


def test_the_form_takes_hh_mm_and_the_edit_keeps_it(database, make_user, auth, client):
    make_user("c", "coordinator")
    auth.login("c")
    token = csrf_from(client.get("/events/new").get_data(as_text=True))
    assert client.post("/events/new", data={**EVENT, "csrf_token": token, "brief_time": "07:30"}).status_code == 302
    assert _brief_time(database) == time(7, 30)
    with database.read_session() as s:
        event_id = s.scalar(sa.select(Event.id))
    page = client.get(f"/events/{event_id}/edit").get_data(as_text=True)
    response = client.post(f"/events/{event_id}/edit", data={
        **EVENT, "csrf_token": csrf_from(page), "version": "1", "brief_time": "08:00+05:00"})
    assert response.status_code == 422 and 'id="brief_time-error"' in response.get_data(as_text=True)
    assert _brief_time(database) == time(7, 30)


@pytest.mark.parametrize("value", LOOSE)
def test_the_api_refuses_a_loose_brief_time_by_name(value, database, coordinator_api: TokenClient):  # noqa: F811
    body = {**EVENT, "starts_at": "2026-11-01 08:00"}
    del body["area_id"]
    response = coordinator_api.post("/api/v1/events", json={**body, "brief_time": value})
    assert response.status_code == 422 and set(response.json["errors"]) == {"brief_time"}, response.json
    assert _brief_time(database) is None
    made = coordinator_api.post("/api/v1/events", json={**body, "brief_time": "07:30"})
    assert made.status_code == 201 and made.json["brief_time"] == "07:30"
    changed = coordinator_api.patch(made.json["url"], json={"brief_time": value, "version": 1})
    assert changed.status_code == 422 and set(changed.json["errors"]) == {"brief_time"}, changed.json
    assert _brief_time(database) == time(7, 30)
    # Other fields still change alone, and HH:MM still changes it.
    renamed = coordinator_api.patch(made.json["url"], json={"name": "改名", "version": 1})
    assert renamed.status_code == 200 and renamed.json["brief_time"] == "07:30"
    later = coordinator_api.patch(made.json["url"], json={"brief_time": "09:15", "version": 2})
    assert later.status_code == 200 and later.json["brief_time"] == "09:15"
