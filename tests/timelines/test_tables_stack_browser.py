"""The timeline's two tables on a phone: each line a card, each figure beside its column's name.

Found at 360 px: 恢复峰值比例所需时间 was 816 px wide in its 336 px frame (1,069 px in English) and 仍停电 688 px
(896 px): a person saw the scope and its measure, or the site and since when, and scrolled sideways for how many are
still out, the ETR and the last word, their headings by then off the screen. The brief's and the event page's
stacking rule (static/stack.css) serves them too; a desktop keeps the tables.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Event
from tests.conftest import assert_stacked, browser_login_in, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_thresholds_and_still_out_read_on_a_phone(lang, phone, live_server, seeded, make_user, session):
    event_id = session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    make_user("viewer1", "viewer")
    browser_login_in(phone, live_server, "viewer1", lang)
    phone.goto(f"{live_server}/events/{event_id}/timeline")
    screenshot(phone, f"timeline-tables-phone-{lang}")
    # The page in the language asked (the layout alone passed with the language ignored).
    title = {"zh": "恢复峰值一定比例所用时间", "en": "Time to restore a share of the peak"}[lang]
    assert phone.locator("html").get_attribute("lang") == {"zh": "zh-CN", "en": "en"}[lang]
    assert title in phone.locator("#tl-thresholds-title").inner_text()
    assert_stacked(phone.locator("table.tl-thresholds"))
    assert_stacked(phone.locator("table.tl-outstanding"))
