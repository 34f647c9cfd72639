"""A volume pumped today stays news in today's brief when yesterday's is recompiled after it was logged: the
"since the previous brief" line of 12月3日 said 文峰家园小区报告…共排水1,200立方米 in its first revision and dropped
it once 12月2日 was recompiled at 15:24, though no brief of 12月2日 could name a volume pumped on 12月3日."""

from __future__ import annotations

from datetime import date

from incidents.briefs import formats, services

from .conftest import content, local, make_builder


def test_todays_volume_stays_news_after_yesterday_is_recompiled(database):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    op = b.report("pumping", "site-a", local("2021-07-02 12:10"), observed_at=local("2021-07-02 12:00"),
                  team="区消防救援大队")
    b.report("pumping_volume", "site-a", local("2021-07-02 15:10"), operation_id=op,
             period_start=local("2021-07-02 13:00"), period_end=local("2021-07-02 15:00"), volume_m3=1200)
    services.compile_once(database, b.event_id, date(2021, 7, 1), now=local("2021-07-02 08:00"))
    # A late report for 1 July: the office recompiles that day at 16:00, after the volume of 2 July was logged.
    services.compile_once(database, b.event_id, date(2021, 7, 1), now=local("2021-07-02 16:00"), new_revision=True)
    assert not [ch for ch in content(database, b.event_id, date(2021, 7, 1)).changes if ch.kind == "volume_reported"]
    services.compile_once(database, b.event_id, date(2021, 7, 2), now=local("2021-07-03 08:00"))
    c = content(database, b.event_id, date(2021, 7, 2))
    assert [ch.area for ch in c.changes if ch.kind == "volume_reported"] == ["甲小区"]
    assert "甲小区报告7月2日 13:00至7月2日 15:00共排水1,200立方米" in formats.as_text(c, "zh")
