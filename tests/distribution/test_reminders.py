"""Reminders before the cut-off on the demo: each subdistrict silent for 2021-07-25 is reminded once."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from incidents.areas.models import Area, AreaLevel
from incidents.briefs import services as briefs
from incidents.distribution import reminders, sending
from incidents.distribution.models import Notice, NoticeKind

from .conftest import local
from .helpers import add

BEFORE = timedelta(hours=1)


def test_silent_subdistricts_of_the_demo_get_one_reminder_each(database, rainstorm, robots, settings):
    with database.read_session() as s:
        subs = {a.name: a.id for a in s.scalars(sa.select(Area).where(Area.level == AreaLevel.SUBDISTRICT))}
    # Each subdistrict's own group robot, and one district group that hears every reminder.
    for name, area_id in subs.items():
        add(database, rainstorm.id, f"{name}群", "wecom", robots.url(f"/sub/{area_id}", "key", f"k{area_id}"),
            briefs=False, reminders=True, area_id=area_id)
    add(database, rainstorm.id, "区防指群", "wecom", robots.url("/district", "key", "kd"), briefs=False,
        reminders=True)

    # Too early (06:59, more than an hour before the 08:00 cut-off) and too late (08:00): nothing.
    assert reminders.remind_due(database, BEFORE, local("2021-07-26 06:59")) == 0
    assert reminders.remind_due(database, BEFORE, local("2021-07-26 08:00")) == 0
    at = local("2021-07-26 07:00")
    told = reminders.remind_due(database, BEFORE, at)
    # The brief's own no-report list for 07-25, compiled with what is known at 07:00, names the same places.
    silent = briefs.compile_once(database, rainstorm.id, date(2021, 7, 25), now=at).brief
    expected = {a.name for a in briefs.load_content(silent).quality.silent}
    assert expected and expected != set(subs)  # some reported, some did not
    with database.read_session() as s:
        notices = list(s.scalars(sa.select(Notice).where(Notice.kind == NoticeKind.REMINDER)))
        assert {n.facts["area"] for n in notices} == expected and told == len(expected)
        assert {n.key for n in notices} == {f"reminder:2021-07-25:{subs[name]}" for name in expected}

    # A second sweep (and a third, later, still before the cut-off) tells nobody again.
    assert reminders.remind_due(database, BEFORE, local("2021-07-26 07:01")) == 0
    assert reminders.remind_due(database, BEFORE, local("2021-07-26 07:59")) == 0

    outcome = sending.send_due(database, settings, at)
    assert outcome.sent == 2 * len(expected) and outcome.failed == 0
    for name, area_id in subs.items():
        got = robots.at(f"/sub/{area_id}")
        assert len(got) == (1 if name in expected else 0), name
        if got:
            content = got[0].body["markdown"]["content"]
            assert name in content and "请于08:00前报送，无情况请零报告" in content and "2021-07-25" in content
    assert len(robots.at("/district")) == len(expected)
    assert sending.send_due(database, settings, at + timedelta(minutes=5)).sent == 0


def test_a_subdistrict_that_reported_is_not_reminded(database, builder, robots):
    """The builder's 甲 reports in the period, 乙 does not: only 乙 is chased."""
    add(database, builder.event_id, "甲", "wecom", robots.url("/a", "key", "ka"), briefs=False, reminders=True,
        area_id=builder.areas["a"])
    add(database, builder.event_id, "乙", "wecom", robots.url("/b", "key", "kb"), briefs=False, reminders=True,
        area_id=builder.areas["b"])
    builder.report("activity", "site-a", local("2021-07-02 10:05"), observed_at=local("2021-07-02 10:00"),
                   title="巡查")
    assert reminders.remind_due(database, BEFORE, local("2021-07-03 07:30")) == 1
    with database.read_session() as s:
        [notice] = s.scalars(sa.select(Notice))
        assert notice.area_id == builder.areas["b"] and notice.facts["day"] == "2021-07-02"


def test_a_subdistrict_that_answered_zero_report_is_not_reminded(database, builder, robots):
    """甲 answers 零报告 for 07-02 (nothing to report), 乙 is silent: only 乙 is chased."""
    add(database, builder.event_id, "甲", "wecom", robots.url("/a", "key", "ka"), briefs=False, reminders=True,
        area_id=builder.areas["a"])
    add(database, builder.event_id, "乙", "wecom", robots.url("/b", "key", "kb"), briefs=False, reminders=True,
        area_id=builder.areas["b"])
    builder.report("zero_report", "a", local("2021-07-03 06:50"))  # before the 08:00 brief: answers the 2nd
    assert reminders.remind_due(database, BEFORE, local("2021-07-03 07:30")) == 1
    with database.read_session() as s:
        [notice] = s.scalars(sa.select(Notice))
        assert notice.area_id == builder.areas["b"]
