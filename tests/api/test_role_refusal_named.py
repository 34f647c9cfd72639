"""Every API write refused for its role names `role` and says who may, as a report's create always did.

Found (probe, 6 December): a reporter creating an area or an event, compiling a brief, was answered 403 with
`errors: {}` — no field named — while the report routes said `role: your role does not log or change reports`.
Walks every write route of the url map under /api/ with a viewer's token (every one refuses a viewer).
"""

from __future__ import annotations

import re

from tests.api.conftest import TokenClient

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def test_every_api_write_refused_for_the_role_names_role(app, token_client):  # noqa: ANN001
    viewer: TokenClient = token_client("api-viewer", "viewer")
    routes = [(re.sub(r"<[^>]+>", "1", rule.rule), method) for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/") for method in sorted(rule.methods & WRITES)]
    assert len(routes) >= 16, routes  # areas 2, events 4, briefs 3, reports 7: none forgotten by the walk itself
    for url, method in routes:
        response = viewer.open(url, method, json={})
        body = response.get_json()
        assert response.status_code == 403, (method, url, body)
        assert list(body["errors"]) == ["role"], (method, url, body)
        assert body["errors"]["role"] and "role" in body["detail"], (method, url, body)
