"""Records that refer to another (an update to its outage, a volume to its operation) follow it.

Found by an outside audit: a moved outage left its updates at the old place, where a reporter
scoped there could still retract one and reopen the outage; the API took news of a retracted outage
or operation; restoring a retracted zero report made two live ones for the same day; junk
precisions were stored as "exact".
"""

from __future__ import annotations

import re
from datetime import date

import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.events.models import Event
from incidents.reports.models import Report, ReportStatus, ZeroReport
from tests.api.conftest import TokenClient
from tests.conftest import Auth, csrf_from

RAIN = "wenfeng-2021-07-rainstorm"


def _ids(database) -> tuple[int, int, int, int]:  # noqa: ANN001
    with database.read_session() as s:
        event = s.scalar(sa.select(Event.id).where(Event.code == RAIN))
        inside = s.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
        beidajie = s.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
        outside = s.scalar(sa.select(Area.id).where(Area.name == "安彩嘉园二期"))
    return event, inside, beidajie, outside


def test_a_moved_outage_takes_its_updates_and_scope_follows(seeded, database, scoped_api: TokenClient,
                                                            coordinator_api: TokenClient):
    event, inside, _beidajie, outside = _ids(database)
    url = f"/api/v1/events/{event}/reports"
    outage = scoped_api.post(url, json={"kind": "outage", "area_id": inside, "households_affected": 5,
                                        "started_at": "2021-07-22 10:00"}).get_json()
    update = scoped_api.post(url, json={"kind": "outage_update", "outage_id": outage["id"],
                                        "observed_at": "2021-07-22 12:00", "fully_restored": True}).get_json()
    current = coordinator_api.get(f"/api/v1/reports/{outage['id']}").get_json()
    moved = coordinator_api.patch(f"/api/v1/reports/{outage['id']}",
                                  json={"area_id": outside, "version": current["version"]})
    assert moved.status_code == 200, moved.get_json()
    assert coordinator_api.get(f"/api/v1/reports/{update['id']}").get_json()["area_id"] == outside
    refused = scoped_api.post(f"/api/v1/reports/{update['id']}/retract", json={"reason": "误报"})
    assert refused.status_code == 403
    with database.read_session() as s:
        assert s.get(Report, update["id"]).status is ReportStatus.SUBMITTED


def test_news_of_a_retracted_outage_or_operation_is_refused(seeded, database, coordinator_api: TokenClient):
    event, inside, _beidajie, _outside = _ids(database)
    url = f"/api/v1/events/{event}/reports"
    outage = coordinator_api.post(url, json={"kind": "outage", "area_id": inside, "households_affected": 5,
                                             "started_at": "2021-07-22 10:00"}).get_json()
    operation = coordinator_api.post(url, json={"kind": "pumping", "area_id": inside, "team": "排涝一队",
                                                "observed_at": "2021-07-22 10:00"}).get_json()
    update = coordinator_api.post(url, json={"kind": "outage_update", "outage_id": outage["id"],
                                             "observed_at": "2021-07-22 12:00", "households_restored": 2}).get_json()
    for made in (outage, operation):
        assert coordinator_api.post(f"/api/v1/reports/{made['id']}/retract",
                                    json={"reason": "重复"}).status_code == 200
    with database.read_session() as s:
        before = s.scalar(sa.select(sa.func.count()).select_from(Report))
    late = coordinator_api.post(url, json={"kind": "outage_update", "outage_id": outage["id"],
                                           "observed_at": "2021-07-22 14:00", "fully_restored": True},
                                headers={"Accept-Language": "en"})
    assert late.status_code == 422 and late.get_json()["errors"]["outage_id"].startswith("was retracted")
    volume = coordinator_api.post(url, json={"kind": "pumping_volume", "operation_id": operation["id"],
                                             "period_start": "2021-07-22 10:00", "period_end": "2021-07-22 12:00",
                                             "volume_m3": 50})
    assert volume.status_code == 422 and "operation_id" in volume.get_json()["errors"]
    # An update retracted with its outage cannot come back alone either.
    assert coordinator_api.post(f"/api/v1/reports/{update['id']}/retract", json={"reason": "x"}).status_code == 200
    back = coordinator_api.post(f"/api/v1/reports/{update['id']}/restore")
    assert back.status_code == 422 and "outage_id" in back.get_json()["errors"]
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Report)) == before
        assert s.get(Report, update["id"]).status is ReportStatus.RETRACTED


def test_restoring_a_zero_report_never_makes_two_live_ones(app, seeded, database, make_user,
                                                           scoped_api: TokenClient, coordinator_api: TokenClient):
    event, _inside, beidajie, _outside = _ids(database)
    url = f"/api/v1/events/{event}/reports"
    first = scoped_api.post(url, json={"kind": "zero_report", "period_day": "2021-07-26"}).get_json()
    assert scoped_api.post(f"/api/v1/reports/{first['id']}/retract", json={"reason": "发错"}).status_code == 200
    second = scoped_api.post(url, json={"kind": "zero_report", "period_day": "2021-07-26"})
    assert second.status_code == 201, second.get_json()
    refused = coordinator_api.post(f"/api/v1/reports/{first['id']}/restore")
    assert refused.status_code == 422 and f"#{second.get_json()['id']}" in refused.get_json()["errors"]["period_day"]
    # The history page's restore button says why, rather than failing.
    make_user("coord-web", "coordinator")
    client = app.test_client()
    Auth(client).login("coord-web")
    page = client.get(f"/history/reports/{first['id']}").get_data(as_text=True)
    with database.read_session() as s:
        version = s.get(Report, first["id"]).version
    answer = client.post(f"/history/reports/{first['id']}/restore",
                         data={"csrf_token": csrf_from(page), "version": version}, follow_redirects=True)
    assert answer.status_code == 422 and f"#{second.get_json()['id']}" in answer.get_data(as_text=True)
    with database.read_session() as s:
        live = s.scalars(sa.select(ZeroReport.id).where(ZeroReport.status != ReportStatus.RETRACTED,
                                                        ZeroReport.event_id == event,
                                                        ZeroReport.period_day == date(2021, 7, 26),
                                                        ZeroReport.area_id == beidajie)).all()
    assert live == [second.get_json()["id"]]


def test_a_precision_that_is_no_precision_is_refused(seeded, database, coordinator_api: TokenClient):
    event, inside, *_ = _ids(database)
    url = f"/api/v1/events/{event}/reports"
    for junk in ("abc", 1.5, [1], {"a": 1}, False, 0):
        body = {"kind": "outage", "area_id": inside, "households_affected": 5, "started_at": "2021-07-22 10:00",
                "observed_precision": junk}
        response = coordinator_api.post(url, json=body)
        assert response.status_code == 422 and "observed_at" in response.get_json()["errors"], (junk, response.json)
        timed = coordinator_api.post(url, json={**body, "observed_precision": None, "started_precision": junk})
        assert timed.status_code == 422 and "started_at" in timed.get_json()["errors"], (junk, timed.json)
    ok = coordinator_api.post(url, json={"kind": "outage", "area_id": inside, "households_affected": 5,
                                         "started_at": "2021-07-22", "started_precision": "day"})
    assert ok.status_code == 201, ok.get_json()


def _out_with_news(event: int, inside: int, owner: TokenClient, other: TokenClient) -> tuple[dict, dict]:
    """An outage by `owner` and an update of it by `other`."""
    url = f"/api/v1/events/{event}/reports"
    outage = owner.post(url, json={"kind": "outage", "area_id": inside, "households_affected": 5,
                                   "started_at": "2021-07-22 10:00"}).get_json()
    update = other.post(url, json={"kind": "outage_update", "outage_id": outage["id"],
                                   "observed_at": "2021-07-22 12:00", "households_restored": 2}).get_json()
    assert "id" in update, update
    return outage, update


def _stored(database, *ids: int) -> list[tuple[int, int]]:  # noqa: ANN001
    with database.read_session() as s:
        return [(s.get(Report, i).area_id, s.get(Report, i).version) for i in ids]


def test_a_reporter_may_not_move_an_outage_carrying_another_reporters_update(
        seeded, database, reporter_api: TokenClient, token_client, coordinator_api: TokenClient):
    """A reporter's PATCH or PUT of their outage's area_id moved another reporter's update along, audited as the
    mover, though they may not edit it: a 403 naming area_id now, nothing moved; a coordinator's move carries it."""
    event, inside, _beidajie, outside = _ids(database)
    other = token_client("api-other-reporter", "reporter")
    outage, update = _out_with_news(event, inside, reporter_api, other)
    before = _stored(database, outage["id"], update["id"])
    current = reporter_api.get(f"/api/v1/reports/{outage['id']}").get_json()
    refused = reporter_api.patch(f"/api/v1/reports/{outage['id']}", json={"area_id": outside,
                                                                          "version": current["version"]},
                                 headers={"Accept-Language": "en"})
    assert refused.status_code == 403, refused.get_json()
    assert refused.get_json()["errors"] == {
        "area_id": "the outage has updates by other reporters: a coordinator can move it"}
    put = reporter_api.put(f"/api/v1/reports/{outage['id']}", json={
        "area_id": outside, "households_affected": 5, "started_at": "2021-07-22 10:00",
        "version": current["version"]})
    assert put.status_code == 403 and set(put.get_json()["errors"]) == {"area_id"}, put.get_json()
    assert _stored(database, outage["id"], update["id"]) == before
    # Their own edit that leaves the place is theirs to make.
    kept = reporter_api.patch(f"/api/v1/reports/{outage['id']}", json={"households_affected": 6,
                                                                       "version": current["version"]})
    assert kept.status_code == 200, kept.get_json()
    moved = coordinator_api.patch(f"/api/v1/reports/{outage['id']}", json={"area_id": outside,
                                                                           "version": kept.get_json()["version"]})
    assert moved.status_code == 200, moved.get_json()
    assert [area for area, _v in _stored(database, outage["id"], update["id"])] == [outside, outside]


def test_a_reporter_moves_an_outage_whose_updates_are_their_own(seeded, database, reporter_api: TokenClient):
    event, inside, _beidajie, outside = _ids(database)
    outage, update = _out_with_news(event, inside, reporter_api, reporter_api)
    current = reporter_api.get(f"/api/v1/reports/{outage['id']}").get_json()
    moved = reporter_api.patch(f"/api/v1/reports/{outage['id']}", json={"area_id": outside,
                                                                        "version": current["version"]})
    assert moved.status_code == 200, moved.get_json()
    assert [area for area, _v in _stored(database, outage["id"], update["id"])] == [outside, outside]


def test_the_edit_form_refuses_the_move_naming_the_place(app, seeded, database, reporter_api: TokenClient,
                                                         token_client):
    event, inside, _beidajie, outside = _ids(database)
    outage, update = _out_with_news(event, inside, reporter_api, token_client("api-other-reporter", "reporter"))
    before = _stored(database, outage["id"], update["id"])
    client = app.test_client()
    Auth(client).login(reporter_api.username)
    url = f"/reports/{outage['id']}/edit"
    page = client.get(url).get_data(as_text=True)
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page))
    fields.update({"area_id": str(outside), "started_at-day": "2021-07-22", "started_at-time": "10:00",
                   "started_at-precision": "exact", "households_affected": "5", "csrf_token": csrf_from(page)})
    refused = client.post(url, data=fields)
    text = refused.get_data(as_text=True)
    assert refused.status_code == 403, text[:2000]
    assert "该停电已有其他信息员的进展：可由协调员改动地点" in text
    assert _stored(database, outage["id"], update["id"]) == before
