"""An offset with seconds typed into a page's time (the close form, CSRF on; the timeline's moment) was read
as written: no zone in use has one, so the page says so beside the field, in Chinese and in English."""

from __future__ import annotations

from datetime import UTC, datetime

from incidents.events.services import create_event
from incidents.models import Event
from tests.conftest import csrf_from, switch_language

OFFSET_ZH = "UTC 偏移带了秒"
OFFSET_EN = "has a UTC offset with seconds"


def _event(database) -> int:
    with database.transaction() as s:
        return create_event(s, code="sh-storm", name="上海风暴", kind="typhoon", timezone="Asia/Shanghai",
                            starts_at=datetime(2021, 7, 20, 0, tzinfo=UTC)).id


def _close(client, event_id: int, ends: str):
    token = csrf_from(client.get(f"/events/{event_id}").get_data(as_text=True))
    return client.post(f"/events/{event_id}/close", data={"ends_at": ends, "csrf_token": token})


def _ends_at(database, event_id: int) -> datetime | None:
    with database.read_session() as s:
        return s.get(Event, event_id).ends_at


def test_closing_at_an_offset_with_seconds_is_refused_beside_the_field(database, make_user, auth, client):
    event_id = _event(database)
    make_user("c", "coordinator")
    auth.login("c")
    response = _close(client, event_id, "2021-07-30T08:00+08:00:30")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert OFFSET_ZH in html and 'id="ends_at-error"' in html
    assert _ends_at(database, event_id) is None
    switch_language(client, "en")
    assert OFFSET_EN in _close(client, event_id, "2021-07-30T08:00+08:00:30").get_data(as_text=True)
    # The same offset in whole minutes, and nanoseconds (cut to the microsecond), close it.
    assert _close(client, event_id, "2021-07-30T08:00:00.123456789+08:00").status_code == 303
    assert _ends_at(database, event_id) == datetime(2021, 7, 30, 0, 0, 0, 123456, tzinfo=UTC)


def test_a_timeline_moment_with_an_offset_of_seconds_is_named(database, make_user, auth, client):
    event_id = _event(database)
    make_user("v", "viewer")
    auth.login("v")
    page = client.get(f"/events/{event_id}/timeline?at=2021-07-25T01:00%2B08:00:30")
    assert OFFSET_ZH in page.get_data(as_text=True)
