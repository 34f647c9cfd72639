"""An outage restored in part at the very minute it began (both times the form's "now"): the peak keeps what
went out. Found by a newcomer on a phone: 120 households out at 06:58, 80 back at 06:58; the timeline said
峰值40户，已恢复0% and the brief 本日恢复供电80户 beside 停电峰值40户，已恢复0%."""

from __future__ import annotations

from datetime import date

from incidents.briefs import services
from incidents.events.models import Event
from incidents.timelines.timeline import restoration_timeline

from .conftest import content, local, make_builder


def test_a_restoration_logged_the_minute_the_outage_began_keeps_the_peak(database):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    oid = b.report("outage", "site-a", local("2021-07-01 06:58"), started_at=local("2021-07-01 06:58"),
                   households_affected=120)
    b.report("outage_update", "site-a", local("2021-07-01 06:58"), outage_id=oid,
             observed_at=local("2021-07-01 06:58"), households_restored=80)
    with database.read_session() as s:
        tl = restoration_timeline(s, s.get(Event, b.event_id), local("2021-07-01 12:00"))
        households = tl.curve.households
        assert (households.peak, households.current, households.restored_pct) == (120, 40, 66.7)
        assert households.peak_at == local("2021-07-01 06:58")
    services.compile_once(database, b.event_id, date(2021, 7, 1), now=local("2021-07-02 08:00"))
    power = content(database, b.event_id, date(2021, 7, 1)).power
    assert power.peak_households.value == 120 and power.pct_restored_households == 66.7
    assert power.households_out.value == 40
