"""The map of an ended event says it shows the event's end, as its timeline does, with a past year's year."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from incidents.models import Event
from tests.conftest import switch_language, unspanned


@pytest.mark.parametrize(("language", "words"), [("zh", "事件结束时（2021年7月31日 23:59）"),
                                                 ("en", "At the end of the event (31 Jul 2021 23:59)")])
def test_the_map_and_the_timeline_of_an_ended_event_say_the_same_moment(seeded, session, client, auth, make_user,
                                                                       language, words):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    if language == "en":
        switch_language(client, "en")
    event = session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
    for url in (f"/events/{event.id}/map", f"/events/{event.id}/timeline"):
        page = unspanned(client.get(url).get_data(as_text=True))
        text = re.sub(r"<[^>]+>|\s+", " ", page.split("</h1>", 1)[1][:1500])
        assert words in text, (url, text[:300])
        assert "截至现在" not in text and "As of now" not in text, url
