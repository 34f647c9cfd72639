"""A client walking the area list while areas are created sees each area once, none skipped.

The report list's case (test_report_list_while_writing.py), for areas: on PostgreSQL an area's id comes from a
sequence when its row is written, not when it commits. An area given id 100 whose transaction was still open
(a slow request, an import of places) while area 101 committed was past the cursor of a client that had read
101 by then, and never listed. The list now waits, as the report list does, for areas being written (the
arrival lock every writer of an area holds to its commit, arrival.py). SQLite writes one transaction
at a time, so ids there are given in commit order already.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.areas import services
from incidents.areas.models import Area
from tests.api.conftest import TokenClient, walked_while_writing


def _walk(api: TokenClient, seen: list[int]) -> None:
    """Every page of the area list, 50 areas a page, their ids appended to `seen`."""
    cursor = None
    while True:
        page = api.get("/api/v1/areas", query_string={"limit": 50, **({"cursor": cursor} if cursor else {})})
        seen.extend(a["id"] for a in page.get_json()["areas"])
        cursor = page.get_json()["next_cursor"]
        if cursor is None:
            return


def test_an_area_committed_after_a_later_one_is_not_skipped(seeded, database, session, coordinator_api, viewer_api):
    if database.is_sqlite:
        pytest.skip("SQLite writes one transaction at a time: ids are given in commit order")
    parent_id = session.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    slow = database.write_session()
    try:
        # A writer that has its id and has not committed yet.
        first = services.create_area(slow, name="慢的那处", level="site", parent=slow.get(Area, parent_id))
        slow.flush()
        # Two areas after it commit at once.
        later = [
            coordinator_api.post("/api/v1/areas", json={"name": f"后来的{n}", "level": "site", "parent_id": parent_id})
            for n in range(2)
        ]
        assert [r.status_code for r in later] == [201, 201], later[0].get_data(as_text=True)
        assert later[0].get_json()["id"] > first.id
        walked_while_writing(slow, lambda seen: _walk(viewer_api, seen), first.id, [r.get_json()["id"] for r in later])
    finally:
        slow.close()
