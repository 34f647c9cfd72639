"""Buildings read off a count restored so far above the last figure stated break the day's sum as households do, and
五、数据质量 says so the same way (docs/briefs.md, "What came back"; `power.readings_disagree`, one rule per unit).

20 buildings out from 1 July 06:00, 8 still out at 17:00, then 5 back of the 20 on 2 July: 15 read off at the day's
end. Nobody said power went off again and nothing came back, so the buildings' out before − back + new + out again
(8) is not out now (15). Until 6 December only households were checked: the brief said nothing of the buildings.
"""

from __future__ import annotations

from tests.api.conftest import compiled_brief, outage_with_updates
from tests.briefs.conftest import local, make_builder


def test_a_day_ending_on_a_buildings_reading_above_the_stated_figure_says_they_disagree(database, coordinator_api):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    outage_with_updates(api, b.event_id, b.areas["site-a"], {
        "buildings_affected": 20, "started_at": "2021-07-01 06:00", "reported_at": "2021-07-01 06:30"}, (
        {"buildings_out": 8, "observed_at": "2021-07-01 17:00", "reported_at": "2021-07-01 17:10"},
        {"buildings_restored": 5, "observed_at": "2021-07-02 10:00", "reported_at": "2021-07-02 10:10"}))
    url = f"/api/v1/events/{b.event_id}/briefs/compile"
    compiled_brief(api, database, url, {"day": "2021-07-01"})
    formats = compiled_brief(api, database, url, {"day": "2021-07-02"})["formats"]
    content = api.get(formats["json"]).json["content"]
    markdown, text = api.get(formats["md"]).get_data(as_text=True), api.get(formats["txt"]).get_data(as_text=True)
    english = api.get(formats["txt"] + "?lang=en").get_data(as_text=True)
    power = content["power"]
    assert (power["buildings_out"]["value"], power["buildings_restored"]["value"]) == (15, None), power
    [found] = power["readings_disagree"]
    assert (found["area"], found["buildings_stated"], found["buildings_read"]) == ("甲小区", 8, 15), found
    assert found.get("households_stated") is None and found.get("households_read") is None, found
    assert (found["stated"]["at"][:16], found["read"]["at"][:16]) == ("2021-07-01T09:00", "2021-07-02T02:00"), found
    for shown in (markdown, text):
        assert ("甲小区：仍停电8栋（7月1日17:00）与按已恢复栋数推得的15栋（7月2日10:00）不一致，日报按后者计"
                in shown.replace(" ", "")), shown
    assert ("甲小区: 8 buildings still out (1 Jul 17:00) disagrees with the 15 buildings read off the count of "
            "buildings restored (2 Jul 10:00); the brief takes the latter") in english, english


def test_both_units_disagreeing_are_both_said(database, coordinator_api):
    """211 households and 20 buildings, 96 and 8 still out, then 71 and 5 back: both readings are named."""
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    outage_with_updates(api, b.event_id, b.areas["site-a"], {
        "households_affected": 211, "buildings_affected": 20, "started_at": "2021-07-01 06:00",
        "reported_at": "2021-07-01 06:30"}, (
        {"households_out": 96, "buildings_out": 8, "observed_at": "2021-07-01 17:00",
         "reported_at": "2021-07-01 17:10"},
        {"households_restored": 71, "buildings_restored": 5, "observed_at": "2021-07-02 10:00",
         "reported_at": "2021-07-02 10:10"}))
    url = f"/api/v1/events/{b.event_id}/briefs/compile"
    compiled_brief(api, database, url, {"day": "2021-07-01"})
    formats = compiled_brief(api, database, url, {"day": "2021-07-02"})["formats"]
    power = api.get(formats["json"]).json["content"]["power"]
    said = [(r.get("households_stated"), r.get("households_read"), r.get("buildings_stated"), r.get("buildings_read"))
            for r in power["readings_disagree"]]
    assert said == [(96, 140, None, None), (None, None, 8, 15)], power["readings_disagree"]
    text = api.get(formats["txt"]).get_data(as_text=True).replace(" ", "")
    assert "仍停电96户（7月1日17:00）与按已恢复户数推得的140户" in text, text
    assert "仍停电8栋（7月1日17:00）与按已恢复栋数推得的15栋" in text, text
