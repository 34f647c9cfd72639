"""On a desktop the time-to-restore table fits the page: its 100% column was cut at the right edge of a
1280–1366 px screen (each cell one long line: 7月25日 00:45（29小时45分）), behind a sideways scroll."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Event
from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser


def test_the_thresholds_table_needs_no_sideways_scroll_on_a_desktop(desktop, live_server, seeded, make_user, session):
    event = session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
    make_user("viewer1", "viewer")
    browser_login(desktop, live_server, "viewer1")
    desktop.goto(f"{live_server}/events/{event.id}/timeline")
    wrap = desktop.locator(".table-wrap:has(table.tl-thresholds)")
    sizes = wrap.evaluate("w => [w.scrollWidth, w.clientWidth]")
    screenshot(desktop, "timeline-thresholds-desktop")
    assert sizes[0] <= sizes[1], sizes
