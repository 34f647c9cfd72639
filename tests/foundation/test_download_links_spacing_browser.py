"""下载此列表：CSV · XLSX · JSON, under every list: the formats sit evenly apart, at 360 and 1280 px.

Found on the home page: each link was widened to its 44 px target with its word centred, so CSV (27 px of letters)
had 8 px of blank on each side and JSON almost none: CSV · stood 12 px apart, · XLSX 9 px, · JSON 6.5 px.
"""

from __future__ import annotations

import pytest

from tests.conftest import browser_language, browser_login, screenshot

pytestmark = pytest.mark.browser

# The words of the line in order (each link's, each separator's), where a reader sees them begin and end.
PIECES = """line => {
  const pieces = [], walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
  for (let n; (n = walker.nextNode());) {
    const link = n.parentElement.closest('a');
    for (const m of n.data.matchAll(/\\S+/g)) {
      if (!link && m[0] !== '·') continue;  // the label before the links
      const r = document.createRange(); r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
      const box = r.getBoundingClientRect();
      pieces.push({text: m[0], left: box.left, right: box.right, top: Math.round(box.top)});
    }
  }
  return pieces;
}"""


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_the_download_formats_are_evenly_spaced(request, device, lang, live_server, seeded, make_user):
    page = request.getfixturevalue(device)  # tests/conftest.py: 360 px (a phone's touch) or 1280 px
    width = page.viewport_size["width"]
    make_user("viewer1", "viewer")
    browser_login(page, live_server, "viewer1")
    browser_language(page, live_server, lang, "/")
    line = page.locator("p.downloads").first
    pieces = line.evaluate(PIECES)
    screenshot(page, f"downloads-{lang}-{width}")
    assert [p["text"] for p in pieces] == ["CSV", "·", "XLSX", "·", "JSON"]
    assert len({p["top"] for p in pieces}) == 1, pieces  # one line
    gaps = [round(b["left"] - a["right"], 1) for a, b in zip(pieces, pieces[1:], strict=False)]
    assert max(gaps) - min(gaps) <= 1.5, gaps
    # Still a thumb's target each.
    boxes = line.locator("a").evaluate_all("as => as.map(a => [a.offsetWidth, a.offsetHeight])")
    assert all(w >= 44 and h >= 44 for w, h in boxes), boxes
