"""Values an auditor sent that once answered 500 or were stored: each is now a 4xx naming the field, nothing saved.

Events ending in year 9999 (the home page failed for everyone after), starting in year 0001, zones that
are not names, ids past the integer column, areas with 2**63 households or half a coordinate, titles of
spaces only, and a retracted report verified without being restored.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.db import now_utc
from incidents.events.models import Event
from incidents.reports.models import Report
from tests.api.conftest import TokenClient

RAIN = "wenfeng-2021-07-rainstorm"
EVENT = {"code": "probe", "name": "探测", "kind": "rainstorm", "starts_at": "2021-07-01 00:00"}
HUGE = 2**63


def count(database, model: type) -> int:  # noqa: ANN001
    """Rows of a model."""
    with database.read_session() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(model))


def refused(response, status: int, field: str) -> None:  # noqa: ANN001
    """A problem answer naming the field."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert field in response.get_json()["errors"], response.get_json()


@pytest.mark.parametrize("change", [
    {"ends_at": "9999-12-31 23:59"},
    {"starts_at": "0001-01-01 00:00"},
    {"starts_at": "0001-01-01 00:00", "timezone": "UTC"},
    {"starts_at": "0001-01-01 00:00", "timezone": "Europe/Berlin"},
])
def test_an_event_outside_the_years_the_log_holds_is_refused(coordinator_api: TokenClient, database, change):
    before = count(database, Event)
    field = "ends_at" if "ends_at" in change else "starts_at"
    refused(coordinator_api.post("/api/v1/events", json={**EVENT, **change}), 422, field)
    assert count(database, Event) == before
    assert coordinator_api.page("/").status_code == 200


def test_an_event_may_not_end_in_the_future_but_may_start_there(coordinator_api: TokenClient, database):
    tomorrow = (now_utc() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    refused(coordinator_api.post("/api/v1/events", json={**EVENT, "ends_at": tomorrow}), 422, "ends_at")
    created = coordinator_api.post("/api/v1/events", json={**EVENT, "starts_at": tomorrow})
    assert created.status_code == 201, created.get_json()  # a typhoon expected tomorrow
    assert coordinator_api.page("/").status_code == 200
    assert coordinator_api.page(f"/events/{created.get_json()['id']}").status_code == 200
    # An existing event cannot be pushed to a far end either.
    url, version = created.get_json()["url"], created.get_json()["version"]
    refused(coordinator_api.patch(url, json={"ends_at": "9999-12-31 23:59", "version": version}), 422, "ends_at")


# localtime, right/ and posix/ are the server's own files (another server reads them otherwise, or not at all:
# every page of the event a 500 after a restore elsewhere); Factory is no place's clock.
@pytest.mark.parametrize("zone", [5, True, ["Asia/Shanghai"], {"a": 1}, "A" * 300, "Mars/Base", "../../etc/passwd",
                                  "localtime", "right/UTC", "posix/Asia/Shanghai", "posixrules", "Factory"])
def test_a_time_zone_that_is_no_zone_name_is_refused(coordinator_api: TokenClient, database, zone):
    before = count(database, Event)
    refused(coordinator_api.post("/api/v1/events", json={**EVENT, "timezone": zone}), 422, "timezone")
    assert count(database, Event) == before
    made = coordinator_api.post("/api/v1/events", json={**EVENT, "code": "zone-ok"}).get_json()
    refused(coordinator_api.patch(made["url"], json={"timezone": zone, "version": made["version"]}), 422, "timezone")


def test_ids_past_the_integer_column_are_unknown(coordinator_api: TokenClient, seeded, database):
    refused(coordinator_api.post("/api/v1/events", json={**EVENT, "area_id": HUGE}), 422, "area_id")
    before = count(database, Area)
    refused(coordinator_api.post("/api/v1/areas", json={"name": "新社区", "level": "community", "parent_id": HUGE}),
            422, "parent_id")
    assert count(database, Area) == before


@pytest.mark.parametrize(("field", "value"), [("households", HUGE), ("households", 10_000_001),
                                              ("buildings", 2**62)])
def test_an_area_with_implausible_counts_is_refused(coordinator_api: TokenClient, seeded, database, field, value):
    before = count(database, Area)
    refused(coordinator_api.post("/api/v1/areas", json={"name": "新社区", "level": "district", field: value}),
            422, field)
    assert count(database, Area) == before


def test_half_a_coordinate_is_refused_not_dropped(coordinator_api: TokenClient, database):
    refused(coordinator_api.post("/api/v1/areas", json={"name": "半点", "level": "district", "latitude": 30}),
            422, "longitude")
    refused(coordinator_api.post("/api/v1/areas", json={"name": "半点", "level": "district", "longitude": 114}),
            422, "latitude")
    made = coordinator_api.post("/api/v1/areas", json={"name": "整点", "level": "district",
                                                       "latitude": 36.09, "longitude": 114.39})
    assert made.status_code == 201, made.get_json()


@pytest.fixture
def rain(seeded, database) -> int:  # noqa: ANN001
    """The seeded rainstorm's id."""
    with database.read_session() as s:
        return s.scalar(sa.select(Event.id).where(Event.code == RAIN))


@pytest.mark.parametrize(("kind", "field", "extra"), [
    ("activity", "title", {}),
    ("pumping", "team", {"people": 5}),
])
@pytest.mark.parametrize("blank", ["   ", "\t", "\u3000"])
def test_a_required_text_of_spaces_only_is_required(reporter_api: TokenClient, rain, database, kind, field, extra,
                                                    blank):
    before = count(database, Report)
    body = {"kind": kind, "area_id": 1, "observed_at": "2021-07-25 10:00", field: blank, **extra}
    refused(reporter_api.post(f"/api/v1/events/{rain}/reports", json=body), 422, field)
    assert count(database, Report) == before
    made = reporter_api.post(f"/api/v1/events/{rain}/reports", json={**body, field: "排涝一队"}).get_json()
    refused(reporter_api.patch(f"/api/v1/reports/{made['id']}", json={field: blank, "version": made["version"]}),
            422, field)


def test_a_retracted_report_is_restored_before_it_is_verified(coordinator_api: TokenClient, rain, database):
    made = coordinator_api.post(f"/api/v1/events/{rain}/reports", json={
        "kind": "activity", "area_id": 1, "observed_at": "2021-07-25 10:00", "title": "巡查"}).get_json()
    url = f"/api/v1/reports/{made['id']}"
    assert coordinator_api.post(f"{url}/retract", json={"reason": "重复"}).get_json()["status"] == "retracted"
    refused(coordinator_api.post(f"{url}/verify"), 409, "status")
    refused(coordinator_api.post(f"{url}/return", json={"reason": "核对"}), 409, "status")
    assert coordinator_api.get(url).get_json()["status"] == "retracted"
    assert coordinator_api.post(f"{url}/restore").get_json()["status"] == "submitted"
    assert coordinator_api.post(f"{url}/verify").get_json()["status"] == "verified"


def test_an_edit_may_send_reported_at_back_but_not_change_it(coordinator_api: TokenClient, rain, database):
    made = coordinator_api.post(f"/api/v1/events/{rain}/reports", json={
        "kind": "activity", "area_id": 1, "observed_at": "2021-07-25 10:00", "title": "巡查"}).get_json()
    url = f"/api/v1/reports/{made['id']}"
    read = coordinator_api.get(url).get_json()
    refused(coordinator_api.patch(url, json={"reported_at": "2021-07-25 11:00", "version": read["version"]}),
            422, "reported_at")
    assert coordinator_api.get(url).get_json() == read  # nothing changed, not even the version
    same = coordinator_api.patch(url, json={"reported_at": read["reported_at"], "note": "复核",
                                            "version": read["version"]})
    assert same.status_code == 200, same.get_json()
    assert same.get_json()["reported_at"] == read["reported_at"] and same.get_json()["note"] == "复核"


@pytest.mark.parametrize(("query", "field"), [
    ("limit=0", "limit"), ("limit=abc", "limit"), ("limit=501&level=site", "limit"), ("q=彰&limit=51", "limit"),
    ("limit=" + "9" * 5000, "limit"), ("parent_id=abc", "parent_id"), ("parent_id=0", "parent_id"),
    ("parent_id=9223372036854775808", "parent_id"),
])
def test_the_area_list_names_a_bad_limit_or_parent(coordinator_api: TokenClient, seeded, query, field):
    refused(coordinator_api.get(f"/api/v1/areas?{query}"), 422, field)


def test_the_area_list_keeps_the_limit_asked_for(coordinator_api: TokenClient, seeded):
    assert len(coordinator_api.get("/api/v1/areas?level=site&limit=2").get_json()["areas"]) == 2
    assert len(coordinator_api.get("/api/v1/areas?level=site").get_json()["areas"]) > 2


@pytest.mark.parametrize(("body", "field"), [
    ({"kind": "activity", "title": "巡查", "observed_at": "2012-07-25 10:00"}, "observed_at"),  # a mistyped year
    ({"kind": "outage", "households_affected": 40, "started_at": "2020-07-22 08:00"}, "started_at"),
    ({"kind": "activity", "title": "巡查", "observed_at": "2021-06-30", "observed_precision": "day"}, "observed_at"),
    # An interval's observed_at is its end: a mistyped year in its start spread 3 t over a year before the event.
    ({"kind": "debris", "mass_kg": 3000, "period_start": "2020-07-24 08:00", "period_end": "2021-07-24 08:00"},
     "period_start"),
])
def test_a_fact_seen_long_before_the_event_began_is_refused(reporter_api: TokenClient, rain, database, body,
                                                            field):
    before = count(database, Report)
    response = reporter_api.post(f"/api/v1/events/{rain}/reports", json={"area_id": 1, **body},
                                 headers={"Accept-Language": "en"})
    refused(response, 422, field)
    assert "before the event began (2021-07-22)" in response.get_json()["errors"][field]
    assert count(database, Report) == before


def test_preparations_days_before_the_event_are_kept(reporter_api: TokenClient, rain, database):
    made = reporter_api.post(f"/api/v1/events/{rain}/reports", json={
        "kind": "activity", "area_id": 1, "title": "预置水泵", "observed_at": "2021-07-18 10:00"})
    assert made.status_code == 201, made.get_json()


def test_an_end_before_its_start_is_named_so_even_when_long_before_the_event(reporter_api: TokenClient, rain):
    response = reporter_api.post(f"/api/v1/events/{rain}/reports", json={
        "kind": "debris", "area_id": 1, "mass_kg": 3000, "period_start": "2021-07-24 08:00",
        "period_end": "2021-07-01 08:00"}, headers={"Accept-Language": "en"})
    assert response.status_code == 422 and response.get_json()["errors"]["period_end"] == "is before the start"


def test_a_number_of_5000_digits_is_refused_on_its_field(coordinator_api: TokenClient, database, seeded):
    """Longer than Python reads as an integer, it made the whole body 'not a JSON object'."""
    with database.read_session() as s:
        event_id = s.scalar(sa.select(Event.id).where(Event.code == RAIN))
        area_id = s.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
    before = count(database, Report)
    huge = "9" * 5000
    body = (f'{{"kind": "outage", "area_id": {area_id}, "started_at": "2021-07-24 10:00", '
            f'"households_affected": {huge}}}')
    response = coordinator_api.post(f"/api/v1/events/{event_id}/reports", data=body,
                                    headers={"Content-Type": "application/json", "Accept-Language": "en"})
    refused(response, 422, "households_affected")
    assert count(database, Report) == before
    # A whole number, too large: said so, as 10**30 is (it was "must be a whole number", read as infinity).
    assert response.get_json()["errors"]["households_affected"] == "is implausibly large (over 10,000,000)"
    response = coordinator_api.post(f"/api/v1/events/{event_id}/reports", data=body.replace(huge, "-" + huge),
                                    headers={"Content-Type": "application/json", "Accept-Language": "en"})
    assert response.get_json()["errors"]["households_affected"] == "must not be negative"
