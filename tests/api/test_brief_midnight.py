"""News at 00:00 exactly is the day's that begins then, in the power section as in every other.

Found by computing briefs from docs/briefs.md alone: a brief covers 00:00–24:00, its intervals, activity and
zero-report board read [00:00, 24:00), but the power section read its outages at 24:00 at or before, and its
new and restored outages from 00:00 on. An outage begun at 2 July 00:00 was new in the brief of 1 July (and
out at its end, while 二、分街道 had its subdistrict silent that day) and new again on 2 July; one restored at
00:00 was restored on both days, the second time with 未报 households.
"""

from __future__ import annotations

from tests.api.conftest import TokenClient, compiled_content
from tests.briefs.conftest import local, make_builder


def _power(content: dict) -> tuple:
    p = content["power"]
    return (p["new_in_period"], p["restored_in_period"], p["open_outages"], p["households_out"]["value"],
            p["households_restored"]["value"], p["outages_to_date"], p["restored_to_date"])


def test_an_outage_begun_or_restored_at_midnight_is_the_new_days_news(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    sent = [
        {"kind": "outage", "area_id": b.areas["site-a"], "households_affected": 100,
         "started_at": "2021-07-01 20:00", "reported_at": "2021-07-01 20:30"},
        {"kind": "outage_update", "observed_at": "2021-07-02 00:00", "fully_restored": True,
         "reported_at": "2021-07-02 00:10"},
        {"kind": "outage", "area_id": b.areas["site-b"], "households_affected": 50,
         "started_at": "2021-07-02 00:00", "reported_at": "2021-07-02 00:30"},
    ]
    first = None
    for body in sent:
        if body["kind"] == "outage_update":
            body["outage_id"] = first
        made = api.post(url, json=body)
        assert made.status_code == 201, made.get_json()
        first = first or made.json["id"]

    day1 = compiled_content(api, database, b.event_id, "2021-07-01")
    # (new, restored, open, households out, households back, outages to date, restored to date)
    assert _power(day1) == (1, 0, 1, 100, None, 1, 0)
    assert [o["area"] for o in day1["power"]["open"]] == ["甲小区"]
    assert [a["name"] for a in day1["quality"]["silent"]] == ["乙街道"]
    assert [p["households_out"] for p in day1["trend"]] == [100]
    assert "乙小区" not in [m["name"] for m in day1["map"]]  # it had power all that day

    # The timeline reads a moment "at or before": as of the day's last instant it says what the brief says,
    # as of 24:00 it takes what happened at 00:00 exactly.
    def out_as_of(moment: str) -> list[int]:
        got = api.get(f"/api/v1/events/{b.event_id}/outages",
                      query_string={"as_of": moment, "known_at": "2021-07-02T08:00:00+08:00"})
        assert got.status_code == 200, got.get_json()
        return sorted(o["households_out"] for o in got.json["outages"] if o["households_out"])

    assert out_as_of("2021-07-01T23:59:59.999999+08:00") == [100]
    assert out_as_of("2021-07-02T00:00:00+08:00") == [50]

    day2 = compiled_content(api, database, b.event_id, "2021-07-02")
    assert _power(day2) == (1, 1, 1, 50, 100, 2, 1)
    assert [o["area"] for o in day2["power"]["open"]] == ["乙小区"]
    assert [o["area"] for o in day2["power"]["restored"]] == ["甲小区"]
    assert [p["households_out"] for p in day2["trend"]] == [100, 50]
    assert [m["statuses"] for m in day2["map"] if m["name"] == "乙小区"] == [["out"]]


def test_a_pumping_operation_ended_at_midnight_worked_the_day_before_only(database, coordinator_api: TokenClient):
    """Its people and pumps were on the day it ended at 24:00, not the next (as a volume ending then is not)."""
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    made = api.post(f"/api/v1/events/{b.event_id}/reports", json={
        "kind": "pumping", "area_id": b.areas["site-a"], "team": "排涝一队", "people": 10, "pumps": 2,
        "observed_at": "2021-07-01 20:00", "ended_at": "2021-07-02 00:00", "reported_at": "2021-07-02 00:10"})
    assert made.status_code == 201, made.get_json()

    def pumping(day: str) -> tuple:
        p = compiled_content(api, database, b.event_id, day)["pumping"]
        return p["active"], p["people"]["value"], p["pumps"]["value"], p["still_pumping"]

    assert pumping("2021-07-01") == (1, 10, 2, 0)  # not still pumping at 24:00: it stopped then
    assert pumping("2021-07-02") == (0, None, None, 0)
    trend = compiled_content(api, database, b.event_id, "2021-07-02")["trend"]
    assert [p.get("no_pumping", False) for p in trend] == [False, True]
