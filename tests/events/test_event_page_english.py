"""The event page's table by subdistrict speaks the reader's language in its column headings too."""

from __future__ import annotations

import re

import sqlalchemy as sa

from incidents.models import Event
from tests.conftest import switch_language


def _headings(html: str) -> list[str]:
    table = re.search(r'<table class="data [^"]*by-area">.*?</thead>', html, re.S).group(0)
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)]


def test_the_by_subdistrict_headings_follow_the_language(seeded, session, make_user, auth, client):
    make_user("v", "viewer")
    auth.login("v")
    event_id = session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    zh = _headings(client.get(f"/events/{event_id}").get_data(as_text=True))
    assert zh[3:6] == ["消杀", "垃圾清运", "工作动态"]
    switch_language(client, "en")
    en = _headings(client.get(f"/events/{event_id}").get_data(as_text=True))
    assert en[3:6] == ["Disinfection", "Debris clearance", "Activity log"]
    assert not [h for h in en if re.search(r"[\u4e00-\u9fff]", h)], en
