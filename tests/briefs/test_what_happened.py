"""A brief says what happened in its period, as known by its cut-off, in words that do not mislead."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from incidents import demo
from incidents.briefs import formats, services
from incidents.briefs.charts import trend_charts
from incidents.briefs.render import Reading
from incidents.db import now_utc
from incidents.formatting import fmt_quantity
from incidents.models import Area, Report
from incidents.reports.models import ReportStatus
from incidents.reports.services import create_report, set_status

from .conftest import content, day_of, local, make_builder


def _area(s, name: str) -> int:
    return s.scalar(sa.select(Area.id).where(Area.name == name))


def test_a_recompile_never_reports_news_from_outside_its_period(database, seed_briefs):
    """Item 2: a pumping volume logged today for 西钟楼巷, seen after the event, is not a change of 2021-07-24."""
    now = now_utc()
    # Seen days after the event ended (2021-07-31), within the 7 days a report may still tell of.
    seen = datetime(2021, 8, 5, 4, 0, tzinfo=UTC)
    with database.transaction() as s:
        user = demo.loader_user(s).id
        area = _area(s, "西钟楼巷")
        op = create_report(s, "pumping", {"event_id": seed_briefs.id, "area_id": area, "observed_at": seen,
                                          "observed_at_precision": "exact", "team": "今日排水队"}, user, now=now)
        create_report(s, "pumping_volume", {
            "event_id": seed_briefs.id, "area_id": area, "operation_id": op.id, "period_start": seen,
            "period_start_precision": "exact", "period_end": seen + timedelta(hours=2), "period_end_precision": "exact",
            "volume_m3": 1234}, user, now=now)
    result = services.compile_once(database, seed_briefs.id, day_of("2021-07-24"), new_revision=True)
    assert result.created
    c = content(database, seed_briefs.id, day_of("2021-07-24"))
    assert not [ch for ch in c.changes if ch.area == "西钟楼巷"], c.changes
    assert "西钟楼巷" not in Reading(c, "zh").changes()
    # What was learned by then about the period still counts: the 50,000 m³ over 07-24..27.
    assert any(ch.kind == "volume_reported" and ch.area == "文峰汇·十二府" for ch in c.changes)


def test_a_later_restoration_says_its_date(database):
    """Item 4: 计入下期 only for the next day's brief; a restoration days later names its day."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    a = b.report("outage", "site-a", local("2021-07-01 09:00"), started_at=local("2021-07-01 08:00"),
                 households_affected=100)
    z = b.report("outage", "site-b", local("2021-07-01 09:00"), started_at=local("2021-07-01 08:00"),
                 households_affected=80)
    b.report("outage_update", "site-a", local("2021-07-02 01:10"), outage_id=a,
             observed_at=local("2021-07-02 01:00"), fully_restored=True)
    b.report("outage_update", "site-b", local("2021-07-04 10:10"), outage_id=z,
             observed_at=local("2021-07-04 10:00"), fully_restored=True)
    # Day 1 recompiled on 07-05: both restorations known by its cut-off.
    services.compile_once(database, b.event_id, date(2021, 7, 1), now=local("2021-07-02 08:00"))
    services.compile_once(database, b.event_id, date(2021, 7, 1), now=local("2021-07-05 08:00"), new_revision=True)
    text = formats.as_text(content(database, b.event_id, date(2021, 7, 1)), "zh")
    assert "甲小区：100户，已于7月2日 01:00恢复，计入下期" in text
    assert "已于7月4日 10:00恢复，计入7月4日日报" in text
    assert "7月4日 10:00恢复，计入下期" not in text
    english = formats.as_text(content(database, b.event_id, date(2021, 7, 1)), "en")
    assert "restored 4 Jul 10:00 (counted in the brief of 4 Jul)" in english


def test_a_returned_report_counts_nowhere_until_resubmitted(database):
    """Item 5: a report sent back is in no figure and not in the activity log; data quality lists it."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    with database.transaction() as s:
        coordinator = demo.loader_user(s).id
    b.report("disinfection", "site-a", local("2021-07-01 12:00"), observed_at=local("2021-07-01 11:00"),
             person_times=10, counts={"street": (2, False)})
    sent = b.report("disinfection", "site-a", local("2021-07-01 15:00"), observed_at=local("2021-07-01 14:00"),
                    person_times=500, counts={"street": (40, False)})
    note = b.report("activity", "site-a", local("2021-07-01 16:00"), observed_at=local("2021-07-01 15:00"),
                    title="错误的动态")
    b.report("activity", "site-b", local("2021-07-01 16:00"), observed_at=local("2021-07-01 15:30"),
             title="正常的动态")
    with database.transaction() as s:
        for rid in (sent, note):
            set_status(s, s.get(Report, rid), ReportStatus.RETURNED, coordinator, reason="数字有误")
    services.compile_once(database, b.event_id, date(2021, 7, 1), now=local("2021-07-02 08:00"))
    c = content(database, b.event_id, date(2021, 7, 1))
    assert c.disinfection.person_times.period.value == 10
    assert {cf.code: cf.figure.period.value for cf in c.disinfection.categories} == {"street": 2}
    assert [a.title for a in c.activity] == ["正常的动态"]
    assert c.quality.reports_used == 2 and c.quality.returned == 2
    assert sorted(r.report_id for r in c.quality.returned_reports) == sorted([sent, note])
    text = formats.as_text(c, "zh")
    assert "本期采用报告2份" in text and "退回修改的报告2份" in text and "数字有误" in text
    # One level of brackets: "退回修改的报告1份（甲小区消杀（7月1日 14:00）（退回原因：…））" read as a maze.
    line = next(ln for ln in text.splitlines() if "退回修改的报告2份：" in ln)
    assert "甲小区消杀（7月1日 14:00），退回原因：数字有误" in line and "））" not in line, line
    # Resubmitted: it counts again (and the carried ledger of the next day sees the change).
    with database.transaction() as s:
        set_status(s, s.get(Report, sent), ReportStatus.SUBMITTED, coordinator)
    services.compile_once(database, b.event_id, date(2021, 7, 1), now=local("2021-07-02 09:00"), new_revision=True)
    assert content(database, b.event_id, date(2021, 7, 1)).disinfection.person_times.period.value == 510


def test_unlike_things_are_never_added(database, seed_briefs, client, auth, make_user):
    """Item 6: streets, courtyards and drain grates are not one sum; staff on duty are not person-times."""
    c = content(database, seed_briefs.id, day_of("2021-07-28"))
    table = Reading(c, "zh").subdistrict_table()
    text = formats.as_text(c, "zh")
    row = next(r for r in table.rows if r[0] == "北大街街道")
    whole = next(r for r in table.rows if r[0] == "区级")
    assert "257" not in " ".join(row) and "3,373" not in " ".join(whole) and "3,373" not in text
    assert "下水道箅子86个（含截至目前累计数） / 86个" in " ".join(row) and "垃圾运输车— / 400余辆" in " ".join(whole)
    pt = c.disinfection.person_times
    # 80 + 20 person-times, no 700 workers; the streets disinfected on 07-26 by people nobody
    # counted make it "at least" (余), wherever their reports sit.
    assert (pt.to_date.value, pt.to_date.lb) == (100, True)
    c26 = content(database, seed_briefs.id, day_of("2021-07-26"))
    assert (c26.disinfection.staff.period.value, c26.disinfection.staff.period.lb) == (700, True)
    assert "在岗700余人" in Reading(c26, "zh").disinfection()
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    home = client.get("/").get_data(as_text=True)
    # The home page's headline sum (events.services), by the brief's rule: 100余人次.
    assert "800余人次" not in home and "100余人次" in home


def test_figures_revised_since_their_own_brief_are_marked(database, seed_briefs):
    """Item 8: 07-27's chart shows 7/24 pumping 约8,333 where 07-24's brief said 未报: marked and noted."""
    c = content(database, seed_briefs.id, day_of("2021-07-27"))
    points = {p.day.isoformat(): p for p in c.trend}
    assert points["2021-07-24"].revised == ["volume_m3"]
    assert points["2021-07-27"].revised == []
    svg = "".join(trend_charts(Reading(c, "zh")))
    assert "约8,333*" in svg and "较当日日报有更正" in svg
    # 07-23's own brief did not yet know of the 文峰汇 outage (reported 07-24 10:00): 07-24's chart marks 7/23.
    c24 = content(database, seed_briefs.id, day_of("2021-07-24"))
    # 7/22's own brief knew of no outage; 7/24's knows 文峰汇 out since 7/22 with no size given: one more
    # outage, its buildings and households 未报 as before (never "0 out"); 7/23's knew the sizes.
    assert {p.day.isoformat(): p.revised for p in c24.trend} == {
        "2021-07-22": ["open_outages"], "2021-07-23": ["open_outages"],
        "2021-07-24": []}
    plain = "".join(trend_charts(Reading(content(database, seed_briefs.id, day_of("2021-07-22")), "zh")))
    assert "较当日日报有更正" not in plain


def test_an_apportioned_lower_bound_reads_one_way():
    """Item 9: an apportioned share of 30余吨 is 15余吨, in every format (one function)."""
    assert fmt_quantity(15, True, "吨", "zh", approximate=True) == "15余吨"
    assert fmt_quantity(15, True, "t", "en", approximate=True) == "15+ t"
    assert fmt_quantity(8333, False, "立方米", "zh", approximate=True) == "约8,333立方米"


def test_the_0726_brief_says_15_and_more_tonnes(database, seed_briefs):
    c = content(database, seed_briefs.id, day_of("2021-07-26"))
    for body in (formats.as_text(c, "zh"), formats.as_markdown(c, "zh"), formats.as_csv(c, "figures", "zh")):
        assert "约15余" not in body and "15余" in body
    assert "本日清运15余吨" in formats.as_text(c, "zh").replace("本期", "本日") or "15余吨" in formats.as_text(c, "zh")
    assert "约15余" not in "".join(trend_charts(Reading(c, "zh")))


def _value_texts(svg: str) -> list[tuple[float, float, float, str]]:
    """The chart's value labels above the bars: (x, y, font size, text)."""
    found = re.findall(r'<text x="([\d.]+)" y="([\d.]+)" font-size="([\d.]+)" text-anchor="middle" '
                       r'fill="#1b1f24">([^<]*)</text>', svg)
    return [(float(x), float(y), float(f), t) for x, y, f, t in found]


@pytest.mark.parametrize("texts", [
    ["约1.7万*"] * 7, ["约16.7k*", "约8,334", "未报", "约1.7万", "30余", "约12.3万*", "1"], ["1"] * 7, ["约1.7万*"] * 3,
])
def test_no_two_values_above_the_bars_overlap(texts):
    from incidents.briefs.charts import _bars
    from incidents.ticks import label_width

    svg = _bars("每日排水量", [f"7/{25 + i}" for i in range(len(texts))], [17_000] * len(texts), texts,
                "#4a7bd0", len(texts) - 1)
    shown = _value_texts(svg)
    assert [t for *_, t in shown] == texts
    for (x1, y1, f1, t1), (x2, y2, f2, t2) in zip(shown, shown[1:], strict=False):
        if abs(y1 - y2) < f1:  # on the same line: they must not touch
            assert x2 - x1 >= (label_width(t1, f1) + label_width(t2, f2)) / 2, (t1, t2, svg)
    assert all(f >= 9 for *_, f, _t in shown)
    if all(label_width(t, 11) <= 40 for t in texts):
        assert all(f == 11 for *_, f, _t in shown)  # labels that fit keep their size
