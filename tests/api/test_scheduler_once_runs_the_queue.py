"""`incidents scheduler --once` runs the compiles asked for on the web or the API, as the scheduler process does."""

from __future__ import annotations

import sqlalchemy as sa

from incidents.models import Event
from tests.api.conftest import TokenClient


def test_a_compile_asked_for_over_the_api_is_run_by_scheduler_once(seeded, database, runner,
                                                                    coordinator_api: TokenClient):
    with database.read_session() as s:
        event_id = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    asked = coordinator_api.post(f"/api/v1/events/{event_id}/briefs/compile", json={"day": "2021-07-24"})
    assert asked.status_code == 202, asked.json
    assert coordinator_api.get(asked.json["url"]).json["status"] == "queued"
    result = runner.invoke(args=["incidents", "scheduler", "--once"])
    assert result.exit_code == 0, result.output
    assert "1 compile requests run" in result.output
    # It stayed "queued" for ever unless a long-running scheduler was up.
    done = coordinator_api.get(asked.json["url"]).json
    assert done["status"] == "done", done
