"""A garbled `version` in the body is refused by name even beside a current If-Match.

With If-Match sent, a body's `version` that was no whole number ("3", "abc", 1.5, true, []) was dropped unseen on
a report, an event and an area: the client believed the version it sent was checked. Status changes already
refused it (422 naming version); each change now does, and nothing is saved.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Area, Event
from tests.api.test_reports_api import refused, rid, stored

GARBLED = ["abc", "3", 1.5, True, [], {"v": 1}]


@pytest.mark.parametrize("version", GARBLED)
@pytest.mark.parametrize("method", ["patch", "put"])
def test_a_report_change_refuses_a_garbled_body_version(seeded, coordinator_api, database, version, method):
    acjy2 = rid(database, "acjy2-outage")
    read = coordinator_api.get(f"/api/v1/reports/{acjy2}")
    full = read.get_json()
    before = stored(database, acjy2)
    body = {**(full if method == "put" else {}), "note": "改过", "version": version}
    answer = getattr(coordinator_api, method)(f"/api/v1/reports/{acjy2}", json=body,
                                              headers={"If-Match": read.headers["ETag"]})
    refused(answer, 422, "version")
    assert stored(database, acjy2) == before


@pytest.mark.parametrize("version", GARBLED)
def test_an_event_change_refuses_a_garbled_body_version(seeded, coordinator_api, database, version):
    with database.read_session() as s:
        event = s.scalars(sa.select(Event).order_by(Event.id)).first()
        event_id, description = event.id, event.description
    read = coordinator_api.get(f"/api/v1/events/{event_id}")
    answer = coordinator_api.patch(f"/api/v1/events/{event_id}", json={"description": "改过", "version": version},
                                   headers={"If-Match": read.headers["ETag"]})
    refused(answer, 422, "version")
    with database.read_session() as s:
        assert s.get(Event, event_id).description == description


@pytest.mark.parametrize("version", GARBLED)
def test_an_area_change_refuses_a_garbled_body_version(seeded, coordinator_api, database, version):
    with database.read_session() as s:
        area = s.scalar(sa.select(Area).where(Area.name == "西钟楼巷"))
        area_id, households = area.id, area.households
    read = coordinator_api.get(f"/api/v1/areas/{area_id}")
    answer = coordinator_api.patch(f"/api/v1/areas/{area_id}", json={"households": 77, "version": version},
                                   headers={"If-Match": read.headers["ETag"]})
    refused(answer, 422, "version")
    with database.read_session() as s:
        assert s.get(Area, area_id).households == households
