"""The document listed 422 for every operation with a query (the report list, the outages, the timeline, the map, a
brief's format), which answer a bad parameter with 400: a client generated from it handled a 422 it never got.
Each operation's documented 4xx for a bad query is now the one it answers."""

from __future__ import annotations

import pytest

from tests.api.conftest import TokenClient


@pytest.mark.parametrize(("path", "bad", "never"), [
    ("/api/v1/events/{event_id}/reports", "?limit=0", "422"),
    ("/api/v1/events/{event_id}/outages", "?as_of=nope", "422"),
    ("/api/v1/events/{event_id}/timeline", "?known_at=nope", "422"),
    ("/api/v1/events/{event_id}/map", "?as_of=nope", "422"),
    ("/api/v1/briefs/{brief_id}/{fmt}", "", "422"),
    # The area list answers both: a bad level or limit 422, a cursor of another list 400.
    ("/api/v1/areas", "?level=planet", None),
    ("/api/v1/areas", "?cursor=nope", None),
])
def test_a_bad_query_answers_the_code_the_document_lists(viewer_api: TokenClient, where, path, bad, never):
    spec = viewer_api.get("/api/v1/openapi.json").get_json()
    codes = set(spec["paths"][path]["get"]["responses"])
    if never is not None:
        assert never not in codes, f"{path} lists {never}, which it never answers"
    if bad:
        got = viewer_api.get(path.format(event_id=where[0].split("/")[4]) + bad)
        assert str(got.status_code) in codes, (path, got.status_code)
