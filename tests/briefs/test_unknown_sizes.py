"""Outages of unknown size in the brief's words: a share restored never reads as "all back" while one is out,
and the key figures' note counts the outages its to-date sum leaves out."""

from __future__ import annotations

from incidents.briefs.render import Reading

from .conftest import content, day_of, local, make_builder
from .test_ledger import compile_day


def test_a_place_of_unknown_size_still_out_is_said_beside_the_share_restored(database):
    b = make_builder(database, starts=local("2021-07-01 00:00"), code="unknown-size")
    sized = b.report("outage", "site-a", local("2021-07-22 09:10"), started_at=local("2021-07-22 09:00"),
                     buildings_affected=18)
    # Out since before the peak, size never given: left out of the peak and of its share.
    b.report("outage", "site-b", local("2021-07-22 08:10"), started_at=local("2021-07-22 08:00"))
    b.report("outage_update", "site-a", local("2021-07-23 21:10"), outage_id=sized,
             observed_at=local("2021-07-23 21:00"), fully_restored=True)
    compile_day(database, b.event_id, day_of("2021-07-23"))
    c = content(database, b.event_id, day_of("2021-07-23"))
    assert c.power.open_outages == 1 and c.power.pct_restored_buildings == 100
    zh, en = Reading(c, "zh"), Reading(c, "en")
    # Read alone, "24栋, 100% restored" said everything was back while 乙 was still without power.
    assert "已恢复100%（另有1处规模未报，未计入，其中1处仍停电）" in zh.power().replace(" ", "")
    assert "1 of them still out" in en.power()
    # A full restoration is not said to include partial ones.
    assert "本日恢复供电18栋" in zh.power() and "含部分恢复" not in zh.power()
    rows = {row.item: row for row in zh.figures()}
    # The to-date column sums what each outage affected; its note counts the outages that gave no such
    # count (both gave no households), not the open outages' unknowns (one).
    assert rows["停电楼栋"].note.endswith("另有1处栋数未报")
    assert rows["停电户数"].note.endswith("另有2处户数未报")


def test_a_place_of_unknown_size_out_after_the_peak_does_not_hide_the_share_restored(database):
    # Found replaying a typhoon through the API: the peak reached at 14:00, a place of unknown size went
    # out at 16:00, and the brief said 已恢复比例不详（1处仍停电未报数）, as if an outage counted in the
    # peak had lost its count; it was never in the peak, so the share of the peak is known.
    b = make_builder(database, starts=local("2021-07-01 00:00"), code="unknown-after-peak")
    sized = b.report("outage", "site-a", local("2021-07-22 09:10"), started_at=local("2021-07-22 09:00"),
                     buildings_affected=18)
    b.report("outage_update", "site-a", local("2021-07-22 18:10"), outage_id=sized,
             observed_at=local("2021-07-22 18:00"), buildings_out=10)
    b.report("outage", "site-b", local("2021-07-22 20:10"), started_at=local("2021-07-22 20:00"))
    compile_day(database, b.event_id, day_of("2021-07-22"))
    c = content(database, b.event_id, day_of("2021-07-22"))
    assert c.power.pct_restored_buildings == 44.4
    assert "已恢复44.4%（另有1处规模未报，未计入，其中1处仍停电）" in Reading(c, "zh").power().replace(" ", "")
    # All of the peak back while the other is still out: 100%, never read alone.
    b.report("outage_update", "site-a", local("2021-07-23 09:10"), outage_id=sized,
             observed_at=local("2021-07-23 09:00"), fully_restored=True)
    compile_day(database, b.event_id, day_of("2021-07-23"))
    c = content(database, b.event_id, day_of("2021-07-23"))
    assert c.power.open_outages == 1 and c.power.pct_restored_buildings == 100
    assert "已恢复100%（另有1处规模未报，未计入，其中1处仍停电）" in Reading(c, "zh").power().replace(" ", "")


def test_the_share_held_back_names_only_the_outages_that_lost_their_count(database):
    # Found replaying a typhoon through the API: 东一小区 out again (households only) held the buildings'
    # share back, and the brief said 已恢复比例不详（2处仍停电未报数）（另有1处规模未报，未计入）, counting
    # 东二社区, whose buildings were never given, twice: three places read where two were out.
    b = make_builder(database, starts=local("2021-07-01 00:00"), code="lost-count")
    sized = b.report("outage", "site-a", local("2021-07-22 09:10"), started_at=local("2021-07-22 09:00"),
                     buildings_affected=5, households_affected=300)
    b.report("outage", "site-b", local("2021-07-22 08:10"), started_at=local("2021-07-22 08:00"),
             households_affected=100)
    b.report("outage_update", "site-a", local("2021-07-23 09:10"), outage_id=sized,
             observed_at=local("2021-07-23 09:00"), fully_restored=True)
    b.report("outage_update", "site-a", local("2021-07-23 15:10"), outage_id=sized,
             observed_at=local("2021-07-23 15:00"), households_out=80)
    compile_day(database, b.event_id, day_of("2021-07-23"))
    c = content(database, b.event_id, day_of("2021-07-23"))
    assert c.power.pct_restored_buildings is None and c.power.buildings_unknown == 2
    zh = Reading(c, "zh").power().replace(" ", "")
    assert "停电峰值5栋，已恢复比例不详（1处仍停电未报数；另有1处规模未报，未计入）" in zh, zh
    assert "(1 still out gave no count; not counting outages of unknown size: 1)" in Reading(c, "en").power()


def test_a_place_of_unknown_size_out_when_the_peak_is_reached_again_stays_in_its_note(database):
    # Found replaying Zhengzhou's 7·20 outages through the API (tests/api/test_outsider_zhengzhou_720_by_hand.py):
    # the peak reached at 09:00, reached again at 10:00 with a compound of unknown size out beside it (the true
    # peak then was higher), that compound back by noon: the brief said 停电峰值100户，已恢复60% with no note, as if
    # the peak had left nothing out (the brief compiled while it was still out carried the note).
    b = make_builder(database, starts=local("2021-07-01 00:00"), code="unknown-at-a-tie")
    sized = b.report("outage", "site-a", local("2021-07-22 09:10"), started_at=local("2021-07-22 09:00"),
                     households_affected=100)
    unsized = b.report("outage", "site-b", local("2021-07-22 10:10"), started_at=local("2021-07-22 10:00"))
    b.report("outage_update", "site-b", local("2021-07-22 12:10"), outage_id=unsized,
             observed_at=local("2021-07-22 12:00"), fully_restored=True)
    b.report("outage_update", "site-a", local("2021-07-22 14:10"), outage_id=sized,
             observed_at=local("2021-07-22 14:00"), households_out=40)
    compile_day(database, b.event_id, day_of("2021-07-22"))
    c = content(database, b.event_id, day_of("2021-07-22"))
    assert (c.power.peak_households.value, c.power.pct_restored_households) == (100, 60.0)
    assert c.power.peak_households_unknown == 1
    assert "停电峰值100户，已恢复60%（另有1处规模未报，未计入）" in Reading(c, "zh").power().replace(" ", "")
    # The next day's peak to date, read off the ledger's, keeps it.
    compile_day(database, b.event_id, day_of("2021-07-23"))
    assert content(database, b.event_id, day_of("2021-07-23")).power.peak_households_unknown == 1
