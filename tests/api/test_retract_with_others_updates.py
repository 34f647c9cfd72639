"""A reporter's outage that other reporters' updates hang on: its reporter may not retract it, a coordinator may.

Found probing scope (docs/security.md, "Left"): a reporter retracted their own outage while another reporter's
restoration update hung on it, and that update then counted nowhere, its reporter never told. Now the API's 409
and the page's 422 say how many such updates there are and to ask a coordinator; a coordinator's retraction is
taken, and the updates leave every figure with their outage until it is restored (docs/domain.md, "Nothing is
overwritten"). The same for an operation and other reporters' volumes.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from incidents.models import OutageUpdate, Report, ReportStatus
from tests.api.conftest import TokenClient
from tests.briefs.conftest import local, make_builder
from tests.conftest import csrf_from


def _outage_with_another_reporters_update(database, token_client) -> tuple[int, int, TokenClient, TokenClient]:
    """Reporter A's outage of 100 households, reporter B's update saying 60 are back: (event, outage, A, B)."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    owner, other = token_client("owner", "reporter"), token_client("other", "reporter")
    url = f"/api/v1/events/{b.event_id}/reports"
    outage = owner.post(url, json={"kind": "outage", "area_id": b.areas["site-a"], "households_affected": 100,
                                   "started_at": "2021-07-01 10:00"})
    assert outage.status_code == 201, outage.json
    update = other.post(url, json={"kind": "outage_update", "outage_id": outage.json["id"],
                                   "observed_at": "2021-07-01 18:00", "households_restored": 60})
    assert update.status_code == 201, update.json
    return b.event_id, outage.json["id"], owner, other


def test_the_reporter_may_not_retract_it_over_the_api(database, token_client):
    _event, outage, owner, _other = _outage_with_another_reporters_update(database, token_client)
    refused = owner.post(f"/api/v1/reports/{outage}/retract", headers={"Accept-Language": "zh-CN"})
    assert refused.status_code == 409, refused.get_data(as_text=True)
    assert "另有 1 条他人的恢复更新属于此停电" in refused.json["errors"]["status"], refused.json
    english = owner.post(f"/api/v1/reports/{outage}/retract", headers={"Accept-Language": "en"})
    assert "updates by other reporters belong to this outage (1)" in english.json["errors"]["status"], english.json
    assert owner.get(f"/api/v1/reports/{outage}").json["status"] == "submitted"


def test_the_reporter_may_not_retract_it_on_the_page(database, token_client, client, auth):
    _event, outage, _owner, _other = _outage_with_another_reporters_update(database, token_client)
    auth.login("owner")
    page = client.get(f"/reports/{outage}").get_data(as_text=True)
    shown = re.search(r'name="version" value="(\d+)"', page)
    assert shown, page[-2000:]
    answer = client.post(f"/reports/{outage}/status",
                         data={"csrf_token": csrf_from(page), "action": "retract", "version": shown.group(1)},
                         headers={"Accept-Language": "zh-CN"})
    assert answer.status_code == 422
    assert "另有 1 条他人的恢复更新属于此停电" in answer.get_data(as_text=True)
    with database.read_session() as s:
        assert s.get(Report, outage).status is ReportStatus.SUBMITTED


def test_own_updates_do_not_hold_it(database, token_client):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    owner = token_client("owner", "reporter")
    url = f"/api/v1/events/{b.event_id}/reports"
    outage = owner.post(url, json={"kind": "outage", "area_id": b.areas["site-a"], "households_affected": 100,
                                   "started_at": "2021-07-01 10:00"}).json["id"]
    assert owner.post(url, json={"kind": "outage_update", "outage_id": outage, "observed_at": "2021-07-01 18:00",
                                 "households_restored": 60}).status_code == 201
    assert owner.post(f"/api/v1/reports/{outage}/retract").status_code == 200


def test_a_retracted_update_does_not_hold_it(database, token_client):
    _event, outage, owner, other = _outage_with_another_reporters_update(database, token_client)
    with database.read_session() as s:
        update = s.scalar(sa.select(OutageUpdate.id).where(OutageUpdate.outage_id == outage))
    assert other.post(f"/api/v1/reports/{update}/retract").status_code == 200
    assert owner.post(f"/api/v1/reports/{outage}/retract").status_code == 200


def _now() -> str:
    """Now, as a moment the timeline reads every report known by (a second ahead: its whole seconds)."""
    return (datetime.now(UTC) + timedelta(seconds=1)).isoformat(timespec="seconds")


def _out_and_back(api: TokenClient, event: int) -> tuple[list[int], int]:
    """What the timeline reads at 20:00 (every report known now): households still out per outage, and how many."""
    moment = {"as_of": "2021-07-01 20:00", "known_at": _now()}
    read = api.get(f"/api/v1/events/{event}/outages", query_string=moment).json
    return [o["households_out"] for o in read["outages"]], len(read["outages"])


def test_a_coordinator_retracts_it_and_the_updates_leave_the_figures_with_it(database, token_client):
    event, outage, _owner, _other = _outage_with_another_reporters_update(database, token_client)
    coordinator = token_client("co", "coordinator")
    assert _out_and_back(coordinator, event) == ([40], 1)
    assert coordinator.post(f"/api/v1/reports/{outage}/retract").status_code == 200
    assert _out_and_back(coordinator, event) == ([], 0)  # the update hangs on nothing counted: it counts nowhere
    # Restored, the outage brings its updates back: they were hidden with it, never retracted themselves.
    assert coordinator.post(f"/api/v1/reports/{outage}/restore").status_code == 200
    assert _out_and_back(coordinator, event) == ([40], 1)


def test_the_list_bulk_bar_leaves_it_and_says_why(database, token_client, client, auth):
    event, outage, owner, _other = _outage_with_another_reporters_update(database, token_client)
    own = owner.post(f"/api/v1/events/{event}/reports", json={"kind": "activity", "area_id": owner.get(
        f"/api/v1/reports/{outage}").json["area_id"], "observed_at": "2021-07-01 11:00", "title": "巡查"})
    assert own.status_code == 201, own.json
    auth.login("owner")
    page = client.get(f"/events/{event}/reports").get_data(as_text=True)
    answer = client.post(f"/events/{event}/reports/bulk", headers={"Accept-Language": "zh-CN"}, data={
        "csrf_token": csrf_from(page), "action": "retract", "report": [f"{outage}:1", f"{own.json['id']}:1"]})
    assert answer.status_code == 200  # one of two changed
    assert "另有 1 条他人的恢复更新属于此停电" in answer.get_data(as_text=True)
    with database.read_session() as s:
        assert s.get(Report, outage).status is ReportStatus.SUBMITTED
        assert s.get(Report, own.json["id"]).status is ReportStatus.RETRACTED
