"""News at 23:59:59.999999 is the day's it happened in, in the day's restoration as in what is out."""

from __future__ import annotations

from tests.api.conftest import TokenClient, compiled_content, outage_with_updates
from tests.briefs.conftest import local, make_builder


def test_an_update_at_the_days_last_microsecond_is_that_days(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    outage_with_updates(api, b.event_id, b.areas["site-a"], {
        "households_affected": 147, "started_at": "2021-07-01 00:00", "reported_at": "2021-07-01 00:45"}, (
        {"households_restored": 16, "observed_at": "2021-07-01 00:36", "reported_at": "2021-07-01 00:59"},
        {"households_out": 117, "observed_at": "2021-07-01T23:59:59.999999+08:00", "reported_at": "2021-07-02 02:29"},
        {"households_out": 14, "observed_at": "2021-07-02 20:54", "reported_at": "2021-07-02 21:27"},
    ))
    day1 = compiled_content(api, database, b.event_id, "2021-07-01")["power"]
    day2 = compiled_content(api, database, b.event_id, "2021-07-02")["power"]
    assert (day1["households_out"]["value"], day1["households_restored"]["value"]) == (117, 30)
    # 117 out at the end of 1 July, 14 at the end of 2 July: 103 came back on 2 July
    assert (day2["households_out"]["value"], day2["households_restored"]["value"]) == (14, 103)


def test_a_volume_ending_at_the_last_microsecond_is_apportioned_in_whole_seconds(
    database, coordinator_api: TokenClient
):
    """docs/briefs.md: whole seconds since 1970 of the stored instants, so 23:59:59.999999 is 23:59:59 (SQLite
    rounded it to the millisecond, the next day's 00:00:00, one second more in the interval than PostgreSQL)."""
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    op = api.post(
        url,
        json={
            "kind": "pumping",
            "area_id": b.areas["site-a"],
            "team": "排涝一队",
            "people": 8,
            "pumps": 2,
            "observed_at": "2021-07-01 12:00",
            "reported_at": "2021-07-01 12:10",
        },
    )
    assert op.status_code == 201, op.get_json()
    # 36 hours less a microsecond: 129,599 whole seconds, 43,200 of them on 1 July and 86,399 on 2 July, 1 m³ a second
    made = api.post(
        url,
        json={
            "kind": "pumping_volume",
            "operation_id": op.json["id"],
            "volume_m3": 129599,
            "period_start": "2021-07-01 12:00",
            "period_end": "2021-07-02T23:59:59.999999+08:00",
            "reported_at": "2021-07-03 07:00",
        },
    )
    assert made.status_code == 201, made.get_json()
    day2 = compiled_content(api, database, b.event_id, "2021-07-02")["pumping"]["volume_m3"]
    assert (day2["period"]["value"], day2["to_date"]["value"]) == (86399, 129599)
