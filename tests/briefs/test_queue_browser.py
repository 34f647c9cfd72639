"""In the browser: compile-now shows the queued compile's progress, and the page turns into the brief by itself."""

from __future__ import annotations

import re

import pytest

from incidents.briefs import queue

from ..conftest import browser_login, screenshot
from .conftest import briefs, day_of

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_compile_now_shows_progress_then_the_brief(request, device, live_server, make_user, database, rainstorm):
    page = request.getfixturevalue(device)
    make_user("coord1", "coordinator")
    browser_login(page, live_server, "coord1")
    page.goto(f"{live_server}/events/{rainstorm.id}/briefs")
    page.fill("#day", "2021-07-24")
    page.click("form.brief-compile button[type=submit]")
    page.wait_for_url(re.compile(r"/briefs/compiles/\d+$"))
    status = page.locator(".compile-progress")
    assert "排队中" in status.inner_text()
    screenshot(page, f"brief-queued-{device}")
    assert briefs(database, rainstorm.id) == []
    queue.run_queued(database)  # the scheduler's job
    # The page refreshes itself (every 2 s) and, the brief being ready, opens it.
    page.wait_for_url(re.compile(r"/briefs/\d+$"), timeout=15_000)
    assert "日报已编制" in page.content()
    assert briefs(database, rainstorm.id) == [(day_of("2021-07-24"), 1, "compiled")]

