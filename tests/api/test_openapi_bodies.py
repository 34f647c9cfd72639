"""The document's `requestBody.required` says what the server does with no body: a client generated from it sent
a body (a reason) to retract or verify a report, which the server takes without one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from incidents.areas.models import Area
from tests.api.conftest import TokenClient


def _report(api: TokenClient, event_id: int, area: int) -> int:
    """A new activity report in the event, as a reporter sends it."""
    at = (datetime.now(UTC) - timedelta(hours=1)).isoformat(timespec="minutes")
    made = api.post(f"/api/v1/events/{event_id}/reports",
                    json={"kind": "activity", "area_id": area, "title": "巡查", "observed_at": at})
    assert made.status_code == 201, made.json
    return int(made.json["id"])


def test_every_body_marked_required_is_one_the_server_refuses_to_go_without(seeded, session,  # noqa: ANN001
                                                                            coordinator_api: TokenClient):
    district = session.scalar(sa.select(Area.id).where(Area.name == "文峰区"))
    area = session.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
    starts = (datetime.now(UTC) - timedelta(days=1)).isoformat(timespec="minutes")
    event = coordinator_api.post("/api/v1/events", json={"code": "bodies", "name": "2026年暴雨", "kind": "rainstorm",
                                                     "area_id": district, "starts_at": starts})
    assert event.status_code == 201, event.json
    event_id = event.json["id"]
    spec = coordinator_api.get("/api/v1/openapi.json").json
    walked, wrong = 0, []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if "requestBody" not in operation:
                continue
            report_id = _report(coordinator_api, event_id, area) if "{report_id}" in path else None
            if path.endswith("/restore"):  # restoring needs a retracted report
                assert coordinator_api.post(f"/api/v1/reports/{report_id}/retract").status_code == 200
            url = path.replace("{event_id}", str(event_id)).replace("{area_id}", str(area)).replace(
                "{report_id}", str(report_id))
            assert "{" not in url, f"no id for {path}"
            answer = coordinator_api.open(url, method.upper())
            required = operation["requestBody"]["required"]
            # Taken (2xx) means the body is optional; 415 or 422 means the server wants something sent.
            if answer.status_code < 300 and required or answer.status_code in (415, 422) and not required:
                wrong.append(f"{method.upper()} {path}: required={required}, no body → {answer.status_code}")
            assert answer.status_code < 300 or answer.status_code in (415, 422), (path, answer.status_code)
            walked += 1
    assert walked >= 10 and wrong == []


def test_a_status_action_says_its_reason_is_optional_and_send_back_that_it_is_not(coordinator_api: TokenClient):
    paths = coordinator_api.get("/api/v1/openapi.json").json["paths"]
    for action in ("verify", "retract", "restore"):
        assert paths[f"/api/v1/reports/{{report_id}}/{action}"]["post"]["requestBody"]["required"] is False
    assert paths["/api/v1/reports/{report_id}/return"]["post"]["requestBody"]["required"] is True
