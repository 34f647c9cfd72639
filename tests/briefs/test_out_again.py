"""An outage out again after a full restoration is news in the brief of the day it went out again."""

from __future__ import annotations

from datetime import timedelta

from incidents.briefs.render import Reading

from .conftest import content, day_of, local, make_builder
from .test_ledger import compile_day, recomputed


def test_out_again_after_restoration_is_news_that_day_and_only_that_day(database):
    b = make_builder(database, starts=local("2021-07-01 00:00"), code="again")
    oid = b.report("outage", "site-a", local("2021-07-22 09:10"), started_at=local("2021-07-22 09:00"),
                   households_affected=300)
    b.report("outage_update", "site-a", local("2021-07-23 10:10"), outage_id=oid,
             observed_at=local("2021-07-23 10:00"), fully_restored=True)
    b.report("outage_update", "site-a", local("2021-07-24 15:40"), outage_id=oid,
             observed_at=local("2021-07-24 15:30"), households_out=120)
    briefs = {d: compile_day(database, b.event_id, day_of(d)) for d in ("2021-07-22", "2021-07-23", "2021-07-24",
                                                                         "2021-07-25")}
    said = {d: Reading(content(database, b.event_id, day_of(d)), "zh").changes() for d in briefs}
    assert "再次停电" not in said["2021-07-23"] and "恢复供电" in said["2021-07-23"]
    assert "甲小区恢复供电后于7月24日15:30再次停电" in said["2021-07-24"].replace(" ", "")
    assert "部分恢复" not in said["2021-07-24"]  # 120 of 300 out again is not a partial restoration
    assert "再次停电" not in said["2021-07-25"]  # news once; still open, as the figures say
    assert content(database, b.event_id, day_of("2021-07-25")).power.open_outages == 1
    english = Reading(content(database, b.event_id, day_of("2021-07-24")), "en").changes()
    assert "power cut again" in english
    # The carried brief (from the day before's ledger) says the same as one recomputed from every report.
    stored, full = recomputed(database, briefs["2021-07-24"].id)
    assert stored["changes"] == full["changes"]


def test_out_again_and_back_the_same_day_is_said_with_its_households(database):
    """Found by an outside replay: 60户 out again at 09:00 and all back at 15:00 made the day's 恢复供电 count them
    (本日恢复供电315户) while the changes said only 恢复供电, so out before − back + new = out now failed by 60 and the
    office never read that the compound lost power again."""
    b = make_builder(database, starts=local("2021-07-01 00:00"), code="again-back")
    oid = b.report("outage", "site-a", local("2021-07-23 09:10"), started_at=local("2021-07-23 09:00"),
                   households_affected=150)
    b.report("outage_update", "site-a", local("2021-07-23 18:05"), outage_id=oid,
             observed_at=local("2021-07-23 18:00"), fully_restored=True)
    b.report("outage_update", "site-a", local("2021-07-24 09:10"), outage_id=oid,
             observed_at=local("2021-07-24 09:00"), households_out=60)
    b.report("outage_update", "site-a", local("2021-07-24 15:05"), outage_id=oid,
             observed_at=local("2021-07-24 15:00"), fully_restored=True)
    briefs = {d: compile_day(database, b.event_id, day_of(d)) for d in ("2021-07-23", "2021-07-24", "2021-07-25")}
    day = content(database, b.event_id, day_of("2021-07-24"))
    assert day.power.households_restored.value == 60 and day.power.open_outages == 0
    said = Reading(day, "zh").changes().replace(" ", "")
    assert "甲小区恢复供电后于7月24日09:00再次停电（60户）" in said, said
    assert "恢复供电" in said.replace("再次停电", "")
    assert "power cut again" in Reading(day, "en").changes()
    assert "再次停电" not in Reading(content(database, b.event_id, day_of("2021-07-25")), "zh").changes()
    stored, full = recomputed(database, briefs["2021-07-24"].id)
    assert stored["changes"] == full["changes"]


def test_a_new_etr_after_going_out_again_leaves_it_no_partial_restoration(database):
    """Found by an outside replay (tests/api/test_outsider_doksuri_zhuozhou_by_hand.py): all 300 back at 10:00 and
    120 out again at 15:30 is no partial restoration, but an update at 18:00 giving only a new ETR made it one
    (1处部分恢复供电, 含部分恢复): the day's power news did not change, only which update came last."""
    b = make_builder(database, starts=local("2021-07-01 00:00"), code="again-etr")
    # The same day at two sites; at 乙小区 50 came back at 18:00 after it went out again: that one is partly restored.
    for site, last in (("site-a", {"etr_at": local("2021-07-25 12:00")}), ("site-b", {"households_out": 70})):
        oid = b.report("outage", site, local("2021-07-23 09:10"), started_at=local("2021-07-23 09:00"),
                       households_affected=300)
        for seen, fields in (("2021-07-24 10:00", {"fully_restored": True}),
                             ("2021-07-24 15:30", {"households_out": 120}), ("2021-07-24 18:00", last)):
            b.report("outage_update", site, local(seen) + timedelta(minutes=5), outage_id=oid, observed_at=local(seen),
                     **fields)
    for d in ("2021-07-23", "2021-07-24"):
        compile_day(database, b.event_id, day_of(d))
    day = content(database, b.event_id, day_of("2021-07-24"))
    assert (day.power.households_restored.value, day.power.partial_in_period) == (650, 1)
    assert "1处部分恢复" in Reading(day, "zh").changes().replace(" ", "")
