"""The timeline's share restored is 不详 where the brief's is: an outage in the peak lost its count.

一号院 (300 households, 5 buildings), fully restored, out again with 80 households and no word on buildings:
the brief says the buildings' share restored is not known (pct_restored_buildings null, 1 still out gave no
count), while the timeline's thresholds table, its JSON and the curve JSON said 100% of the buildings were back.
"""

from __future__ import annotations

import re

from tests.api.conftest import TokenClient, compiled_brief
from tests.api.test_outage_out_again import _out_again, restored_then_out

EVENING = "2021-07-02 18:00"


def _timeline(api: TokenClient, event_id: int, as_of: str = EVENING) -> dict:
    answer = api.get(f"/api/v1/events/{event_id}/timeline", query_string={"as_of": as_of})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.json


def _page_text(client, url: str) -> str:  # noqa: ANN001
    page = client.get(url)
    assert page.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.get_data(as_text=True)))


def test_the_timeline_api_holds_the_share_where_the_brief_does(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = _out_again(database, api)
    brief = compiled_brief(api, database, f"/api/v1/events/{b.event_id}/briefs/compile", {"day": "2021-07-02"})
    power = api.get(brief["formats"]["json"]).json["content"]["power"]
    assert power["pct_restored_buildings"] is None and power["buildings_lost"] == 1
    assert power["pct_restored_households"] is not None

    data = _timeline(api, b.event_id)
    buildings, households = data["curve"]["buildings"], data["curve"]["households"]
    assert buildings["restored_pct_of_peak"] is None and buildings["counts_lost"] == 1
    assert buildings["restored_pct_of_peak_approx"] is False
    assert households["restored_pct_of_peak"] == power["pct_restored_households"]
    assert households["counts_lost"] == 0
    (sub,) = [c for c in data["curves_by_subdistrict"] if c["subdistrict_id"] == b.areas["a"]]
    assert sub["buildings"]["restored_pct_of_peak"] is None and sub["buildings"]["counts_lost"] == 1
    # In the morning, all back: 100% is then what the log knows.
    morning = _timeline(api, b.event_id, "2021-07-02 12:00")["curve"]["buildings"]
    assert (morning["restored_pct_of_peak"], morning["counts_lost"]) == (100.0, 0)


def test_the_curve_json_and_timeline_json_hold_the_share(database, coordinator_api: TokenClient, client, auth,
                                                        make_user):
    b = _out_again(database, coordinator_api)
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    for path in ("curve.json", "timeline.json"):
        data = client.get(f"/events/{b.event_id}/{path}", query_string={"at": EVENING}).json
        assert data["curve"]["buildings"]["restored_pct_of_peak"] is None, path
        assert data["curve"]["buildings"]["counts_lost"] == 1, path


def _lost_households(database, api: TokenClient):  # noqa: ANN001, ANN202
    """As _out_again, but out again with 2 buildings and no word on households."""
    return restored_then_out(database, api, {"buildings_affected": 5}, {"buildings_out": 2})[0]


def test_the_timeline_page_says_the_share_is_not_known(database, coordinator_api: TokenClient, client, auth,
                                                       make_user):
    b = _lost_households(database, coordinator_api)
    brief = compiled_brief(coordinator_api, database, f"/api/v1/events/{b.event_id}/briefs/compile",
                           {"day": "2021-07-02"})
    power = coordinator_api.get(brief["formats"]["json"]).json["content"]["power"]
    assert power["pct_restored_households"] is None
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    text = _page_text(client, f"/events/{b.event_id}/timeline?at={EVENING}")
    card = text[text.index("已恢复（占峰值）"):text.index("逾期（超过预计恢复时间）")]
    assert "100%" not in card and "不详" in card, card
    assert "1处仍停电的户数未报" in card, card
    assert "规模未报" not in card, card  # not "100%, not counting 1 of unreported size"
    table = text[text.index("恢复峰值一定比例所用时间"):]
    assert "100.0%" not in table.split("仍停电")[0] and "不详" in table, table[:800]
    morning = _page_text(client, f"/events/{b.event_id}/timeline?at=2021-07-02 12:00")
    assert "100%" in morning[morning.index("已恢复（占峰值）"):morning.index("逾期（超过预计恢复时间）")]
