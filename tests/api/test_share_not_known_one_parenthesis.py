"""The peak's share not known and its outages of unknown size are said in one parenthesis, not two side by side.

Found by an outside typhoon replay: an outage out again with households only (its buildings now unknown) beside
one that never gave buildings read "停电峰值4栋，已恢复比例不详（1处仍停电未报数）（另有1处规模未报，未计入）".
"""

from __future__ import annotations

from tests.api.conftest import TokenClient, compiled_brief, outage_with_updates
from tests.briefs.conftest import local, make_builder


def test_share_not_known_and_unknown_sizes_in_one_parenthesis(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    outage_with_updates(api, b.event_id, b.areas["site-a"], {
        "started_at": "2021-07-01 06:00", "households_affected": 100, "buildings_affected": 4,
        "reported_at": "2021-07-01 06:30"}, [
        {"observed_at": "2021-07-01 10:00", "fully_restored": True, "reported_at": "2021-07-01 10:05"},
        {"observed_at": "2021-07-01 15:30", "households_out": 80, "reported_at": "2021-07-01 15:40"}])
    outage_with_updates(api, b.event_id, b.areas["site-b"], {
        "started_at": "2021-07-01 08:00", "households_affected": 50, "reported_at": "2021-07-01 08:10"}, [])
    brief = compiled_brief(api, database, f"/api/v1/events/{b.event_id}/briefs/compile", {"day": "2021-07-01"})
    power = api.get(brief["formats"]["json"]).json["content"]["power"]
    assert (power["pct_restored_buildings"], power["buildings_lost"], power["peak_buildings_unknown"]) == (None, 1, 1)
    zh = api.get(brief["formats"]["txt"]).get_data(as_text=True)
    assert "停电峰值4栋，已恢复比例不详（1处仍停电未报数；另有1处规模未报，未计入）；" in zh, zh
    assert "）（" not in zh, zh
    en = api.get(brief["formats"]["txt"] + "?lang=en").get_data(as_text=True)
    assert "gave no count; not counting outages of unknown size: 1)" in en, en
