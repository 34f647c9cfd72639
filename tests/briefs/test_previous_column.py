"""The key figures' 上期 column says what the previous brief's 累计 column said: 未报 stays 未报, a dash
only where there was no previous brief."""

from __future__ import annotations

from incidents.briefs import services
from incidents.briefs.render import Reading

from .conftest import content, day_of, local


def test_previous_column_repeats_the_previous_briefs_unreported(database, builder):
    b = builder
    # Debris cleared on the 2nd, its tonnage not given: that brief's 累计 says 未报.
    b.report("debris", "site-a", local("2021-07-02 12:00"), period_start=local("2021-07-02 10:00"), truckloads=3)
    services.compile_due(database, now=local("2021-07-03 08:00"), catchup_days=1, event_ids=[b.event_id])
    services.compile_due(database, now=local("2021-07-04 08:00"), catchup_days=1, event_ids=[b.event_id])
    first = {r.item: r for r in Reading(content(database, b.event_id, day_of("2021-07-02")), "zh").figures()}
    second = {r.item: r for r in Reading(content(database, b.event_id, day_of("2021-07-03")), "zh").figures()}
    assert first["清运量"].to_date == "未报" and first["清运量"].previous == "—"  # no brief before the first
    assert second["清运量"].previous == first["清运量"].to_date == "未报"
    assert second["清运车数"].previous == first["清运车数"].to_date == "3"


def test_previous_column_carries_the_outage_and_pumping_counts(database, builder):
    """仍停电, 恢复供电, 停电楼栋, 停电户数 and 排涝点 have a 累计 too: their 上期 cell said nothing (blank), where the
    brief's other rows carry the previous 累计 forward."""
    b = builder
    b.report("outage", "site-a", local("2021-07-01 10:00"), started_at=local("2021-07-01 09:00"),
             households_affected=120, buildings_affected=3)
    b.report("pumping", "site-b", local("2021-07-01 11:00"), observed_at=local("2021-07-01 10:00"), team="消防队")
    b.report("outage", "site-b", local("2021-07-02 10:00"), started_at=local("2021-07-02 09:00"))
    services.compile_due(database, now=local("2021-07-02 08:00"), catchup_days=1, event_ids=[b.event_id])
    services.compile_due(database, now=local("2021-07-03 08:00"), catchup_days=1, event_ids=[b.event_id])
    first = {r.item: r for r in Reading(content(database, b.event_id, day_of("2021-07-01")), "zh").figures()}
    second = {r.item: r for r in Reading(content(database, b.event_id, day_of("2021-07-02")), "zh").figures()}
    for item in ("仍停电", "恢复供电", "停电楼栋", "停电户数", "排涝点"):
        assert first[item].previous == "—", (item, first[item])  # no brief before the first
        assert second[item].previous == first[item].to_date, (item, first[item], second[item])
    assert [second[i].previous for i in ("仍停电", "恢复供电", "停电楼栋", "停电户数", "排涝点")] == \
        ["1", "0", "3", "120", "1"]
    assert second["仍停电"].to_date == "2" and second["停电户数"].to_date == "120"  # the new one gave no count
    english = {r.item: r for r in Reading(content(database, b.event_id, day_of("2021-07-02")), "en").figures()}
    assert english["Households without power"].previous == "120"
