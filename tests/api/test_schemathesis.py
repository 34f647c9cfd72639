"""Property tests of the whole API from its own OpenAPI document (Schemathesis), bounded: 5 examples an operation.

With a coordinator's token: no 5xx, no status code or content type the document does not list.
Without a token and with a bad one: every operation that is not public answers 401.
"""

from __future__ import annotations

import re

import pytest
import schemathesis
import sqlalchemy as sa
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import content_type_conformance, not_a_server_error, status_code_conformance

from incidents.areas.models import Area
from incidents.briefs.models import Brief
from incidents.events.models import Event
from tests.api.conftest import TokenClient

EXAMPLES = 5


@pytest.fixture
def seed_ids(seeded, session) -> dict[str, int]:  # noqa: ANN001
    """Real ids for path parameters, so that most examples reach past the 404."""
    return {"event_id": session.scalar(sa.select(Event.id).limit(1)),
            "area_id": session.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院")),
            "brief_id": session.scalar(sa.select(Brief.id).limit(1)) or 1, "request_id": 1}


def test_fuzzed_requests_get_documented_answers_and_never_a_server_error(app, seed_ids, coordinator_api: TokenClient):
    auth = {"Authorization": f"Bearer {coordinator_api.token}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, headers=auth)
    checks = [not_a_server_error, status_code_conformance, content_type_conformance]
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 18
    for operation in operations:
        names = {p.name for p in operation.path_parameters}
        strategy = operation.as_strategy(path_parameters={k: v for k, v in seed_ids.items() if k in names})

        @given(case=strategy)
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        def run(case) -> None:  # noqa: ANN001
            case.call_and_validate(headers=auth, checks=checks)

        run()


def test_without_a_valid_token_every_operation_is_refused(app, seed_ids, viewer_api: TokenClient):
    spec = viewer_api.get("/api/v1/openapi.json").json
    client = app.test_client(use_cookies=False)
    checked = 0
    for path, operations in spec["paths"].items():
        url = re.sub(r"\{(\w+)\}", lambda m: str(seed_ids.get(m.group(1), 1)), path.replace("{fmt}", "json"))
        for method, operation in operations.items():
            if operation["security"] == []:
                continue
            for headers in ({}, {"Authorization": "Bearer il_revoked-or-never-issued"}, {"Authorization": "Bearer "}):
                response = client.open(url, method=method.upper(), headers=headers, json={})
                assert response.status_code == 401, (method, path, headers, response.status_code)
                assert response.mimetype == "application/problem+json"
                checked += 1
    assert checked >= 3 * 18
