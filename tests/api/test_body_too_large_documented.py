"""A body over 2 MB is refused (413) before any view reads it, but neither api.md's list of error statuses nor the
OpenAPI document named 413: a client sending a large batch met a status its generated code had no case for."""

from __future__ import annotations

import json

from tests.api.conftest import TokenClient


def test_a_body_too_large_is_a_documented_413(coordinator_api: TokenClient, where, app):
    url, area = where
    spec = coordinator_api.get("/api/v1/openapi.json").get_json()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if "requestBody" in operation:
                assert "413" in operation["responses"], f"{method.upper()} {path}"
    limit = app.config["MAX_CONTENT_LENGTH"]
    body = json.dumps({"kind": "activity", "area_id": area, "observed_at": "2021-07-24 10:00", "title": "巡查",
                       "note": "x" * limit})
    refused = coordinator_api.post(url, data=body, content_type="application/json", headers={"Accept-Language": "en"})
    assert refused.status_code == 413
    assert refused.content_type == "application/problem+json"
    assert refused.get_json()["title"] == "What you sent is too large."
