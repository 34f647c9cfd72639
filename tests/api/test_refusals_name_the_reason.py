"""A refused change of a report, or of an area, over the API names what refuses it, as a refused create does.

Found (scope audit, round 2, from the outside with HTTP only): a PATCH, PUT or status change of a report outside
the caller's scope, of another reporter's report, or a verify by a reporter, answered 403 with `errors: {}` and
the bare title "You are not allowed to do this." — the client could not tell scope from ownership from role. A
create outside names `area_id` ("is outside the areas you report for"); now an edit and a status change name the
field that refuses them (area_id, the parent's outage_id / operation_id, reporter, status), and an area's change
names the fields sent (tests/api/test_own_area_refusal.py). Nothing is saved.
"""

from __future__ import annotations

import sqlalchemy as sa

from incidents.areas.models import Area
from tests.api.conftest import TokenClient
from tests.api.test_reports_api import PROBLEM, rid, stored

BDJ = "文峰区/北大街街道"


def _refused(response, field: str) -> str:  # noqa: ANN001
    assert response.status_code == 403, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert list(body["errors"]) == [field], body
    assert field in body["detail"], body
    return body["errors"][field]


def test_an_edit_or_status_change_outside_names_the_area(seeded, database, token_client):
    api: TokenClient = token_client("c-bdj", "coordinator", scope=BDJ)
    outside = rid(database, "acjy2-outage")  # 银杏大街街道
    before = stored(database, outside)
    url = f"/api/v1/reports/{outside}"
    version = api.get(url).get_json()["version"]
    for sent in (api.patch(url, json={"note": "越界", "version": version}),
                 api.post(f"{url}/verify", json={"version": version}),
                 api.post(f"{url}/retract")):
        assert _refused(sent, "area_id")
    assert stored(database, outside) == before


def test_another_reporters_report_and_a_reporters_verify_name_why(seeded, database, token_client):
    reporter: TokenClient = token_client("r-1", "reporter")
    other = rid(database, "acjy2-outage")  # the demo's, not this reporter's
    url = f"/api/v1/reports/{other}"
    version = reporter.get(url).get_json()["version"]
    _refused(reporter.patch(url, json={"note": "改", "version": version}), "reporter")
    _refused(reporter.post(f"{url}/retract"), "reporter")
    made = reporter.post(f"/api/v1/events/{_event(database)}/reports",
                         json={"kind": "activity", "area_id": _area(database, "彰德路64号院"),
                               "observed_at": "2021-07-25 10:00", "title": "巡查"},
                         headers={"Idempotency-Key": "own-1"})
    assert made.status_code == 201
    _refused(reporter.post(f"/api/v1/reports/{made.get_json()['id']}/verify"), "status")


def test_an_area_change_outside_names_the_field_sent(seeded, database, token_client):
    api: TokenClient = token_client("c-bdj2", "coordinator", scope=BDJ)
    outside = _area(database, "银杏大街街道")
    version = api.get(f"/api/v1/areas/{outside}").get_json()["version"]
    _refused(api.patch(f"/api/v1/areas/{outside}", json={"households": 5, "version": version}), "households")


def _event(database) -> int:  # noqa: ANN001
    with database.read_session() as s:
        return s.scalar(sa.text("SELECT id FROM events WHERE code = 'wenfeng-2021-07-rainstorm'"))


def _area(database, name: str) -> int:  # noqa: ANN001
    with database.read_session() as s:
        return s.scalar(sa.select(Area.id).where(Area.name == name))


def test_the_report_pages_refusals_name_the_reason_too(app, seeded, database, make_user):
    """The status buttons and the edit form, sent by hand for a report they are not shown for: the 403 page says
    which field refuses and why, not only "您无权执行此操作"."""
    from tests.conftest import Auth, csrf_from

    make_user("c-web", "coordinator", scope=BDJ)
    client = app.test_client()
    Auth(client).login("c-web")
    outside = rid(database, "acjy2-outage")
    before = stored(database, outside)
    page = client.get(f"/reports/{outside}").get_data(as_text=True)
    for url, data in ((f"/reports/{outside}/status", {"action": "verify", "version": str(before[0])}),
                      (f"/reports/{outside}/edit", {"version": str(before[0])})):
        refused = client.post(url, data={"csrf_token": csrf_from(page), **data})
        assert refused.status_code == 403
        text = refused.get_data(as_text=True)
        assert "地点：不在您负责的区域内" in text, text[-1500:]  # the field by its name (area_id to the API)
    assert stored(database, outside) == before


def test_an_event_brief_or_area_not_ones_to_manage_names_area_id(app, seeded, database, token_client, make_user):
    """A district event's edit, reopen and brief compile by a subdistrict's coordinator, and another subdistrict's
    area on the web: 403 naming the place (area_id: is outside the areas you manage; the area's page in a sentence),
    API and page."""
    from incidents.events.models import Event
    from tests.conftest import Auth, csrf_from

    api: TokenClient = token_client("c-ev", "coordinator", scope=BDJ)
    with database.read_session() as s:
        event = s.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
        event_id, version = event.id, event.version
    _refused(api.patch(f"/api/v1/events/{event_id}", json={"name": "x", "version": version}), "area_id")
    _refused(api.post(f"/api/v1/events/{event_id}/reopen"), "area_id")
    _refused(api.post(f"/api/v1/events/{event_id}/briefs/compile", json={"day": "2021-07-24"}), "area_id")
    make_user("c-ev-web", "coordinator", scope=BDJ)
    client = app.test_client()
    Auth(client).login("c-ev-web")
    token = csrf_from(client.get("/account").get_data(as_text=True))
    # The page names the field as people read it (area_id is 地点), or says the area's refusal as a sentence.
    outside = "地点：不在您管理的地点范围内"
    for url, data, said in ((f"/events/{event_id}/edit", None, outside),
                            (f"/events/{event_id}/briefs/compile", {"day": "2021-07-24"}, outside),
                            (f"/areas/{_area(database, '银杏大街街道')}/edit", None, "该地点不在您管理的地点范围内。")):
        answer = client.post(url, data={"csrf_token": token, **data}) if data else client.get(url)
        assert answer.status_code == 403, url
        text = answer.get_data(as_text=True)
        assert said in text, (url, text[-800:])


def test_restoring_a_report_outside_names_its_area(app, seeded, database, make_user, coordinator_api):
    """The retracted list's 恢复 (/history/reports/<id>/restore), sent by a subdistrict's coordinator for another's."""
    from tests.conftest import Auth, csrf_from

    outside = rid(database, "acjy2-outage")
    assert coordinator_api.post(f"/api/v1/reports/{outside}/retract").status_code == 200
    before = stored(database, outside)
    make_user("c-rs", "coordinator", scope=BDJ)
    client = app.test_client()
    Auth(client).login("c-rs")
    token = csrf_from(client.get("/account").get_data(as_text=True))
    refused = client.post(f"/history/reports/{outside}/restore", data={"csrf_token": token, "version": before[0]})
    assert refused.status_code == 403
    assert "地点：不在您负责的区域内" in refused.get_data(as_text=True)
    assert stored(database, outside) == before


def test_a_create_by_a_role_that_does_not_report_names_the_role(seeded, database, token_client):
    """A viewer's create over the API says its role does not report, as the form page does (was a bare 403)."""
    viewer: TokenClient = token_client("v-1", "viewer")
    sent = viewer.post(f"/api/v1/events/{_event(database)}/reports",
                       json={"kind": "activity", "area_id": _area(database, "彰德路64号院"),
                             "observed_at": "2021-07-25 10:00", "title": "巡查"},
                       headers={"Idempotency-Key": "viewer-1"})
    assert _refused(sent, "role")
