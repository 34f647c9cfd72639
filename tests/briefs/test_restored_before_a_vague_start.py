"""An outage known only to have begun "in the afternoon" (stored mid-window, at 15:00) and restored at 14:00: it
was out before 14:00, so what came back is counted. Found replaying a typhoon through the API: the brief said
本日全部恢复供电的停电点1处 beside 本日恢复供电20户, the outage's 100 households neither in the peak nor back."""

from __future__ import annotations

from datetime import date

from incidents.briefs import services
from incidents.events.models import Event
from incidents.timelines.timeline import restoration_timeline

from .conftest import content, local, make_builder


def test_an_update_before_its_outages_vague_start_counts_from_the_start(database):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    oid = b.report("outage", "site-a", local("2021-07-01 17:00"), started_at=local("2021-07-01 15:00"),
                   started_precision="afternoon", households_affected=100)
    b.report("outage_update", "site-a", local("2021-07-01 17:10"), outage_id=oid,
             observed_at=local("2021-07-01 14:00"), fully_restored=True)
    b.report("outage", "site-b", local("2021-07-01 09:10"), started_at=local("2021-07-01 09:00"),
             households_affected=40)
    with database.read_session() as s:
        households = restoration_timeline(s, s.get(Event, b.event_id), local("2021-07-01 23:00")).curve.households
        assert (households.peak, households.current) == (140, 40)
    services.compile_once(database, b.event_id, date(2021, 7, 1), now=local("2021-07-02 08:00"))
    power = content(database, b.event_id, date(2021, 7, 1)).power
    assert power.restored_in_period == 1
    assert power.restored[0].restored.at == local("2021-07-01 14:00")  # as reported, not moved to the start
    # out before (0) − back + new (140) = out now (40)
    assert (power.households_restored.value, power.households_out.value) == (100, 40)
    assert power.peak_households.value == 140
