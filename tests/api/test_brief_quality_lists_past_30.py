"""五、数据质量's lists hold 30 entries; past 30 they say how many more there are (另有N条 / "and N more") rather than
drop the rest unsaid (docs/briefs.md, "Lists are cut, their totals are not").

31 outages whose day ends on a reading above the figure stated before (`power.readings_disagree`) and 32 late
reports (`quality.late`): until 6 December the notes named 30 of each and said nothing of the others (the late
line gave its count, 32, beside 30 names).
"""

from __future__ import annotations

from tests.api.conftest import compiled_brief, outage_with_updates
from tests.briefs.conftest import local, make_builder


def test_quality_lists_past_30_say_how_many_more(database, coordinator_api):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    for _ in range(31):  # 10 out, 4 still out on 1 July, 1 back of 10 on 2 July: 9 read off, above the 4 stated
        outage_with_updates(api, b.event_id, b.areas["site-a"], {
            "households_affected": 10, "started_at": "2021-07-01 06:00", "reported_at": "2021-07-01 06:30"}, (
            {"households_out": 4, "observed_at": "2021-07-01 17:00", "reported_at": "2021-07-01 17:10"},
            {"households_restored": 1, "observed_at": "2021-07-02 10:00", "reported_at": "2021-07-02 10:10"}))
    url = f"/api/v1/events/{b.event_id}/briefs/compile"
    compiled_brief(api, database, url, {"day": "2021-07-01"})
    for n in range(32):  # after 1 July's brief (its cut-off 2 July 08:00), observed on 1 July: late
        made = api.post(f"/api/v1/events/{b.event_id}/reports", json={
            "kind": "activity", "area_id": b.areas["site-b"], "title": f"巡查{n}",
            "observed_at": "2021-07-01 20:00", "reported_at": "2021-07-02 09:00"})
        assert made.status_code == 201, made.get_json()
    formats = compiled_brief(api, database, url, {"day": "2021-07-02"})["formats"]
    content = api.get(formats["json"]).json["content"]
    power, quality = content["power"], content["quality"]
    assert (len(power["readings_disagree"]), power["readings_disagree_total"]) == (30, 31), power
    assert (len(quality["late"]), quality["late_total"]) == (30, 32), quality
    for fmt in ("md", "txt"):
        shown = api.get(formats[fmt]).get_data(as_text=True).replace(" ", "")
        disagree = next(line for line in shown.splitlines() if "不一致，日报按后者计" in line)
        assert disagree.count("不一致，日报按后者计") == 30 and "；另有1条" in disagree, disagree
        late = next(line for line in shown.splitlines() if "迟报32份（" in line)
        assert "；另有2条" in late, late
    english = api.get(formats["txt"] + "?lang=en").get_data(as_text=True)
    disagree = next(line for line in english.splitlines() if "the brief takes the latter" in line)
    assert "; and 1 more." in disagree, disagree
    late = next(line for line in english.splitlines() if "Late reports (" in line)
    assert "; and 2 more;" in late, late
