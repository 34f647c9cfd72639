"""How long an outage begun "in the afternoon" (stored at 15:00) and back at 14:00 can have lasted.

Its restoration counts at its start (下午, docs/domain.md), so its end window was the whole afternoon too and
duration_hours_max said 6 hours (18:00 − 12:00): the update says it was back by 14:00, and it cannot have
begun before 12:00, so at most 2 hours. Now the bounds are honest: 0 to 2 hours, on the API, the timeline's
downloads and the page. Viewed as of a moment between the update (14:00) and the stored start (15:00), the
outage is not yet shown: its start and its restoration are both placed at the start's stored instant (the
rule's one place for a vague time), and nothing of it is out then either way (domain.md, Outages).
"""

from __future__ import annotations

from incidents.events.models import Event
from incidents.timelines import services
from tests.api.conftest import TokenClient
from tests.briefs.conftest import local, make_builder


def _outage(database, api: TokenClient, observed: str = "2021-07-01 14:00") -> tuple[int, int]:
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    outage = api.post(url, json={"kind": "outage", "area_id": b.areas["site-a"], "households_affected": 100,
                                 "started_at": "2021-07-01 下午", "reported_at": "2021-07-01 17:00"})
    assert outage.status_code == 201, outage.get_data(as_text=True)
    update = api.post(url, json={"kind": "outage_update", "outage_id": outage.json["id"], "fully_restored": True,
                                 "observed_at": observed, "reported_at": "2021-07-01 17:10"})
    assert update.status_code == 201, update.get_data(as_text=True)
    return b.event_id, outage.json["id"]


def _state(api: TokenClient, event_id: int, outage_id: int, as_of: str = "2021-07-01 23:00") -> dict | None:
    moment = {"as_of": as_of, "known_at": "2021-07-01 23:00"}
    states = api.get(f"/api/v1/events/{event_id}/outages", query_string=moment).json["outages"]
    return next((s for s in states if s["outage_id"] == outage_id), None)


def test_the_longest_it_can_have_lasted_ends_at_the_update(database, coordinator_api: TokenClient):
    event_id, outage_id = _outage(database, coordinator_api)
    state = _state(coordinator_api, event_id, outage_id)
    assert state is not None and state["restored"]
    # Began no earlier than 12:00 (下午), back by 14:00: 0 to 2 hours, never the afternoon's 6.
    assert (state["duration_hours_min"], state["duration_hours_max"]) == (0, 2), state
    # The timeline's JSON download says the same.
    moment = {"as_of": "2021-07-01 23:00", "known_at": "2021-07-01 23:00"}
    got = coordinator_api.get(f"/events/{event_id}/timeline.json", query_string=moment)
    assert got.status_code == 200, got.status_code
    row = next(r for r in got.json["outages"] if r["outage_id"] == outage_id)
    assert (row["duration_hours_min"], row["duration_hours_max"]) == (0, 2), row


def test_the_bar_is_fuzzy_over_the_two_hours_only(database, coordinator_api: TokenClient):
    event_id, outage_id = _outage(database, coordinator_api)
    with database.read_session() as s:
        timeline = services.restoration_timeline(s, s.get(Event, event_id), at=local("2021-07-01 23:00"),
                                                 known_at=local("2021-07-01 23:00"))
    row = next(r for r in timeline.rows if r.state.outage_id == outage_id)
    noon, two = local("2021-07-01 12:00"), local("2021-07-01 14:00")
    assert (row.start_window.earliest, row.start_window.latest) == (noon, two)
    assert (row.end_window.earliest, row.end_window.latest) == (noon, two)


def test_a_vague_update_before_the_start_bounds_it_by_its_own_window(database, coordinator_api: TokenClient):
    # Back "about 13:00" (约13时: 12:30-13:30): at most 1.5 hours from 12:00.
    event_id, outage_id = _outage(database, coordinator_api, observed="2021-07-01 约13时")
    state = _state(coordinator_api, event_id, outage_id)
    assert state is not None and (state["duration_hours_min"], state["duration_hours_max"]) == (0, 1.5), state


def test_between_the_update_and_the_stored_start_it_is_not_yet_shown(database, coordinator_api: TokenClient):
    event_id, outage_id = _outage(database, coordinator_api)
    # As of 14:30 the outage, placed at its stored start (15:00), is not yet among the outages: nothing of
    # it was out at 14:30 (back by 14:00) — from 15:00 on it is, restored at the start.
    assert _state(coordinator_api, event_id, outage_id, as_of="2021-07-01 14:30") is None
    later = _state(coordinator_api, event_id, outage_id, as_of="2021-07-01 15:00")
    assert later is not None and later["restored"] and later["duration_hours_max"] == 2
