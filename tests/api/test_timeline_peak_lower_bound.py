"""A "more than" outage (100余户) travels to the peak: the timeline API's curve and the brief compiled over the API.

Reports posted through the API with a coordinator's token (their real, backdated `reported_at`),
the brief compiled through the queued compile and read in its JSON and text formats. With every
outage exact, nothing says 余.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest

from tests.api.conftest import TokenClient, compiled_brief, created
from tests.briefs.conftest import local, make_builder
from tests.conftest import unspanned


def _flood(database, api: TokenClient, affected_a: str | int) -> int:
    """Two open outages on 07-01: site-a (`affected_a` households) from 08:00, 520 at site-b from 09:00,
    then site-b down to 300 still out at 20:00. Returns the event id."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"

    def post(body: dict) -> int:
        return created(api, url, body)  # asserts the 201

    post({"kind": "outage", "area_id": b.areas["site-a"], "started_at": "2021-07-01 08:00",
          "households_affected": affected_a, "reported_at": "2021-07-01 08:10"})
    site_b = post({"kind": "outage", "area_id": b.areas["site-b"], "started_at": "2021-07-01 09:00",
                   "households_affected": 520, "reported_at": "2021-07-01 09:10"})
    post({"kind": "outage_update", "area_id": b.areas["site-b"], "outage_id": site_b,
          "observed_at": "2021-07-01 20:00", "households_out": 300, "reported_at": "2021-07-01 20:10"})
    return b.event_id


def _brief(database, api: TokenClient, event_id: int, day: date) -> tuple[dict, str]:
    """The day's brief compiled over the API: (its JSON, its text)."""
    brief = compiled_brief(api, database, f"/api/v1/events/{event_id}/briefs/compile", {"day": day.isoformat()})
    return api.get(brief["formats"]["json"]).json, api.get(brief["formats"]["txt"]).get_data(as_text=True)


@pytest.mark.parametrize(("affected_a", "lb"), [("100+", True), (100, False)])
def test_a_lower_bound_outage_makes_the_peak_and_trend_more_than(database, coordinator_api, affected_a, lb):
    event_id = _flood(database, coordinator_api, affected_a)
    mark = "余" if lb else ""

    timeline = coordinator_api.get(f"/api/v1/events/{event_id}/timeline",
                                   query_string={"as_of": "2021-07-02 00:00"})
    assert timeline.status_code == 200, timeline.json
    households = timeline.json["curve"]["households"]
    assert (households["peak"], households["peak_lb"]) == (620, lb)
    assert (households["current"], households["current_lb"]) == (400, lb)
    points = [(p["households_out"], p["households_out_lb"]) for p in timeline.json["curve"]["points"]]
    assert points[:3] == [(100, lb), (620, lb), (400, lb)]
    # Nobody reported buildings: nothing to be "more than".
    assert timeline.json["curve"]["buildings"]["peak_lb"] is False
    by_sub = {c["subdistrict_name"]: c["households"] for c in timeline.json["curves_by_subdistrict"]}
    assert (by_sub["甲街道"]["peak_lb"], by_sub["乙街道"]["peak_lb"]) == (lb, False)

    # The page's figures and its curve export say the same.
    stats = timeline.json["stats"]["households"]
    assert (stats["interrupted"], stats["interrupted_lb"], stats["still_out"], stats["still_out_lb"]) == (
        620, lb, 400, lb)
    page = unspanned(coordinator_api.page(f"/events/{event_id}/timeline?at=2021-07-02T00:00").get_data(as_text=True))
    # The caption's facts as read (each "·" kept in a span with the fact after it: templates/_links.html).
    caption = re.sub(r"<[^>]+>", "", page)
    assert f"<dd>400{mark}</dd>" in page and f"峰值 620{mark}（7月1日 09:00） · 现为 400{mark}" in caption
    assert f"共停电 620{mark}，仍停电 400{mark}" in page
    curve = coordinator_api.get(f"/events/{event_id}/curve.csv?at=2021-07-02T00:00").get_data(as_text=True)
    whole = [r for r in csv.DictReader(io.StringIO(curve.lstrip("\ufeff"))) if r["范围"] == "全区"]
    assert {(r["仍停电户数"], r["仍停电户数为下限（余）"]) for r in whole} >= {("620", "是" if lb else "否")}

    stored, text = _brief(database, coordinator_api, event_id, date(2021, 7, 1))
    power = stored["content"]["power"]
    assert (power["peak_households"]["value"], power["peak_households"]["lb"]) == (620, lb)
    assert (power["households_out"]["value"], power["households_out"]["lb"]) == (400, lb)
    # The totals already said 余; the peak now says it too.
    assert f"共400{mark}户" in text and f"停电峰值620{mark}户" in text, text
    trend = stored["content"]["trend"]
    assert (trend[-1]["households_out"], trend[-1]["households_out_lb"]) == (400, lb)


def test_the_openapi_document_names_the_flag(viewer_api):
    spec = viewer_api.get("/api/v1/openapi.json", headers={"Accept-Language": "en"}).json
    curve = spec["components"]["schemas"]["Timeline"]["properties"]["curve"]
    assert "_lb" in curve["description"] and "lower bound" in curve["description"]
