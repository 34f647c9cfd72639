"""A brief's page lists its revisions in the page's language: 版本：2、1 in Chinese, "Revisions: 2, 1" in English.
The Chinese page said 版本: 2, 1, a half-width colon and comma beside Chinese, as a typing slip reads."""

from __future__ import annotations

import html as htmllib
import re

import sqlalchemy as sa

from incidents.briefs import services
from incidents.models import Brief
from tests.conftest import switch_language

from .conftest import day_of, local


def _bar(page: str) -> str:
    """The text of the brief's bar (status, revision, revisions), tags removed and spaces collapsed."""
    bar = page.split('class="brief-bar"')[1].split("</p>")[0]
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", "", bar)).split())


def test_revisions_are_listed_in_the_pages_language(client, auth, make_user, database, rainstorm):
    make_user("viewer1", "viewer")
    services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-25 08:00"))
    services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-28 08:00"),
                          new_revision=True)
    with database.read_session() as s:
        newest = s.scalar(sa.select(Brief.id).where(Brief.event_id == rainstorm.id, Brief.revision == 2))
    auth.login("viewer1")
    bar = _bar(client.get(f"/briefs/{newest}").get_data(as_text=True))
    assert "版本：2、1" in bar and "版本:" not in bar
    switch_language(client, "en")
    assert "Revisions: 2, 1" in _bar(client.get(f"/briefs/{newest}").get_data(as_text=True))
