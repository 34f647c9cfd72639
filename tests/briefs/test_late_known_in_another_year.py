"""A late report learned in another year than the brief's day says that year: 2022年1月1日 07:00获知 in the brief of
31 December 2021, never a bare 1月1日 a reader takes for the brief's own year (the typhoon replay's revisions of 1991
read "12月5日 07:17获知" for reports sent in December 2026: scripts/typhoon_replay.py)."""

from __future__ import annotations

from incidents.briefs import formats, services

from .conftest import content, day_of, local, make_builder


def test_the_moment_a_late_report_was_learned_carries_its_year_when_not_the_briefs(database):
    b = make_builder(database, starts=local("2021-12-30 00:00"))
    b.report("activity", "site-a", local("2021-12-31 09:00"), observed_at=local("2021-12-31 08:30"), title="巡查")
    b.report("activity", "site-b", local("2021-12-31 10:00"), observed_at=local("2021-12-30 20:00"), title="迟报一")
    b.report("activity", "site-b", local("2022-01-01 07:00"), observed_at=local("2021-12-30 21:00"), title="迟报二")
    services.compile_due(database, now=local("2022-01-01 08:00"), catchup_days=3, event_ids=[b.event_id])
    c = content(database, b.event_id, day_of("2021-12-31"))
    assert len(c.quality.late) == 2
    zh = formats.as_text(c, "zh")
    assert "12月31日 10:00获知" in zh and "2022年1月1日 07:00获知" in zh, zh
    en = formats.as_text(c, "en")
    assert "known 31 Dec 10:00" in en and "known 1 Jan 2022 07:00" in en, en
