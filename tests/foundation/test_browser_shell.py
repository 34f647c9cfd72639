"""The web shell in Chromium at phone and desktop widths (screenshots land in artifacts/)."""

import pytest
import sqlalchemy as sa

from incidents.models import Event
from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width_fixture", ["phone", "desktop"])
def test_home_and_event_page_render(request, width_fixture, live_server, seeded, make_user, session):
    page = request.getfixturevalue(width_fixture)
    make_user("viewer1", "viewer")
    browser_login(page, live_server, "viewer1")
    assert "2021年7月特大暴雨" in page.content()
    screenshot(page, f"home-{width_fixture}")
    # One column at 360 px: no horizontal scrolling of the page itself.
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    event = session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
    page.goto(f"{live_server}/events/{event.id}")
    assert page.locator("h1").inner_text() == "2021年7月特大暴雨"
    screenshot(page, f"event-{width_fixture}")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
