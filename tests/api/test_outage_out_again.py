"""An outage out again after "fully restored": the unit the new word is silent on is unknown, not 0.

Found by replaying a typhoon through the API: 一号院 (300 households, 5 buildings) was fully restored
at 09:00 and reported 80 households out again at 15:00; the brief said "一号院：0栋，80户" and
"共0栋", the full restoration's 0 buildings carried past a word that power was out again there.
"""

from __future__ import annotations

from typing import Any

from tests.api.conftest import TokenClient, compiled_brief, outage_with_updates
from tests.briefs.conftest import Builder, local, make_builder


def restored_then_out(database, api: TokenClient, outage: dict[str, Any],  # noqa: ANN001
                      again: dict[str, Any]) -> tuple[Builder, int]:
    """一号院 (300 households, `outage` its other fields) out 07-01 20:00, fully restored 07-02 09:00, out again at
    15:00 as `again` says: the builder and the outage's id."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    outage_id = outage_with_updates(api, b.event_id, b.areas["site-a"], {
        "households_affected": 300, "started_at": "2021-07-01 20:00", "reported_at": "2021-07-01 20:30", **outage}, (
        {"observed_at": "2021-07-02 09:00", "reported_at": "2021-07-02 09:00", "fully_restored": True},
        {"observed_at": "2021-07-02 15:00", "reported_at": "2021-07-02 15:00", **again}))
    return b, outage_id


def _out_again(database, api: TokenClient) -> Builder:  # noqa: ANN001
    """一号院 (300 households, 5 buildings) out 07-01 20:00, fully restored 07-02 09:00, 80 households out at 15:00."""
    return restored_then_out(database, api, {"buildings_affected": 5}, {"households_out": 80})[0]


def test_households_out_again_leave_the_buildings_unknown(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = _out_again(database, api)

    state = api.get(f"/api/v1/events/{b.event_id}/outages", query_string={"as_of": "2021-07-02 18:00"}).json
    (line,) = state["outages"]
    assert (line["households_out"], line["buildings_out"], line["open"]) == (80, None, True)
    morning = api.get(f"/api/v1/events/{b.event_id}/outages", query_string={"as_of": "2021-07-02 12:00"}).json
    assert (morning["outages"][0]["households_out"], morning["outages"][0]["buildings_out"]) == (0, 0)

    brief = compiled_brief(api, database, f"/api/v1/events/{b.event_id}/briefs/compile", {"day": "2021-07-02"})
    power = api.get(brief["formats"]["json"]).json["content"]["power"]
    assert (power["households_out"]["value"], power["buildings_out"]["value"]) == (80, None)
    assert power["buildings_unknown"] == 1
    assert power["open"][0]["buildings_out"]["value"] is None
    text = api.get(brief["formats"]["txt"]).get_data(as_text=True)
    assert "0栋" not in text.split("\n")[7], text
    # Nor is the share of the 5 buildings "100% restored": what is back of them is not known.
    assert (power["pct_restored_buildings"], power["pct_restored_households"]) == (None, 73.3)
    assert "停电峰值5栋，已恢复比例不详（1处仍停电未报数）" in text and "已恢复100" not in text, text
    english = api.get(brief["formats"]["txt"] + "?lang=en").get_data(as_text=True)
    assert "the share restored not known (1 still out gave no count)" in english, english


def test_the_trend_says_not_reported_where_the_brief_does(database, coordinator_api: TokenClient):
    # Found replaying a typhoon through the API: both open outages gave no building count (one out again,
    # one never said), the brief's power said buildings out 未报 (null), and its own trend point for the
    # day said 0 buildings out, which a program reading the JSON takes for none.
    api = coordinator_api
    b = _out_again(database, api)
    brief = compiled_brief(api, database, f"/api/v1/events/{b.event_id}/briefs/compile", {"day": "2021-07-02"})
    content = api.get(brief["formats"]["json"]).json["content"]
    assert content["power"]["buildings_out"]["value"] is None
    last = content["trend"][-1]
    assert (last["day"], last["open_outages"], last["households_out"]) == ("2021-07-02", 1, 80)
    assert last["buildings_out"] is None


def test_an_outage_out_again_is_not_overdue_on_the_promise_its_restoration_kept(database,
                                                                                 coordinator_api: TokenClient):
    # Found replaying a typhoon through the API: 东一小区 (ETR 9/15 20:00) was fully restored on 9/17 09:00
    # and out again at 15:00 with no new ETR; the brief's outstanding items said 预计恢复时间9月15日 20:00
    # （已超过预计恢复时间）: the old promise, kept by the restoration, read as overdue for the new cut.
    api = coordinator_api
    b, outage_id = restored_then_out(database, api, {"etr_at": "2021-07-01 23:00"}, {"households_out": 80})
    url = f"/api/v1/events/{b.event_id}/reports"
    outages = f"/api/v1/events/{b.event_id}/outages"
    (line,) = api.get(outages, query_string={"as_of": "2021-07-02 18:00"}).json["outages"]
    assert (line["etr_at"], line["overdue"], line["first_etr_at"]) == (None, False, "2021-07-01T15:00:00Z")
    brief = compiled_brief(api, database, f"/api/v1/events/{b.event_id}/briefs/compile", {"day": "2021-07-02"})
    (open_line,) = api.get(brief["formats"]["json"]).json["content"]["power"]["open"]
    assert (open_line["etr"]["at"], open_line["overdue"]) == (None, False)
    text = api.get(brief["formats"]["txt"]).get_data(as_text=True)
    assert "已超过预计恢复时间" not in text and "预计恢复时间未报" in text, text
    # A new promise for the new cut is the one said.
    made = api.post(url, json={"kind": "outage_update", "outage_id": outage_id,
                               "observed_at": "2021-07-02 16:00", "etr_at": "2021-07-02 22:00",
                               "reported_at": "2021-07-02 16:00"})
    assert made.status_code == 201, made.get_data(as_text=True)
    (line,) = api.get(outages, query_string={"as_of": "2021-07-02 23:00"}).json["outages"]
    assert (line["etr_at"], line["overdue"]) == ("2021-07-02T14:00:00Z", True)


def test_hours_without_power_leave_out_the_spell_it_was_back(database, coordinator_api: TokenClient):
    # Found replaying a typhoon: an outage out 13 hours, back for 6, then out again for 3 said 22 hours without
    # power in the timeline, its JSON and CSV (duration_hours), counting the 6 hours it had power.
    api = coordinator_api
    b = _out_again(database, api)
    data = api.get(f"/api/events/{b.event_id}/timeline", query_string={"at": "2021-07-02T18:00+08:00"}).json
    (row,) = data["outages"]
    assert row["open"] and row["duration_hours"] == 16
    assert (row["duration_hours_min"], row["duration_hours_max"]) == (16, 16)
    assert data["stats"]["longest_hours"] == 16
    # Back at 12:00 (before it went out again): 13 hours out, and it is not open.
    noon = api.get(f"/api/events/{b.event_id}/timeline", query_string={"at": "2021-07-02T12:00+08:00"}).json
    assert noon["outages"][0]["duration_hours"] == 13
