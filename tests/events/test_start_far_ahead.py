"""An event starting far ahead of now is a mistyped year: refused naming its start, on the form and the API.

Found by the auditor's pass of 8 December: an event typed as starting 2999-01-01 (or 2062 for 2026) was stored. It
headed the events page and 为哪个事件填报？ above the running one, and every report on it was refused (seen over 7
days before the event began) — an event no one could report for, first in every list.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from incidents.db import now_utc
from incidents.events.models import Event
from incidents.events.services import START_AHEAD
from tests.conftest import csrf_from


def _local(days: float) -> str:
    """A local time in Beijing, `days` from now, as a form or a body sends it."""
    return (now_utc() + timedelta(hours=8, days=days)).strftime("%Y-%m-%d %H:%M")


def _body(code: str, starts_at: str) -> dict:
    return {"name": "台风“海葵”", "kind": "typhoon", "code": code, "starts_at": starts_at}


def test_the_api_refuses_a_start_far_ahead_and_takes_a_storm_expected_soon(seeded, database, token_script):
    client, headers = token_script
    for code, starts_at in (("y2999", "2999-01-01 00:00"), ("month", _local(START_AHEAD.days + 1))):
        refused = client.post("/api/v1/events", json=_body(code, starts_at), headers=headers)
        assert refused.status_code == 422, refused.get_data(as_text=True)
        assert set(refused.get_json()["errors"]) == {"starts_at"}
        assert "请核对年份" in refused.get_json()["errors"]["starts_at"]
    taken = client.post("/api/v1/events", json=_body("soon", _local(3)), headers=headers)
    assert taken.status_code == 201, taken.get_data(as_text=True)
    with database.read_session() as s:
        assert set(s.scalars(sa.select(Event.code).where(Event.code.in_(["y2999", "month", "soon"])))) == {"soon"}
    # Moved far ahead by an edit: refused the same way, the event as it was.
    moved = client.patch(f"/api/v1/events/{taken.get_json()['id']}", json={"starts_at": "2062-01-01 00:00"},
                         headers={**headers, "If-Match": '"1"'})
    assert moved.status_code == 422 and set(moved.get_json()["errors"]) == {"starts_at"}


def test_the_form_names_the_start_in_the_readers_language(seeded, client, auth, make_user, database):
    make_user("co", "coordinator")
    auth.login("co")
    page = client.get("/events/new").get_data(as_text=True)
    refused = client.post("/events/new", data={"csrf_token": csrf_from(page), **_body("y2999", "2999-01-01 00:00")})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "请核对年份" in html and 'href="#starts_at"' in html
    with database.read_session() as s:
        assert s.scalar(sa.select(Event.id).where(Event.code == "y2999")) is None


def test_an_event_stored_far_ahead_is_still_edited_without_moving_its_start(seeded, database, token_script):
    """One stored before the rule (or restored from an archive of then) keeps its start through another change."""
    client, headers = token_script
    made = client.post("/api/v1/events", json=_body("kept", _local(3)), headers=headers).get_json()
    with database.transaction() as s:
        s.get(Event, made["id"]).starts_at = now_utc() + timedelta(days=400)
    renamed = client.patch(f"/api/v1/events/{made['id']}", json={"name": "台风“海葵”（更正）"},
                           headers={**headers, "If-Match": "*"})
    assert renamed.status_code == 200, renamed.get_data(as_text=True)
