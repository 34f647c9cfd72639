"""A report's status actions read their body as every API write does, and an edit that changes nothing is no
new version: a report sent back is not put back for review by saving it unchanged."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Report
from tests.api.conftest import TokenClient
from tests.api.test_reports_api import PROBLEM, rid, stored
from tests.conftest import Auth
from tests.security.sweep import form_fields


@pytest.fixture
def returned(seeded, database, coordinator_api: TokenClient) -> int:
    """A seeded report sent back by a coordinator."""
    report_id = rid(database, "acjy2-outage")
    sent = coordinator_api.post(f"/api/v1/reports/{report_id}/return", json={"reason": "栋数请核实"})
    assert sent.status_code == 200 and sent.json["status"] == "returned"
    return report_id


def test_saving_a_sent_back_report_unchanged_over_the_api_leaves_it_sent_back(returned, database,
                                                                             coordinator_api: TokenClient):
    before = stored(database, returned)
    version = before[0]
    for body in ({"version": version}, {"version": version, "note": coordinator_api.get(
            f"/api/v1/reports/{returned}").json["note"]}):
        same = coordinator_api.patch(f"/api/v1/reports/{returned}", json=body)
        assert same.status_code == 200, same.json
        assert (same.json["version"], same.json["status"]) == (version, "returned")
    assert stored(database, returned) == before  # no version, no history row


def test_saving_the_edit_form_unchanged_says_so_and_changes_nothing(returned, app, database, make_user):
    make_user("coord2", "coordinator")
    client = app.test_client()
    Auth(client).login("coord2")
    before = stored(database, returned)
    page = client.get(f"/reports/{returned}/edit").get_data(as_text=True)
    sent = client.post(f"/reports/{returned}/edit", data=form_fields(page), follow_redirects=True)
    assert sent.status_code == 200
    assert "未作任何修改" in sent.get_data(as_text=True)
    assert stored(database, returned) == before
    with database.read_session() as s:
        assert s.get(Report, returned).status.value == "returned"


@pytest.mark.parametrize("send, status, field", [
    ({"json": {"title": "x"}}, 422, "title"),                                   # not a field of a status change
    ({"json": {"version": "1"}}, 422, "version"),                              # a version, but not a number
    ({"data": "verify", "content_type": "text/plain"}, 415, "body"),
    ({"json": [1]}, 422, "body"),
])
def test_a_status_change_refuses_a_body_it_cannot_read(seeded, database, coordinator_api: TokenClient,
                                                       send, status, field):
    report_id = rid(database, "acjy2-outage")
    before = stored(database, report_id)
    refused = coordinator_api.post(f"/api/v1/reports/{report_id}/verify", **send)
    assert refused.status_code == status and refused.mimetype == PROBLEM
    assert field in refused.json["errors"], refused.json
    assert stored(database, report_id) == before


def test_a_verify_sent_with_the_version_reviewed_is_refused_once_the_report_changed(seeded, database,
                                                                                  coordinator_api: TokenClient):
    report_id = rid(database, "acjy2-outage")
    reviewed = coordinator_api.get(f"/api/v1/reports/{report_id}").json["version"]
    changed = coordinator_api.patch(f"/api/v1/reports/{report_id}", json={"note": "改", "version": reviewed})
    assert changed.status_code == 200
    stale = coordinator_api.post(f"/api/v1/reports/{report_id}/verify", json={"version": reviewed})
    assert stale.status_code == 409 and stale.json["current_version"] == changed.json["version"]
    assert stored(database, report_id)[1] == "submitted"
    by_header = coordinator_api.post(f"/api/v1/reports/{report_id}/verify", headers={"If-Match": f'"{reviewed}"'})
    assert by_header.status_code == 412
    current = coordinator_api.post(f"/api/v1/reports/{report_id}/verify", json={"version": changed.json["version"]})
    assert current.status_code == 200 and current.json["status"] == "verified"
    assert coordinator_api.post(f"/api/v1/reports/{report_id}/retract").status_code == 200  # no body: as before


def test_a_version_of_the_wrong_type_is_named_as_such(seeded, database, coordinator_api: TokenClient):
    report_id = rid(database, "acjy2-outage")
    for version in ("3", True, 3.0):
        refused = coordinator_api.patch(f"/api/v1/reports/{report_id}", json={"note": "x", "version": version})
        assert refused.status_code == 422
        assert "整数" in refused.json["errors"]["version"], refused.json  # not "required": it was sent


def test_a_write_that_takes_no_body_refuses_one_it_cannot_read(seeded, database, coordinator_api: TokenClient):
    from incidents.models import Event
    from tests.api.conftest import compiled_brief

    with database.read_session() as s:
        event_id = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    brief_id = compiled_brief(coordinator_api, database, f"/api/v1/events/{event_id}/briefs/compile",
                              {"day": "2021-07-24"})["id"]
    for url in (f"/api/v1/briefs/{brief_id}/publish", f"/api/v1/briefs/{brief_id}/recompile"):
        assert coordinator_api.post(url, data="x", content_type="text/plain").status_code == 415
        assert coordinator_api.post(url, json=[1]).status_code == 422
        refused = coordinator_api.post(url, json={"day": "2021-07-24"})
        assert refused.status_code == 422 and "day" in refused.json["errors"]
    # No body, or an empty object, is what these take.
    assert coordinator_api.post(f"/api/v1/briefs/{brief_id}/recompile", json={}).status_code in (200, 202)


def test_a_form_body_on_a_status_change_or_a_bodiless_write_is_refused_not_ignored(seeded, database,
                                                                                  coordinator_api: TokenClient):
    report_id = rid(database, "acjy2-outage")
    before = stored(database, report_id)
    # A stale version sent as a form was ignored and the report verified.
    refused = coordinator_api.post(f"/api/v1/reports/{report_id}/verify", data={"version": "99"})
    assert refused.status_code == 415 and "body" in refused.json["errors"]
    assert stored(database, report_id) == before
    with database.read_session() as s:
        event_id = s.get(Report, report_id).event_id
    assert coordinator_api.post(f"/api/v1/events/{event_id}/reopen", data={"x": "1"}).status_code == 415


@pytest.mark.parametrize("first, then", [("verify", "verify"), ("verify", "restore"), ("retract", "retract"),
                                         (None, "restore")])
def test_a_status_change_the_status_does_not_allow_is_a_conflict(seeded, database, first, then,
                                                                 coordinator_api: TokenClient):
    report_id = rid(database, "acjy2-outage")
    if first:
        assert coordinator_api.post(f"/api/v1/reports/{report_id}/{first}").status_code == 200
    before = stored(database, report_id)
    # Each was a 200 with a new version and an empty history row (restore on a verified report: submitted).
    conflict = coordinator_api.post(f"/api/v1/reports/{report_id}/{then}")
    assert conflict.status_code == 409 and "status" in conflict.json["errors"], conflict.json
    assert stored(database, report_id) == before


def test_correcting_a_sent_back_report_is_one_new_version(returned, database, coordinator_api: TokenClient):
    version = stored(database, returned)[0]
    corrected = coordinator_api.patch(f"/api/v1/reports/{returned}", json={"note": "栋数已核实", "version": version})
    assert corrected.status_code == 200
    # It went up by two (the correction, then a separate "restore"): the client's next If-Match was stale.
    assert (corrected.json["version"], corrected.json["status"]) == (version + 1, "submitted")


def test_a_verified_report_changed_by_its_reporter_goes_back_for_review(seeded, database, where,
                                                                         reporter_api: TokenClient,
                                                                         coordinator_api: TokenClient):
    url, area = where
    made = reporter_api.post(url, json={"kind": "activity", "area_id": area, "observed_at": "2021-07-22 14:30",
                                        "title": "巡查"})
    assert made.status_code == 201, made.json
    verified = coordinator_api.post(f"/api/v1/reports/{made.json['id']}/verify").json
    # The reporter changes what was verified: it stayed "verified", counted as reviewed.
    changed = reporter_api.patch(f"/api/v1/reports/{verified['id']}", json={"title": "巡查（更正）",
                                                                            "version": verified["version"]})
    assert changed.status_code == 200 and changed.json["status"] == "submitted"
    assert changed.json["version"] == verified["version"] + 1
    again = coordinator_api.post(f"/api/v1/reports/{verified['id']}/verify").json
    by_reviewer = coordinator_api.patch(f"/api/v1/reports/{verified['id']}",
                                        json={"note": "已核", "version": again["version"]})
    assert by_reviewer.json["status"] == "verified"  # a coordinator's own correction stays verified


def test_a_status_conflict_names_the_status_the_report_is_in(seeded, database, coordinator_api: TokenClient):
    report_id = rid(database, "acjy2-outage")
    assert coordinator_api.post(f"/api/v1/reports/{report_id}/retract").status_code == 200
    again = coordinator_api.post(f"/api/v1/reports/{report_id}/retract", headers={"Accept-Language": "en"})
    # Not "someone else changed this first": nobody did; the client learns where the report stands.
    assert again.status_code == 409
    assert again.json["errors"]["status"] == "the report is retracted now: this action does not apply to it"
    assert again.json["title"] == "This action does not apply to the report's current status."
    assert again.json["current"]["status"] == "retracted" and again.json["current"]["id"] == report_id
    zh = coordinator_api.post(f"/api/v1/reports/{report_id}/retract", headers={"Accept-Language": "zh"})
    assert zh.json["errors"]["status"] == "报告当前为已撤回：不适用此操作"


@pytest.mark.parametrize("action, body, start", [
    ("verify", {}, None), ("return", {"reason": "栋数请核实"}, None), ("retract", {}, None),
    ("restore", {}, "retract"),
])
def test_every_status_change_refuses_a_stale_version_as_the_edit_does(seeded, database, coordinator_api: TokenClient,
                                                                     action, body, start):
    """Each of the four, not only verify: a stale body `version` is the 409 and a stale If-Match the 412 a PATCH
    gets (errors.version, current_version, current, the ETag), nothing saved; the current one is applied."""
    report_id = rid(database, "acjy2-outage")
    url = f"/api/v1/reports/{report_id}"
    read = coordinator_api.get(url).json["version"]
    # Changed since it was read: corrected, or (to restore) retracted, which no PATCH may follow.
    changed = (coordinator_api.post(f"{url}/{start}") if start
               else coordinator_api.patch(url, json={"note": "改", "version": read}))
    assert changed.status_code == 200
    now = changed.json["version"]
    before = stored(database, report_id)
    edit = coordinator_api.patch(url, json={"note": "再改", "version": read})
    for sent, status in (({"json": {**body, "version": read}}, 409),
                         ({"json": body, "headers": {"If-Match": f'"{read}"'}}, 412)):
        stale = coordinator_api.post(f"{url}/{action}", **sent)
        assert stale.status_code == status, (action, stale.json)
        assert stale.mimetype == PROBLEM and "version" in stale.json["errors"]
        assert stale.json["current_version"] == now and stale.json["current"]["version"] == now
        assert stale.headers["ETag"] == f'"{now}"'
        assert stored(database, report_id) == before
        if status == 409 and not start:
            assert (edit.status_code, edit.json["errors"]) == (409, stale.json["errors"])  # the edit's own words
    done = coordinator_api.post(f"{url}/{action}", json={**body, "version": now}, headers={"If-Match": f'"{now}"'})
    assert done.status_code == 200, done.json


@pytest.mark.parametrize("reason", [123, ["重复"], {"a": 1}, "x" * 2001, "重复\u202e"])
def test_a_reason_that_cannot_be_saved_is_named_whatever_the_report_s_status(returned, database,
                                                                             coordinator_api: TokenClient, reason):
    # Judged after the status, a retraction's reason of the wrong type on a report retracted already was the 409 of
    # its status ("left" by the morning probe of 5 December), where the same body on a live report is the 422 naming
    # it: what was sent is judged first, as the list's bulk bar judges its one reason before any report.
    url = f"/api/v1/reports/{returned}"
    assert coordinator_api.post(f"{url}/retract", json={"reason": "重复"}).status_code == 200
    before = stored(database, returned)
    for action in ("retract", "return"):
        refused = coordinator_api.post(f"{url}/{action}", json={"reason": reason})
        assert refused.status_code == 422 and set(refused.json["errors"]) == {"reason"}, (action, refused.json)
    assert stored(database, returned) == before
