"""Side by side on a phone, two figures' boxes are level: in English the disinfection form's labels wrap unevenly
(Streets beside Residential compounds), and each box sat under its own label, a line lower than its neighbour's,
so the grid read as a staircase and a thumb aiming at a row met the box of the row above. The label takes the
row's height now, its words at its foot, and the boxes of a row line up."""

from __future__ import annotations

import pytest

from tests.conftest import browser_login_in, screenshot

pytestmark = pytest.mark.browser

UNEVEN = """() => { const rows = {};
  for (const f of document.querySelectorAll('.count-grid > .field')) {
    const top = Math.round(f.getBoundingClientRect().top), box = f.querySelector('input[inputmode]');
    (rows[top] = rows[top] || []).push([box.name, Math.round(box.getBoundingClientRect().top)]);
  }
  return Object.values(rows).filter(r => new Set(r.map(b => b[1])).size > 1); }"""


def test_the_boxes_of_a_row_of_figures_are_level(phone, live_server, seeded, event, make_user):
    make_user("li", "reporter", scope="文峰区/北大街街道")
    browser_login_in(phone, live_server, "li", "en")
    phone.goto(f"{live_server}/events/{event.id}/reports/new/disinfection")
    screenshot(phone, "reports-count-grid-rows-en")
    assert phone.locator(".count-grid > .field").count() > 10
    assert phone.evaluate(UNEVEN) == []
