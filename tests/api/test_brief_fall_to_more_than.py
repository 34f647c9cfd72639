"""A fall from an exact figure to a "more than" one is "at most": 37 out, then 69 back of 80余 (11余 out) is 不超过26户.

docs/briefs.md ("at most" ... when more than what is out now is said to be still out): what is out now read off a
"more than" affected count is more than its figure as surely as one said so, so at most the difference came back.
Found by the storm replay (seed 4): the brief said exactly 26.
"""

from __future__ import annotations

from tests.api.conftest import TokenClient, compiled_brief, outage_with_updates
from tests.briefs.conftest import local, make_builder


def test_exact_out_then_more_than_out_is_at_most(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    outage_with_updates(api, b.event_id, b.areas["site-a"], {
        "households_affected": "80余", "started_at": "2021-07-01 03:28", "reported_at": "2021-07-01 04:34"}, (
        {"households_out": 37, "observed_at": "2021-07-01 20:33", "reported_at": "2021-07-01 21:00"},
        {"households_restored": 69, "observed_at": "2021-07-02 01:31", "reported_at": "2021-07-02 04:12"},
    ))
    brief = compiled_brief(api, database, f"/api/v1/events/{b.event_id}/briefs/compile", {"day": "2021-07-02"})
    content = api.get(brief["formats"]["json"]).json["content"]
    back, out = content["power"]["households_restored"], content["power"]["households_out"]
    assert (out["value"], bool(out.get("lb"))) == (11, True)
    assert (back["value"], bool(back.get("ub")), bool(back.get("lb")), bool(back.get("approx"))) == (
        26,
        True,
        False,
        False,
    )
    text = api.get(brief["formats"]["txt"]).get_data(as_text=True).replace("\u00a0", "")
    assert "不超过26户" in text
