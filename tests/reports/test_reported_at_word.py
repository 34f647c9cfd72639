"""In English the time a report reached the office (reported_at) is "known …" on the report list and on the
event page alike, as the report's own page labels it (Known at): the event page said "received …"."""

from __future__ import annotations

import re

import sqlalchemy as sa

from incidents.models import Event
from tests.conftest import switch_language, unspanned


def test_one_word_for_reported_at_on_the_list_and_the_event_page(seeded, session, make_user, auth, client):
    make_user("v", "viewer")
    auth.login("v")
    event_id = session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    switch_language(client, "en")
    event_page = unspanned(client.get(f"/events/{event_id}").get_data(as_text=True))
    report_list = unspanned(client.get(f"/events/{event_id}/reports").get_data(as_text=True))
    # Known at the start of the event page's cell (a capital: it stands alone), after the reporter on the list.
    for page, known in ((event_page, "Known"), (report_list, "known")):
        assert re.search(rf"\b{known} \d", page)
        assert not re.search(r"\b[Rr]eceived \d", page)
    switch_language(client, "zh")
    # The text as read: each "·" opens a span with the fact after it (templates/_links.html).
    event_page = re.sub(r"<[^>]+>", "", client.get(f"/events/{event_id}").get_data(as_text=True))
    assert "获知 · 发生于" in event_page and "收到于" not in event_page
