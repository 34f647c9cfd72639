"""A client walking the report list while reports are written sees each report once, none skipped.

On PostgreSQL a report's id comes from a sequence when its row is written, not when it commits: a
report given id 100 whose transaction was still open (an import of many rows, a slow request) while
report 101 committed was past the cursor of a client that had read 101 by the time it committed, and
never listed. The list now waits for the event's reports being written (the arrival lock every writer
of a report holds to its commit, arrival.py), a backdated one (a stated `reported_at`) too.
SQLite writes one transaction at a time, so ids there are given in commit order already.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.events.models import Event
from incidents.reports import services
from tests.api.conftest import TokenClient, walked_while_writing

RAIN = "wenfeng-2021-07-rainstorm"


def _walk(api: TokenClient, event_id: int, seen: list[int]) -> None:
    """Every page of the event's list, one report a page, its ids appended to `seen`."""
    cursor = None
    while True:
        query = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        page = api.get(f"/api/v1/events/{event_id}/reports", query_string=query).get_json()
        seen.extend(r["id"] for r in page["reports"])
        cursor = page["next_cursor"]
        if cursor is None:
            return


@pytest.mark.parametrize("backdated", [False, True], ids=["stamped", "backdated"])
def test_a_report_committed_after_a_later_one_is_not_skipped(seeded, database, session, coordinator_api,
                                                             viewer_api, backdated):
    if database.is_sqlite:
        pytest.skip("SQLite writes one transaction at a time: ids are given in commit order")
    event_id = session.scalar(sa.select(Event.id).where(Event.code == RAIN))
    area_id = session.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
    user_id = coordinator_api.user_id
    body = {"kind": "activity", "area_id": area_id, "observed_at": "2021-07-25 10:00"}
    slow = database.write_session()
    try:
        # A writer that has its id and has not committed yet.
        data = {**body, "event_id": event_id, "title": "慢的那条",
                "observed_at": datetime(2021, 7, 25, 2, 0, tzinfo=UTC)}
        reported_at = ({"reported_at": session.scalar(sa.select(Event.ends_at).where(Event.id == event_id))}
                       if backdated else {})
        first = services.create_report(slow, "activity", data, user_id, **reported_at)
        slow.flush()
        # Two reports after it commit at once.
        later = [coordinator_api.post(f"/api/v1/events/{event_id}/reports", json={**body, "title": f"后来的{n}"})
                 for n in range(2)]
        assert [r.status_code for r in later] == [201, 201], later[0].get_data(as_text=True)
        assert later[0].get_json()["id"] > first.id
        walked_while_writing(slow, lambda seen: _walk(viewer_api, event_id, seen), first.id,
                             [r.get_json()["id"] for r in later])
    finally:
        slow.close()
