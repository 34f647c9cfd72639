"""An event's figures stay inside the screen, each with its unit on one line, on a phone and a desktop, in English.

Found serving the demo in English: "100+ person-times" is wider than a figure's share of the row, and the figures'
grid columns grew to hold it, so the page scrolled sideways: the home page 398 px wide at 360 px (and 1375 px at
1280 px: the second event's card ran off the right edge), the event page 364 px.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Event
from tests.conftest import browser_language, browser_login, screenshot

pytestmark = pytest.mark.browser

# The page's width, and each figure's lines: one box's top per line its text takes.
WIDTH = "() => document.documentElement.scrollWidth"
LINES = """dd => { const r = document.createRange(); r.selectNodeContents(dd);
                   return new Set([...r.getClientRects()].filter(b => b.width).map(b => Math.round(b.top))).size; }"""


@pytest.mark.parametrize("where", ["phone", "desktop"])
def test_the_figures_fit_the_screen_in_english(where, request, live_server, seeded, make_user, session):
    page = request.getfixturevalue(where)
    event = session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
    make_user("viewer1", "viewer")
    browser_login(page, live_server, "viewer1")
    for url in ("/", f"/events/{event.id}"):
        browser_language(page, live_server, "en", url)
        screenshot(page, f"figures-fit-{where}-en-{'home' if url == '/' else 'event'}")
        assert page.evaluate(WIDTH) <= page.viewport_size["width"], url
        figure = page.locator("dl.figures dd", has_text="person-times").first
        assert figure.evaluate(LINES) == 1, (url, figure.inner_text())
