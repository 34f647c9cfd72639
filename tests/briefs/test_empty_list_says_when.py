"""An event's briefs page before any brief is due says when the first one is: it said only 暂无到期日报 (No brief is
due yet), and a coordinator on the first day of a storm could not tell whether the scheduler would ever compile one
or when to look again."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from incidents import demo
from incidents.briefs.periods import due_at, first_day
from incidents.db import now_utc
from incidents.events.services import create_event
from incidents.formatting import fmt_calendar_day, fmt_time
from tests.conftest import switch_language, unspanned


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", "暂无到期日报：第1期（{day}）于{due}编制。"),
        ("en", "No brief is due yet: No. 1, for {day}, is compiled at {due}."),
    ],
)
def test_the_empty_list_names_the_first_brief_and_its_time(client, auth, seeded, database, make_user, lang, words):
    with database.transaction() as s:
        district = demo._area_by_path(s, "文峰区")
        event = create_event(
            s,
            code="live-storm",
            name="在途暴雨",
            kind="rainstorm",
            timezone="Asia/Shanghai",
            starts_at=now_utc() - timedelta(minutes=5),
            area_id=district.id,
            brief_time=time(8, 0),
        )
        event_id, day, due, tz = event.id, first_day(event), due_at(event, first_day(event)), event.tz
    make_user("zhou", "coordinator")
    auth.login("zhou")
    if lang == "en":
        switch_language(client, "en")
    page = unspanned(client.get(f"/events/{event_id}/briefs").get_data(as_text=True))
    said = words.format(day=fmt_calendar_day(day, tz, lang), due=fmt_time(due, "exact", tz, lang, True, False))
    assert said in page, page[page.find("brief-list") :][:600]
