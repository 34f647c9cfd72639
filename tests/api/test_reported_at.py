"""reported_at (when the office learned a fact): the server's clock, unless a role that may backdate states it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.events.models import Event
from incidents.reports.models import ActivityEntry, Report
from tests.api.conftest import TokenClient


@pytest.fixture
def where(seeded, session) -> tuple[str, int]:  # noqa: ANN001
    """The report create URL of the rainstorm and an area."""
    event = session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    area = session.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
    return f"/api/v1/events/{event}/reports", area


def _body(area: int, **extra: object) -> dict:
    return {"kind": "activity", "title": "late import", "area_id": area, "observed_at": "2021-07-22 14:30",
            **extra}


def _stored(database, report_id: int) -> datetime:  # noqa: ANN001
    with database.read_session() as s:
        return s.get(Report, report_id).reported_at


def test_a_reporter_stating_reported_at_is_refused_not_ignored(where, database, reporter_api: TokenClient):
    url, area = where
    response = reporter_api.post(url, json=_body(area, reported_at="2021-07-22 15:00"),
                                 headers={"Accept-Language": "en"})
    assert response.status_code == 422 and set(response.json["errors"]) == {"reported_at"}
    assert "coordinators" in response.json["errors"]["reported_at"]
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(ActivityEntry)
                        .where(ActivityEntry.title == "late import")) == 0


def test_without_it_the_server_clock_decides(where, database, reporter_api: TokenClient):
    url, area = where
    before = datetime.now(UTC)
    response = reporter_api.post(url, json=_body(area, reported_at=None))
    assert response.status_code == 201
    assert _stored(database, response.json["id"]) >= before - timedelta(seconds=1)


@pytest.mark.parametrize(("stated", "expected"), [
    ("2021-07-22 15:00", datetime(2021, 7, 22, 7, 0, tzinfo=UTC)),            # event-local (Asia/Shanghai)
    ("2021-07-22T15:00:00+08:00", datetime(2021, 7, 22, 7, 0, tzinfo=UTC)),   # zoned
    ("2021-07-22T07:00:00Z", datetime(2021, 7, 22, 7, 0, tzinfo=UTC)),
])
def test_a_coordinator_may_state_it(where, database, coordinator_api: TokenClient, stated, expected):
    url, area = where
    response = coordinator_api.post(url, json=_body(area, reported_at=stated))
    assert response.status_code == 201, response.json
    assert _stored(database, response.json["id"]) == expected
    assert response.json["reported_at"].startswith("2021-07-22T07:00")


@pytest.mark.parametrize(("stated", "words"), [
    ("2021-07-22 14:00", "before the time it happened"),     # observed 14:30
    ("2999-01-01 10:00", "in the future"),
    ("2021-07-22 afternoon", "exact time"),                  # a vague time is no time of arrival
    ("yesterday", "date and time"),
    (20210722, "date and time"),
])
def test_a_stated_reported_at_must_be_possible(where, coordinator_api: TokenClient, stated, words):
    url, area = where
    response = coordinator_api.post(url, json=_body(area, reported_at=stated), headers={"Accept-Language": "en"})
    assert response.status_code == 422, response.json
    assert words in response.json["errors"]["reported_at"]


def test_a_vague_observation_is_never_placed_after_a_stated_arrival(where, database, coordinator_api: TokenClient):
    """validation.py: a vague time is stored no later than it was reported (here: the stated time)."""
    url, area = where
    body = _body(area, observed_at="2021-07-22 afternoon", reported_at="2021-07-22 13:10")
    response = coordinator_api.post(url, json=body)
    assert response.status_code == 201, response.json
    with database.read_session() as s:
        report = s.get(Report, response.json["id"])
        assert report.observed_at <= report.reported_at == datetime(2021, 7, 22, 5, 10, tzinfo=UTC)


def test_forms_are_unaffected_a_replay_with_another_reported_at_is_another_body(where, coordinator_api):  # noqa: ANN001
    url, area = where
    headers = {"Idempotency-Key": "import-7"}
    first = coordinator_api.post(url, json=_body(area, reported_at="2021-07-22 15:00"), headers=headers)
    again = coordinator_api.post(url, json=_body(area, reported_at="2021-07-22 15:00"), headers=headers)
    other = coordinator_api.post(url, json=_body(area, reported_at="2021-07-22 16:00"), headers=headers)
    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 422)
    assert "idempotency_key" in other.json["errors"]


@pytest.mark.parametrize("body, field", [
    ({"kind": "pumping", "team": "衡水", "observed_at": "2021-07-24 10:00", "ended_at": "2021-07-27 18:00"},
     "ended_at"),
    ({"kind": "debris", "period_start": "2021-07-23 10:00", "period_end": "2021-07-30 10:00"}, "period_end"),
])
def test_a_backdated_report_cannot_tell_what_had_not_happened_when_it_was_made(where, database, body, field,
                                                                              coordinator_api: TokenClient):
    url, area = where
    before = database.read_session().scalar(sa.select(sa.func.count()).select_from(Report))
    response = coordinator_api.post(url, json={**body, "area_id": area, "reported_at": "2021-07-24 12:00"},
                                    headers={"Accept-Language": "en"})
    # Stored, a pumping "ended" three days after it was reported was clamped to the report's time, and
    # a clearance's end was refused under reported_at, a field the client had right.
    assert response.status_code == 422, response.json
    assert set(response.json["errors"]) == {field}
    assert "after the report was made" in response.json["errors"][field]
    assert database.read_session().scalar(sa.select(sa.func.count()).select_from(Report)) == before


def test_an_end_added_later_by_an_edit_is_taken(where, database, coordinator_api: TokenClient):
    url, area = where
    made = coordinator_api.post(url, json={"kind": "pumping", "team": "衡水", "area_id": area,
                                           "observed_at": "2021-07-24 10:00", "reported_at": "2021-07-24 12:00"})
    assert made.status_code == 201, made.json
    ended = coordinator_api.patch(f"/api/v1/reports/{made.json['id']}",
                                  json={"ended_at": "2021-07-27 18:00", "version": made.json["version"]})
    assert ended.status_code == 200, ended.json  # told when it ended, after it ended


def test_an_unchanged_edit_leaves_a_backdated_vague_time_where_it_was(where, database, app, coordinator_api):
    url, area = where
    made = coordinator_api.post(url, json={"kind": "pumping", "team": "衡水", "area_id": area,
                                           "observed_at": "2021-07-24 10:00", "ended_at": "2021-07-24 下午",
                                           "reported_at": "2021-07-24 12:00"})
    assert made.status_code == 201, made.json
    report = coordinator_api.get(f"/api/v1/reports/{made.json['id']}").json
    # "Afternoon" said at 12:00 is stored no later than 12:00; an edit changing nothing placed it at 15:00.
    assert report["ended_at"] == "2021-07-24T04:00:00Z"  # 12:00 in Shanghai
    same = coordinator_api.patch(f"/api/v1/reports/{report['id']}", json={"version": report["version"]})
    assert (same.status_code, same.json["version"], same.json["ended_at"]) == (200, report["version"],
                                                                              report["ended_at"])
    body = {k: v for k, v in report.items() if k not in ("id", "status", "reporter", "area", "created_at",
                                                         "updated_at", "reported_at", "url", "event_id")}
    put = coordinator_api.put(f"/api/v1/reports/{report['id']}", json=body)
    assert (put.status_code, put.json["version"], put.json["ended_at"]) == (200, report["version"],
                                                                           report["ended_at"]), put.json


def test_an_edit_cannot_move_a_start_after_the_report_was_made(where, coordinator_api: TokenClient):
    url, area = where
    made = coordinator_api.post(url, json={"kind": "outage", "area_id": area, "started_at": "2021-07-24 10:00",
                                           "reported_at": "2021-07-24 13:00"})
    assert made.status_code == 201, made.json
    moved = coordinator_api.patch(f"/api/v1/reports/{made.json['id']}",
                                  json={"started_at": "2021-07-24 18:00", "version": made.json["version"]},
                                  headers={"Accept-Language": "en"})
    # Only an end may be added after the report (it ended later); a start cannot have come after it.
    assert moved.status_code == 422 and "after the report was made" in moved.json["errors"]["started_at"]
