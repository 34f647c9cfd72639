"""An outage update that gives only restored households keeps the outage's own affected figure live.

Found by replaying a typhoon through the API: the update used to store a copy of the outage's
affected count, so a "530+" outage counted as exactly 530 from its first update on, and a later
correction of the outage (405 → 425) was accepted but never reached a brief or the timeline.
"""

from __future__ import annotations

import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.db import now_utc
from incidents.events.models import Event
from tests.api.conftest import TokenClient

RAIN = "wenfeng-2021-07-rainstorm"


def _setup(session) -> tuple[int, int]:  # noqa: ANN001
    event = session.scalar(sa.select(Event.id).where(Event.code == RAIN))
    area = session.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
    return event, area


def _state(api: TokenClient, event: int, outage: int) -> dict:
    body = api.get(f"/api/v1/events/{event}/outages",
                   query_string={"as_of": "2021-07-30T00:00:00+08:00",
                                 "known_at": now_utc().isoformat()}).get_json()
    return next(o for o in body["outages"] if o["outage_id"] == outage)


def test_a_lower_bound_survives_an_update_that_gives_only_restored(seeded, session, coordinator_api: TokenClient):
    event, area = _setup(session)
    outage = coordinator_api.post(f"/api/v1/events/{event}/reports", json={
        "kind": "outage", "area_id": area, "households_affected": "300+",
        "started_at": "2021-07-23 08:00"}).get_json()
    update = coordinator_api.post(f"/api/v1/events/{event}/reports", json={
        "kind": "outage_update", "outage_id": outage["id"], "observed_at": "2021-07-23 20:00",
        "households_restored": 64})
    assert update.status_code == 201, update.get_json()
    assert update.get_json().get("households_affected") is None  # as sent: no copy of the outage's figure
    state = _state(coordinator_api, event, outage["id"])
    assert (state["households_affected"], state["households_affected_lb"]) == (300, True)
    assert (state["households_out"], state["households_out_lb"]) == (236, True)


def test_a_corrected_outage_reaches_the_state_after_its_updates(seeded, session, coordinator_api: TokenClient):
    event, area = _setup(session)
    outage = coordinator_api.post(f"/api/v1/events/{event}/reports", json={
        "kind": "outage", "area_id": area, "households_affected": 405,
        "started_at": "2021-07-23 08:00"}).get_json()
    coordinator_api.post(f"/api/v1/events/{event}/reports", json={
        "kind": "outage_update", "outage_id": outage["id"], "observed_at": "2021-07-23 20:00",
        "households_restored": 100})
    current = coordinator_api.get(f"/api/v1/reports/{outage['id']}").get_json()
    fixed = coordinator_api.patch(f"/api/v1/reports/{outage['id']}",
                                  json={"households_affected": 425, "version": current["version"]})
    assert fixed.status_code == 200, fixed.get_json()
    state = _state(coordinator_api, event, outage["id"])
    assert (state["households_affected"], state["households_out"]) == (425, 325)
