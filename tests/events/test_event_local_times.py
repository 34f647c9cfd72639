"""The web event forms never guess a local time (audit: the close form stored 01:30 of the autumn change
as its first reading and 02:30 of the spring gap as 07:30Z; the event form answered the vague "must be a
date and time"). Both refuse as the API does, naming the field, and offer the two readings of a repeated
hour as the report forms do."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from incidents.events.services import create_event
from incidents.models import Event
from tests.conftest import csrf_from, switch_language

NEW_YORK = "America/New_York"
TWICE_ZH = "这一时刻出现了两次（当地时钟回拨）：请选择是哪一次"
NEVER_ZH = "这一时刻不存在：当地时钟在此拨快跳过了它（夏令时）"
VAGUE_ZH = "须为日期和时间"


def _event(database, starts: datetime, code: str = "ny-storm") -> int:
    with database.transaction() as s:
        return create_event(s, code=code, name="纽约风暴", kind="typhoon", timezone=NEW_YORK, starts_at=starts).id


def _close(client, event_id: int, ends: str, **extra: str):
    token = csrf_from(client.get(f"/events/{event_id}").get_data(as_text=True))
    return client.post(f"/events/{event_id}/close", data={"ends_at": ends, "csrf_token": token, **extra})


def _ends_at(database, event_id: int) -> datetime | None:
    with database.read_session() as s:
        return s.get(Event, event_id).ends_at


def test_closing_at_a_time_the_clocks_showed_twice_asks_which(database, make_user, auth, client):
    event_id = _event(database, datetime(2026, 10, 20, 12, tzinfo=UTC))
    make_user("c", "coordinator")
    auth.login("c")
    response = _close(client, event_id, "2026-11-01T01:30")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert TWICE_ZH in html and 'id="ends_at-error"' in html
    # Both readings offered, as on the report forms.
    assert 'name="ends_at-offset" value="-04:00"' in html and 'name="ends_at-offset" value="-05:00"' in html
    assert _ends_at(database, event_id) is None
    switch_language(client, "en")
    html = _close(client, event_id, "2026-11-01T01:30").get_data(as_text=True)
    assert "happened twice (the clocks went back): choose which one" in html
    # The reading chosen is the instant stored.
    assert _close(client, event_id, "2026-11-01T01:30", **{"ends_at-offset": "-05:00"}).status_code == 303
    assert _ends_at(database, event_id) == datetime(2026, 11, 1, 6, 30, tzinfo=UTC)


def test_closing_at_a_time_the_clocks_skipped_is_refused(database, make_user, auth, client):
    event_id = _event(database, datetime(2026, 3, 1, 12, tzinfo=UTC))
    make_user("c", "coordinator")
    auth.login("c")
    response = _close(client, event_id, "2026-03-08T02:30")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and NEVER_ZH in html and 'id="ends_at-error"' in html
    assert _ends_at(database, event_id) is None
    switch_language(client, "en")
    html = _close(client, event_id, "2026-03-08T02:30").get_data(as_text=True)
    assert "does not exist: the clocks went forward past it (daylight saving)" in html
    assert _ends_at(database, event_id) is None
    # An ordinary local time still closes it, read in the event's zone.
    assert _close(client, event_id, "2026-03-08T03:30").status_code == 303
    assert _ends_at(database, event_id) == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)


def _new_event(client, **fields: str):
    token = csrf_from(client.get("/events/new").get_data(as_text=True))
    form = {"csrf_token": token, "code": "ny-new", "name": "纽约", "kind": "typhoon", "timezone": NEW_YORK,
            "brief_time": "08:00", "area_id": "", **fields}
    return client.post("/events/new", data=form)


def _error_of(html: str, field: str) -> str:
    import re

    match = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', html)
    assert match, f"no error on {field}"
    return match.group(1)


def test_the_event_form_says_why_a_start_cannot_be_placed(database, make_user, auth, client):
    make_user("c", "coordinator")
    auth.login("c")
    response = _new_event(client, starts_at="2026-11-01T01:30")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and _error_of(html, "starts_at") == TWICE_ZH and VAGUE_ZH not in html
    assert 'name="starts_at-offset" value="-04:00"' in html and 'name="starts_at-offset" value="-05:00"' in html
    response = _new_event(client, starts_at="2026-03-08T02:30")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and _error_of(html, "starts_at") == NEVER_ZH and VAGUE_ZH not in html
    response = _new_event(client, starts_at="2026-03-01T00:00", ends_at="2026-03-08T02:30")
    assert response.status_code == 422 and _error_of(response.get_data(as_text=True), "ends_at") == NEVER_ZH
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Event)) == 0
    # The reading chosen is stored, and an edit shows it chosen (saving again keeps it).
    made = _new_event(client, starts_at="2026-11-01T01:30", **{"starts_at-offset": "-05:00"})
    assert made.status_code == 302
    assert "事件已建立：纽约。" in client.get(made.headers["Location"]).get_data(as_text=True)  # not "saved"
    with database.read_session() as s:
        event = s.scalar(sa.select(Event).where(Event.code == "ny-new"))
        event_id, starts = event.id, event.starts_at
    assert starts == datetime(2026, 11, 1, 6, 30, tzinfo=UTC)
    page = client.get(f"/events/{event_id}/edit").get_data(as_text=True)
    assert 'name="starts_at-offset" value="-05:00" checked' in page
    token = csrf_from(page)
    response = client.post(f"/events/{event_id}/edit", data={
        "csrf_token": token, "version": "1", "code": "ny-new", "name": "纽约（改）", "kind": "typhoon",
        "timezone": NEW_YORK, "starts_at": "2026-11-01T01:30", "starts_at-offset": "-05:00", "brief_time": "08:00",
        "area_id": ""})
    assert response.status_code == 302
    with database.read_session() as s:
        event = s.get(Event, event_id)
        assert event.name == "纽约（改）" and event.starts_at == datetime(2026, 11, 1, 6, 30, tzinfo=UTC)
    # Editing to the skipped hour is refused with its reason too.
    response = client.post(f"/events/{event_id}/edit", data={
        "csrf_token": token, "version": "2", "code": "ny-new", "name": "纽约（改）", "kind": "typhoon",
        "timezone": NEW_YORK, "starts_at": "2026-03-08T02:30", "brief_time": "08:00", "area_id": ""})
    assert response.status_code == 422 and _error_of(response.get_data(as_text=True), "starts_at") == NEVER_ZH
