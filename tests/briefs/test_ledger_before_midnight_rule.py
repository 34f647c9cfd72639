"""A brief carried from a ledger stored before the day was read as [00:00, 24:00) is still exact.

Before, the power section read a day's outages at 24:00 itself, so a ledger stored then holds totals read at
24:00 (`power.at` the day's end), counting an outage begun or restored at 00:00 exactly on the day before. The
next day's carry re-reads the outages it takes over at the ledger's own `at`: what it adds equals a recompute.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from incidents.briefs.power import _outage_totals
from incidents.models import Brief
from incidents.timelines.services import outage_states

from .conftest import local, make_builder
from .test_ledger import compile_day, recomputed


def test_a_ledger_read_at_24_00_carries_into_the_same_figures_as_a_recompute(database):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    first = b.report("outage", "site-a", local("2021-07-01 20:30"), started_at=local("2021-07-01 20:00"),
                     households_affected=100)
    b.report("outage_update", "site-a", local("2021-07-02 00:10"), outage_id=first,
             observed_at=local("2021-07-02 00:00"), fully_restored=True)
    b.report("outage", "site-b", local("2021-07-02 00:30"), started_at=local("2021-07-02 00:00"),
             households_affected=50)
    day1 = compile_day(database, b.event_id, date(2021, 7, 1))
    with database.transaction() as s:
        brief = s.get(Brief, day1.id)
        assert brief.carry["power"]["totals"]["outages"] == 1  # read just before 24:00
        # As the ledger was stored before: read at 24:00 itself, both outages in it, one restored.
        old = _outage_totals(outage_states(s, b.event_id, brief.period_end, brief.cutoff, None))
        assert (old["outages"], old["restored"]) == (2, 1)
        brief.carry = {**brief.carry, "power": {**brief.carry["power"], "at": brief.period_end.isoformat(),
                                                "totals": old}}
    day2 = compile_day(database, b.event_id, date(2021, 7, 2))
    with database.read_session() as s:
        assert "power" in s.scalar(sa.select(Brief.carry).where(Brief.id == day2.id))["carried"]
    kept, full = recomputed(database, day2.id)
    assert kept == full
    power = kept["power"]
    assert (power["outages_to_date"], power["restored_to_date"], power["new_in_period"]) == (2, 1, 1)
