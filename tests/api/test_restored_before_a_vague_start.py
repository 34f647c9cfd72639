"""An outage known only to have begun "in the afternoon" (stored mid-window, at 15:00) and back at 14:00.

Found replaying a typhoon through the API: the brief said 本日全部恢复供电的停电点1处（甲小区于7月1日 14:00恢复）
beside no households restored and a peak of the other outage's 40 alone; the timeline drew the outage restored
an hour before it began and its 100 households in no figure. The households were out and came back: an update
never puts a restoration before its outage began, so the restoration counts at the start, as vague as either.
"""

from __future__ import annotations

from tests.api.conftest import TokenClient, compiled_brief
from tests.briefs.conftest import local, make_builder


def test_a_restoration_before_a_vague_start_counts_its_households(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    outage = api.post(url, json={"kind": "outage", "area_id": b.areas["site-a"], "households_affected": 100,
                                 "started_at": "2021-07-01 下午", "reported_at": "2021-07-01 17:00"})
    assert outage.status_code == 201, outage.get_data(as_text=True)
    update = api.post(url, json={"kind": "outage_update", "outage_id": outage.json["id"], "fully_restored": True,
                                 "observed_at": "2021-07-01 14:00", "reported_at": "2021-07-01 17:10"})
    assert update.status_code == 201, update.get_data(as_text=True)
    other = api.post(url, json={"kind": "outage", "area_id": b.areas["site-b"], "households_affected": 40,
                                "started_at": "2021-07-01 09:00", "reported_at": "2021-07-01 09:10"})
    assert other.status_code == 201, other.get_data(as_text=True)
    afternoon = {"at": "2021-07-01T07:00:00Z", "precision": "afternoon"}  # 下午, stored at 15:00

    # The report itself: restored no earlier than it began, and no more precisely than its start is known.
    stored = api.get(f"/api/v1/reports/{outage.json['id']}").json
    assert (stored["restored_at"], stored["restored_precision"]) == (afternoon["at"], afternoon["precision"])

    # Timeline (API): restored at the start, never before it; the curve's peak holds its 100 households.
    moment = {"as_of": "2021-07-01 23:00", "known_at": "2021-07-01 23:00"}
    states = api.get(f"/api/v1/events/{b.event_id}/outages", query_string=moment).json["outages"]
    state = next(s for s in states if s["outage_id"] == outage.json["id"])
    assert (state["restored"], state["households_affected"]) == (True, 100)
    assert (state["restored_at"], state["restored_precision"]) == (afternoon["at"], afternoon["precision"])
    assert all(step["at"] >= state["started_at"] for step in state["steps"]), state["steps"]
    assert [step["households_out"] for step in state["steps"]] == [100, 0], state["steps"]
    households = api.get(f"/api/v1/events/{b.event_id}/timeline", query_string=moment).json["curve"]["households"]
    assert (households["peak"], households["current"]) == (140, 40), households

    # Timeline page: the same peak.
    page = api.page(f"/events/{b.event_id}/timeline", query_string=moment, headers={"Accept-Language": "zh-CN"})
    assert page.status_code == 200
    assert "峰值 140户" in page.get_data(as_text=True)

    # The day's brief: one outage back, its 100 households restored, the peak with them.
    brief = compiled_brief(api, database, f"/api/v1/events/{b.event_id}/briefs/compile", {"day": "2021-07-01"})
    power = api.get(brief["formats"]["json"]).json["content"]["power"]
    assert power["restored_in_period"] == 1
    assert (power["households_restored"]["value"], power["households_out"]["value"]) == (100, 40)
    assert power["peak_households"]["value"] == 140
    assert power["restored"][0]["restored"] == afternoon
    text = api.get(brief["formats"]["txt"]).get_data(as_text=True)
    assert "本日恢复供电100户" in text and "停电峰值140户" in text and "甲小区于7月1日下午恢复" in text, text
