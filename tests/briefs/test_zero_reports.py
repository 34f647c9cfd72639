"""零报告 in the brief: answered-nothing apart from silent, in every format; a zero report adds to no figure,
and a later report with data makes the subdistrict reported. The period a report sent now answers."""

from __future__ import annotations

import io
import json
from datetime import UTC, time

import sqlalchemy as sa

from incidents.briefs import formats, services
from incidents.briefs import queries as q
from incidents.briefs.periods import current_period
from incidents.days import day_bounds
from incidents.events.services import close_event
from incidents.models import Brief, Event, ZeroReport

from .conftest import content, day_of, local, make_builder


def test_the_period_a_report_answers_turns_at_the_brief_time(database):
    b = make_builder(database, starts=local("2021-07-01 06:00"), brief_time=time(8, 0))
    with database.read_session() as s:
        event = s.get(Event, b.event_id)
        assert current_period(event, local("2021-07-03 07:59")) == day_of("2021-07-02")  # the 08:00 brief's day
        assert current_period(event, local("2021-07-03 08:00")) == day_of("2021-07-03")
        assert current_period(event, local("2021-07-01 07:00")) == day_of("2021-07-01")  # never before day one
    with database.transaction() as s:
        close_event(s, s.get(Event, b.event_id), local("2021-07-04 18:00"), None)
    with database.read_session() as s:
        assert current_period(s.get(Event, b.event_id), local("2021-07-09 10:00")) == day_of("2021-07-04")


def test_the_brief_names_zero_reports_apart_from_silent_subdistricts(database, builder, client, auth, make_user):
    b = builder
    # Sent at 07:00 on the 3rd, before the 08:00 brief: it answers the 2nd (the default period).
    zero_id = b.report("zero_report", "a", local("2021-07-03 07:00"), note="辖区无险情")
    with database.read_session() as s:
        assert s.get(ZeroReport, zero_id).period_day == day_of("2021-07-02")
    services.compile_due(database, now=local("2021-07-03 08:00"), catchup_days=1, event_ids=[b.event_id])
    c = content(database, b.event_id, day_of("2021-07-02"))
    assert [a.name for a in c.quality.zero_reported] == ["甲街道"]
    assert [a.name for a in c.quality.silent] == ["乙街道"]
    # Nothing to report adds to no figure.
    assert c.quality.reports_used == 0
    assert {r.name: r.reports for r in c.subdistricts} == {"甲街道": 0, "乙街道": 0}

    zh, en = formats.as_text(c, "zh"), formats.as_text(c, "en")
    assert "零报告（本时段无情况）：甲街道。" in zh
    assert "未报送（零报告制度：本时段既无报告也无零报告）：乙街道。" in zh
    assert "Zero report (nothing to report this period): 甲街道." in en
    assert "Not reported (zero-report rule: no report and no zero report this period): 乙街道." in en
    assert "零报告（本时段无情况）：甲街道" in formats.as_markdown(c, "zh")
    from docx import Document

    doc = Document(io.BytesIO(formats.as_docx(c, "zh")))
    paragraphs = "\n".join(p.text for p in doc.paragraphs)
    assert "零报告（本时段无情况）：甲街道" in paragraphs and "未报送" in paragraphs
    make_user("reader", "viewer")
    auth.login("reader")
    with database.read_session() as s:
        brief_id = s.scalar(sa.select(Brief.id).where(Brief.event_id == b.event_id))
    page = client.get(f"/briefs/{brief_id}").get_data(as_text=True)
    assert "<li>零报告（本时段无情况）：甲街道。</li>" in page and "乙街道。</li>" in page
    stored = json.loads(formats.as_json(c))["content"]["quality"]
    assert [a["name"] for a in stored["zero_reported"]] == ["甲街道"]
    assert [a["name"] for a in stored["silent"]] == ["乙街道"]


def test_a_report_with_data_after_a_zero_report_makes_the_subdistrict_reported(database, builder):
    b = builder
    zero_id = b.report("zero_report", "a", local("2021-07-02 09:00"), period_day=day_of("2021-07-02"))
    b.report("debris", "site-a", local("2021-07-02 16:00"), period_start=local("2021-07-02 15:00"),
             mass_kg=2000)
    services.compile_due(database, now=local("2021-07-03 08:00"), catchup_days=1, event_ids=[b.event_id])
    c = content(database, b.event_id, day_of("2021-07-02"))
    assert c.quality.zero_reported == [] and [a.name for a in c.quality.silent] == ["乙街道"]
    assert c.debris.mass_kg.period.value == 2000
    assert {r.name: r.reports for r in c.subdistricts}["甲街道"] == 1  # the debris report only
    with database.read_session() as s:  # the zero report is kept, not erased
        assert s.get(ZeroReport, zero_id).status.value == "submitted"


def test_who_has_answered_a_period_known_by_a_moment(database, builder):
    """briefs.queries.answers: the reminder sweep's question, asked before the cut-off."""
    b = builder
    b.report("zero_report", "b", local("2021-07-03 06:30"))
    with database.read_session() as s:
        event = s.get(Event, b.event_id)
        start, end = (t.astimezone(UTC) for t in day_bounds(event, day_of("2021-07-02")))
        before = q.answers(s, event, day_of("2021-07-02"), start, end, local("2021-07-03 06:00"))
        after = q.answers(s, event, day_of("2021-07-02"), start, end, local("2021-07-03 07:00"))
    assert [a.name for a in before.silent] == ["甲街道", "乙街道"] and before.zero == []
    assert [a.name for a in after.silent] == ["甲街道"] and [a.name for a in after.zero] == ["乙街道"]
    from incidents.reports.zero import silent_now

    with database.read_session() as s:
        event = s.get(Event, b.event_id)
        # At 07:00, before the 08:00 brief, the open period is the day before: 甲 is the one to chase.
        day, silent = silent_now(s, event, local("2021-07-03 07:00"))
        assert (day, [a.name for a in silent]) == (day_of("2021-07-02"), ["甲街道"])
        day, silent = silent_now(s, event, local("2021-07-03 08:30"))  # the 3rd's period: nobody yet
        assert (day, [a.name for a in silent]) == (day_of("2021-07-03"), ["甲街道", "乙街道"])


def test_a_zero_report_known_after_the_cutoff_is_not_in_that_brief(database, builder):
    b = builder
    b.report("zero_report", "a", local("2021-07-03 09:00"), period_day=day_of("2021-07-02"))
    services.compile_due(database, now=local("2021-07-03 08:00"), catchup_days=1, event_ids=[b.event_id])
    c = content(database, b.event_id, day_of("2021-07-02"))
    assert c.quality.zero_reported == [] and [a.name for a in c.quality.silent] == ["甲街道", "乙街道"]
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Brief)) == 1


def test_a_late_zero_report_is_not_said_to_be_counted_in_the_figures(database, builder):
    # Found replaying a typhoon through the API: 南湖镇's zero report for 9/17 came at 09:00 on 9/18, and
    # the next brief said 迟报1份：南湖镇零报告…；已自本期起计入累计数 and 收到迟报1份，已计入累计数: a zero
    # report adds to no figure, so nothing was counted; a reader looked for the changed totals.
    b = builder
    b.report("zero_report", "a", local("2021-07-03 09:00"), period_day=day_of("2021-07-02"))
    services.compile_due(database, now=local("2021-07-04 08:00"), catchup_days=2, event_ids=[b.event_id])
    c = content(database, b.event_id, day_of("2021-07-03"))
    assert [lt.kind for lt in c.quality.late] == ["zero_report"]
    text = formats.as_text(c, "zh")
    assert "计入累计数" not in text, text
    assert "零报告不计入任何数字" in text and "新获知迟报1份（均为零报告，不计入任何数字）" in text, text
    english = formats.as_text(c, "en")
    assert "counted from this brief on" not in english and "to-date figures include them" not in english, english
