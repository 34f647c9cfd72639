"""More still out said in so many words is power off again, and the brief's changes say it with its households.

docs/briefs.md ("What came back"): 96 still out, then "120 still out" (no full restoration between) is power going
out again for 24 households: the day's falls are added up. Until 6 December the changes said 再次停电 only after a
full restoration, so the brief of the day read 96 out before, 20 back, nothing new or out again, 100 out now, and
out before − back + new + out again = out now did not hold in the text the office reads. Now the rise is said as
going out again after a full restoration is, by the same sentence (and its households are the day's rises, not what
is out at its end: 300 back, 120 out again, 20 back is 再次停电（120户）, not 100). A rise read off a count
restored so far stays unsaid (tests/api/test_brief_rise_after_a_figure.py).
"""

from __future__ import annotations

from typing import Any

from tests.api.conftest import TokenClient, compiled_brief, outage_with_updates
from tests.briefs.conftest import local, make_builder


def _day(api: TokenClient, database, event_id: int, day: str) -> tuple[dict[str, Any], str, str]:  # noqa: ANN001
    """The brief of `day` compiled over the API: its JSON content, its Markdown and its chat text."""
    brief = compiled_brief(api, database, f"/api/v1/events/{event_id}/briefs/compile", {"day": day})
    content = api.get(brief["formats"]["json"]).json["content"]
    return (content, api.get(brief["formats"]["md"]).get_data(as_text=True),
            api.get(brief["formats"]["txt"]).get_data(as_text=True))


def _out_before(api: TokenClient, event_id: int, before: str, known_at: str) -> int:
    """Households out just before the day began, as known at its brief's cut-off (the outages API)."""
    outages = api.get(f"/api/v1/events/{event_id}/outages",
                      query_string={"as_of": before, "known_at": known_at}).json["outages"]
    return sum(o["households_out"] or 0 for o in outages)


def _sum_holds(power: dict[str, Any], changes: list[dict[str, Any]], before: int) -> None:
    """out before − back + new + out again = out now, every figure read off the brief's JSON."""
    new = sum(c["qty"]["value"] for c in changes if c["kind"] == "outage_new")
    again = sum(c["qty"]["value"] for c in changes if c["kind"] == "outage_again")
    back = power["households_restored"]["value"] or 0
    assert before - back + new + again == power["households_out"]["value"], (before, back, new, again, changes)


def _second_day(api: TokenClient, database, affected: int,  # noqa: ANN001
                updates: tuple[dict[str, Any], ...]) -> tuple[int, dict[str, Any], str, str]:
    """An outage at 甲小区 of `affected` households from 1 July 06:00, then `updates` (each reported ten minutes after
    it was seen); 1 July's brief compiled, then 2 July's: the event's id, and 2 July's content, Markdown and text."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    outage_with_updates(api, b.event_id, b.areas["site-a"], {
        "households_affected": affected, "started_at": "2021-07-01 06:00", "reported_at": "2021-07-01 06:30"},
        ({"reported_at": body["observed_at"][:-2] + "10", **body} for body in updates))
    _day(api, database, b.event_id, "2021-07-01")
    return (b.event_id, *_day(api, database, b.event_id, "2021-07-02"))


def test_a_rise_said_as_still_out_is_said_as_out_again(database, coordinator_api: TokenClient):
    api = coordinator_api
    event_id, content, markdown, text = _second_day(api, database, 211, (
        {"households_out": 96, "observed_at": "2021-07-01 17:00"},
        {"households_out": 120, "observed_at": "2021-07-02 10:00"},
        {"households_out": 100, "observed_at": "2021-07-02 15:00"},
    ))
    power, changes = content["power"], content["changes"]
    assert (power["households_out"]["value"], power["households_restored"]["value"]) == (100, 20)
    again = [c for c in changes if c["kind"] == "outage_again"]
    assert [(c["area"], c["qty"]["value"]) for c in again] == [("甲小区", 24)], changes
    for shown in (markdown, text):
        assert "甲小区恢复供电后于7月2日10:00再次停电（24户）" in shown.replace(" ", ""), shown
    _sum_holds(power, changes, _out_before(api, event_id, "2021-07-01 23:59:59", "2021-07-03 08:00"))
    # News once: the day after says no 再次停电 for it.
    content, markdown, _text = _day(api, database, event_id, "2021-07-03")
    assert not [c for c in content["changes"] if c["kind"].startswith("outage_again")], content["changes"]
    assert "再次停电" not in markdown


def test_out_again_then_partly_back_says_what_went_out_again(database, coordinator_api: TokenClient):
    api = coordinator_api
    event_id, content, markdown, text = _second_day(api, database, 300, (
        {"fully_restored": True, "observed_at": "2021-07-02 09:00"},
        {"households_out": 120, "observed_at": "2021-07-02 12:00"},
        {"households_out": 100, "observed_at": "2021-07-02 15:00"},
    ))
    power, changes = content["power"], content["changes"]
    assert (power["households_out"]["value"], power["households_restored"]["value"]) == (100, 320)
    again = [c for c in changes if c["kind"] == "outage_again"]
    assert [(c["area"], c["qty"]["value"]) for c in again] == [("甲小区", 120)], changes
    for shown in (markdown, text):
        assert "甲小区恢复供电后于7月2日12:00再次停电（120户）" in shown.replace(" ", ""), shown
    _sum_holds(power, changes, _out_before(api, event_id, "2021-07-01 23:59:59", "2021-07-03 08:00"))


def test_a_rise_read_off_a_count_restored_stays_unsaid(database, coordinator_api: TokenClient):
    """96 still out, then 71 back of 211 (140 out): two readings of one outage, no 再次停电; the day telescopes."""
    api = coordinator_api
    event_id, content, markdown, _text = _second_day(api, database, 211, (
        {"households_out": 96, "observed_at": "2021-07-01 17:00"},
        {"households_restored": 71, "observed_at": "2021-07-02 10:00"},
        {"households_out": 90, "observed_at": "2021-07-02 15:00"},
    ))
    power, changes = content["power"], content["changes"]
    assert (power["households_out"]["value"], power["households_restored"]["value"]) == (90, 6)
    assert not [c for c in changes if c["kind"].startswith("outage_again")], changes
    assert "再次停电" not in markdown
    _sum_holds(power, changes, _out_before(api, event_id, "2021-07-01 23:59:59", "2021-07-03 08:00"))


def _said_again(api: TokenClient, database, updates: tuple[dict[str, Any], ...]) -> tuple[dict[str, Any], str]:  # noqa: ANN001
    """An outage of 211 households, 96 still out on 1 July, then `updates` on 2 July: that day's content and text,
    the sum checked."""
    event_id, content, _markdown, text = _second_day(api, database, 211, (
        {"households_out": 96, "observed_at": "2021-07-01 17:00"}, *updates))
    _sum_holds(content["power"], content["changes"], _out_before(api, event_id, "2021-07-01 23:59:59",
                                                                 "2021-07-03 08:00"))
    return content, text.replace(" ", "")


def _again(content: dict[str, Any]) -> list[tuple[str, int]]:
    return [(c["area"], c["qty"]["value"]) for c in content["changes"] if c["kind"] == "outage_again"]


def test_a_stated_rise_past_a_read_off_one_counts_from_the_last_stated_figure(database, coordinator_api):
    """96 still out, 71 back of 211 (140 read off), then 100 still out: 4 went out again (100 over 96), none back."""
    content, text = _said_again(coordinator_api, database, (
        {"households_restored": 71, "observed_at": "2021-07-02 10:00"},
        {"households_out": 100, "observed_at": "2021-07-02 15:00"},
    ))
    power = content["power"]
    assert (power["households_out"]["value"], power["households_restored"]["value"]) == (100, None)
    assert _again(content) == [("甲小区", 4)], content["changes"]
    assert "甲小区恢复供电后于7月2日15:00再次停电（4户）" in text, text


def test_a_day_with_a_said_and_a_read_off_rise(database, coordinator_api):
    """96, then 120 still out (24 out again), 71 back of 211 (140 read off), 130 still out (10 more over 120)."""
    content, text = _said_again(coordinator_api, database, (
        {"households_out": 120, "observed_at": "2021-07-02 10:00"},
        {"households_restored": 71, "observed_at": "2021-07-02 12:00"},
        {"households_out": 110, "observed_at": "2021-07-02 15:00"},
    ))
    power = content["power"]
    # 110 is below the last stated 120: no rise there; 96 − 10 + 24 = 110, not the falls' 30.
    assert (power["households_out"]["value"], power["households_restored"]["value"]) == (110, 10)
    assert _again(content) == [("甲小区", 24)], content["changes"]
    assert "甲小区恢复供电后于7月2日10:00再次停电（24户）" in text, text


def test_said_rises_on_both_sides_of_a_read_off_one_add_up(database, coordinator_api):
    """96, 120 still out (24), 71 back of 211 (140 read off), 130 still out (10 over 120): 34 out again, none back."""
    content, _text = _said_again(coordinator_api, database, (
        {"households_out": 120, "observed_at": "2021-07-02 10:00"},
        {"households_restored": 71, "observed_at": "2021-07-02 12:00"},
        {"households_out": 130, "observed_at": "2021-07-02 15:00"},
    ))
    power = content["power"]
    assert (power["households_out"]["value"], power["households_restored"]["value"]) == (130, None)
    assert _again(content) == [("甲小区", 34)], content["changes"]


def test_out_again_after_a_read_off_rise_and_a_full_restoration(database, coordinator_api):
    """96, 71 back of 211 (140 read off), all back, then 50 out again: 96 came back (not the falls' 140), 50 out."""
    content, text = _said_again(coordinator_api, database, (
        {"households_restored": 71, "observed_at": "2021-07-02 10:00"},
        {"fully_restored": True, "observed_at": "2021-07-02 12:00"},
        {"households_out": 50, "observed_at": "2021-07-02 15:00"},
    ))
    power = content["power"]
    assert (power["households_out"]["value"], power["households_restored"]["value"]) == (50, 96)
    assert _again(content) == [("甲小区", 50)], content["changes"]
    assert "甲小区恢复供电后于7月2日15:00再次停电（50户）" in text, text
