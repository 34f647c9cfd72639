"""Every checkbox on a phone is a thumb's target: the box with its label at least 44 px tall. What a
recipient receives (24 px rows stacked tight) and the report list's select boxes (24 px, beside the
report's number) were not."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Event
from tests.conftest import browser_login

pytestmark = pytest.mark.browser

# The tallest of a checkbox and its labels: what a finger can hit to tick it.
HIT_HEIGHTS = """[...document.querySelectorAll('main input[type=checkbox]')].filter(e => e.offsetParent).map(e =>
    [e.name || e.id, Math.max(e.getBoundingClientRect().height,
                              ...[...e.labels].map(l => l.getBoundingClientRect().height))])"""


@pytest.mark.parametrize("page", ["recipients", "reports"])
def test_checkboxes_are_a_thumb_tall_on_a_phone(phone, live_server, seeded, make_user, session, page):
    event = session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
    make_user("coord1", "coordinator")
    browser_login(phone, live_server, "coord1")
    phone.goto(f"{live_server}/events/{event.id}/{page}")
    heights = phone.evaluate(HIT_HEIGHTS)
    assert len(heights) >= 3, heights
    short = [(name, round(h)) for name, h in heights if h < 44]
    assert not short, short
