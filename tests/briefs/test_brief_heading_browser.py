"""The brief page read by a screen reader: its red title is the page's level-1 heading."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from incidents.briefs import services
from incidents.models import Brief, Event
from tests.conftest import browser_login

from .conftest import local

pytestmark = pytest.mark.browser


def test_a_brief_page_has_a_top_heading(desktop, live_server, seeded, make_user, database):
    """A screen reader listing headings found 一、总体情况 … but no heading for the brief itself (its red
    title was a paragraph): the title is now the page's level-1 heading."""
    with database.read_session() as s:
        event_id = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    services.compile_due(database, now=local("2021-07-25 09:00"), catchup_days=3, event_ids=[event_id])
    with database.read_session() as s:
        brief_id = s.scalar(sa.select(Brief.id).where(Brief.event_id == event_id).limit(1))
    make_user("v", "viewer")
    browser_login(desktop, live_server, "v")
    desktop.goto(f"{live_server}/briefs/{brief_id}")
    expect(desktop.get_by_role("heading", level=1)).to_have_text("文峰区防汛救灾工作日报")
