"""A value that can be no record's id is told so by name ("is not a valid id"), never "required" nor "unknown".

Found by an auditor: over the API an outage_id, area_id or operation_id of -3, 0 or a 20-digit number was
"unknown report" (as if it were an id naming nothing) and on the forms a garbled hidden or select id ("٣", "abc")
was "required" (as if none had been sent). Missing or null stays "required"; a whole number from 1 that names
nothing stays "unknown"; nothing is saved either way.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.reports.models import Report
from tests.api.conftest import TokenClient
from tests.api.test_ids_not_numbers import EN, NOT_AN_ID, _ids

JUNK = [-3, 0, "٣", 10**19, "12345678901234567890", 1.5, "abc", True]


def _count(database) -> int:  # noqa: ANN001
    with database.read_session() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(Report))


@pytest.mark.parametrize("junk", JUNK)
def test_an_id_no_record_can_have_is_not_a_valid_id(seeded, database, coordinator_api: TokenClient, junk):
    event, area = _ids(database)
    url = f"/api/v1/events/{event}/reports"
    outage = coordinator_api.post(
        url, json={"kind": "outage", "area_id": area, "households_affected": 5, "started_at": "2021-07-22 10:00"}
    ).get_json()
    before = _count(database)
    bodies = {
        "area_id": {"kind": "activity", "area_id": junk, "title": "会商", "observed_at": "2021-07-22 10:00"},
        "outage_id": {
            "kind": "outage_update",
            "outage_id": junk,
            "observed_at": "2021-07-22 12:00",
            "households_restored": 2,
        },
        "operation_id": {
            "kind": "pumping_volume",
            "operation_id": junk,
            "period_start": "2021-07-22 10:00",
            "period_end": "2021-07-22 12:00",
            "volume_m3": 50,
        },
    }
    for field, body in bodies.items():
        refused = coordinator_api.post(url, json=body, headers=EN)
        assert refused.status_code == 422, (field, refused.get_json())
        assert refused.get_json()["errors"] == {field: NOT_AN_ID}, field
    # A restoration (fully_restored) says the same of its outage.
    full = coordinator_api.post(
        url,
        json={"kind": "outage_update", "outage_id": junk, "fully_restored": True, "observed_at": "2021-07-22 12:00"},
        headers=EN,
    )
    assert full.get_json()["errors"] == {"outage_id": NOT_AN_ID}
    chinese = coordinator_api.post(url, json=bodies["outage_id"])
    assert chinese.get_json()["errors"] == {"outage_id": "不是有效的编号：记录编号是从1起的整数"}
    moved = coordinator_api.patch(f"/api/v1/reports/{outage['id']}", json={"area_id": junk, "version": 1}, headers=EN)
    assert moved.status_code == 422 and moved.get_json()["errors"] == {"area_id": NOT_AN_ID}
    assert _count(database) == before


@pytest.mark.parametrize("missing", ["absent", None])
def test_a_missing_id_is_still_required(seeded, database, coordinator_api: TokenClient, missing):
    event, _area = _ids(database)
    body = {"kind": "outage_update", "observed_at": "2021-07-22 12:00", "households_restored": 2}
    if missing is None:
        body["outage_id"] = None
    refused = coordinator_api.post(f"/api/v1/events/{event}/reports", json=body, headers=EN)
    assert refused.status_code == 422 and refused.get_json()["errors"] == {"outage_id": "required"}
    # A whole number from 1 that names nothing is unknown, as before.
    body["outage_id"] = 999_999
    unknown = coordinator_api.post(f"/api/v1/events/{event}/reports", json=body, headers=EN)
    assert unknown.get_json()["errors"] == {"outage_id": "unknown report"}
