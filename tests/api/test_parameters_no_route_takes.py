"""An API route that takes no query parameter names one sent to it, as the lists and downloads do.

A write read its body alone and ignored its query string: `POST /reports/7/retract?reason=重复` retracted the report
with no reason, `PATCH /reports/7?note=…` was a 200 that changed nothing, and `GET /reports/7?version=1` answered the
newest version, each taken by the client for what it asked (the 6 December audit)."""

from __future__ import annotations

from incidents.api.docs import documented_rules
from tests.api.conftest import TokenClient
from tests.security import sweep

EN = {"Accept-Language": "en"}
NONE_TAKEN = "is not a parameter here: this takes none"


def _created(api: TokenClient, where: tuple[str, int]) -> int:
    url, area = where
    made = api.post(url, json={"kind": "activity", "area_id": area, "observed_at": "2021-07-24 10:00",
                               "title": "巡查"})
    assert made.status_code == 201, made.get_json()
    return int(made.get_json()["id"])


def test_a_retraction_with_its_reason_in_the_query_is_refused_naming_it(coordinator_api: TokenClient, where):
    report_id = _created(coordinator_api, where)
    refused = coordinator_api.post(f"/api/v1/reports/{report_id}/retract?reason=重复", json={}, headers=EN)
    assert refused.status_code == 400, refused.get_json()
    assert refused.get_json()["errors"] == {"reason": NONE_TAKEN}
    assert coordinator_api.get(f"/api/v1/reports/{report_id}").get_json()["status"] == "submitted"


def test_a_correction_in_the_query_is_refused_not_a_change_of_nothing(coordinator_api: TokenClient, where):
    report_id = _created(coordinator_api, where)
    refused = coordinator_api.patch(f"/api/v1/reports/{report_id}?note=x", json={}, headers={**EN, "If-Match": "*"})
    assert refused.status_code == 400, refused.get_json()
    assert refused.get_json()["errors"] == {"note": NONE_TAKEN}
    assert coordinator_api.get(f"/api/v1/reports/{report_id}").get_json()["version"] == 1


def test_a_report_read_names_a_version_asked_in_the_query(coordinator_api: TokenClient, where):
    report_id = _created(coordinator_api, where)
    refused = coordinator_api.get(f"/api/v1/reports/{report_id}?version=1", headers=EN)
    assert refused.status_code == 400
    assert refused.get_json()["errors"] == {"version": NONE_TAKEN}


def test_every_route_that_takes_none_names_one_sent_and_writes_nothing(app, coordinator_api: TokenClient, seeded,
                                                                       session, database):
    ids = sweep.seed_ids(session)
    swept = 0
    for rule, _view, operation in documented_rules(app):
        if operation.query is not None:
            continue  # it names what it takes (tests/api/test_list_parameters_unknown.py)
        url = sweep.url_for_rule(rule, ids)
        for method in sweep.methods(rule):
            before = sweep.fingerprint(database.engine)
            body = {} if method in sweep.WRITE_METHODS else None
            answer = coordinator_api.open(f"{url}?bogus=1", method, json=body, headers={**EN, "If-Match": "*"})
            assert answer.status_code == 400, (method, url, answer.status_code, answer.get_json())
            assert answer.get_json()["errors"] == {"bogus": NONE_TAKEN}, (method, url)
            assert sweep.fingerprint(database.engine) == before, (method, url)
            swept += 1
    assert swept >= 20


def test_who_may_not_is_told_so_before_the_parameter(viewer_api: TokenClient, where, coordinator_api: TokenClient):
    report_id = _created(coordinator_api, where)
    assert viewer_api.post(f"/api/v1/reports/{report_id}/retract?reason=x", json={}).status_code == 403
    anonymous = viewer_api.client.post(f"/api/v1/reports/{report_id}/retract?reason=x", json={})
    assert anonymous.status_code == 401
