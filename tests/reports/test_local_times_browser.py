"""A reporter on a 360 px phone logs an outage at 01:30 on the night New York's clocks went back:
the form shows both 01:30s with their offsets, the second is chosen, and the report says which."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from incidents.models import PowerOutage
from tests.conftest import browser_login, screenshot
from tests.reports.test_local_times import storm  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_a_person_chooses_the_second_0130(request, device, live_server, storm, database):  # noqa: F811
    page = request.getfixturevalue(device)
    browser_login(page, live_server, "li")
    page.goto(f"{live_server}/events/{storm['event']}/reports/new/outage?area={storm['block']}")
    page.fill("input[name=started_at-day]", "2012-11-04")
    page.fill("input[name=started_at-time]", "01:30")
    page.fill("input[name=households_affected]", "1000")
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    radios = page.locator("input[name=started_at-offset]")
    assert radios.count() == 2
    assert page.locator(".vtime-which").inner_text().split("\n") == ["01:30 EDT (UTC−04:00)",
                                                                       "01:30 EST (UTC−05:00)"]
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    screenshot(page, f"local-time-twice-{device}")
    page.click("label:has-text('01:30 EST')")
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    assert "报告已保存" in page.content()
    assert "11月4日 01:30 EST" in page.content()
    screenshot(page, f"local-time-saved-{device}")
    with database.read_session() as s:
        assert s.scalars(sa.select(PowerOutage.started_at)).one() == datetime(2012, 11, 4, 6, 30, tzinfo=UTC)
