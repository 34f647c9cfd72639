"""A report form's own checkboxes (截至目前的累计数, 已全部恢复供电) sit level with their words in the middle of
their 44 px row, as the report list's and the recipients' do. `.report-form .field > label` (display: block)
outweighed `.check-label` (flex, centred): box and words hung at the top of the row, the box above the words."""

from __future__ import annotations

import pytest

from tests.conftest import browser_login

pytestmark = pytest.mark.browser

# The box's middle and its words' middle, against the row's middle (px).
MIDDLES = """sel => { const box = document.querySelector(sel), label = box.closest('label');
  const words = document.createRange(); words.setStartAfter(box); words.setEnd(label, label.childNodes.length);
  const mid = r => r.top + r.height / 2;
  return [box, words, label].map(e => mid(e.getBoundingClientRect())); }"""


@pytest.mark.parametrize(("kind", "box"), [("disinfection", "#cumulative"), ("outage_update", "#fully_restored")])
def test_a_report_forms_checkbox_is_level_with_its_words(phone, live_server, seeded, event, make_user, kind, box):
    make_user("li", "reporter")
    browser_login(phone, live_server, "li")
    phone.goto(f"{live_server}/events/{event.id}/reports/new/{kind}")
    box_middle, words_middle, row_middle = phone.evaluate(MIDDLES, box)
    assert abs(box_middle - words_middle) <= 2 and abs(words_middle - row_middle) <= 2, (
        box_middle, words_middle, row_middle)
