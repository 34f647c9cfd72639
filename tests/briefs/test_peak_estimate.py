"""A peak reached where "more than" and "at most" counts meet is an estimate (约), not "more than".

Found by an outside replay of a three-day rainstorm (tests/api/test_rainstorm_outsider.py): at the
peak, one outage was 50余户 still out and another 不超过100户 (200余户 back of 300). The curve point
there is 约 (domain.md: at most plus more than is bounded neither way), and the trend said so, but the
brief's peak read 停电峰值620余户: "more than 620", when fewer could have been out. It now reads 约,
in the brief compiled from all reports and in the one carried from the ledger a week on.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from incidents.briefs import services
from incidents.briefs.render import Reading
from incidents.models import Brief

from .conftest import content, local, make_builder
from .test_ledger import recomputed


def _event(database) -> int:
    """site-a 60 households from 07-01 16:00, 40余 back at 22:00 (at most 20 out); 50余 at site-b from 23:00."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    a = b.report("outage", "site-a", local("2021-07-01 16:10"), started_at=local("2021-07-01 16:00"),
                 households_affected=60)
    b.report("outage_update", "site-a", local("2021-07-01 22:10"), outage_id=a,
             observed_at=local("2021-07-01 22:00"), households_restored=40, households_restored_lb=True)
    b.report("outage", "site-b", local("2021-07-01 23:10"), started_at=local("2021-07-01 23:00"),
             households_affected=50, households_affected_lb=True)
    return b.event_id


def test_a_peak_where_more_than_meets_at_most_is_about(database):
    event_id = _event(database)
    results = services.compile_due(database, now=local("2021-07-09 09:00"), catchup_days=30, event_ids=[event_id])
    assert [r.reason for r in results] == ["created"] * 8
    with database.read_session() as s:
        stored = list(s.scalars(sa.select(Brief).where(Brief.event_id == event_id).order_by(Brief.day)))
    assert stored[-1].carry["carried_from"] == stored[-2].id and "power" in stored[-1].carry["carried"]
    for brief in stored:
        c = content(database, event_id, brief.day)
        peak = c.power.peak_households
        assert (peak.value, peak.lb, peak.approx) == (70, False, True), brief.day
        kept, full = recomputed(database, brief.id)
        assert kept == full, brief.day
    last = content(database, event_id, date(2021, 7, 8))
    assert "停电峰值约70户" in Reading(last, "zh").power()
