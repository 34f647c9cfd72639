"""Reports over /api/v1 (issue 13): list with a cursor, read, correct with the version, review; every role.

Roles and scope are the UI's (auth/policy.py): a viewer reads only; a reporter corrects and retracts
their own reports within scope; a coordinator verifies, sends back and restores within scope. A
refused change answers 403 (or 409/412/422) and leaves the report and its history as they were.
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from incidents.models import AuditEntry, Event, IdempotencyKey, Report

PROBLEM = "application/problem+json"
RAIN = "wenfeng-2021-07-rainstorm"


@pytest.fixture(autouse=True)
def _demo(seeded) -> None:
    """Every test here works on the seeded July 2021 rainstorm."""


@pytest.fixture
def event_id(database) -> int:
    with database.read_session() as s:
        return s.scalar(sa.select(Event.id).where(Event.code == RAIN))


def rid(database, key: str) -> int:
    """A seeded report's id by its demo key."""
    with database.read_session() as s:
        return s.get(IdempotencyKey, f"demo:{key}").entity_id


def stored(database, report_id: int) -> tuple[Any, ...]:
    """What must not move when a change is refused: version, status, figures, and the history's length."""
    with database.read_session() as s:
        r = s.get(Report, report_id)
        trail = s.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
            AuditEntry.entity == "reports", AuditEntry.entity_id == report_id))
        return r.version, r.status.value, r.area_id, r.note, getattr(r, "buildings_affected", None), trail


def refused(response, status: int, field: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = response.get_json()
    if field is not None:
        assert field in body["errors"], body
    return body


def walk(api, url: str, **query: Any) -> list[int]:
    """Every report id the pages give, following next_cursor."""
    ids: list[int] = []
    cursor = None
    while True:
        response = api.get(url, query_string={**query, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        ids += [r["id"] for r in body["reports"]]
        cursor = body["next_cursor"]
        if cursor is None:
            return ids


# ---- reading ------------------------------------------------------------------------------

def test_every_role_reads_reports_and_their_history(viewer_api, reporter_api, scoped_api, coordinator_api,
                                                     admin_api, event_id, database):
    acjy2 = rid(database, "acjy2-outage")  # outside the scoped reporter's 北大街街道: reading is not writing
    for api in (viewer_api, reporter_api, scoped_api, coordinator_api, admin_api):
        response = api.get(f"/api/v1/reports/{acjy2}")
        assert response.status_code == 200
        body = response.get_json()
        assert response.headers["ETag"] == f'"{body["version"]}"'
        assert (body["kind"], body["buildings_affected"], body["buildings_affected_lb"]) == ("outage", 24, False)
        assert (body["started_at"], body["started_precision"]) == ("2021-07-23T11:00:00Z", "approximate")
        assert body["reported_at"] == "2021-07-23T12:00:00Z" and body["reporter"]["username"] == "demo-loader"
        history = api.get(f"/api/v1/reports/{acjy2}/history").get_json()
        assert [e["action"] for e in history["entries"]][0] == "create"
        listed = api.get(f"/api/v1/events/{event_id}/reports", query_string={"kind": "outage"}).get_json()
        assert acjy2 in [r["id"] for r in listed["reports"]]
    refused(viewer_api.get("/api/v1/reports/999999"), 404)


def test_anonymous_and_bad_tokens_read_nothing(app, event_id, database):
    client = app.test_client(use_cookies=False)
    refused(client.get(f"/api/v1/reports/{rid(database, 'acjy2-outage')}"), 401)
    refused(client.get(f"/api/v1/events/{event_id}/reports",
                       headers={"Authorization": "Bearer il_not-a-token"}), 401)


def test_cursor_pages_list_every_report_once_while_reports_arrive(reporter_api, viewer_api, event_id, database):
    url = f"/api/v1/events/{event_id}/reports"
    before = walk(viewer_api, url, status="all", limit=7)
    seen: list[int] = []
    added: list[int] = []
    cursor = None
    while True:
        body = viewer_api.get(url, query_string={"limit": 5, "status": "all",
                                                 **({"cursor": cursor} if cursor else {})}).get_json()
        seen += [r["id"] for r in body["reports"]]
        if len(added) < 3:
            created = reporter_api.post(url, json={"kind": "activity", "area_id": 1, "title": f"巡查{len(added)}",
                                                   "observed_at": "2021-07-25 10:00"})
            assert created.status_code == 201, created.get_json()
            added.append(created.get_json()["id"])
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) and sorted(seen) == sorted(before + added)


@pytest.mark.parametrize(("query", "field"), [
    ("kind=flood", "kind"), ("status=lost", "status"), ("day=2021-07-40", "day"), ("day=2020-01-01", "day"),
    ("area=abc", "area"), ("limit=0", "limit"), ("limit=5000", "limit"), ("updated_since=soon", "updated_since"),
    ("cursor=xyz", "cursor"), ("reporter=0", "reporter"),
])
def test_bad_list_parameters_are_named(viewer_api, event_id, query, field):
    refused(viewer_api.get(f"/api/v1/events/{event_id}/reports?{query}"), 400, field)


def test_list_filters(viewer_api, event_id, database):
    url = f"/api/v1/events/{event_id}/reports"
    by_day = viewer_api.get(url, query_string={"day": "2021-07-24", "kind": "outage_update"}).get_json()["reports"]
    assert {r["id"] for r in by_day} == {rid(database, "bdj-restored-afternoon"), rid(database, "bdj-restored-zdl64")}
    with database.read_session() as s:
        bdj = s.scalar(sa.text("SELECT id FROM areas WHERE name = '北大街街道'"))
    under = viewer_api.get(url, query_string={"area": bdj, "kind": "outage", "limit": 1000}).get_json()["reports"]
    assert rid(database, "wfh-outage-shops") in {r["id"] for r in under}
    assert rid(database, "acjy2-outage") not in {r["id"] for r in under}
    since = viewer_api.get(url, query_string={"updated_since": "2999-01-01 00:00"}).get_json()
    assert since["reports"] == [] and since["next_cursor"] is None


# ---- correcting, with the version ---------------------------------------------------------

def test_coordinator_corrects_with_if_match_and_the_version_moves(coordinator_api, database):
    acjy2 = rid(database, "acjy2-outage")
    read = coordinator_api.get(f"/api/v1/reports/{acjy2}")
    response = coordinator_api.patch(f"/api/v1/reports/{acjy2}", json={"buildings_affected": "20+"},
                                     headers={"If-Match": read.headers["ETag"]})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["buildings_affected"], body["buildings_affected_lb"]) == (20, True)
    assert body["version"] == read.get_json()["version"] + 1 and response.headers["ETag"] == f'"{body["version"]}"'
    assert body["note"] == read.get_json()["note"]  # PATCH: what was not sent stays


def test_a_stale_version_is_a_conflict_and_nothing_changes(coordinator_api, database):
    acjy2 = rid(database, "acjy2-outage")
    first = coordinator_api.get(f"/api/v1/reports/{acjy2}")
    old_tag, old = first.headers["ETag"], first.get_json()["version"]
    assert coordinator_api.patch(f"/api/v1/reports/{acjy2}", json={"note": "第一次更正"},
                                 headers={"If-Match": old_tag}).status_code == 200
    now = stored(database, acjy2)
    body = refused(coordinator_api.patch(f"/api/v1/reports/{acjy2}", json={"note": "基于旧版本的更正"},
                                         headers={"If-Match": old_tag}), 412, "version")
    assert body["current_version"] == old + 1 and body["current"]["note"] == "第一次更正"
    body = refused(coordinator_api.patch(f"/api/v1/reports/{acjy2}", json={"note": "旧", "version": old}),
                   409, "version")
    assert body["current_version"] == old + 1
    refused(coordinator_api.patch(f"/api/v1/reports/{acjy2}", json={"note": "不说版本"}), 422, "version")
    assert stored(database, acjy2) == now


def test_put_replaces_every_field(coordinator_api, database):
    acjy2 = rid(database, "acjy2-outage")
    read = coordinator_api.get(f"/api/v1/reports/{acjy2}")
    full = read.get_json()
    # The JSON as read, sent back with one change: a new version, nothing else moves.
    response = coordinator_api.put(f"/api/v1/reports/{acjy2}", json={**full, "source": "供电公司"},
                                   headers={"If-Match": read.headers["ETag"]})
    assert response.status_code == 200, response.get_json()
    after = response.get_json()
    assert after["source"] == "供电公司" and after["started_at"] == full["started_at"]
    assert after["buildings_affected"] == 24
    # What PUT leaves out is cleared; a required field left out is named.
    partial = {"kind": "outage", "area_id": full["area_id"], "started_at": full["started_at"],
               "started_precision": full["started_precision"], "version": after["version"]}
    cleared = coordinator_api.put(f"/api/v1/reports/{acjy2}", json=partial).get_json()
    assert cleared["buildings_affected"] is None and cleared["note"] is None
    before = stored(database, acjy2)
    refused(coordinator_api.put(f"/api/v1/reports/{acjy2}", json={"kind": "outage", "area_id": full["area_id"],
                                                                  "version": cleared["version"]}), 422, "started_at")
    refused(coordinator_api.patch(f"/api/v1/reports/{acjy2}", json={"buildings_afected": 3,
                                                                    "version": cleared["version"]}),
            422, "buildings_afected")
    refused(coordinator_api.patch(f"/api/v1/reports/{acjy2}", json={"kind": "debris",
                                                                    "version": cleared["version"]}), 422, "kind")
    assert stored(database, acjy2) == before


def test_who_may_correct_a_report(viewer_api, reporter_api, scoped_api, coordinator_api, admin_api, token_client,
                                  event_id, database):
    url = f"/api/v1/events/{event_id}/reports"
    with database.read_session() as s:
        site = s.scalar(sa.text("SELECT id FROM areas WHERE name = '彰德路64号院'"))
        elsewhere = s.scalar(sa.text("SELECT id FROM areas WHERE name = '安彩嘉园二期'"))
    own = scoped_api.post(url, json={"kind": "activity", "area_id": site, "title": "巡查",
                                     "observed_at": "2021-07-25 10:00"}).get_json()
    acjy2 = rid(database, "acjy2-outage")
    scoped_coordinator = token_client("c-bdj", "coordinator", scope="文峰区/北大街街道")
    for api, report_id in ((viewer_api, own["id"]), (admin_api, own["id"]),  # accounts, not reports
                           (reporter_api, own["id"]),  # not theirs
                           (scoped_api, acjy2), (scoped_coordinator, acjy2)):  # outside their scope
        before = stored(database, report_id)
        refused(api.patch(f"/api/v1/reports/{report_id}", json={"note": "改", "version": before[0]}), 403)
        assert stored(database, report_id) == before
    # Their own report, moved out of their scope: refused, naming the place, nothing saved.
    before = stored(database, own["id"])
    refused(scoped_api.patch(f"/api/v1/reports/{own['id']}", json={"area_id": elsewhere, "version": own["version"]}),
            403, "area_id")
    assert stored(database, own["id"]) == before
    mine = scoped_api.patch(f"/api/v1/reports/{own['id']}", json={"title": "巡查（更正）", "version": own["version"]})
    assert mine.status_code == 200 and mine.get_json()["title"] == "巡查（更正）"
    theirs = coordinator_api.patch(f"/api/v1/reports/{own['id']}", json={"note": "核实", "version": own["version"] + 1})
    assert theirs.status_code == 200 and theirs.get_json()["version"] == own["version"] + 2


# ---- review: verify, send back, retract, restore -------------------------------------------

def test_review_by_role(viewer_api, reporter_api, scoped_api, coordinator_api, admin_api, token_client, database):
    acjy2 = rid(database, "acjy2-outage")
    scoped_coordinator = token_client("c-bdj", "coordinator", scope="文峰区/北大街街道")
    for action in ("verify", "return", "retract", "restore"):
        for api in (viewer_api, admin_api, reporter_api, scoped_api, scoped_coordinator):
            before = stored(database, acjy2)
            refused(api.post(f"/api/v1/reports/{acjy2}/{action}", json={"reason": "核对"}), 403)
            assert stored(database, acjy2) == before, (action, api.user_id)
    verified = coordinator_api.post(f"/api/v1/reports/{acjy2}/verify")
    assert verified.status_code == 200 and verified.get_json()["status"] == "verified"
    before = stored(database, acjy2)
    refused(coordinator_api.post(f"/api/v1/reports/{acjy2}/return", json={}), 422, "reason")
    assert stored(database, acjy2) == before
    returned = coordinator_api.post(f"/api/v1/reports/{acjy2}/return", json={"reason": "栋数请核实"}).get_json()
    assert (returned["status"], returned["status_reason"]) == ("returned", "栋数请核实")
    # Corrected, a report sent back goes back for review.
    corrected = coordinator_api.patch(f"/api/v1/reports/{acjy2}", json={"note": "栋数已核实",
                                                                        "version": returned["version"]})
    assert corrected.get_json()["status"] == "submitted"
    retracted = coordinator_api.post(f"/api/v1/reports/{acjy2}/retract", json={"reason": "重复"}).get_json()
    assert retracted["status"] == "retracted"
    conflict = refused(coordinator_api.patch(f"/api/v1/reports/{acjy2}", json={"note": "x",
                                                                                "version": retracted["version"]},
                                             headers={"Accept-Language": "en"}), 409, "status")
    # Nobody else changed it: the title says what the client must do about the status, as the detail does.
    assert conflict["title"] == "This action does not apply to the report's current status.", conflict
    assert conflict["current"]["status"] == "retracted", conflict
    restored = coordinator_api.post(f"/api/v1/reports/{acjy2}/restore").get_json()
    assert restored["status"] == "submitted"
    actions = [e["action"] for e in coordinator_api.get(f"/api/v1/reports/{acjy2}/history").get_json()["entries"]]
    # Corrected, the report sent back went back for review in the same version as its correction.
    assert actions[-4:] == ["return", "update", "retract", "restore"]


def test_a_reporter_retracts_their_own_report_only(reporter_api, scoped_api, event_id, database):
    url = f"/api/v1/events/{event_id}/reports"
    own = reporter_api.post(url, json={"kind": "activity", "area_id": 1, "title": "巡查",
                                       "observed_at": "2021-07-25 10:00"}).get_json()
    refused(scoped_api.post(f"/api/v1/reports/{own['id']}/retract"), 403)
    refused(reporter_api.post(f"/api/v1/reports/{own['id']}/verify"), 403)
    done = reporter_api.post(f"/api/v1/reports/{own['id']}/retract", json={"reason": "误报"})
    assert done.status_code == 200 and done.get_json()["status"] == "retracted"
    refused(reporter_api.post(f"/api/v1/reports/{own['id']}/restore"), 403)
