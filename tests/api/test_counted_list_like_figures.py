"""The report list's `status=counted` lists what the figures count: not the news of a retracted outage or operation.

Found by an outside typhoon replay: after an outage was retracted, `GET /events/<id>/reports?status=counted` still
listed its update (submitted), which no brief counts ("an outage's update counts while its outage does",
docs/briefs.md); docs/api-reports.md says `counted` is "what the figures and briefs count".
"""

from __future__ import annotations

from tests.api.conftest import TokenClient, outage_with_updates
from tests.briefs.conftest import local, make_builder


def _ids(api: TokenClient, event_id: int, status: str) -> set[int]:
    page = api.get(f"/api/v1/events/{event_id}/reports?status={status}&limit=1000")
    assert page.status_code == 200, page.get_data(as_text=True)
    return {r["id"] for r in page.json["reports"]}


def test_news_of_a_retracted_outage_or_operation_is_not_counted(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    outage = outage_with_updates(api, b.event_id, b.areas["site-a"], {
        "started_at": "2021-07-01 08:00", "households_affected": 60, "reported_at": "2021-07-01 08:10"}, [
        {"observed_at": "2021-07-01 10:00", "households_restored": 20, "reported_at": "2021-07-01 10:10"}])
    update = max(_ids(api, b.event_id, "counted") - {outage})
    op = api.post(url, json={"kind": "pumping", "area_id": b.areas["site-b"], "team": "排涝队",
                             "observed_at": "2021-07-01 09:00", "reported_at": "2021-07-01 09:10"}).json["id"]
    volume = api.post(url, json={"kind": "pumping_volume", "operation_id": op, "volume_m3": 300,
                                 "period_start": "2021-07-01 09:00", "period_end": "2021-07-01 11:00",
                                 "reported_at": "2021-07-01 11:10"}).json["id"]
    kept = api.post(url, json={"kind": "activity", "area_id": b.areas["site-a"], "title": "巡查",
                               "observed_at": "2021-07-01 12:00", "reported_at": "2021-07-01 12:10"}).json["id"]
    assert _ids(api, b.event_id, "counted") == {outage, update, op, volume, kept}
    for parent in (outage, op):
        assert api.post(f"/api/v1/reports/{parent}/retract").status_code == 200
    assert _ids(api, b.event_id, "counted") == {kept}
    # Still listed as live (their own status is submitted) and by their status, as stored.
    assert {update, volume, kept} <= _ids(api, b.event_id, "live")
    assert {update, volume} <= _ids(api, b.event_id, "submitted")
    assert api.post(f"/api/v1/reports/{outage}/restore").status_code == 200
    assert _ids(api, b.event_id, "counted") == {outage, update, kept}
