"""An event with no outage at all: its brief says 0 buildings and households affected to date, as it
says 0 still out, not 未报 (nothing left a count unknown)."""

from __future__ import annotations

from incidents.briefs import services
from incidents.briefs.render import Reading

from .conftest import content, day_of, local


def test_no_outage_is_zero_affected_not_unreported(database, builder):
    b = builder
    b.report("debris", "site-a", local("2021-07-02 12:00"), period_start=local("2021-07-02 10:00"), truckloads=3)
    services.compile_due(database, now=local("2021-07-03 08:00"), catchup_days=1, event_ids=[b.event_id])
    brief = content(database, b.event_id, day_of("2021-07-02"))
    rows = {r.item: r for r in Reading(brief, "zh").figures()}
    assert (rows["停电户数"].period, rows["停电户数"].to_date) == ("0", "0")
    assert (rows["停电楼栋"].period, rows["停电楼栋"].to_date) == ("0", "0")
    assert brief.power.households_affected.value == 0 and brief.power.buildings_affected.value == 0


def test_an_outage_silent_on_its_count_is_still_unreported(database, builder):
    b = builder
    b.report("outage", "site-a", local("2021-07-02 12:00"), started_at=local("2021-07-02 11:00"))
    services.compile_due(database, now=local("2021-07-03 08:00"), catchup_days=1, event_ids=[b.event_id])
    rows = {r.item: r for r in Reading(content(database, b.event_id, day_of("2021-07-02")), "zh").figures()}
    assert rows["停电户数"].to_date == "未报"
