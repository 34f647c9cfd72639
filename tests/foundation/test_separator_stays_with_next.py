"""A list of links never leaves its separator at a line's end: "›" or "·" stays with the item after it.

Found on a 360 px phone: breadcrumbs read "Typhoon In-Fa › Recipients ›" with the brief's crumb on the next line, an
area's ended "Wenfeng District ›" above its heading, and the 400 page "Open this page without its filters ·" over
"Back to the events". One rule, in one place (templates/_links.html): each separator opens a span with its item,
which does not break inside (.then, static/app.css); no separator trails a list.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from incidents.models import Area, Event
from tests.conftest import switch_language

SEPARATORS = "›·"


def loose_separators(html: str) -> list[str]:
    """The separators of `html` not opening their item's span: each with the words around it."""
    kept = re.sub(r'<span class="then">[›·] ', "", html)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", kept))
    return [text[max(0, i - 30):i + 30] for i, c in enumerate(text) if c in SEPARATORS]


def part(html: str, pattern: str) -> str:
    found = re.search(pattern, html, re.S)
    assert found, pattern
    return found.group(0)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_separators_stay_with_the_item_after_them(lang, seeded, session, make_user, auth, client):
    event_id = session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    area_id = session.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    make_user("c1", "coordinator")
    auth.login("c1")
    if lang == "en":
        switch_language(client, "en")
    pages = {
        # The 400 page's two ways on, the filters' way first.
        f"/events/{event_id}/reports?page=x": r'<p><a class="tap".*?</p>',
        f"/events/{event_id}/deliveries": r'<p class="crumbs">.*?</p>',
        f"/events/{event_id}/reports": r'<p class="downloads">.*?</p>',
        f"/events/{event_id}/timeline": r'<p class="tl-exports">.*?</p>',
        f"/areas/{area_id}": r'<nav class="crumbs".*?<dl',
    }
    for url, pattern in pages.items():
        answer = client.get(url)
        assert answer.status_code == (400 if "page=x" in url else 200), (url, answer.status_code)
        links = part(answer.get_data(as_text=True), pattern)
        assert links.count('class="then"') >= 1, (url, links)
        assert loose_separators(links) == [], (url, links)


def test_a_line_of_facts_keeps_its_separators_with_the_fact_after_them(seeded, session, make_user, auth, client):
    """A line of facts joined by "·" follows the links' rule: "1 open of 3 ·" over "still out: …" on a phone."""
    event_id = session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    make_user("a1", "admin")  # the users page is an administrator's
    auth.login("a1")
    switch_language(client, "en")
    pages = {
        f"/events/{event_id}/timeline": r'<h3>Beidajie Subdistrict <span class="count">.*?</h3>',
        "/admin/users": r'<div class="who-line">.*?</div>\s*<div class="what-line">.*?</div>',
        f"/events/{event_id}/map": r'<span class="facts">.*?</span></li>',
    }
    for url, pattern in pages.items():
        answer = client.get(url)
        assert answer.status_code == 200, (url, answer.status_code)
        facts = part(answer.get_data(as_text=True), pattern)
        assert facts.count('class="then"') >= 1, (url, facts)
        assert loose_separators(facts) == [], (url, facts)
