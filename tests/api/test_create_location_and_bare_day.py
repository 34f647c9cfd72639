"""Found replaying a flood through the API: a report create's Location names the API resource (as every
other create's does), and a bare day sent for a report's time is that whole day, never an exact midnight."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.events.models import Event
from tests.api.conftest import TokenClient


@pytest.fixture
def where(seeded, session) -> tuple[str, int]:  # noqa: ANN001
    """The report create URL of the rainstorm and a place in it."""
    event = session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    area = session.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
    return f"/api/v1/events/{event}/reports", area


def test_the_location_of_a_created_report_is_its_api_resource(where, coordinator_api: TokenClient):
    url, area = where
    body = {"kind": "activity", "area_id": area, "observed_at": "2021-07-24 10:00", "title": "巡查"}
    made = coordinator_api.post(url, json=body, headers={"Idempotency-Key": "location-probe"})
    assert made.status_code == 201, made.json
    location = made.headers["Location"]
    assert location == f"/api/v1/reports/{made.json['id']}"
    read = coordinator_api.get(location)
    assert read.status_code == 200 and read.json["id"] == made.json["id"]
    again = coordinator_api.post(url, json=body, headers={"Idempotency-Key": "location-probe"})
    assert again.status_code == 200 and again.headers["Location"] == location


def test_a_bare_day_is_the_whole_day_not_an_exact_midnight(where, coordinator_api: TokenClient):
    url, area = where
    made = coordinator_api.post(url, json={"kind": "activity", "area_id": area, "observed_at": "2021-07-24",
                                           "title": "巡查", "reported_at": "2021-07-25 09:00"})
    assert made.status_code == 201, made.json
    read = coordinator_api.get(f"/api/v1/reports/{made.json['id']}").json
    # The middle of 24 July in Asia/Shanghai, as the form stores "2021-07-24" with precision day.
    assert (read["observed_at"], read["observed_precision"]) == ("2021-07-24T04:00:00Z", "day")


def test_a_bare_day_with_a_precision_sent_beside_it_keeps_that_precision(where, coordinator_api: TokenClient):
    url, area = where
    made = coordinator_api.post(url, json={"kind": "activity", "area_id": area, "observed_at": "2021-07-24",
                                           "observed_precision": "afternoon", "title": "巡查",
                                           "reported_at": "2021-07-25 09:00"})
    assert made.status_code == 201, made.json
    read = coordinator_api.get(f"/api/v1/reports/{made.json['id']}").json
    assert (read["observed_at"], read["observed_precision"]) == ("2021-07-24T07:00:00Z", "afternoon")


def test_a_bare_day_is_no_reported_at(where, coordinator_api: TokenClient):
    url, area = where
    made = coordinator_api.post(url, json={"kind": "activity", "area_id": area, "observed_at": "2021-07-24 10:00",
                                           "title": "巡查", "reported_at": "2021-07-25"})
    assert made.status_code == 422 and set(made.json["errors"]) == {"reported_at"}
