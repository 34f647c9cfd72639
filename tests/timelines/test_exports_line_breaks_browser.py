"""The timeline's downloads on a phone: where the line wraps, each · stays with the link after it, as every list of
links keeps its separators (templates/_links.html), never left at a line's end.

Found at 360 px: 下载：时间线 CSV · 时间线 XLSX · 时间线 JSON, then a second line starting · 恢复曲线 CSV · 曲线 XLSX:
the dot was free on both sides. It was then held to the link before it, which left "timeline XLSX ·" at a line's
end, as breadcrumbs left "Typhoon In-Fa › Recipients ›": one rule for all, the separator with the item after it.
"""

from __future__ import annotations

import pytest

from tests.conftest import browser_language, browser_login, screenshot

pytestmark = pytest.mark.browser

# For each · of the line: the top of its own box and of the word after it.
DOTS = """line => {
  const found = [], walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
  const box = (n, i, j) => { const r = document.createRange(); r.setStart(n, i); r.setEnd(n, j);
                            return r.getBoundingClientRect(); };
  let dot = null;
  for (let n; (n = walker.nextNode());) {
    for (const m of n.data.matchAll(/\\S+/g)) {
      const b = box(n, m.index, m.index + m[0].length);
      if (dot) { found.push([Math.round(dot.top), Math.round(b.top)]); dot = null; }
      if (m[0] === '·') dot = b;
    }
  }
  return found;
}"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_dot_never_ends_a_line_of_the_downloads(phone, live_server, seeded, make_user, rainstorm, lang):
    make_user("viewer1", "viewer")
    browser_login(phone, live_server, "viewer1")
    browser_language(phone, live_server, lang, f"/events/{rainstorm.id}/timeline")
    line = phone.locator("p.tl-exports").first
    screenshot(phone, f"timeline-exports-{lang}-phone")
    dots = line.evaluate(DOTS)
    assert len(dots) == 4
    lines = line.evaluate("l => { const r = document.createRange(); r.selectNodeContents(l); "
                          "return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }")
    assert lines >= 2  # it does wrap on a phone
    assert all(dot == word for dot, word in dots), dots
