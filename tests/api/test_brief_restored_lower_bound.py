"""A day's restoration read off a "more than" restored count is itself "more than".

Found by replaying a flood through the API: an update saying 120余户 had power back (of 150 affected,
100 still out before it) made the brief say 本日恢复供电70户, exact, and dropped the 余: the outage's
state read 150 − 120 = 30 still out, but "more than 120 back" means at most 30 out, so at least 70 came
back on the day. The restored count's flag now travels with it into the fall (timelines/falls.py).
"""

from __future__ import annotations

import pytest

from incidents.briefs import queue
from tests.api.conftest import TokenClient
from tests.briefs.conftest import local, make_builder


@pytest.mark.parametrize(("restored", "expected"), [("120+", (70, True)), (120, (70, False))])
def test_a_more_than_restored_count_makes_the_days_restoration_more_than(
        database, coordinator_api: TokenClient, restored: object, expected: tuple[int, bool]):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    outage = api.post(url, json={"kind": "outage", "area_id": b.areas["site-a"], "households_affected": 150,
                                 "started_at": "2021-07-01 20:00", "reported_at": "2021-07-01 20:30"})
    assert outage.status_code == 201, outage.get_data(as_text=True)
    for observed, count in (("2021-07-01 22:00", 50), ("2021-07-02 10:00", restored)):
        made = api.post(url, json={"kind": "outage_update", "outage_id": outage.json["id"], "observed_at": observed,
                                   "households_restored": count, "reported_at": observed})
        assert made.status_code == 201, made.get_data(as_text=True)
    asked = api.post(f"/api/v1/events/{b.event_id}/briefs/compile", json={"day": "2021-07-02"})
    assert asked.status_code == 202, asked.get_data(as_text=True)
    queue.run_queued(database)
    brief = api.get(api.get(asked.json["url"]).json["brief_url"]).json
    power = api.get(brief["formats"]["json"]).json["content"]["power"]
    back = power["households_restored"]
    assert (back["value"], back["lb"]) == expected
    assert power["households_out"]["value"] == 30
    text = api.get(brief["formats"]["txt"]).get_data(as_text=True)
    assert ("本日恢复供电70余户" in text) is expected[1], text
