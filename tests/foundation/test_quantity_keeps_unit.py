"""A quantity is never parted from its unit at a line's end: on a phone the brief read 垃圾中转站18 | 座, a report's
summary 68 | 户 and the timeline's 仍停电：1 | 处未报数量. Each is written in one no-break span (formatting.keep_units,
the qty filter; .nb in app.css and briefs.css), in the page, its print view and so the PDF."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from markupsafe import Markup

from incidents.briefs import services
from incidents.formatting import keep_units
from incidents.models import Area, Event
from tests.briefs.conftest import day_of, local

# A figure then a Chinese unit, outside a no-break span: where a line may break between them.
# A date (7月29日, 截至24时) and a clock time (09:30起) are no quantity.
BARE = re.compile(r"(?<![\d:.,])\d[\d,.]*余?[ \u00a0]?(?![年月日时分秒期])[\u3400-\u9fff]")


def _loose(html: str) -> list[str]:
    """The figures of a page's text written beside their unit with no span keeping them together."""
    text = re.sub(r'<span class="nb">.*?</span>', "", html)
    text = re.sub(r"<(script|style|svg)\b.*?</\1>", "", text, flags=re.S)
    text = re.sub(r"<[^>]+>", "\n", text)
    return [text[max(0, m.start() - 8):m.end()] for m in BARE.finditer(text)]


def test_keep_units_spans_each_quantity_with_its_unit() -> None:
    assert keep_units("垃圾中转站18座，清运30余吨、约8,333立方米") == (
        '垃圾中转站<span class="nb">18座</span>，清运<span class="nb">30余吨</span>、'
        '<span class="nb">约8,333立方米</span>')
    assert keep_units("仍停电：1 处未报数量") == '仍停电：<span class="nb">1 处</span>未报数量'
    # A date is no quantity (7月 is not 7 of 月) but is kept whole too, with its clock time when it has one.
    assert keep_units("于7月24日约21:00恢复") == '于<span class="nb">7月24日</span>约21:00恢复'
    assert keep_units("自7月23日 19:00起，5 Dec 2026 16:26") == (
        '自<span class="nb">7月23日 19:00</span>起，<span class="nb">5 Dec 2026 16:26</span>')
    # In a zone that changes its clocks a time carries its abbreviation: it stays on the line too.
    assert keep_units("自11月4日 01:30 EST起") == '自<span class="nb">11月4日 01:30 EST</span>起'
    assert keep_units("18 buildings, at most 20 households") == (
        '<span class="nb">18 buildings</span>, <span class="nb">at most 20 households</span>')
    assert keep_units("<b>5户</b>") == '&lt;b&gt;<span class="nb">5户</span>&lt;/b&gt;'  # text, escaped
    assert keep_units(Markup('<a href="/r/12户">5户</a>')) == '<a href="/r/12户"><span class="nb">5户</span></a>'


def test_the_brief_its_print_view_and_a_report_summary_keep_figures_with_units(
        seeded, database, client, auth, make_user):
    with database.transaction() as s:
        event_id = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
        subdistrict = s.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    made = services.compile_once(database, event_id, day_of("2021-07-28"), now=local("2021-07-29 08:00"))
    assert made.brief is not None
    li = make_user("li", "reporter")
    auth.login("li")
    for path in (f"/briefs/{made.brief.id}", f"/briefs/{made.brief.id}/print"):
        page = client.get(path).get_data(as_text=True)
        # The running text: 一、总体情况's paragraphs, 三、待办与风险 and 五、数据质量's items.
        prose = re.findall(r'<p class="para">.*?</p>|<ol class="brief-list-items">.*?</ol>', page, re.S)
        assert len(prose) >= 3 and '<span class="nb">' in "".join(prose), path
        assert [_loose(p) for p in prose if _loose(p)] == [], path

    from incidents.reports import services as reports

    with database.transaction() as s:
        reports.create_report(s, "outage", {
            "event_id": event_id, "area_id": subdistrict, "households_affected": 68,
            "started_at": datetime(2021, 7, 29, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))}, li)
    page = client.get(f"/events/{event_id}/reports").get_data(as_text=True)
    assert '<span class="nb">68户</span>' in page
    summaries = re.findall(r'<a class="what"[^>]*>(.*?)</a>', page, re.S)
    # Those that count something (an activity's title too: tests/reports/test_activity_title_keeps_units.py).
    counted = [a for a in summaries if '<span class="nb">' in a]
    assert counted and [_loose(a) for a in counted if _loose(a)] == []
    timeline = client.get(f"/events/{event_id}/timeline").get_data(as_text=True)
    heads = re.findall(r"<summary><h3>.*?</h3>", timeline, re.S)
    assert heads and all(_loose(h) == [] for h in heads), [_loose(h) for h in heads]
