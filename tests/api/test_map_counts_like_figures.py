"""The map's per-place `reports` count leaves out the news of a retracted outage or operation, as the figures do.

Found by an outside replay tester: after an outage was retracted, its update (status only) still counted in the
map's `reports` for its place, while the briefs and the report list's `status=counted` leave it out by one rule
(reports/models.news_of_counted).
"""

from __future__ import annotations

from tests.api.conftest import TokenClient, outage_with_updates
from tests.briefs.conftest import local, make_builder


def _reports(api: TokenClient, event_id: int) -> dict[int, int]:
    """Per place on the map (placed or not): its `reports` count at the end of the day."""
    page = api.get(f"/api/v1/events/{event_id}/map?as_of=2021-07-01 23:00")
    assert page.status_code == 200, page.get_data(as_text=True)
    sites = [f["properties"] for f in page.json["features"]] + page.json["unplaced"]
    return {s["area_id"]: s["reports"] for s in sites}


def test_news_of_a_retracted_outage_or_operation_is_not_a_report_on_the_map(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    site_a, site_b = b.areas["site-a"], b.areas["site-b"]
    outage = outage_with_updates(api, b.event_id, site_a, {
        "started_at": "2021-07-01 08:00", "households_affected": 60, "reported_at": "2021-07-01 08:10"}, [
        {"observed_at": "2021-07-01 10:00", "households_restored": 20, "reported_at": "2021-07-01 10:10"}])
    op = api.post(url, json={"kind": "pumping", "area_id": site_b, "team": "排涝队",
                             "observed_at": "2021-07-01 09:00", "reported_at": "2021-07-01 09:10"}).json["id"]
    assert api.post(url, json={"kind": "pumping_volume", "operation_id": op, "volume_m3": 300,
                               "period_start": "2021-07-01 09:00", "period_end": "2021-07-01 11:00",
                               "reported_at": "2021-07-01 11:10"}).status_code == 201
    assert api.post(url, json={"kind": "activity", "area_id": site_a, "title": "巡查",
                               "observed_at": "2021-07-01 12:00", "reported_at": "2021-07-01 12:10"}).status_code == 201
    assert _reports(api, b.event_id) == {site_a: 3, site_b: 2}
    for parent in (outage, op):
        assert api.post(f"/api/v1/reports/{parent}/retract").status_code == 200
    # 甲小区 keeps its patrol only; 乙小区 has nothing that counts left, so it is no site at all.
    assert _reports(api, b.event_id) == {site_a: 1}
    assert api.post(f"/api/v1/reports/{outage}/restore").status_code == 200
    assert _reports(api, b.event_id) == {site_a: 3}
