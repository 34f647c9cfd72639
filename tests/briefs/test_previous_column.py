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
