"""A brief's PDF is made one at a time: while another is being made past 8 s the API answers 503 with Retry-After.
The OpenAPI document listed no 503 for the operation, nor the header: a client fetching every brief's PDF (as an
outside replay does) met a status it had no case for, and no word of when to ask again."""

from __future__ import annotations

from contextlib import contextmanager

from incidents import slots
from tests.api.conftest import TokenClient, compiled_brief


def test_a_busy_pdf_is_the_documented_503(coordinator_api: TokenClient, database, where, monkeypatch):
    spec = coordinator_api.get("/api/v1/openapi.json").get_json()
    busy = spec["paths"]["/api/v1/briefs/{brief_id}/{fmt}"]["get"]["responses"].get("503")
    assert busy is not None and busy["headers"]["Retry-After"]["required"]
    event = where[0].split("/")[4]
    brief = compiled_brief(coordinator_api, database, f"/api/v1/events/{event}/briefs/compile", {"day": "2021-07-24"})

    @contextmanager
    def taken(*args, **kw):  # noqa: ANN002, ANN003, ANN202
        raise slots.Busy
        yield

    monkeypatch.setattr(slots, "one_at_a_time", taken)
    answer = coordinator_api.get(brief["formats"]["pdf"], headers={"Accept-Language": "en"})
    assert answer.status_code == 503
    assert answer.content_type == "application/problem+json"
    assert int(answer.headers["Retry-After"]) > 0
