"""The peak's "more than" flag (620余户) through a week of scheduled briefs and the carried ledger.

The peak falls on the event's first day; from the eighth day's brief on it lies before the trend
window and comes from the ledger carried day to day (its `peak_before`). Ledgers stored before the
flag existed ([value, unknown, epoch]) still load.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm.attributes import flag_modified

from incidents.briefs import services
from incidents.briefs.render import Reading
from incidents.models import Brief

from .conftest import content, local, make_builder
from .test_ledger import recomputed


def _event(database, lb: bool) -> int:
    """site-a (100 households, or 100余) out from 07-01 08:00 and still out; 520 at site-b 09:00-20:00."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    b.report("outage", "site-a", local("2021-07-01 08:10"), started_at=local("2021-07-01 08:00"),
             households_affected=100, households_affected_lb=lb)
    site_b = b.report("outage", "site-b", local("2021-07-01 09:10"), started_at=local("2021-07-01 09:00"),
                      households_affected=520)
    b.report("outage_update", "site-b", local("2021-07-01 20:10"), outage_id=site_b,
             observed_at=local("2021-07-01 20:00"), fully_restored=True)
    return b.event_id


def _stored(database, event_id: int) -> list[Brief]:
    with database.read_session() as s:
        return list(s.scalars(sa.select(Brief).where(Brief.event_id == event_id).order_by(Brief.day)))


def test_the_carried_peak_keeps_its_more_than(database):
    event_id = _event(database, lb=True)
    results = services.compile_due(database, now=local("2021-07-09 09:00"), catchup_days=30, event_ids=[event_id])
    assert [r.reason for r in results] == ["created"] * 8
    stored = _stored(database, event_id)
    # The 07-08 brief's window starts 07-02: its peak is the ledger's, carried from the day before.
    assert stored[-1].carry["carried_from"] == stored[-2].id and "power" in stored[-1].carry["carried"]
    assert stored[-2].carry["power"]["peak_before"]["households"][3] is True
    for brief in stored:
        c = content(database, event_id, brief.day)
        assert (c.power.peak_households.value, c.power.peak_households.lb) == (620, True), brief.day
        assert (c.trend[-1].households_out, c.trend[-1].households_out_lb) == (100, True), brief.day
        kept, full = recomputed(database, brief.id)
        assert kept == full, brief.day  # the carried ledger agrees with a recompute from all reports
    last = content(database, event_id, date(2021, 7, 8))
    # 520 of 620余 back: a share of a "more than" figure is an estimate, and says so.
    assert (last.power.pct_restored_households, last.power.pct_restored_households_approx) == (83.9, True)
    assert "停电峰值620余户，已恢复约83.9%" in Reading(last, "zh").power()
    assert "620+ households without power, about 83.9% of it restored" in Reading(last, "en").power()


def test_an_exact_peak_says_no_more_than(database):
    event_id = _event(database, lb=False)
    services.compile_due(database, now=local("2021-07-09 09:00"), catchup_days=30, event_ids=[event_id])
    c = content(database, event_id, date(2021, 7, 8))
    assert (c.power.peak_households.value, c.power.peak_households.lb) == (620, False)
    assert not c.trend[-1].households_out_lb
    text = Reading(c, "zh").power()
    assert "停电峰值620户，已恢复83.9%" in text and "余" not in text and "约" not in text


def test_a_ledger_stored_before_the_flag_still_carries(database):
    event_id = _event(database, lb=True)
    services.compile_due(database, now=local("2021-07-08 09:00"), catchup_days=30, event_ids=[event_id])
    with database.transaction() as s:
        # As an older brief stored it: [value, unknown, epoch], no flag.
        last = s.scalars(sa.select(Brief).where(Brief.event_id == event_id).order_by(Brief.day.desc())).first()
        for name, peak in last.carry["power"]["peak_before"].items():
            last.carry["power"]["peak_before"][name] = peak[:3]
        flag_modified(last, "carry")
    results = services.compile_due(database, now=local("2021-07-09 09:00"), catchup_days=30, event_ids=[event_id])
    assert [r.reason for r in results] == ["created"]
    brief = _stored(database, event_id)[-1]
    assert brief.carry["carried_from"] is not None and "power" in brief.carry["carried"]
    # A missing flag reads as exact: the value carries, the 余 is lost until a full recompute.
    assert content(database, event_id, date(2021, 7, 8)).power.peak_households.value == 620


def _at_most_event(database) -> int:
    """site-a: 60 households from 07-01 08:00, 40余 back at 12:00 (at most 20 still out, for good); 100 at site-b
    13:00-20:00: the peak, 不超过120户 at 13:00."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    site_a = b.report("outage", "site-a", local("2021-07-01 08:10"), started_at=local("2021-07-01 08:00"),
                      households_affected=60)
    b.report("outage_update", "site-a", local("2021-07-01 12:10"), outage_id=site_a,
             observed_at=local("2021-07-01 12:00"), households_restored=40, households_restored_lb=True)
    site_b = b.report("outage", "site-b", local("2021-07-01 13:10"), started_at=local("2021-07-01 13:00"),
                      households_affected=100)
    b.report("outage_update", "site-b", local("2021-07-01 20:10"), outage_id=site_b,
             observed_at=local("2021-07-01 20:00"), fully_restored=True)
    return b.event_id


def test_the_carried_peak_keeps_its_at_most(database):
    event_id = _at_most_event(database)
    results = services.compile_due(database, now=local("2021-07-09 09:00"), catchup_days=30, event_ids=[event_id])
    assert [r.reason for r in results] == ["created"] * 8
    stored = _stored(database, event_id)
    assert stored[-1].carry["carried_from"] == stored[-2].id and "power" in stored[-1].carry["carried"]
    assert stored[-2].carry["power"]["peak_before"]["households"][3:] == [False, True]
    for brief in stored:
        c = content(database, event_id, brief.day)
        peak = c.power.peak_households
        assert (peak.value, peak.lb, peak.ub, peak.approx) == (120, False, True, False), brief.day
        kept, full = recomputed(database, brief.id)
        assert kept == full, brief.day
    last = content(database, event_id, date(2021, 7, 8))
    # 100 of at most 120 back, at most 20 still out: an estimate.
    assert (last.power.pct_restored_households, last.power.pct_restored_households_approx) == (83.3, True)
    assert "停电峰值不超过120户，已恢复约83.3%" in Reading(last, "zh").power()
    assert "peak at most 120 households without power, about 83.3% of it restored" in Reading(last, "en").power()


def test_a_ledger_and_a_brief_stored_before_at_most_still_read(database):
    event_id = _at_most_event(database)
    services.compile_due(database, now=local("2021-07-08 09:00"), catchup_days=30, event_ids=[event_id])
    with database.transaction() as s:
        # As a brief stored before the peak's "at most": a ledger peak [value, unknown, epoch, lb], a content
        # whose quantities have no "ub".
        last = s.scalars(sa.select(Brief).where(Brief.event_id == event_id).order_by(Brief.day.desc())).first()
        for name, peak in last.carry["power"]["peak_before"].items():
            last.carry["power"]["peak_before"][name] = peak[:4]
        flag_modified(last, "carry")
        last.content["power"]["peak_households"].pop("ub")
        last.content["power"]["households_out"].pop("ub")
        flag_modified(last, "content")
        old_day = last.day
    old = content(database, event_id, old_day)
    assert "停电峰值120户" in Reading(old, "zh").power() and "共20户" in Reading(old, "zh").power()
    results = services.compile_due(database, now=local("2021-07-09 09:00"), catchup_days=30, event_ids=[event_id])
    assert [r.reason for r in results] == ["created"]
    brief = _stored(database, event_id)[-1]
    assert brief.carry["carried_from"] is not None and "power" in brief.carry["carried"]
    # A missing flag reads as not at most: the value carries, the 不超过 is lost until a full recompute.
    peak = content(database, event_id, date(2021, 7, 8)).power.peak_households
    assert (peak.value, peak.ub) == (120, False)
