"""Outages and the restoration curve over /api/v1 (issue 13): the state at `as_of`, as known at `known_at`.

The same rule as the timeline page (its JSON is compared), moments read by the one parser, a bad
moment a 400 naming its parameter, never a 500.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from incidents.models import Event
from incidents.reports.services import create_report

PROBLEM = "application/problem+json"


@pytest.fixture
def event_id(seeded, database) -> int:
    with database.read_session() as s:
        return s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))


def acjy2(body: dict) -> dict:
    """安彩嘉园二期's outage in an answer: 24 buildings out since about 19:00 on the 23rd."""
    return next(o for o in body["outages"] if o["area_name"] == "安彩嘉园二期")


def test_an_outage_as_known_then_and_as_known_later(viewer_api, event_id):
    url = f"/api/v1/events/{event_id}/outages"
    # Restored at 00:45 on the 25th, the office heard at 01:30.
    then = viewer_api.get(url, query_string={"as_of": "2021-07-25 01:00", "known_at": "2021-07-25 01:00"})
    assert then.status_code == 200, then.get_json()
    body = then.get_json()
    assert (body["as_of"], body["known_at"]) == ("2021-07-24T17:00:00Z", "2021-07-24T17:00:00Z")
    assert (acjy2(body)["buildings_out"], acjy2(body)["open"]) == (24, True)
    later = viewer_api.get(url, query_string={"as_of": "2021-07-25 01:00", "known_at": "2021-07-25T02:00+08:00"})
    state = acjy2(later.get_json())
    assert (state["buildings_out"], state["open"], state["restored_at"]) == (0, False, "2021-07-24T16:45:00Z")
    # known_at defaults to as_of: what the office knew at that moment.
    assert acjy2(viewer_api.get(url, query_string={"as_of": "2021-07-25 01:00"}).get_json())["open"] is True


def test_an_offset_whose_plus_the_url_turned_into_a_space_is_still_read(viewer_api, event_id):
    # Found by an outside replay: ?as_of=2021-07-25T01:00+08:00 written into a URL as is (the + not sent as %2B)
    # arrives as "2021-07-25T01:00 08:00", and was refused as 'not a date and time (YYYY-MM-DD HH:MM)'.
    url = f"/api/v1/events/{event_id}/outages?as_of=2021-07-25T01:00+08:00&known_at=2021-07-25T02:00:00+08:00"
    answer = viewer_api.get(url)
    assert answer.status_code == 200, answer.get_json()
    assert (answer.get_json()["as_of"], answer.get_json()["known_at"]) == ("2021-07-24T17:00:00Z",
                                                                          "2021-07-24T18:00:00Z")


def test_the_curve_is_the_pages_curve(viewer_api, coordinator_api, event_id):
    query = {"as_of": "2021-07-26 08:00", "known_at": "2021-07-26 08:00"}
    for api in (viewer_api, coordinator_api):
        response = api.get(f"/api/v1/events/{event_id}/timeline", query_string=query)
        assert response.status_code == 200
        body = response.get_json()
        page = api.client.get(f"/events/{event_id}/timeline.json?at={query['as_of']}&known={query['known_at']}",
                              headers={"Authorization": f"Bearer {api.token}"}).get_json()
        assert body["curve"] == page["curve"] and body["stats"] == page["stats"]
        assert body["curve"]["buildings"]["peak"] == 24 and body["stats"]["outages"] == page["stats"]["outages"]
        assert [p["at"] for p in body["curve"]["points"]] == sorted(p["at"] for p in body["curve"]["points"])


def test_without_moments_a_closed_event_shows_its_end(viewer_api, event_id):
    body = viewer_api.get(f"/api/v1/events/{event_id}/outages").get_json()
    assert body["as_of"].startswith("2021-07-31")


@pytest.mark.parametrize(("query", "field"), [
    ({"as_of": "yesterday"}, "as_of"), ({"known_at": "2021-07-25 25:00"}, "known_at"),
    ({"as_of": "2999-01-01 00:00"}, "as_of"), ({"known_at": "1900-01-01T00:00Z"}, "known_at"),
    ({"as_of": "0001-01-01T00:00+14:00"}, "as_of"),
])
def test_bad_moments_are_named(viewer_api, event_id, query, field):
    for route in ("outages", "timeline"):
        response = viewer_api.get(f"/api/v1/events/{event_id}/{route}", query_string=query)
        assert response.status_code == 400 and response.mimetype == PROBLEM, response.get_data(as_text=True)
        assert set(response.get_json()["errors"]) == {field}


def test_a_local_time_the_clocks_showed_twice_asks_for_its_offset(app, database, viewer_api, token_client):
    """In New York 01:30 on 2021-11-07 happened twice: never guessed, both readings offered."""
    from incidents.events.services import create_event

    with database.transaction() as s:
        event = create_event(s, code="ny-2021", name="Ida", kind="flood", timezone="America/New_York",
                             starts_at=datetime(2021, 11, 1, tzinfo=UTC))
        event_id = event.id
    url = f"/api/v1/events/{event_id}/outages"
    response = viewer_api.get(url, query_string={"as_of": "2021-11-07 01:30"}, headers={"Accept-Language": "en"})
    assert response.status_code == 400
    message = response.get_json()["errors"]["as_of"]
    assert "-04:00" in message and "-05:00" in message
    assert viewer_api.get(url, query_string={"as_of": "2021-11-07T01:30-05:00"}).status_code == 200
    skipped = viewer_api.get(url, query_string={"as_of": "2022-03-13 02:30"})
    assert skipped.status_code == 400 and "as_of" in skipped.get_json()["errors"]


def test_every_role_reads_the_timeline_and_nobody_unauthenticated(app, viewer_api, reporter_api, scoped_api,
                                                                  coordinator_api, event_id):
    for api in (viewer_api, reporter_api, scoped_api, coordinator_api):
        for route in ("outages", "timeline"):
            assert api.get(f"/api/v1/events/{event_id}/{route}").status_code == 200
    anonymous = app.test_client(use_cookies=False)
    assert anonymous.get(f"/api/v1/events/{event_id}/outages").status_code == 401
    assert viewer_api.get("/api/v1/events/999999/timeline").status_code == 404


def test_a_retracted_update_no_longer_counts(coordinator_api, database, event_id):
    """The API reads the one rule: a retraction made through the API changes the state it gives."""
    with database.transaction() as s:
        outage = s.scalar(sa.text("SELECT r.id FROM reports r JOIN areas a ON a.id = r.area_id "
                                  "WHERE a.name = '安彩嘉园二期' AND r.kind = 'outage'"))
        user = s.scalar(sa.text("SELECT id FROM users WHERE username = 'api-coordinator'"))
        update = create_report(s, "outage_update", {"event_id": event_id, "outage_id": outage,
                                                    "observed_at": datetime(2021, 7, 24, 4, tzinfo=UTC),
                                                    "buildings_out": 10}, user,
                               reported_at=datetime(2021, 7, 24, 5, tzinfo=UTC))
        update_id = update.id
    url = f"/api/v1/events/{event_id}/outages"
    query = {"as_of": "2021-07-24 14:00", "known_at": "2021-07-24 14:00"}
    assert acjy2(coordinator_api.get(url, query_string=query).get_json())["buildings_out"] == 10
    assert coordinator_api.post(f"/api/v1/reports/{update_id}/retract", json={"reason": "误报"}).status_code == 200
    assert acjy2(coordinator_api.get(url, query_string=query).get_json())["buildings_out"] == 24
