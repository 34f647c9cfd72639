"""What is still out, read off a "more than" restored count, is "at most" (不超过) that.

Found by two replays through the API: an outage of 60 households and an update "40余户 restored" made the
brief, the timeline and the API say exactly 20户 still out, though more than 40 back leaves at most 20 out.
A "more than" affected count less a "more than" restored count is bounded neither way: about (约) 20.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest

from incidents.briefs import formats
from incidents.briefs.content import BriefContent
from tests.api.conftest import TokenClient, compiled_brief, created
from tests.briefs.conftest import local, make_builder
from tests.conftest import unspanned


def _outage(database, api: TokenClient, affected: str | int, restored: str | int) -> int:
    """An outage of `affected` households at site-a from 07-01 08:00, `restored` back at 12:00: the event id."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    made = api.post(url, json={"kind": "outage", "area_id": b.areas["site-a"], "started_at": "2021-07-01 08:00",
                               "households_affected": affected, "reported_at": "2021-07-01 08:10"})
    assert made.status_code == 201, made.json
    update = api.post(url, json={"kind": "outage_update", "outage_id": made.json["id"],
                                 "observed_at": "2021-07-01 12:00", "households_restored": restored,
                                 "reported_at": "2021-07-01 12:10"})
    assert update.status_code == 201, update.json
    return b.event_id


@pytest.mark.parametrize(("restored", "ub"), [("40+", True), (40, False)])
def test_still_out_after_a_more_than_restored_count_is_at_most(database, coordinator_api, restored, ub):
    api = coordinator_api
    event_id = _outage(database, api, 60, restored)
    at_most_zh, at_most_en = ("不超过", "at most ") if ub else ("", "")

    outages = api.get(f"/api/v1/events/{event_id}/outages", query_string={"as_of": "2021-07-02 00:00"}).json
    (state,) = outages["outages"]
    assert (state["households_out"], state["households_out_lb"], state["households_out_ub"]) == (20, False, ub)
    timeline = api.get(f"/api/v1/events/{event_id}/timeline", query_string={"as_of": "2021-07-02 00:00"}).json
    (group,) = timeline["groups"]
    assert (group["households_out"], group["households_out_lb"], group["households_out_ub"]) == (20, False, ub)
    households = timeline["curve"]["households"]
    assert (households["current"], households["current_lb"], households["current_ub"]) == (20, False, ub)
    assert (timeline["stats"]["households"]["still_out"], timeline["stats"]["households"]["still_out_ub"]) == (20, ub)

    page = unspanned(api.page(f"/events/{event_id}/timeline?at=2021-07-02T00:00").get_data(as_text=True))
    assert f"<dd>{at_most_zh}20</dd>" in page
    assert f"{at_most_zh}20户" in page  # the outstanding list and the subdistrict's group
    if ub:
        assert "<dd>20</dd>" not in page
    # The exports carry the mark too: the outage's line, and each curve point after the update.
    table = api.get(f"/events/{event_id}/timeline.csv?at=2021-07-02T00:00").get_data(as_text=True)
    (line,) = csv.DictReader(io.StringIO(table.lstrip("\ufeff")))
    assert (line["仍停电户数"], line["仍停电户数为上限（不超过）"]) == ("20", "是" if ub else "否")
    curve = api.get(f"/events/{event_id}/curve.csv?at=2021-07-02T00:00").get_data(as_text=True)
    whole = [r for r in csv.DictReader(io.StringIO(curve.lstrip("\ufeff"))) if r["范围"] == "全区"]
    assert None not in whole[-1] and whole[-1]["仍停电户数为上限（不超过）"] == ("是" if ub else "否")

    brief = compiled_brief(api, database, f"/api/v1/events/{event_id}/briefs/compile", {"day": "2021-07-01"})
    stored = api.get(brief["formats"]["json"]).json["content"]
    out = stored["power"]["households_out"]
    assert (out["value"], out["lb"], out.get("ub", False)) == (20, False, ub)
    # Nothing else in the brief's JSON grows a field: "ub" only where it is true.
    assert ("ub" in out) is ub
    text = api.get(brief["formats"]["txt"]).get_data(as_text=True)
    assert f"共{at_most_zh}20户" in text, text
    english = formats.as_text(BriefContent.from_json(stored), "en")
    assert f"{at_most_en}20 households" in english, english
    if ub:
        assert "共20户" not in text and " 20 households" not in english.replace("at most 20", "")


def test_more_than_affected_less_more_than_restored_is_about(database, coordinator_api):
    api = coordinator_api
    event_id = _outage(database, api, "60+", "40+")
    outages = api.get(f"/api/v1/events/{event_id}/outages", query_string={"as_of": "2021-07-02 00:00"}).json
    (state,) = outages["outages"]
    # Neither "more than 20" nor "at most 20": an estimate.
    assert (state["households_out"], state["households_out_lb"], state["households_out_ub"],
            state["households_out_approx"]) == (20, False, False, True)
    page = unspanned(api.page(f"/events/{event_id}/timeline?at=2021-07-02T00:00").get_data(as_text=True))
    assert "<dd>约20</dd>" in page and "20余" not in page
    brief = compiled_brief(api, database, f"/api/v1/events/{event_id}/briefs/compile",
                           {"day": date(2021, 7, 1).isoformat()})
    out = api.get(brief["formats"]["json"]).json["content"]["power"]["households_out"]
    assert (out["value"], out["lb"], out["approx"]) == (20, False, True)
    text = api.get(brief["formats"]["txt"]).get_data(as_text=True)
    assert "共约20户" in text and "20余户" not in text, text


@pytest.mark.parametrize(("restored", "ub"), [("40+", True), (40, False)])
def test_the_map_says_at_most_too(database, coordinator_api, restored, ub):
    api = coordinator_api
    event_id = _outage(database, api, 60, restored)
    body = api.get(f"/api/v1/events/{event_id}/map", query_string={"as_of": "2021-07-02 00:00"}).json
    (site,) = [s for s in body["unplaced"] if s["name"] == "甲小区"]
    assert (site["households_out"], site["households_out_lb"], site["households_out_ub"]) == (20, False, ub)
    page = unspanned(api.page(f"/events/{event_id}/map?at=2021-07-02T00:00").get_data(as_text=True))
    assert ("仍停电不超过20户" in page) is ub and ("仍停电20户" in page) is not ub


# Outages still out at the period's end (area, start, affected, restored at 12:00 or None), in start order: the
# brief sums them in that order, the timeline all at once. Each mix holds a "more than" and an "at most" count.
MIXES = {
    # 不超过20户 (60 less 40余) and 50余户: about 70.
    "at most and more than": ([("site-a", "07:00", 60, "40+"), ("site-b", "08:00", "50+", None)], 70),
    # ...and 10余户 after them: still about (not 80余户, which read 约70 plus 10余 as "more than").
    "then more than again": ([("site-a", "07:00", 60, "40+"), ("site-b", "08:00", "50+", None),
                              ("a", "09:00", "10+", None)], 80),
    # 约20户 (60余 less 40余: both ways already) and 50余户: about 70, not 70余户.
    "about and more than": ([("site-a", "07:00", "60+", "40+"), ("site-b", "08:00", "50+", None)], 70),
}


@pytest.mark.parametrize("mix", MIXES)
def test_more_than_and_at_most_still_out_sum_to_about_in_the_brief_as_in_the_timeline(
        database, coordinator_api, mix):
    api = coordinator_api
    outages, total = MIXES[mix]
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    for area, start, affected, restored in outages:
        made = api.post(url, json={"kind": "outage", "area_id": b.areas[area], "started_at": f"2021-07-01 {start}",
                                   "households_affected": affected, "reported_at": f"2021-07-01 {start}"})
        assert made.status_code == 201, made.json
        if restored is not None:
            update = api.post(url, json={"kind": "outage_update", "outage_id": made.json["id"],
                                         "observed_at": "2021-07-01 12:00", "households_restored": restored,
                                         "reported_at": "2021-07-01 12:10"})
            assert update.status_code == 201, update.json

    timeline = api.get(f"/api/v1/events/{b.event_id}/timeline", query_string={"as_of": "2021-07-02 00:00"}).json
    households = timeline["curve"]["households"]
    assert (households["current"], households["current_lb"], households["current_ub"],
            households["current_approx"]) == (total, False, False, True)
    assert (timeline["stats"]["households"]["still_out"], timeline["stats"]["households"]["still_out_approx"]) == (
        total, True)
    page = unspanned(api.page(f"/events/{b.event_id}/timeline?at=2021-07-02T00:00").get_data(as_text=True))
    assert f"<dd>约{total}</dd>" in page and f"{total}余" not in page

    brief = compiled_brief(api, database, f"/api/v1/events/{b.event_id}/briefs/compile", {"day": "2021-07-01"})
    content = api.get(brief["formats"]["json"]).json["content"]
    out = content["power"]["households_out"]
    assert (out["value"], out["lb"], out["approx"], out.get("ub", False)) == (total, False, True, False)
    trend = content["trend"][-1]
    assert (trend["households_out"], trend["households_out_lb"], trend.get("households_out_approx")) == (
        total, False, True)
    html = unspanned(api.page(f"/briefs/{brief['id']}").get_data(as_text=True))
    assert f"共约{total}户" in html and f"{total}余户" not in html
    text = api.get(brief["formats"]["txt"]).get_data(as_text=True)
    assert f"共约{total}户" in text and f"{total}余户" not in text, text
    english = formats.as_text(BriefContent.from_json(content), "en")
    assert f"≈{total} households still out" in english, english


# The peak at 13:00: site-a's 60 (at 12:00 less `restored` back) plus site-b's 100 just out; site-b is down
# to 50 at 18:00. (site-a's affected, restored) → the peak's marks (lb, ub, approx) and how it reads.
PEAKS = {
    "at most": ((60, "40+"), (False, True, False), "不超过120", "at most 120"),
    "about": (("60+", "40+"), (False, False, True), "约120", "≈120"),
    "exact": ((60, 40), (False, False, False), "120", "120"),
}


@pytest.mark.parametrize("peak", PEAKS)
def test_the_peak_carries_the_marks_of_what_was_out_then(database, coordinator_api, peak):
    api = coordinator_api
    (affected, restored), marks, zh, en = PEAKS[peak]
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"

    def post(body: dict) -> int:
        return created(api, url, body)  # asserts the 201

    site_a = post({"kind": "outage", "area_id": b.areas["site-a"], "started_at": "2021-07-01 07:00",
                   "households_affected": affected, "reported_at": "2021-07-01 07:10"})
    post({"kind": "outage_update", "outage_id": site_a, "observed_at": "2021-07-01 12:00",
          "households_restored": restored, "reported_at": "2021-07-01 12:10"})
    site_b = post({"kind": "outage", "area_id": b.areas["site-b"], "started_at": "2021-07-01 13:00",
                   "households_affected": 100, "reported_at": "2021-07-01 13:10"})
    post({"kind": "outage_update", "outage_id": site_b, "observed_at": "2021-07-01 18:00",
          "households_out": 50, "reported_at": "2021-07-01 18:10"})

    timeline = api.get(f"/api/v1/events/{b.event_id}/timeline", query_string={"as_of": "2021-07-02 00:00"}).json
    households = timeline["curve"]["households"]
    assert (households["peak"], households["peak_lb"], households["peak_ub"], households["peak_approx"]) == (
        120, *marks)
    assert (households["current"], households["current_ub"], households["current_approx"]) == (70, *marks[1:])
    page = unspanned(api.page(f"/events/{b.event_id}/timeline?at=2021-07-02T00:00").get_data(as_text=True))
    assert f"峰值 {zh}（7月1日 13:00）" in page  # the curve's caption
    assert re.search(rf"<td[^>]*>{zh} <span", page)  # the thresholds table (a cell names its column on a phone)
    assert f"峰值 {zh}户" in page  # the note under the card 峰值已恢复

    brief = compiled_brief(api, database, f"/api/v1/events/{b.event_id}/briefs/compile", {"day": "2021-07-01"})
    stored = api.get(brief["formats"]["json"]).json["content"]
    out = stored["power"]["peak_households"]
    assert (out["value"], out["lb"], out.get("ub", False), out["approx"]) == (120, *marks)
    # Nothing grows a field unless it is true: an exact peak's JSON is as before.
    assert ("ub" in out) is marks[1]
    share = "已恢复41.7%" if peak == "exact" else "已恢复约41.7%"
    text = api.get(brief["formats"]["txt"]).get_data(as_text=True)
    assert f"停电峰值{zh}户，{share}" in text, text
    html = unspanned(api.page(f"/briefs/{brief['id']}").get_data(as_text=True))
    assert f"停电峰值{zh}户" in html
    english = formats.as_text(BriefContent.from_json(stored), "en")
    assert f"peak {en} households without power" in english, english
