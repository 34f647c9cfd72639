"""More out than an update said before (an exact figure) is going out again: the day's restoration is its falls.

docs/briefs.md ("What came back"), read by the storm replay's model (seed 3): 96 still out, then 71 back of the
211 affected (as corrected since) is 140 out; all back the same day is 140 back (33 and 107), not 96 − 0.
"""

from __future__ import annotations

from tests.api.conftest import TokenClient, compiled_content, outage_with_updates
from tests.briefs.conftest import local, make_builder


def test_a_rise_after_an_exact_figure_counts_its_falls(database, coordinator_api: TokenClient):
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
    power = compiled_content(api, database, b.event_id, "2021-07-02")["power"]
    assert (power["households_out"]["value"], power["households_restored"]["value"]) == (0, 140)
