"""A refused outage form on a phone: 停电楼栋 and 停电户数 side by side, one of them refused. The refused field's line
under its box made the row taller, and its neighbour's label (which fills the row, its words at its foot, to keep the
boxes level when a label wraps) took that height: the two labels stood at different heights. And the red ring meant
for a box to tick (是的，这是另一份报告) ringed the refused count's "余" (more than) box, which is not in error."""

from __future__ import annotations

import pytest

from tests.conftest import browser_language, browser_login, screenshot

pytestmark = pytest.mark.browser

# The top of each count's label's words and of its box, and its "more than" box's outline.
MEASURE = """() => Object.fromEntries(['buildings_affected', 'households_affected'].map(name => {
  const label = document.querySelector(`label[for=${name}]`), box = document.getElementById(name);
  const more = document.querySelector(`input[name=${name}-more]`);
  const words = document.createRange();
  words.selectNodeContents(label);  // the words, not the label's box (which fills its row)
  return [name, {label: Math.round(words.getBoundingClientRect().top), box: Math.round(box.getBoundingClientRect().top),
                 outline: getComputedStyle(more).outlineStyle, refused: box.getAttribute('aria-invalid') === 'true'}];
}))"""


@pytest.mark.parametrize("refused", ["buildings_affected", "households_affected"])
@pytest.mark.parametrize("device", ["phone", "desktop"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_refused_count_keeps_its_pair_level_and_rings_only_itself(request, live_server, seeded, event, make_user,
                                                                   lang, device, refused):
    phone = request.getfixturevalue(device)
    make_user("li", "reporter", scope="文峰区/北大街街道")
    browser_login(phone, live_server, "li")
    browser_language(phone, live_server, lang, f"/events/{event.id}/reports/new/outage")
    phone.select_option("select[name=area_id]", index=1)
    phone.fill("input[name=started_at-day]", "2021-07-27")
    phone.fill("input[name=started_at-time]", "08:00")
    phone.fill("input[name=buildings_affected]", "6")
    phone.fill("input[name=households_affected]", "120")
    phone.fill(f"input[name={refused}]", "abc")
    phone.click("button[type=submit].primary")  # refused on the phone, as the server refuses it (report-outbox.js)
    phone.wait_for_selector(f".has-error #{refused}")
    phone.locator("#buildings_affected").scroll_into_view_if_needed()
    screenshot(phone, f"reports-count-pair-refused-{refused}-{device}-{lang}")
    seen = phone.evaluate(MEASURE)
    b, h = seen["buildings_affected"], seen["households_affected"]
    assert seen[refused]["refused"], seen
    assert (b["label"], b["box"], b["outline"], h["outline"]) == (h["label"], h["box"], "none", "none"), seen
