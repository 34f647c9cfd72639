"""The OpenAPI 3.1 document is generated from the code and covers every /api/v1 route; the page reads it."""

from __future__ import annotations

from incidents.api.docs import documented_rules, openapi_path
from tests.api.conftest import TokenClient


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
    client.get("/lang/en")
    en = client.get("/api/docs").get_data(as_text=True)
    assert "Create a report" in en and "Search and list areas" in en and "Create an event" in en
