"""A curve's 未报 band says so inside the band, in English as in Chinese, on a phone.

Found on a 360 px phone in English: the demo rainstorm's buildings curve ends in a narrow 未报 band, wide enough
for 未报 but not for "not reported", which ran out of the band and past the chart's right edge ("not reporte").
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Event
from tests.conftest import browser_language, browser_login, screenshot

pytestmark = pytest.mark.browser

# Each label's box and the box of the band drawn just before it.
LABELS = """svg => [...svg.querySelectorAll('text.tl-unknown')].map(t => {
  const band = t.previousElementSibling.getBoundingClientRect(), label = t.getBoundingClientRect();
  return {text: t.textContent, left: label.left, right: label.right, from: band.left, to: band.right}; })"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_unknown_label_stays_in_its_band(phone, live_server, seeded, make_user, session, lang):
    event = session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
    make_user("viewer1", "viewer")
    browser_login(phone, live_server, "viewer1")
    browser_language(phone, live_server, lang, f"/events/{event.id}/timeline")
    curves = phone.locator("svg.tl-curve")
    labels = [label for i in range(curves.count()) for label in curves.nth(i).evaluate(LABELS)]
    screenshot(phone, f"timeline-unknown-label-phone-{lang}")
    assert labels, "the demo's curves have a labelled 未报 band"
    for label in labels:
        assert label["from"] - 1 <= label["left"] and label["right"] <= label["to"] + 1, label
