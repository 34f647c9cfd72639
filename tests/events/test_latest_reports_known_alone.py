"""The event page's latest reports: each row's time cell starts "Known 30 Jul 2021 12:00 · happened …" in English,
capitalised at the start of its cell as a word standing alone (csvfile.standalone); the rest of the line is not."""

from __future__ import annotations

import re

import sqlalchemy as sa

from incidents.models import Event
from tests.conftest import switch_language


def test_the_known_cell_starts_with_a_capital(seeded, session, client, auth, make_user):
    rainstorm = session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    switch_language(client, "en")
    page = client.get(f"/events/{rainstorm.id}").get_data(as_text=True)
    cells = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", c)).strip()
             for c in re.findall(r'<span class="when">(.*?)<span class="kind', page, re.S)]
    assert cells and all(c.startswith("Known ") and " · happened " in c for c in cells), cells
    switch_language(client, "zh")
    page = client.get(f"/events/{rainstorm.id}").get_data(as_text=True)
    assert re.search(r'<span class="when"><span class="nb">2021年7月30日 12:00</span>获知', page), page
