"""The top menu's words sit evenly apart, and its rows start where the brand does, at 360 and 1280 px.

Found on the administrator's menu: a two-character item (用户, 地点, 退出, 中文) was widened to its 44 px target with
its words centred, so 26 px of blank followed 用户 where 12 px followed 已撤回的报告; on a phone the first row
(用户 …) started 7 px right of the second (admin · 管理员 …) and of the brand above them.
"""

from __future__ import annotations

import pytest

from tests.conftest import browser_language, browser_login, screenshot

pytestmark = pytest.mark.browser

# Each item's words (not its box): where a reader sees it begin and end. Its text only, from the first character
# to the last: a range holding an element (the signed-in name's span) measures that element's whole line box.
WORDS = r"""() => {
  const words = e => {
    const walk = document.createTreeWalker(e, NodeFilter.SHOW_TEXT), r = document.createRange();
    let first = null, last = null, n;
    while ((n = walk.nextNode())) { if (n.data.trim()) { first = first || n; last = n; } }
    if (!first) { r.selectNodeContents(e); return r.getBoundingClientRect(); }
    r.setStart(first, first.data.search(/\S/)); r.setEnd(last, last.data.trimEnd().length);
    return r.getBoundingClientRect();
  };
  const brand = words(document.querySelector('header a.brand'));
  const items = [...document.querySelectorAll('.topnav a, .topnav button')].map(e => {
    const w = words(e), box = e.getBoundingClientRect();
    return {label: e.innerText.trim(), left: w.left, right: w.right, top: Math.round(w.top),
            width: box.width, height: box.height};
  });
  return {brand: brand.left, items};
}"""


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_an_administrators_menu_is_evenly_spaced(request, device, lang, live_server, seeded, make_user):
    page = request.getfixturevalue(device)  # tests/conftest.py: 360 px (a phone's touch) or 1280 px
    width = page.viewport_size["width"]
    make_user("root", "admin")
    browser_login(page, live_server, "root")
    browser_language(page, live_server, lang, "/")
    measured = page.evaluate(WORDS)
    screenshot(page, f"menu-admin-{lang}-{width}")
    items = measured["items"]
    assert [i["label"] for i in items[:2]] == (["用户", "地点"] if lang == "zh" else ["Users", "Places"])
    rows: dict[int, list[dict]] = {}
    for item in items:
        assert item["width"] >= 44 and item["height"] >= 44, item  # still a thumb's target both ways
        rows.setdefault(item["top"], []).append(item)
    gaps = [(a["label"], b["label"], round(b["left"] - a["right"], 1))
            for row in rows.values() for a, b in zip(row, row[1:], strict=False)]
    assert len(gaps) >= 3, rows
    sizes = [g for _a, _b, g in gaps]
    assert max(sizes) - min(sizes) <= 1.5, gaps
    if width < 720:
        # The menu wraps under the brand: each of its rows starts where the brand's name starts.
        assert len(rows) >= 2, rows
        starts = [round(row[0]["left"] - measured["brand"], 1) for row in rows.values()]
        assert all(abs(s) <= 1.5 for s in starts), starts
    assert page.evaluate("document.documentElement.scrollWidth") <= width
