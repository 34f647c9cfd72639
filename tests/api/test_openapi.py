"""The OpenAPI 3.1 document is generated from the code and covers every /api/v1 route; the page reads it."""

from __future__ import annotations

from incidents.api.docs import documented_rules, openapi_path
from tests.api.conftest import TokenClient
from tests.conftest import switch_language


def test_every_api_route_is_documented(app):
    undocumented = [r.rule for r in app.url_map.iter_rules()
                    if r.rule.startswith("/api/v1/") and not getattr(app.view_functions[r.endpoint],
                                                                     "api_operation", None)]
    assert undocumented == []


def test_spec_is_openapi_31_with_bearer_and_problem(app, viewer_api: TokenClient):
    response = viewer_api.get("/api/v1/openapi.json")
    spec = response.json
    assert response.status_code == 200 and spec["openapi"] == "3.1.0"
    assert spec["components"]["securitySchemes"]["bearer"] == {"type": "http", "scheme": "bearer"}
    problem = spec["components"]["schemas"]["Problem"]["properties"]
    assert {"type", "title", "status", "detail", "errors"} <= set(problem)
    expected = {openapi_path(rule)[0] for rule, _view, _op in documented_rules(app)}
    assert set(spec["paths"]) == expected and "/api/v1/events/{event_id}/reports" in expected
    create = spec["paths"]["/api/v1/events/{event_id}/reports"]["post"]
    assert {"201", "200", "400", "401", "403", "404", "422"} <= set(create["responses"])
    assert create["responses"]["422"]["content"]["application/problem+json"]["schema"]["$ref"].endswith("/Problem")
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in create["parameters"])
    kinds = create["requestBody"]["content"]["application/json"]["schema"]["oneOf"]
    assert len(kinds) == 8 and {"$ref": "#/components/schemas/ZeroReportReport"} in kinds


def test_spec_needs_a_login(client):
    assert client.get("/api/v1/openapi.json").status_code == 401


def test_docs_page_lists_every_operation_in_both_languages(app, client, auth, make_user):
    make_user("reader", "viewer")
    auth.login("reader")
    zh = client.get("/api/docs").get_data(as_text=True)
    for rule, _view, _op in documented_rules(app):
        assert openapi_path(rule)[0] in zh
    assert "新建报告" in zh and "households_affected" in zh and 'id="problem-422"' in zh
    switch_language(client, "en")
    en = client.get("/api/docs").get_data(as_text=True)
    assert "Create a report" in en and "Search and list areas" in en and "Create an event" in en


def _problem_errors(spec: dict, body: dict) -> list[str]:
    """What in an answered problem the document's Problem schema refuses (a client generated from it would)."""
    import jsonschema_rs

    schema = {**spec["components"]["schemas"]["Problem"], "components": spec["components"]}
    validator = jsonschema_rs.Draft202012Validator(schema)
    return [f"{list(e.instance_path)}: {e.message}" for e in validator.iter_errors(body)]


def test_answered_conflicts_and_candidates_fit_the_documented_problem(coordinator_api: TokenClient):
    spec = coordinator_api.get("/api/v1/openapi.json").json
    event = coordinator_api.post("/api/v1/events", json={
        "code": "dst-storm", "name": "DST", "kind": "flood", "starts_at": "2026-10-30 08:00",
        "timezone": "America/New_York"}).json
    area = coordinator_api.post("/api/v1/areas", json={"name": "Shore", "level": "district"}).json
    assert coordinator_api.patch(event["url"], json={"name": "DST 2", "version": 1}).status_code == 200
    stale_event = coordinator_api.patch(event["url"], json={"name": "DST 3", "version": 1})
    assert stale_event.status_code == 409 and "current" in stale_event.json
    reports = f"/api/v1/events/{event['id']}/reports"
    twice = coordinator_api.post(reports, json={"kind": "activity", "area_id": area["id"], "title": "t",
                                                "observed_at": "2026-11-01 01:30"})
    assert twice.status_code == 422 and "candidates" in twice.json
    made = coordinator_api.post(reports, json={"kind": "activity", "area_id": area["id"], "title": "t",
                                               "observed_at": "2026-11-01 09:00"}).json
    url = f"/api/v1/reports/{made['id']}"
    assert coordinator_api.patch(url, json={"title": "t2", "version": 1}).status_code == 200
    stale_body = coordinator_api.patch(url, json={"title": "t3", "version": 1})
    stale_header = coordinator_api.patch(url, json={"title": "t3"}, headers={"If-Match": '"1"'})
    assert (stale_body.status_code, stale_header.status_code) == (409, 412)
    for answer in (stale_event, twice, stale_body, stale_header):
        assert _problem_errors(spec, answer.json) == []
    problem = spec["components"]["schemas"]["Problem"]["properties"]
    assert {"current", "current_version", "candidates"} <= set(problem)


def test_running_totals_say_so_in_the_document(viewer_api: TokenClient):
    # Found by an outside replay of a rainstorm: an update's households_restored read only 'a whole number, or
    # "30+"'. Sent as each update's own increment (50, then 30 more), the outage would read 30 back, not 80: it is
    # the total back so far, as a disinfection report's `cumulative` (no description at all) is a running total.
    schemas = viewer_api.get("/api/v1/openapi.json", headers={"Accept-Language": "en"}).json["components"]["schemas"]
    update = schemas["OutageUpdateReport"]["properties"]
    for name in ("households_restored", "buildings_restored"):
        assert "so far" in update[name]["description"] and "not this update's" in update[name]["description"], name
    assert "since the event began" in schemas["DisinfectionReport"]["properties"]["cumulative"]["description"]
