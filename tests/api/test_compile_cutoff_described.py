"""POST …/briefs/compile says in the OpenAPI document which cut-off its brief gets, and the code does what it says.

The description named no cut-off, and the view's docstring said a day with a final brief got "a provisional one"
where the code answers that final brief.
"""

from __future__ import annotations

import sqlalchemy as sa

from incidents.briefs import queue
from incidents.events.models import Event
from tests.api.conftest import TokenClient, compiled_brief

COMPILE = "/api/v1/events/{event_id}/briefs/compile"


def test_the_compile_description_says_which_cut_off(viewer_api: TokenClient):
    paths = viewer_api.get("/api/v1/openapi.json", headers={"Accept-Language": "en"}).json["paths"]
    said = paths[COMPILE]["post"]["description"]
    assert "due time" in said and "outcome exists" in said and "provisional" in said and "header.cutoff" in said
    zh = viewer_api.get("/api/v1/openapi.json").json["paths"][COMPILE]["post"]["description"]
    assert "应发时间" in zh and "exists" in zh


def test_a_past_day_is_cut_off_at_its_due_time_and_asked_again_answers_that_brief(
        seeded, session, database, coordinator_api: TokenClient):  # noqa: ANN001
    event = session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    url = COMPILE.format(event_id=event)
    first = compiled_brief(coordinator_api, database, url, {"day": "2021-07-23"})
    header = coordinator_api.get(first["formats"]["json"]).json["content"]["header"]
    assert header["cutoff"] == header["due_at"] == "2021-07-24T00:00:00Z" and header["status"] == "compiled"
    again = coordinator_api.post(url, json={"day": "2021-07-23"})
    queue.run_queued(database)
    done = coordinator_api.get(again.json["url"]).json
    assert (done["outcome"], done["brief_id"]) == ("exists", first["id"])
