"""The report list's cursor belongs to its event; a filter given twice is refused, never read as its first value.

A cursor from event 1's list sent to event 2's used to be a 200 that skipped event 2's reports up to
event 1's id; `?kind=outage&kind=activity` used to list outages only. Both are now a 400 naming the
parameter: on the API (a problem) and on the web list and its downloads (reports/listing.py).
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.events.models import Event
from tests.api.conftest import TokenClient

PROBLEM = "application/problem+json"
RAIN, INFA = "wenfeng-2021-07-rainstorm", "wenfeng-2021-07-infa"


@pytest.fixture
def events(seeded, session) -> tuple[int, int]:  # noqa: ANN001
    """The rainstorm's and the typhoon's ids."""
    ids = dict(session.execute(sa.select(Event.code, Event.id)).all())
    return ids[RAIN], ids[INFA]


def _refused(response, field: str) -> dict:  # noqa: ANN001
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert field in body["errors"], body
    return body


def test_a_cursor_is_refused_by_another_event(events, viewer_api: TokenClient, reporter_api: TokenClient):
    first, second = events
    # Event 2 gets reports of its own (whatever the demo gave it), so there is something to skip.
    for n in range(2):
        made = reporter_api.post(f"/api/v1/events/{second}/reports",
                                 json={"kind": "activity", "area_id": 1, "title": f"巡查{n}",
                                       "observed_at": "2021-07-27 10:00"})
        assert made.status_code == 201, made.get_data(as_text=True)
    page = viewer_api.get(f"/api/v1/events/{first}/reports?limit=1").get_json()
    cursor = page["next_cursor"]
    assert cursor
    body = _refused(viewer_api.get(f"/api/v1/events/{second}/reports", query_string={"limit": 1, "cursor": cursor},
                                   headers={"Accept-Language": "en"}), "cursor")
    assert body["errors"]["cursor"] == "belongs to another event's list: start again without it"
    # On its own event it still goes on; with other filters it is still refused.
    again = viewer_api.get(f"/api/v1/events/{first}/reports", query_string={"limit": 1, "cursor": cursor})
    assert again.status_code == 200 and again.get_json()["reports"][0]["id"] > page["reports"][0]["id"]
    _refused(viewer_api.get(f"/api/v1/events/{first}/reports",
                            query_string={"limit": 1, "cursor": cursor, "kind": "outage"}), "cursor")


@pytest.mark.parametrize("query", [
    "kind=outage&kind=activity", "kind=outage&kind=outage", "status=live&status=all", "limit=1&limit=2",
    "day=2021-07-24&day=2021-07-25", "reporter=1&reporter=2", "area=1&area=2",
])
def test_a_list_parameter_given_twice_is_refused_on_the_api(events, viewer_api: TokenClient, query):
    first, _second = events
    name = query.split("=", 1)[0]
    body = _refused(viewer_api.get(f"/api/v1/events/{first}/reports?{query}", headers={"Accept-Language": "en"}),
                    name)
    assert body["errors"][name] == "is given more than once"


def test_a_cursor_given_twice_is_refused(events, viewer_api: TokenClient):
    first, _second = events
    cursor = viewer_api.get(f"/api/v1/events/{first}/reports?limit=1").get_json()["next_cursor"]
    _refused(viewer_api.get(f"/api/v1/events/{first}/reports?limit=1&cursor={cursor}&cursor={cursor}"), "cursor")


@pytest.mark.parametrize("path", ["", "/export.csv", "/export.json", "/export.xlsx", "/export.hxl.csv"])
def test_the_web_list_and_its_downloads_refuse_a_filter_given_twice(events, client, auth, make_user, path):
    first, _second = events
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    response = client.get(f"/events/{first}/reports{path}?kind=outage&kind=activity",
                          headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "kind" in response.get_data(as_text=True)
    # One value is still a filter.
    assert client.get(f"/events/{first}/reports{path}?kind=outage").status_code == 200
