"""A local time the clocks showed twice is answered with `candidates` wherever the API reads one (docs/api.md)."""

from __future__ import annotations

from tests.api.conftest import TokenClient


def test_event_times_and_timeline_moments_that_happened_twice_list_both_readings(coordinator_api: TokenClient):
    # Reports listed them; an event's start or end, and the timeline's and map's as_of/known_at, did not.
    new = {"code": "dst", "name": "DST", "kind": "flood", "timezone": "America/New_York"}
    refused = coordinator_api.post("/api/v1/events", json={**new, "starts_at": "2026-11-01 01:30"})
    assert refused.status_code == 422
    assert refused.json["candidates"] == {"starts_at": ["2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00"]}
    event = coordinator_api.post("/api/v1/events", json={**new, "starts_at": "2026-10-30 08:00"}).json
    closed = coordinator_api.post(f"/api/v1/events/{event['id']}/close", json={"ends_at": "2026-11-01 01:30"})
    assert closed.status_code == 422 and set(closed.json["candidates"]) == {"ends_at"}
    for path in ("timeline", "map"):
        answer = coordinator_api.get(f"/api/v1/events/{event['id']}/{path}?as_of=2026-11-01 01:30")
        assert answer.status_code == 400, path
        assert answer.json["candidates"] == {"as_of": ["2026-11-01T01:30-04:00", "2026-11-01T01:30-05:00"]}, path
