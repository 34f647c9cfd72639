"""A report's place must lie within its event's (validation._within_event), answered from the same walk up
the tree as the writer's scope (areas.tree.ancestry): one statement for both, however deep the place."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from incidents.areas.services import create_area
from incidents.auth import tokens
from incidents.auth.services import create_user
from incidents.events.services import create_event
from tests.api.conftest import TokenClient

OUTSIDE_EVENT = "is outside the place this event concerns"


@pytest.fixture
def tree(app, database) -> dict[str, Any]:  # noqa: ANN001
    """A district with two subdistricts, a community and a compound (site) in the first; an event of the
    first subdistrict; a reporter scoped to that subdistrict, with a token."""
    with database.transaction() as s:
        district = create_area(s, name="测区", level="district")
        north = create_area(s, name="北街道", level="subdistrict", parent=district)
        south = create_area(s, name="南街道", level="subdistrict", parent=district)
        community = create_area(s, name="北社区", level="community", parent=north)
        site = create_area(s, name="一号院", level="site", parent=community)
        event = create_event(s, code="north-flood", name="北街道内涝", kind="flood", area_id=north.id,
                             starts_at=datetime(2021, 7, 20, tzinfo=ZoneInfo("Asia/Shanghai")))
        user = create_user(s, "north-field", None, "reporter", scope_area_id=north.id)
        coordinator = create_user(s, "district-co", None, "coordinator")
        _row, plaintext = tokens.create_token(s, user, "field")
        _row, co_plaintext = tokens.create_token(s, coordinator, "office")
        return {"event": event.id, "site": site.id, "south": south.id, "community": community.id,
                "field": TokenClient(app, plaintext, user.id), "office": TokenClient(app, co_plaintext, coordinator.id)}


def _send(client: TokenClient, tree: dict[str, Any], area_id: int) -> Any:
    body = {"kind": "activity", "area_id": area_id, "observed_at": "2021-07-21T10:00:00+08:00", "title": "巡查"}
    return client.post(f"/api/v1/events/{tree['event']}/reports", json=body,
                       headers={"Idempotency-Key": str(uuid.uuid4())})


def test_a_place_within_the_events_is_stored_and_one_outside_is_refused_by_name(tree):
    assert _send(tree["field"], tree, tree["site"]).status_code == 201
    assert _send(tree["office"], tree, tree["site"]).status_code == 201
    refused = _send(tree["office"], tree, tree["south"])  # unscoped: only the event's place refuses it
    assert refused.status_code == 422
    assert refused.get_json()["errors"]["area_id"].startswith(("不在本事件所涉地点", OUTSIDE_EVENT))


def test_scope_and_the_events_place_are_one_walk_up(tree, database):
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    sa.event.listen(database.engine, "before_cursor_execute", note)
    try:
        assert _send(tree["field"], tree, tree["site"]).status_code == 201
    finally:
        sa.event.remove(database.engine, "before_cursor_execute", note)
    reads_of_areas = [s for s in seen if re.search(r"\bFROM areas\b", s)]  # not the event's joined place
    # One walk up (scope and the event's place) that loads the report's own place row too; a walk a
    # level at a time for the event's place read the community and the subdistrict again, one statement
    # each, and the place was once a SELECT of its own.
    assert len(reads_of_areas) == 1, reads_of_areas
