"""A partial restoration sent after its outage was fully restored, seen after that: refused naming the count.

Asked of the domain: a worker opened the update form (150 of 220 households back) before another update said power
was fully back at 14:00, and sent it at 15:00. It was saved, and the outage read as 70 households out again from
15:00, which nobody had said: the timeline, the brief and the headline showed an outage out again. Now the 422 names
households_restored and says when the outage was fully restored, so the worker sends what is still out if power
did go off again (out again: households_out, docs/domain.md, "Outages"). An update seen before the full restoration
is history: saved and counted by the brief's rules, as an update sent out of order always was.
"""

from __future__ import annotations

import re

from tests.api.conftest import TokenClient, outage_with_updates
from tests.briefs.conftest import local, make_builder
from tests.conftest import csrf_from


def _fully_back_at_14(database, api: TokenClient) -> tuple[int, int]:
    """An outage of 220 households from 08:00, fully restored at 14:00: (event, outage)."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    outage = outage_with_updates(api, b.event_id, b.areas["site-a"], {
        "households_affected": 220, "started_at": "2021-07-21 08:00", "reported_at": "2021-07-21 08:30"},
        [{"fully_restored": True, "observed_at": "2021-07-21 14:00", "reported_at": "2021-07-21 14:10"}])
    return b.event_id, outage


def _out_at(api: TokenClient, event: int, when: str) -> list[int | None]:
    read = api.get(f"/api/v1/events/{event}/outages", query_string={"as_of": when, "known_at": "2021-07-22 00:00"})
    return [o["households_out"] for o in read.json["outages"]]


def test_a_partial_restoration_after_the_full_one_is_refused(database, coordinator_api: TokenClient):
    api = coordinator_api
    event, outage = _fully_back_at_14(database, api)
    body = {"kind": "outage_update", "outage_id": outage, "households_restored": 150,
            "observed_at": "2021-07-21 15:00", "reported_at": "2021-07-21 15:05"}
    refused = api.post(f"/api/v1/events/{event}/reports", json=body, headers={"Accept-Language": "zh-CN"})
    assert refused.status_code == 422 and set(refused.json["errors"]) == {"households_restored"}, refused.json
    said = refused.json["errors"]["households_restored"]
    assert "2021-07-21 14:00全部恢复供电" in said and "仍停电户数" in said, said
    english = api.post(f"/api/v1/events/{event}/reports", json=body, headers={"Accept-Language": "en"})
    assert "fully restored at 2021-07-21 14:00" in english.json["errors"]["households_restored"], english.json
    assert _out_at(api, event, "2021-07-21 16:00") == [0]  # nothing saved: still all back
    # Out again, as the message says to send it: taken, and the outage is out from 15:00.
    again = api.post(f"/api/v1/events/{event}/reports", json={**body, "households_restored": None,
                                                              "households_out": 70})
    assert again.status_code == 201, again.json
    assert _out_at(api, event, "2021-07-21 16:00") == [70]


def test_one_seen_before_the_full_restoration_is_history(database, coordinator_api: TokenClient):
    api = coordinator_api
    event, outage = _fully_back_at_14(database, api)
    made = api.post(f"/api/v1/events/{event}/reports", json={
        "kind": "outage_update", "outage_id": outage, "households_restored": 150,
        "observed_at": "2021-07-21 12:00", "reported_at": "2021-07-21 15:05"})
    assert made.status_code == 201, made.json
    assert _out_at(api, event, "2021-07-21 13:00") == [70]
    assert _out_at(api, event, "2021-07-21 16:00") == [0]


def test_the_form_sent_late_says_it_on_the_page(database, coordinator_api: TokenClient, client, auth):
    event, outage = _fully_back_at_14(database, coordinator_api)
    auth.login("api-coordinator")
    url = f"/events/{event}/reports/new/outage_update?outage_id={outage}"
    page = client.get(url).get_data(as_text=True)
    token = re.search(r'name="token"[^>]*value="([^"]*)"', page)
    answer = client.post(url, headers={"Accept-Language": "zh-CN"}, data={
        "csrf_token": csrf_from(page), **({"token": token.group(1)} if token else {}), "outage_id": str(outage),
        "observed_at-day": "2021-07-21", "observed_at-time": "15:00", "observed_at-precision": "exact",
        "households_restored": "150"})
    assert answer.status_code == 422, answer.status_code
    assert "全部恢复供电" in answer.get_data(as_text=True)


def test_a_new_total_beside_it_says_the_outage_anew(database, coordinator_api: TokenClient):
    """50 households affected now and 20 back, after the full restoration: out again in so many words, taken."""
    api = coordinator_api
    event, outage = _fully_back_at_14(database, api)
    made = api.post(f"/api/v1/events/{event}/reports", json={
        "kind": "outage_update", "outage_id": outage, "households_affected": 50, "households_restored": 20,
        "observed_at": "2021-07-21 15:00", "reported_at": "2021-07-21 15:05"})
    assert made.status_code == 201, made.json
    assert _out_at(api, event, "2021-07-21 16:00") == [30]


def test_restored_after_the_full_restoration_it_is_refused_too(database, coordinator_api: TokenClient):
    """Retracted while the outage was out, restored once it was fully back since before it: the same refusal."""
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    outage = outage_with_updates(api, b.event_id, b.areas["site-a"], {
        "households_affected": 220, "started_at": "2021-07-21 08:00", "reported_at": "2021-07-21 08:30"},
        [{"households_restored": 150, "observed_at": "2021-07-21 15:00", "reported_at": "2021-07-21 15:05"}])
    url = f"/api/v1/events/{b.event_id}/reports"
    before = api.get(f"/api/v1/events/{b.event_id}/outages", query_string={
        "as_of": "2021-07-21 16:00", "known_at": "2021-07-22 00:00"}).json["outages"][0]
    assert before["households_out"] == 70
    partial = max(r["id"] for r in api.get(url, query_string={"kind": "outage_update"}).json["reports"])
    assert api.post(f"/api/v1/reports/{partial}/retract").status_code == 200
    full = api.post(url, json={"kind": "outage_update", "outage_id": outage, "fully_restored": True,
                               "observed_at": "2021-07-21 14:00", "reported_at": "2021-07-21 16:00"})
    assert full.status_code == 201, full.json
    refused = api.post(f"/api/v1/reports/{partial}/restore", headers={"Accept-Language": "en"})
    assert refused.status_code == 422 and set(refused.json["errors"]) == {"households_restored"}, refused.json
    assert _out_at(api, b.event_id, "2021-07-21 16:00") == [0]


def test_the_full_restoration_corrected_to_a_partial_one_is_taken(database, coordinator_api: TokenClient):
    """Its own worker correcting it (150 back, not all, and at 14:05): no partial update sent late, taken."""
    api = coordinator_api
    event, outage = _fully_back_at_14(database, api)
    url = f"/api/v1/events/{event}/reports"
    full = max(r["id"] for r in api.get(url, query_string={"kind": "outage_update"}).json["reports"])
    fixed = api.patch(f"/api/v1/reports/{full}", headers={"If-Match": "*"}, json={
        "fully_restored": False, "households_restored": 150, "observed_at": "2021-07-21 14:05"})
    assert fixed.status_code == 200, fixed.json
    assert _out_at(api, event, "2021-07-21 16:00") == [70]
