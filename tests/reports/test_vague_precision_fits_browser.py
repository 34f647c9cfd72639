"""In Chromium, in English: a vague time's precision ("that day (time unknown)") reads whole in its select, on a
phone and at 1280 px. The clock it hides left the select its narrow column, cut to "that day (time ur"."""

from __future__ import annotations

import pytest

from tests.conftest import browser_language, browser_login, screenshot

pytestmark = pytest.mark.browser

FITS = """e => { const c = document.createElement('canvas').getContext('2d'); const s = getComputedStyle(e);
  c.font = s.font; const text = e.options[e.selectedIndex].text;
  /* the select's own arrow takes about 20 px of its width */
  const room = e.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight) - 20;
  return [text, c.measureText(text).width, room]; }"""


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_a_vague_precision_reads_whole_in_english(device, request, live_server, seeded, event, make_user):
    page = request.getfixturevalue(device)
    make_user("li", "reporter")
    browser_login(page, live_server, "li")
    browser_language(page, live_server, "en", then=f"/events/{event.id}/reports/new/activity")
    select = page.locator("select[name=observed_at-precision]")
    for value in ("day", "afternoon", "evening", "morning", "night"):
        select.select_option(value)
        assert page.locator("input[name=observed_at-time]").is_hidden()
        text, needed, room = select.evaluate(FITS)
        assert needed <= room, (device, text, needed, room)
    screenshot(page, f"reports-vague-precision-{device}")
