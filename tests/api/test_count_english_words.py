"""Figures as English speakers write them: "over 40" is 40+ (as 40余), "about 300" an estimate, "up to 30" at most."""

from __future__ import annotations

import pytest

from tests.briefs.conftest import local, make_builder

EN = {"Accept-Language": "en"}


def outage(api, database, typed: str):  # noqa: ANN001, ANN201
    """An outage of `typed` households, as sent in English."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    return api.post(f"/api/v1/events/{b.event_id}/reports", headers=EN, json={
        "kind": "outage", "area_id": b.areas["site-a"], "households_affected": typed,
        "started_at": "2021-07-01 06:00", "reported_at": "2021-07-01 06:30"})


@pytest.mark.parametrize("typed", ["over 40", "Over 40 households", "more than 40", "at least 40", "40 or more",
                                   "40 households or more"])
def test_more_than_in_english_is_a_lower_bound(coordinator_api, database, typed):
    made = outage(coordinator_api, database, typed)
    assert made.status_code == 201, made.get_json()
    stored = coordinator_api.get(f"/api/v1/reports/{made.json['id']}").json
    assert (stored["households_affected"], stored["households_affected_lb"]) == (40, True)


@pytest.mark.parametrize(("typed", "word", "why"), [
    ("about 300", "about", "is an estimate"), ("approx. 300", "approx.", "is an estimate"),
    ("around 300", "around", "is an estimate"), ("~300", "~", "is an estimate"),
    ("up to 30", "up to", "is at most"), ("under 30", "under", "is at most"),
    ("fewer than 30", "fewer than", "is at most")])
def test_estimates_and_bounds_in_english_are_named(coordinator_api, database, typed, word, why):
    refused = outage(coordinator_api, database, typed)
    assert refused.status_code == 422
    said = refused.json["errors"]["households_affected"]
    assert said.startswith(f'{why} ("{word}")'), said


def test_debris_over_30_tonnes_is_30_plus(coordinator_api, database):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    made = coordinator_api.post(url, headers=EN, json={"kind": "debris", "area_id": b.areas["site-a"],
                                                       "period_start": "2021-07-01", "mass_t": "over 30 t",
                                                       "reported_at": "2021-07-01 18:00"})
    assert made.status_code == 201, made.get_json()
    stored = coordinator_api.get(f"/api/v1/reports/{made.json['id']}").json
    assert (stored["mass_kg"], stored["mass_kg_lb"]) == (30000, True), stored
    refused = coordinator_api.post(url, headers=EN, json={"kind": "debris", "area_id": b.areas["site-a"],
                                                          "period_start": "2021-07-01", "mass_t": "about 30 t",
                                                          "reported_at": "2021-07-01 18:00"})
    assert refused.status_code == 422
    assert refused.json["errors"]["mass_t"].startswith('is an estimate ("about")'), refused.get_json()


def test_cubic_meters_spelled_out(coordinator_api, database):
    """"1,900 cubic meters" is 1,900 m³ (as 1,900立方米); gallons stay another unit, named."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    op = coordinator_api.post(url, json={"kind": "pumping", "area_id": b.areas["site-a"], "team": "DPW",
                                         "observed_at": "2021-07-01 08:00", "reported_at": "2021-07-01 09:00"})
    assert op.status_code == 201, op.get_json()
    body = {"kind": "pumping_volume", "operation_id": op.json["id"], "period_start": "2021-07-01 08:00",
            "period_end": "2021-07-01 12:00", "reported_at": "2021-07-01 13:00"}
    for typed in ("1,900 cubic meters", "1,900 Cubic Metres"):
        made = coordinator_api.post(url, headers=EN, json={**body, "volume_m3": typed})
        assert made.status_code == 201, made.get_json()
        assert coordinator_api.get(f"/api/v1/reports/{made.json['id']}").json["volume_m3"] == 1900
    refused = coordinator_api.post(url, headers=EN, json={**body, "volume_m3": "500,000 gallons"})
    assert refused.json["errors"]["volume_m3"] == 'must be in m³: "gallons" is another unit'


def test_tonnes_spelled_out_and_tons_named(coordinator_api, database):
    """"12.5 tonnes" is 12.5 t; "30 tons" (US short tons) is another unit, named, not "must be a number"."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    body = {"kind": "debris", "area_id": b.areas["site-a"], "period_start": "2021-07-01",
            "reported_at": "2021-07-01 18:00"}
    made = coordinator_api.post(url, headers=EN, json={**body, "mass_t": "12.5 Tonnes"})
    assert made.status_code == 201, made.get_json()
    assert coordinator_api.get(f"/api/v1/reports/{made.json['id']}").json["mass_kg"] == 12500
    refused = coordinator_api.post(url, headers=EN, json={**body, "mass_t": "1,200 tons"})
    assert refused.json["errors"]["mass_t"] == 'must be in t: "tons" is another unit', refused.get_json()


@pytest.mark.parametrize(("typed", "value", "lb"), [("300 customers", 300, False), ("1 customer", 1, False),
                                                    ("over 300 Customers", 300, True), ("300+ customers", 300, True)])
def test_a_utilitys_customers_are_households(coordinator_api, database, typed, value, lb):
    """An American utility counts "customers" (one meter, one household): read as households, not another unit."""
    made = outage(coordinator_api, database, typed)
    assert made.status_code == 201, made.get_json()
    stored = coordinator_api.get(f"/api/v1/reports/{made.json['id']}").json
    assert (stored["households_affected"], stored["households_affected_lb"]) == (value, lb)


def test_customers_restored_in_an_update_are_households(coordinator_api, database):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    made = coordinator_api.post(url, headers=EN, json={
        "kind": "outage", "area_id": b.areas["site-a"], "households_affected": "300 customers",
        "started_at": "2021-07-01 06:00", "reported_at": "2021-07-01 06:30"})
    assert made.status_code == 201, made.get_json()
    update = coordinator_api.post(url, headers=EN, json={
        "kind": "outage_update", "outage_id": made.json["id"], "observed_at": "2021-07-01 09:00",
        "reported_at": "2021-07-01 09:10", "households_restored": "120 customers"})
    assert update.status_code == 201, update.get_json()
    assert coordinator_api.get(f"/api/v1/reports/{update.json['id']}").json["households_restored"] == 120
