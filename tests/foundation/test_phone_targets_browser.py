"""A newcomer's phone (360 px): small targets and a misaligned label found by looking at every page.

- 下载此列表：CSV · XLSX · JSON under every list: CSV was a 30 px wide target (44 px tall), a dot from XLSX.
- The timeline's sort chips 开始时间 · 时长 · 户: 户, one character, was 37 px wide.
- The map's 8 个无坐标, the way to the places not drawn: a 24 px line of text.
- A place's reports by event (地点 → 文峰区): each event's name, its link, a 27 px line of text.
- A brief's 更多格式, opened: JSON was a 42 px wide target.
- The daily briefs' list said how briefs are compiled, then a bare 北京时间 after the full stop.
- The daily briefs' list, a card a day: 版本 sat at the top of its row, the revision's words (第1版 · 待签发) 12 px
  lower, in the middle of their 44 px link.
"""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from incidents import demo
from incidents.briefs import services
from incidents.models import Event
from tests.briefs.conftest import day_of, local
from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser


def _too_small(page, selector: str) -> list[tuple[str, int, int]]:  # noqa: ANN001
    boxes = page.eval_on_selector_all(
        selector, "els => els.map(e => { const r = e.getBoundingClientRect(); "
                  "return [e.innerText.trim(), Math.round(r.width), Math.round(r.height)]; })")
    assert boxes, selector
    return [tuple(b) for b in boxes if b[1] < 44 or b[2] < 44]


def _ink_top(image, left: int, right: int) -> int:  # noqa: ANN001
    """The first row of the image with dark ink between x = left and right."""
    grey = image.convert("L")
    for y in range(grey.height):
        if any(grey.getpixel((x, y)) < 140 for x in range(left, min(right, grey.width))):
            return y
    raise AssertionError("no ink")


def test_phone_targets_and_the_brief_lists_labels(phone, live_server, seeded, make_user, database):
    from PIL import Image

    with database.read_session() as s:
        event_id = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    brief = services.compile_once(database, event_id, day_of("2021-07-24"), now=local("2021-07-25 08:00")).brief
    make_user("viewer1", "viewer")
    browser_login(phone, live_server, "viewer1")

    phone.goto(f"{live_server}/events/{event_id}/briefs")
    screenshot(phone, "phone-targets-briefs")
    assert phone.locator("main > p.meta").first.inner_text().endswith("编制。时间为北京时间。")
    assert _too_small(phone, "p.downloads a") == []
    # The revisions' row: its label's words and the link's words on one line (their ink starts at the same height).
    cell = phone.locator(".brief-list td:has(a.rev)").first
    box = cell.bounding_box()
    link = cell.locator("a.rev").bounding_box()
    assert box is not None and link is not None
    image = Image.open(io.BytesIO(cell.screenshot()))
    label_top = _ink_top(image, 0, round(link["x"] - box["x"]) - 4)
    words_top = _ink_top(image, round(link["x"] - box["x"]), image.width)
    assert abs(label_top - words_top) <= 3, (label_top, words_top)

    phone.goto(f"{live_server}/briefs/{brief.id}")
    phone.click(".brief-more summary")
    assert _too_small(phone, ".brief-downloads a") == []

    phone.goto(f"{live_server}/events/{event_id}/timeline")
    screenshot(phone, "phone-targets-timeline")
    assert _too_small(phone, ".tl-sort a") == []

    phone.goto(f"{live_server}/events/{event_id}/map")
    screenshot(phone, "phone-targets-map")
    assert _too_small(phone, ".map-totals a") == []

    # A place's reports by event: each event's name, the way to its page, was a 27 px line of text.
    with database.read_session() as s:
        district_id = demo._area_by_path(s, "文峰区").id
    phone.goto(f"{live_server}/areas/{district_id}")
    assert _too_small(phone, ".event-reports h3 a") == []


SPLIT_FROM_UNIT = """els => els.flatMap(li => {
  const found = [], walker = document.createTreeWalker(li, NodeFilter.SHOW_TEXT);
  for (let n; (n = walker.nextNode());) {
    for (let i = 0; i + 1 < n.data.length; i++) {
      if (!/[0-9]/.test(n.data[i]) || !/[户处栋座个条人次吨辆车]/.test(n.data[i + 1])) continue;
      const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1); const digit = r.getBoundingClientRect();
      r.setStart(n, i + 1); r.setEnd(n, i + 2); const unit = r.getBoundingClientRect();
      if (unit.top > digit.top + digit.height / 2) found.push(n.data.slice(Math.max(0, i - 6), i + 3));
    }
  }
  return found;
})"""


def test_households_stay_with_their_unit(phone, live_server, seeded, make_user, database):
    """Broken between the figure and its unit on a phone: a place's page, 附近3公里内: 1处停电未恢复（68 | 户）, the
    timeline's subdistrict, 北大街街道 4 处中 2 处未恢复 · 仍停电：68 | 户, and a report's summary in the list."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from incidents.models import Area
    from incidents.reports import services as reports

    user = make_user("li", "reporter")
    with database.transaction() as s:
        event_id = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
        subdistrict = s.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
        temple = s.scalar(sa.select(Area.id).where(Area.name == "天宁寺"))
        reports.create_report(s, "outage", {
            "event_id": event_id, "area_id": subdistrict, "households_affected": 68,
            "started_at": datetime(2021, 7, 29, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))}, user)
    make_user("viewer1", "viewer")
    browser_login(phone, live_server, "viewer1")
    phone.goto(f"{live_server}/areas/{temple}?event={event_id}")
    screenshot(phone, "phone-nearby-units")
    assert "68户" in phone.locator(".nearby-list").inner_text()
    assert phone.eval_on_selector_all(".nearby-list li", SPLIT_FROM_UNIT) == []

    phone.goto(f"{live_server}/events/{event_id}/timeline")
    screenshot(phone, "phone-timeline-units")
    assert "仍停电：68户" in phone.locator("details.tl-group summary").first.inner_text()
    assert phone.eval_on_selector_all("details.tl-group summary", SPLIT_FROM_UNIT) == []

    # A disinfection's summary in the report list (小区楼院 13个, 垃圾中转站18座): held whole in no-break spans,
    # they were flex items of the summary's link, each on a line of its own and past the screen's edge (444 px).
    phone.goto(f"{live_server}/events/{event_id}/reports?kind=disinfection")
    screenshot(phone, "phone-report-list-units")
    assert "小区楼院 13个" in phone.locator("li.report a.what").first.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone.eval_on_selector_all("li.report a.what", SPLIT_FROM_UNIT) == []
