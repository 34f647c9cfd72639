"""A body with a typing error and a rule broken between fields is refused with both in one 422, each naming
its field (two round trips were needed before); a rule needing a field that could not be read is skipped.
Nothing is saved. Field rules and rules between fields are the same ones every path runs (validate_report)."""

from __future__ import annotations

from tests.api.conftest import TokenClient, count_reports

DEBRIS = {"kind": "debris", "period_start": "2021-07-27T10:00:00+08:00"}


def test_a_count_in_another_unit_and_an_end_before_the_start_are_refused_together(
        where, database, reporter_api: TokenClient):
    url, area = where
    before = count_reports(database)
    response = reporter_api.post(url, json={**DEBRIS, "area_id": area, "truckloads": "5辆",
                                            "period_end": "2021-07-27T08:00:00+08:00"})
    assert response.status_code == 422, response.json
    assert set(response.json["errors"]) == {"truckloads", "period_end"}, response.json
    assert count_reports(database) == before


def test_tonnes_unreadable_and_an_end_before_the_start_are_refused_together(where, database,
                                                                           reporter_api: TokenClient):
    url, area = where
    before = count_reports(database)
    response = reporter_api.post(url, json={**DEBRIS, "area_id": area, "mass_t": "很多",
                                            "period_end": "2021-07-27T08:00:00+08:00"})
    assert response.status_code == 422, response.json
    assert set(response.json["errors"]) == {"mass_t", "period_end"}, response.json
    assert count_reports(database) == before


def test_a_rule_needing_an_unreadable_time_is_not_judged(where, database, reporter_api: TokenClient):
    url, area = where
    response = reporter_api.post(url, json={**DEBRIS, "area_id": area, "truckloads": "5辆",
                                            "period_end": "not a time"})
    assert response.status_code == 422, response.json
    assert set(response.json["errors"]) == {"truckloads", "period_end"}, response.json
    assert "before the start" not in str(response.json["errors"]["period_end"])


def test_an_outage_update_shows_its_typing_error_beside_its_outages_rules(where, database,
                                                                         reporter_api: TokenClient):
    url, area = where
    outage = reporter_api.post(url, json={"kind": "outage", "area_id": area, "households_affected": 20,
                                          "started_at": "2021-07-27T10:00:00+08:00"})
    assert outage.status_code == 201, outage.json
    before = count_reports(database)
    # Seen before its outage began, 30 back of 20, and a building count in households: all three at once.
    response = reporter_api.post(url, json={"kind": "outage_update", "outage_id": outage.json["id"],
                                            "observed_at": "2021-07-27T09:00:00+08:00",
                                            "households_restored": 30, "buildings_out": "3户"})
    assert response.status_code == 422, response.json
    assert set(response.json["errors"]) == {"observed_at", "households_restored", "buildings_out"}, response.json
    assert count_reports(database) == before


def test_an_edit_shows_its_typing_error_beside_an_end_before_the_start(where, reporter_api: TokenClient):
    url, area = where
    created = reporter_api.post(url, json={**DEBRIS, "area_id": area, "truckloads": 3})
    assert created.status_code == 201, created.json
    report = f"/api/v1/reports/{created.json['id']}"
    response = reporter_api.patch(report, json={"truckloads": "5辆", "period_end": "2021-07-27T08:00:00+08:00",
                                                "version": created.json["version"]})
    assert response.status_code == 422, response.json
    assert set(response.json["errors"]) == {"truckloads", "period_end"}, response.json
    assert reporter_api.get(report).json["truckloads"] == 3


def test_a_mistyped_year_is_named_beside_an_unreadable_time(where, database, reporter_api: TokenClient):
    url, area = where
    before = count_reports(database)
    response = reporter_api.post(url, json={"kind": "debris", "area_id": area, "observed_at": "not a time",
                                            "period_start": "2012-07-27T10:00:00+08:00"})
    assert response.status_code == 422, response.json
    assert set(response.json["errors"]) == {"observed_at", "period_start"}, response.json
    assert "2012" not in str(response.json["errors"]["observed_at"])
    assert count_reports(database) == before
