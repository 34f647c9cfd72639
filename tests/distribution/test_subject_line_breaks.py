"""An event named with a line break (the API's JSON takes one) still has its signed briefs e-mailed."""

from __future__ import annotations

from incidents.distribution import sending
from incidents.events.models import Event

from .conftest import local
from .helpers import add, compile_day, deliveries

NAME = "特大暴雨\r\nBcc: x@elsewhere.example"


def test_a_line_break_in_the_event_name_does_not_fail_the_email(client, auth, make_user, database, rainstorm,
                                                                  smtp, settings):
    with database.transaction() as s:
        s.get(Event, rainstorm.id).name = NAME  # as PATCH /api/v1/events/<id> {"name": ...} stores it
    add(database, rainstorm.id, "区防指", "email", "fzb@wenfeng.example")
    brief_id = compile_day(database, rainstorm.id, "2021-07-24", local("2021-07-25 08:00"))
    make_user("coord", "coordinator")
    auth.login("coord")
    assert auth.post(f"/briefs/{brief_id}/publish", {}, form_url=f"/briefs/{brief_id}").status_code == 303

    outcome = sending.send_due(database, settings)
    assert (outcome.sent, outcome.failed) == (1, 0), deliveries(database, brief_id)
    [mail] = smtp[1].messages
    assert mail["Subject"].startswith("特大暴雨 Bcc: x@elsewhere.example 日报")
    assert mail["Bcc"] is None and mail["To"] == "fzb@wenfeng.example"
