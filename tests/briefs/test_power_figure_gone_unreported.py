"""The households or buildings a brief counted, whose every outage that gave a count is retracted since, leaving
only outages silent on it: 累计 未报 beside 上期's 200 is a fall (受影响户数累计数低于上期，请核实), as any to-date
figure gone is; 未报 after 上期's 0 still is none (tests/api/test_outsider_zhuozhou_237_by_hand.py, 30 July)."""

from __future__ import annotations

from incidents.briefs import services
from incidents.briefs.render import Reading
from incidents.models import Report
from incidents.reports.services import set_status

from .conftest import content, day_of, local


def test_households_counted_then_only_silent_outages_left_is_a_fall(database, builder):
    b = builder
    # Day 1: 甲小区 out, 200 households in 3 buildings (entered twice: its twin comes next day); 乙小区 out, no count.
    twin = b.report("outage", "site-a", local("2021-07-01 20:00"), started_at=local("2021-07-01 19:00"),
                    households_affected=200, buildings_affected=3)
    b.report("outage", "site-b", local("2021-07-01 21:00"), started_at=local("2021-07-01 20:30"))
    services.compile_due(database, now=local("2021-07-02 08:00"), catchup_days=1, event_ids=[b.event_id])
    first = content(database, b.event_id, day_of("2021-07-01"))
    assert (first.power.households_affected.value, first.power.buildings_affected.value) == (200, 3)
    # Day 2: the 甲小区 outage retracted as entered by mistake; only 乙小区's, silent on its counts, is left.
    with database.transaction() as s:
        set_status(s, s.get(Report, twin), "retracted", b.user_id, reason="wrong site")
    services.compile_due(database, now=local("2021-07-03 08:00"), catchup_days=1, event_ids=[b.event_id])
    c = content(database, b.event_id, day_of("2021-07-02"))
    assert c.power.households_affected.value is None  # 未报: no outage left gives the count
    assert c.power.previous_households_affected.value == 200
    # Failed before: no word of the 200 households and 3 buildings gone between two briefs.
    assert {"power.households_affected", "power.buildings_affected"} <= set(c.quality.falls)
    rows = {r.item: r for r in Reading(c, "zh").figures()}
    assert rows["停电户数"].to_date == "未报"
    assert rows["停电户数"].previous == "200" and "累计数下降，请核实" in rows["停电户数"].note
    assert "受影响户数累计数低于上期，请核实" in Reading(c, "zh").changes()
