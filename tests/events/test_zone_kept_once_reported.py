"""An event's time zone once reports are in (an h4 audit): the rainstorm's zone could be changed from
Asia/Shanghai to America/New_York after 100-odd reports, over the API and the form. Their local times were read on
Shanghai's clocks ("下午", "晚9时许", a typed 21:30) and are stored as instants: under the new zone every one of them
read twelve hours off, days and issue numbers moved, and the briefs already compiled no longer matched. Which
stored times were typed as local and which came with an offset cannot be told afterwards, so they cannot be read
again; the change is refused on 时区, naming how many reports and one of them. An event with none may change it."""

from __future__ import annotations

import sqlalchemy as sa

from incidents.models import Event, Report
from tests.api.conftest import TokenClient, coordinator_api, new_token, token_client  # noqa: F401
from tests.conftest import csrf_from

RAINSTORM = "wenfeng-2021-07-rainstorm"


def _event(database) -> Event:  # noqa: ANN001
    with database.read_session() as s:
        event = s.scalar(sa.select(Event).where(Event.code == RAINSTORM))
        s.expunge(event)
        return event


def test_the_api_keeps_the_zone_of_an_event_with_reports(seeded, database, coordinator_api: TokenClient):  # noqa: F811
    event = _event(database)
    with database.read_session() as s:
        count = s.scalar(sa.select(sa.func.count()).select_from(Report).where(Report.event_id == event.id))
        first = s.scalar(sa.select(sa.func.min(Report.id)).where(Report.event_id == event.id))
    body = coordinator_api.get(f"/api/v1/events/{event.id}").json
    refused = coordinator_api.patch(body["url"], json={"timezone": "America/New_York", "version": body["version"]})
    assert refused.status_code == 422 and set(refused.json["errors"]) == {"timezone"}, refused.json
    assert f"已有{count}份报告" in refused.json["errors"]["timezone"]
    assert f"#{first}" in refused.json["errors"]["timezone"]
    after = _event(database)
    assert (after.timezone, after.version) == ("Asia/Shanghai", event.version)
    # Its other fields still change; so does the zone of an event with no report yet.
    assert coordinator_api.patch(body["url"], json={"timezone": "Asia/Shanghai", "name_en": "Rainstorm",
                                                    "version": body["version"]}).status_code == 200
    made = coordinator_api.post("/api/v1/events", json={"code": "empty", "name": "空", "kind": "flood",
                                                        "starts_at": "2026-11-01 08:00"})
    moved = coordinator_api.patch(made.json["url"], json={"timezone": "Asia/Tokyo", "version": made.json["version"]})
    assert moved.status_code == 200 and moved.json["timezone"] == "Asia/Tokyo"


def test_the_form_keeps_it_too(seeded, database, make_user, auth, client):
    make_user("c", "coordinator")
    auth.login("c")
    event = _event(database)
    page = client.get(f"/events/{event.id}/edit").get_data(as_text=True)
    fields = {"code": event.code, "name": event.name, "kind": event.kind.value, "starts_at": "2021-07-22T00:00",
              "brief_time": "08:00", "area_id": str(event.area_id), "version": str(event.version)}
    refused = client.post(f"/events/{event.id}/edit", data={**fields, "timezone": "America/New_York",
                                                           "csrf_token": csrf_from(page)})
    assert refused.status_code == 422
    assert 'id="timezone-error">本事件已有' in refused.get_data(as_text=True)
    assert _event(database).timezone == "Asia/Shanghai"
