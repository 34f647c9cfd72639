"""An id sent as something other than a whole number is told so, not that the record is unknown.

Found by an outside tester: `area_id: "abc"` was "unknown area", and a junk outage_id or operation_id
"unknown report", as if a number had been sent that names nothing. Since said as "is not a valid id"
(tests/api/test_ids_not_valid.py: -3, 0 and 20 digits too).
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.events.models import Event
from incidents.reports.models import Report
from tests.api.conftest import TokenClient

EN = {"Accept-Language": "en"}
NOT_AN_ID = "is not a valid id: a record's number is a whole number from 1"


def _ids(database) -> tuple[int, int]:  # noqa: ANN001
    with database.read_session() as s:
        event = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
        area = s.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
    return event, area


@pytest.mark.parametrize("junk", ["abc", "12", 1.5, True, [3], {"id": 3}])
def test_an_id_that_is_no_whole_number_says_so(seeded, database, coordinator_api: TokenClient, junk):
    event, area = _ids(database)
    url = f"/api/v1/events/{event}/reports"
    outage = coordinator_api.post(url, json={"kind": "outage", "area_id": area, "households_affected": 5,
                                             "started_at": "2021-07-22 10:00"}).get_json()
    with database.read_session() as s:
        before = s.scalar(sa.select(sa.func.count()).select_from(Report))
    bodies = {
        "area_id": {"kind": "activity", "area_id": junk, "title": "会商", "observed_at": "2021-07-22 10:00"},
        "outage_id": {"kind": "outage_update", "outage_id": junk, "observed_at": "2021-07-22 12:00",
                      "households_restored": 2},
        "operation_id": {"kind": "pumping_volume", "operation_id": junk, "period_start": "2021-07-22 10:00",
                         "period_end": "2021-07-22 12:00", "volume_m3": 50},
    }
    for field, body in bodies.items():
        refused = coordinator_api.post(url, json=body, headers=EN)
        assert refused.status_code == 422, (field, refused.get_json())
        assert refused.get_json()["errors"] == {field: NOT_AN_ID}, field
    chinese = coordinator_api.post(url, json=bodies["area_id"])
    assert chinese.get_json()["errors"] == {"area_id": "不是有效的编号：记录编号是从1起的整数"}
    # A correction too; a whole number that names nothing is still unknown.
    moved = coordinator_api.patch(f"/api/v1/reports/{outage['id']}", json={"area_id": junk, "version": 1},
                                  headers=EN)
    assert moved.status_code == 422 and moved.get_json()["errors"] == {"area_id": NOT_AN_ID}
    nowhere = coordinator_api.post(url, json={**bodies["area_id"], "area_id": 999_999}, headers=EN)
    assert nowhere.get_json()["errors"] == {"area_id": "unknown area"}
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Report)) == before


def test_the_areas_and_events_apis_say_a_junk_id_in_the_same_words(seeded, database, coordinator_api: TokenClient,
                                                                    admin_api: TokenClient):
    """The areas API said "must be an id (a whole number)" where the reports API says NOT_AN_ID (6 Dec, late)."""
    _, area = _ids(database)
    listed = coordinator_api.get("/api/v1/areas?parent_id=abc", headers=EN)
    assert listed.status_code == 422 and listed.get_json()["errors"] == {"parent_id": NOT_AN_ID}
    made = admin_api.post("/api/v1/areas", json={"name": "新点", "level": "site", "parent_id": "9" * 50}, headers=EN)
    assert made.status_code == 422 and made.get_json()["errors"] == {"parent_id": NOT_AN_ID}
    event = coordinator_api.post("/api/v1/events", json={"code": "x1", "name": "新事件", "kind": "rainstorm",
                                                        "starts_at": "2021-07-22 10:00", "area_id": True}, headers=EN)
    assert event.status_code == 422 and event.get_json()["errors"].get("area_id") == NOT_AN_ID
    chinese = coordinator_api.get("/api/v1/areas?parent_id=abc")
    assert chinese.get_json()["errors"] == {"parent_id": "不是有效的编号：记录编号是从1起的整数"}
