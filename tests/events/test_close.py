"""A coordinator closes an event and reopens it (issue 10, item 1): through the event page's forms,
with CSRF, audited; a closed event gets no brief after its last day and its pages open at its end."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa

from incidents.briefs import services as briefs
from incidents.models import AuditEntry, Brief, Event
from tests.briefs.conftest import local, make_builder
from tests.conftest import csrf_from


def _event(database) -> int:
    b = make_builder(database, starts=local("2021-07-22 00:00"))
    b.report("outage", "site-a", local("2021-07-22 09:00"), started_at=local("2021-07-22 08:00"),
             households_affected=100)
    return b.event_id


def _close(client, event_id: int, ends: str):
    token = csrf_from(client.get(f"/events/{event_id}").get_data(as_text=True))
    return client.post(f"/events/{event_id}/close", data={"ends_at": ends, "csrf_token": token})


def test_a_coordinator_closes_and_reopens_an_event(database, make_user, auth, client, session):
    event_id = _event(database)
    make_user("c", "coordinator")
    auth.login("c")
    page = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert f'action="/events/{event_id}/close"' in page
    response = _close(client, event_id, "2021-07-25T18:00")
    assert response.status_code == 303
    session.rollback()  # a fresh snapshot
    event = session.get(Event, event_id)
    assert event.ends_at == local("2021-07-25 18:00")
    page = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert "7月25日 18:00" in page and f'action="/events/{event_id}/reopen"' in page
    actions = list(session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.entity == "events", AuditEntry.entity_id == event_id).order_by(AuditEntry.id)))
    assert actions[-1] == "close"
    token = csrf_from(page)
    assert client.post(f"/events/{event_id}/reopen", data={"csrf_token": token}).status_code == 303
    session.rollback()  # a fresh snapshot
    assert session.get(Event, event_id).ends_at is None
    assert session.scalar(sa.select(AuditEntry.action).where(AuditEntry.entity == "events")
                          .order_by(AuditEntry.id.desc()).limit(1)) == "reopen"


def test_closing_needs_csrf_a_coordinator_and_a_sensible_time(database, make_user, auth, client, session):
    event_id = _event(database)
    make_user("v", "viewer")
    make_user("c", "coordinator")
    auth.login("v")
    assert client.post(f"/events/{event_id}/close", data={"ends_at": "2021-07-25T18:00"}).status_code in (400, 403)
    auth.login("c")
    assert client.post(f"/events/{event_id}/close", data={"ends_at": "2021-07-25T18:00"}).status_code == 400
    response = _close(client, event_id, "2021-07-01T00:00")
    assert response.status_code == 422
    assert "结束时间" in response.get_data(as_text=True) or "Ended at" in response.get_data(as_text=True)
    response = _close(client, event_id, "next tuesday")
    assert response.status_code == 422
    session.rollback()  # a fresh snapshot
    assert session.get(Event, event_id).ends_at is None


def test_no_brief_after_a_closed_events_last_day(database, session):
    event_id = _event(database)
    with database.transaction() as s:
        from incidents.events.services import close_event

        close_event(s, s.get(Event, event_id), local("2021-07-24 18:00"), None)
    results = briefs.compile_due(database, now=local("2021-08-05 09:00"), catchup_days=30)
    assert [r.brief.day for r in results] == [date(2021, 7, 22) + timedelta(days=i) for i in range(3)]
    with database.transaction() as s:
        event = s.get(Event, event_id)
        try:
            briefs.compile_brief(s, event, date(2021, 7, 25), now=local("2021-08-05 09:00"))
            raise AssertionError("compiled a day after the end")
        except ValueError as exc:
            assert "after the event ended" in str(exc)
    assert session.scalar(sa.select(sa.func.max(Brief.day))) == date(2021, 7, 24)


def test_the_live_timeline_of_a_closed_event_opens_at_its_end(database, make_user, auth, client):
    event_id = _event(database)
    with database.transaction() as s:
        from incidents.events.services import close_event

        close_event(s, s.get(Event, event_id), local("2021-07-24 18:00"), None)
    make_user("v", "viewer")
    auth.login("v")
    data = client.get(f"/events/{event_id}/timeline.json").get_json()
    assert datetime.fromisoformat(data["at"].replace("Z", "+00:00")) == local("2021-07-24 18:00")
    html = client.get(f"/events/{event_id}/timeline").get_data(as_text=True)
    assert "7月24日 18:00" in html



def test_a_year_outside_the_log_is_named_as_such_on_the_event_forms(database, make_user, auth, client, session):
    # The API said "must be between the years 1900 and 2999"; the forms said only "must be a date and time".
    event_id = _event(database)
    make_user("c", "coordinator")
    auth.login("c")
    for typed in ("3000-01-01T00:00", "1899-12-31T23:00"):
        response = _close(client, event_id, typed)
        assert response.status_code == 422, typed
        assert "须在1900年至2999年之间" in response.get_data(as_text=True), typed
        response = auth.post("/events/new", {"code": "y", "name": "y", "kind": "flood", "timezone": "Asia/Shanghai",
                                             "starts_at": typed, "brief_time": "08:00"})
        assert response.status_code == 422, typed
        assert "须在1900年至2999年之间" in response.get_data(as_text=True), typed
    session.rollback()
    assert session.get(Event, event_id).ends_at is None
    assert session.scalar(sa.select(sa.func.count()).select_from(Event)) == 1
