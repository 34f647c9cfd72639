"""A day's restoration from an "at most" count still out is itself "at most".

Found by an outside replay of a three-day rainstorm (tests/api/test_rainstorm_outsider.py): 60 households
out, 40余户 back on the first day (不超过20户 still out), all back on the second; the second day's brief
said 本日恢复供电20户, exact, though fewer than 20 could have come back (more than 40 were back
already). Met with a "more than" fall the day's sum said 350余户 where it is bounded neither way (约).
"""

from __future__ import annotations

import pytest

from incidents.briefs import queue
from tests.api.conftest import TokenClient
from tests.briefs.conftest import local, make_builder


@pytest.mark.parametrize(("first", "expected", "words"), [
    ("40+", {"value": 20, "lb": False, "approx": False, "ub": True}, "本日恢复供电不超过20户"),
    (40, {"value": 20, "lb": False, "approx": False}, "本日恢复供电20户"),
])
def test_a_fall_from_at_most_is_at_most(database, coordinator_api: TokenClient, first: object,
                                        expected: dict, words: str):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    outage = api.post(url, json={"kind": "outage", "area_id": b.areas["site-a"], "households_affected": 60,
                                 "started_at": "2021-07-01 16:00", "reported_at": "2021-07-01 16:20"})
    assert outage.status_code == 201, outage.get_data(as_text=True)
    for body in ({"observed_at": "2021-07-01 22:00", "households_restored": first},
                 {"observed_at": "2021-07-02 17:00", "fully_restored": True}):
        made = api.post(url, json={"kind": "outage_update", "outage_id": outage.json["id"],
                                   "reported_at": body["observed_at"], **body})
        assert made.status_code == 201, made.get_data(as_text=True)
    asked = api.post(f"/api/v1/events/{b.event_id}/briefs/compile", json={"day": "2021-07-02"})
    assert asked.status_code == 202, asked.get_data(as_text=True)
    queue.run_queued(database)
    brief = api.get(api.get(asked.json["url"]).json["brief_url"]).json
    back = api.get(brief["formats"]["json"]).json["content"]["power"]["households_restored"]
    assert {k: v for k, v in back.items() if k != "cum"} == expected
    assert words in api.get(brief["formats"]["txt"]).get_data(as_text=True)


def test_at_most_and_more_than_falls_make_an_estimate(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    ids = []
    for site, affected in (("site-a", 60), ("site-b", "50+")):
        made = api.post(url, json={"kind": "outage", "area_id": b.areas[site], "households_affected": affected,
                                   "started_at": "2021-07-01 16:00", "reported_at": "2021-07-01 16:20"})
        assert made.status_code == 201, made.get_data(as_text=True)
        ids.append(made.json["id"])
    for outage, body in ((ids[0], {"observed_at": "2021-07-01 22:00", "households_restored": "40+"}),
                         (ids[0], {"observed_at": "2021-07-02 17:00", "fully_restored": True}),
                         (ids[1], {"observed_at": "2021-07-02 18:00", "fully_restored": True})):
        made = api.post(url, json={"kind": "outage_update", "outage_id": outage, "reported_at": body["observed_at"],
                                   **body})
        assert made.status_code == 201, made.get_data(as_text=True)
    asked = api.post(f"/api/v1/events/{b.event_id}/briefs/compile", json={"day": "2021-07-02"})
    queue.run_queued(database)
    brief = api.get(api.get(asked.json["url"]).json["brief_url"]).json
    back = api.get(brief["formats"]["json"]).json["content"]["power"]["households_restored"]
    assert (back["value"], back["lb"], back["approx"], back.get("ub", False)) == (70, False, True, False)
    assert "本日恢复供电约70户" in api.get(brief["formats"]["txt"]).get_data(as_text=True)


def test_more_than_still_out_leaves_at_most_the_fall_back(database, coordinator_api: TokenClient):
    # 100 out, then "50余户 still out": fewer than 50 came back, yet the brief said 共50余户；本日恢复供电50户.
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    outage = api.post(url, json={"kind": "outage", "area_id": b.areas["site-a"], "households_affected": 100,
                                 "started_at": "2021-07-01 16:00", "reported_at": "2021-07-01 16:20"})
    made = api.post(url, json={"kind": "outage_update", "outage_id": outage.json["id"], "households_out": "50+",
                               "observed_at": "2021-07-02 10:00", "reported_at": "2021-07-02 10:00"})
    assert made.status_code == 201, made.get_data(as_text=True)
    asked = api.post(f"/api/v1/events/{b.event_id}/briefs/compile", json={"day": "2021-07-02"})
    queue.run_queued(database)
    brief = api.get(api.get(asked.json["url"]).json["brief_url"]).json
    back = api.get(brief["formats"]["json"]).json["content"]["power"]["households_restored"]
    assert (back["value"], back["lb"], back.get("ub", False)) == (50, False, True)
    assert "本日恢复供电不超过50户" in api.get(brief["formats"]["txt"]).get_data(as_text=True)


@pytest.mark.parametrize(("update", "expected", "words"), [
    # 50余户 out, 30 restored (20余户 out): the excess over 50 is the same before and after, so exactly 30 came back.
    ({"households_restored": 30}, {"value": 30, "lb": False, "approx": False}, "本日恢复供电30户"),
    # 50余户 out, then "20余户 still out" said: the two excesses are unrelated, bounded neither way (约).
    ({"households_out": "20+"}, {"value": 30, "lb": False, "approx": True}, "本日恢复供电约30户"),
])
def test_a_fall_between_two_more_than_counts(database, coordinator_api: TokenClient, update: dict, expected: dict,
                                             words: str):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    outage = api.post(url, json={"kind": "outage", "area_id": b.areas["site-a"], "households_affected": "50+",
                                 "started_at": "2021-07-01 16:00", "reported_at": "2021-07-01 16:20"})
    assert outage.status_code == 201, outage.get_data(as_text=True)
    made = api.post(url, json={"kind": "outage_update", "outage_id": outage.json["id"],
                               "observed_at": "2021-07-02 10:00", "reported_at": "2021-07-02 10:00", **update})
    assert made.status_code == 201, made.get_data(as_text=True)
    asked = api.post(f"/api/v1/events/{b.event_id}/briefs/compile", json={"day": "2021-07-02"})
    queue.run_queued(database)
    brief = api.get(api.get(asked.json["url"]).json["brief_url"]).json
    back = api.get(brief["formats"]["json"]).json["content"]["power"]["households_restored"]
    assert {k: v for k, v in back.items() if k != "cum"} == expected
    assert words in api.get(brief["formats"]["txt"]).get_data(as_text=True)
