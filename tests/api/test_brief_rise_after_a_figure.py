"""More out than an exact figure above 0 is that figure made precise, not power off again: the day telescopes.

docs/briefs.md ("What came back"): 96 still out, then 71 back of the 211 affected (as corrected since) reads 140 out.
Nobody said power went off again, and the brief's changes say no 再次停电 for it; its falls (33 and 107) added up to
140 back, so the brief of 2 July read 96 out before, 140 back, nothing new or out again, 0 out now: out before − back
+ new + out again = out now did not hold (the open call "a rise after an exact figure"). Now the day is its two ends,
96 back, as a rise after a "more than" figure always was; a rise from none out (all back, then out again) is going
out again, said and its falls added up (tests/briefs/test_out_again.py).
"""

from __future__ import annotations

from tests.api.conftest import TokenClient, compiled_content, outage_with_updates
from tests.briefs.conftest import local, make_builder


def test_a_rise_after_an_exact_figure_telescopes(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    outage = outage_with_updates(api, b.event_id, b.areas["site-a"], {
        "households_affected": 113, "started_at": "2021-07-01 06:41", "reported_at": "2021-07-01 09:37"}, (
        {"reported_at": "2021-07-02 23:00", **body} for body in (
            {"households_restored": 4, "observed_at": "2021-07-01 16:36"},
            {"households_out": 96, "observed_at": "2021-07-01 17:06"},
            {"households_restored": 71, "observed_at": "2021-07-02 06:14"},
            {"households_restored": 104, "observed_at": "2021-07-02 09:11"},
            {"fully_restored": True, "observed_at": "2021-07-02 22:38"},
        )))
    fixed = api.patch(f"/api/v1/reports/{outage}", json={"households_affected": 211}, headers={"If-Match": "*"})
    assert fixed.status_code == 200, fixed.get_json()
    # Out just before the day began, as known at its brief's cut-off (the updates were sent on 2 July).
    at_start = api.get(f"/api/v1/events/{b.event_id}/outages",
                       query_string={"as_of": "2021-07-01 23:59:59", "known_at": "2021-07-03 08:00"}).json
    before = at_start["outages"][0]["households_out"]
    brief = compiled_content(api, database, b.event_id, "2021-07-02")
    power = brief["power"]
    assert before == 96
    assert (power["households_out"]["value"], power["households_restored"]["value"]) == (0, 96)
    assert power["new_in_period"] == 0 and power["restored_in_period"] == 1
    assert not [c for c in brief["changes"] if c["kind"].startswith("outage_again")], brief["changes"]
    # out before − back + new + out again = out now
    assert before - power["households_restored"]["value"] == power["households_out"]["value"]
