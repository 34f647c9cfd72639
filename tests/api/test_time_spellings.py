"""Three time spellings the input probe of 6 December left (docs/security.md), as the API reads them.

- `2021-07-30 ~` (about, with no clock after it) was read as that whole day, the "about" dropped: it is
  refused naming the field, saying a clock goes after the ~ (the whole day is the date alone).
- An offset with seconds (`+08:00:30`, `+08:00:30.5`) was read as written: no zone in use has one, so it
  is a typing error, refused naming the field (a report's time, `updated_since`, `as_of`).
- A fraction of a second with more than six digits (Go's RFC3339Nano, JS libraries: nine) is accepted and
  cut to the microsecond, never rounded up past the instant sent (pinned here).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from incidents.models import Area, Event, Report

TILDE = "后面须写时刻"  # the API answers in Chinese unless asked otherwise
OFFSET = "UTC 偏移带了秒"


def _ids(database) -> tuple[int, int]:
    with database.read_session() as s:
        event = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
        area = s.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
    return event, area


def _post(api, database, observed_at: str):
    event, area = _ids(database)
    return api.post(f"/api/v1/events/{event}/reports", json={
        "kind": "activity", "area_id": area, "observed_at": observed_at, "title": "排涝调度会"})


def _stored(database, report_id: int) -> tuple[datetime, str]:
    with database.read_session() as s:
        report = s.get(Report, report_id)
        return report.observed_at.astimezone(UTC), report.observed_precision


def _reports(database) -> int:
    with database.read_session() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(Report))


@pytest.mark.parametrize("text", ["2021-07-30 ~", "2021-07-30 约", "2021年7月30日 约", "2021/7/30 ~ "])
def test_about_with_no_clock_is_refused_naming_the_field(seeded, database, coordinator_api, text):
    before = _reports(database)
    response = _post(coordinator_api, database, text)
    assert response.status_code == 422, response.get_json()
    assert list(response.get_json()["errors"]) == ["observed_at"]
    assert TILDE in response.get_json()["errors"]["observed_at"]
    assert _reports(database) == before


def test_about_with_a_clock_is_still_approximate(seeded, database, coordinator_api):
    made = _post(coordinator_api, database, "2021-07-30 ~08:00")
    assert made.status_code == 201, made.get_json()
    assert _stored(database, made.get_json()["id"])[1] == "approximate"


@pytest.mark.parametrize("text", ["2021-07-30T08:00+08:00:30", "2021-07-30T08:00:00+08:00:30.5",
                                  "2021-07-30 08:00-00:00:01", "2021-07-30T08:00+080030",
                                  "2021-07-30 ~08:00+08:00:30"])
def test_an_offset_with_seconds_is_refused_naming_the_field(seeded, database, coordinator_api, text):
    before = _reports(database)
    response = _post(coordinator_api, database, text)
    assert response.status_code == 422, response.get_json()
    assert list(response.get_json()["errors"]) == ["observed_at"]
    assert OFFSET in response.get_json()["errors"]["observed_at"]
    assert _reports(database) == before


def test_an_offset_of_whole_minutes_written_with_seconds_is_that_offset(seeded, database, coordinator_api):
    made = _post(coordinator_api, database, "2021-07-30T08:00:00+08:00:00")
    assert made.status_code == 201, made.get_json()
    assert _stored(database, made.get_json()["id"])[0] == datetime(2021, 7, 30, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(("text", "stored"), [
    ("2021-07-30T08:00:00.123456789+08:00", datetime(2021, 7, 30, 0, 0, 0, 123456, tzinfo=UTC)),
    # Cut, not rounded: .9999999 rounded would be the next second, after the instant sent.
    ("2021-07-30T08:59:59.9999999Z", datetime(2021, 7, 30, 8, 59, 59, 999999, tzinfo=UTC)),
])
def test_nanoseconds_are_accepted_and_cut_to_the_microsecond(seeded, database, coordinator_api, text, stored):
    made = _post(coordinator_api, database, text)
    assert made.status_code == 201, made.get_json()
    assert _stored(database, made.get_json()["id"])[0] == stored


def test_a_query_instant_with_an_offset_of_seconds_is_the_400_naming_it(seeded, database, viewer_api):
    event, _area = _ids(database)
    listed = viewer_api.get(f"/api/v1/events/{event}/reports?updated_since=2021-07-25T01:00%2B08:00:30")
    assert listed.status_code == 400, listed.get_json()
    assert OFFSET in listed.get_json()["errors"]["updated_since"]
    # A + typed into the URL as is arrives as a space, and is read as the + it was (vague.plus_from_url).
    unescaped = viewer_api.get(f"/api/v1/events/{event}/reports?updated_since=2021-07-25T01:00+08:00:30")
    assert OFFSET in unescaped.get_json()["errors"]["updated_since"]
    timeline = viewer_api.get(f"/api/v1/events/{event}/timeline?as_of=2021-07-25T01:00%2B08:00:30")
    assert timeline.status_code == 400, timeline.get_json()
    assert OFFSET in timeline.get_json()["errors"]["as_of"]
    # Nanoseconds in a query are read as in a body: cut to the microsecond.
    assert viewer_api.get(f"/api/v1/events/{event}/reports?updated_since=2021-07-25T01:00:00.123456789Z"
                          ).status_code == 200
