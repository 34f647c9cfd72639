"""A date is never split at a line's end on a phone: at 360 px the event's card read 2021年7月26日至2021年7 / 月29日,
each of its latest reports 发生于2021年7 / 月30日, a pumped volume (2021年7月24日 – 2021年7 / 月27日), and in English
known 30 Jul / 2021 12:00. A time as vtime writes it is one no-break span now, as a quantity with its unit is."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.briefs.models import Brief
from incidents.models import Event
from tests.briefs.conftest import rainstorm, seed_briefs  # noqa: F401 - fixtures used here
from tests.conftest import browser_login_in, screenshot

pytestmark = pytest.mark.browser

# Each date (with its year or time, as the pages write one; a title's own 7月27日 is the reporter's) in the page's
# text whose letters sit on more than one line.
SPLIT = r"""() => {
  const when = new RegExp(['\\d{4}年\\d{1,2}月\\d{1,2}日( ?\\d{1,2}:\\d{2})?', '\\d{1,2}月\\d{1,2}日 ?\\d{1,2}:\\d{2}',
                           '\\d{1,2} (Jul|Dec) (\\d{4}( \\d{1,2}:\\d{2})?|\\d{1,2}:\\d{2})'].join('|'), 'g');
  const split = [], walk = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    for (const m of n.textContent.matchAll(when)) {
      const r = document.createRange();
      r.setStart(n, m.index);
      r.setEnd(n, m.index + m[0].length);
      const lines = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.bottom)));
      if (lines.size > 1) split.push(m[0]);
    }
  }
  return split; }"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_date_is_split_across_lines_on_a_phone(phone, live_server, seeded, session, make_user, lang):
    event_id = session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    make_user("zhou", "coordinator")
    browser_login_in(phone, live_server, "zhou", lang)
    split, langs = {}, {}
    for path in ("/", f"/events/{event_id}", f"/events/{event_id}/reports"):
        phone.goto(f"{live_server}{path}")
        split[path] = phone.evaluate(SPLIT)
        langs[path] = phone.locator("html").get_attribute("lang")
    screenshot(phone, f"foundation-dates-kept-whole-{lang}")
    # Each page in the language asked (the English dates' pattern found none to split with the language ignored).
    assert langs == {path: {"zh": "zh-CN", "en": "en"}[lang] for path in split}
    assert split == {path: [] for path in split}


@pytest.mark.usefixtures("seed_briefs")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_date_is_split_in_a_briefs_text_on_a_phone(phone, live_server, database, make_user, lang):
    """The brief's paragraphs and lists (its page, print page and PDF share them) read 消防救援大队于12 / 月5日 16:26
    and 自7月23日 / 19:00起 at a line's end: a quantity was kept whole there (formatting.keep_units), a date not.
    The activity log's words are the reporters' (a source cited with its date): not looked at."""
    with database.transaction() as s:
        briefs = list(s.scalars(sa.select(Brief.id).order_by(Brief.id)))
    make_user("zhou", "coordinator")
    browser_login_in(phone, live_server, "zhou", lang)
    split, langs = {}, {}
    for brief_id in briefs:
        phone.goto(f"{live_server}/briefs/{brief_id}")
        phone.evaluate("document.querySelectorAll('.brief-activity td.wrap').forEach(e => e.remove())")
        split[brief_id] = phone.evaluate(SPLIT)
        langs[brief_id] = phone.locator("html").get_attribute("lang")
    screenshot(phone, f"foundation-brief-dates-kept-whole-{lang}")
    # Each brief in the language asked (the English dates' pattern found none to split with the language ignored).
    assert langs == {b: {"zh": "zh-CN", "en": "en"}[lang] for b in split}
    assert len(split) == 9 and split == {b: [] for b in split}
