"""A JSON key given twice in one object is refused (400 naming it), never read as its last value.

`{"kind": "activity", "kind": "outage"}` used to be an outage: Python's json keeps the last one
without a word. Every body the app parses goes through incidents/inputs.py (GuardedJSONProvider).
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.events.models import Event
from incidents.reports.models import Report
from tests.api.conftest import TokenClient

PROBLEM = "application/problem+json"
JSON = {"Content-Type": "application/json"}


@pytest.fixture
def where(seeded, session) -> tuple[int, int]:  # noqa: ANN001
    """The rainstorm's id and a place in it."""
    event = session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    area = session.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
    return event, area


def _reports(database) -> int:  # noqa: ANN001
    with database.read_session() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(Report))


def _refused(response, field: str) -> dict:  # noqa: ANN001
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert field in body["errors"], body
    return body


def test_the_auditors_body_is_refused_naming_kind(where, database, reporter_api: TokenClient):
    event, _area = where
    before = _reports(database)
    response = reporter_api.post(f"/api/v1/events/{event}/reports", data='{"kind":"activity","kind":"outage"}',
                                 headers={**JSON, "Accept-Language": "en"})
    body = _refused(response, "kind")
    assert body["errors"] == {"kind": "is given more than once"}
    assert _reports(database) == before


def test_a_body_valid_by_its_last_kind_is_not_stored(where, database, reporter_api: TokenClient):
    event, area = where
    before = _reports(database)
    # Valid as an activity (the last "kind"): before the fix this was stored, the outage never said.
    raw = ('{"kind": "outage", "area_id": AREA, "observed_at": "2021-07-22 14:30", "title": "巡查", '
           '"kind": "activity"}').replace("AREA", str(area))
    _refused(reporter_api.post(f"/api/v1/events/{event}/reports", data=raw, headers=JSON), "kind")
    assert _reports(database) == before


def test_a_key_repeated_inside_a_member_is_named_with_it(where, database, reporter_api: TokenClient):
    event, area = where
    before = _reports(database)
    raw = ('{"kind": "disinfection", "area_id": AREA, "observed_at": "2021-07-25 10:00", "staff": 3, '
           '"counts": {"street": [1, false], "street": [2, false]}}').replace("AREA", str(area))
    _refused(reporter_api.post(f"/api/v1/events/{event}/reports", data=raw, headers=JSON), "counts.street")
    assert _reports(database) == before


def test_every_json_body_is_guarded(where, database, coordinator_api: TokenClient, reporter_api: TokenClient):
    event, area = where
    made = reporter_api.post(f"/api/v1/events/{event}/reports",
                             json={"kind": "activity", "area_id": area, "observed_at": "2021-07-22 14:30",
                                   "title": "巡查"})
    assert made.status_code == 201, made.get_data(as_text=True)
    report = made.get_json()
    # A correction: the version twice would let a stale write through as a fresh one (or the reverse).
    raw = '{"title": "改", "version": 99, "version": VERSION}'.replace("VERSION", str(report["version"]))
    _refused(reporter_api.patch(f"/api/v1/reports/{report['id']}", data=raw, headers=JSON), "version")
    _refused(coordinator_api.post("/api/v1/events", headers=JSON, data=(
        '{"code": "dup-1", "name": "a", "code": "dup-2", "kind": "storm", "starts_at": "2026-11-01 08:00"}')),
        "code")
    _refused(coordinator_api.post("/api/v1/areas", headers=JSON,
                                  data='{"name": "新小区", "level": "site", "name": "另一个"}'), "name")
    with database.read_session() as s:
        assert s.get(Report, report["id"]).title == "巡查"
        assert s.scalar(sa.select(sa.func.count()).select_from(Event).where(Event.code.like("dup-%"))) == 0
        assert s.scalar(sa.select(sa.func.count()).select_from(Area).where(Area.name.in_(("新小区", "另一个")))) == 0


def test_the_same_key_in_two_objects_is_fine(where, database, reporter_api: TokenClient):
    event, area = where
    raw = ('{"kind": "disinfection", "area_id": AREA, "observed_at": "2021-07-25 10:00", "staff": 3, '
           '"counts": {"street": [1, false]}, "note": "street"}').replace("AREA", str(area))
    response = reporter_api.post(f"/api/v1/events/{event}/reports", data=raw, headers=JSON)
    assert response.status_code == 201, response.get_data(as_text=True)
