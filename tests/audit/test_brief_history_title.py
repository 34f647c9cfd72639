"""A brief's history is headed by what the office calls it (日报第N期, its version), not its row number, and leads
back to the brief: "#12 的修改记录" named nothing a reader knows (the brief page says 第4期), and had no way back."""

from __future__ import annotations

import re
from datetime import date

import sqlalchemy as sa

from incidents.briefs import services
from incidents.events.models import Event
from tests.conftest import switch_language


def test_a_briefs_history_is_headed_by_its_issue_and_leads_back(seeded, database, make_user, auth, client):
    with database.read_session() as s:
        event = s.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
        assert event is not None
        day = date(2021, 7, 23)
        now = services.due_at(event, day)
    brief = services.compile_once(database, event.id, day, now=now).brief
    make_user("v", "viewer")
    auth.login("v")
    html = client.get(f"/history/briefs/{brief.id}").get_data(as_text=True)
    heading = re.sub(r"<[^>]+>", "", re.search(r"<h1>(.*?)</h1>", html, re.S).group(1))
    assert heading == f"修改记录：日报第{brief.number}期（第{brief.revision}版）", heading
    assert f'href="/briefs/{brief.id}"' in html  # back to the brief
    switch_language(client, "en")
    html = client.get(f"/history/briefs/{brief.id}").get_data(as_text=True)
    heading = re.sub(r"<[^>]+>", "", re.search(r"<h1>(.*?)</h1>", html, re.S).group(1))
    # Its revision, as the brief's page calls it ("revision 1"), not a "version" beside the history's own versions.
    assert heading == f"History: Brief No. {brief.number} (revision {brief.revision})", heading
