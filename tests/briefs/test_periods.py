"""Periods, numbering and apportioning: local days across DST, due times, exact integer shares."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidents.briefs import intervals as q
from incidents.briefs import services
from incidents.days import day_bounds

from .conftest import briefs, day_of, local, make_builder

NEW_YORK = ZoneInfo("America/New_York")


def test_due_time_number_and_last_due_day(rainstorm):
    assert services.due_at(rainstorm, day_of("2021-07-24")) == local("2021-07-25 08:00")
    assert services.brief_number(rainstorm, day_of("2021-07-22")) == 1
    assert services.last_due_day(rainstorm, local("2021-07-25 07:59")) == day_of("2021-07-23")
    assert services.last_due_day(rainstorm, local("2021-07-25 08:00")) == day_of("2021-07-24")
    assert services.last_due_day(rainstorm, local("2021-07-22 09:00")) is None


def test_dst_day_is_23_hours_and_its_brief_covers_exactly_that(database):
    """An event in America/New_York across 2021-03-14 (clocks forward at 02:00): a 23-hour day."""
    b = make_builder(database, tz="America/New_York", starts=datetime(2021, 3, 12, 0, 0, tzinfo=NEW_YORK),
                     code="ny-storm")
    # 47,000 m³ pumped from 03-13 12:00 to 03-15 12:00 local: 12 h, 23 h and 12 h of local days = 47 h.
    op = b.report("pumping", "site-a", datetime(2021, 3, 13, 12, 5, tzinfo=NEW_YORK), team="DEP crew",
                  observed_at=datetime(2021, 3, 13, 12, 0, tzinfo=NEW_YORK))
    b.report("pumping_volume", "site-a", datetime(2021, 3, 15, 12, 30, tzinfo=NEW_YORK), operation_id=op,
             period_start=datetime(2021, 3, 13, 12, 0, tzinfo=NEW_YORK),
             period_end=datetime(2021, 3, 15, 12, 0, tzinfo=NEW_YORK), volume_m3=47000)
    with database.read_session() as s:
        from incidents.models import Event

        event = s.get(Event, b.event_id)
        start, end = day_bounds(event, day_of("2021-03-14"))
        # (Same-zone aware datetimes subtract as wall clocks in Python: compare in UTC.)
        assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=23)
        assert services.due_at(event, day_of("2021-03-14")) == datetime(2021, 3, 15, 8, 0, tzinfo=NEW_YORK)
        assert services.due_at(event, day_of("2021-03-14")).astimezone(UTC).hour == 12  # EDT, UTC-4
        assert services.due_at(event, day_of("2021-03-12")).astimezone(UTC).hour == 13  # EST, UTC-5
    services.compile_due(database, now=datetime(2021, 3, 16, 9, 0, tzinfo=NEW_YORK), catchup_days=7)
    assert [d for d, _, _ in briefs(database, b.event_id)] == [day_of(f"2021-03-{d}") for d in (12, 13, 14, 15)]
    from .conftest import content

    c = content(database, b.event_id, day_of("2021-03-14"))
    assert c.header.period_hours == 23
    assert c.header.period_end - c.header.period_start == timedelta(hours=23)
    # The volume came in on 03-15 12:30: the first 03-13/14 briefs say 未报; their revisions carry it.
    assert c.pumping.volume_m3.period.value is None
    for d in (13, 14):
        services.compile_once(database, b.event_id, day_of(f"2021-03-{d}"),
                              now=datetime(2021, 3, 16, 9, 0, tzinfo=NEW_YORK), new_revision=True)
    shares = [content(database, b.event_id, day_of(f"2021-03-{d}")).pumping.volume_m3.period.value
              for d in (13, 14, 15)]
    assert shares == [12000, 23000, 12000] and sum(shares) == 47000
    from incidents.briefs.render import Reading

    assert "23 hours (clocks went forward an hour)" in Reading(c, "en").period_line
    assert Reading(c, "zh").period_line.endswith("，共23小时（时钟拨快1小时）")


def test_the_day_the_clocks_went_back_says_so_in_both_languages(database):
    """7 November 2021 in New York has 25 hours; the Chinese says the clocks went back, as the English does."""
    b = make_builder(database, tz="America/New_York", starts=datetime(2021, 11, 6, 0, 0, tzinfo=NEW_YORK),
                     code="ny-fall")
    services.compile_due(database, now=datetime(2021, 11, 8, 9, 0, tzinfo=NEW_YORK), catchup_days=7)
    from incidents.briefs.render import Reading

    from .conftest import content

    c = content(database, b.event_id, day_of("2021-11-07"))
    assert c.header.period_hours == 25
    assert Reading(c, "en").period_line.endswith(", 25 hours (clocks went back an hour)")
    assert Reading(c, "zh").period_line.endswith("，共25小时（时钟回拨1小时）")


def _shares(session, v: int, s: int, t: int, bounds: list[int]) -> list[int]:
    """Each day's share of v over [s, t] (epoch seconds), computed by the brief's own SQL."""
    vv, ss, tt = (sa.literal(x, sa.BigInteger) for x in (v, s, t))
    cols = [q.cumulative_share(vv, ss, tt, b) for b in bounds]
    row = session.execute(sa.select(*cols)).one()
    return [int(row[i + 1]) - int(row[i]) for i in range(len(bounds) - 1)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(v=st.integers(0, 10**9), start=st.integers(0, 40 * 86400), length=st.integers(0, 20 * 86400),
       offset=st.integers(-3 * 86400, 3 * 86400))
def test_apportioned_shares_sum_exactly_and_stay_within_one(session, v, start, length, offset):
    """Daily shares sum exactly to the total and each is within 1 of its proportional share."""
    s, t = start, start + length
    first = min(s, t) - 86400 + offset % 86400 - 86400
    bounds = [first + i * 86400 for i in range((t - first) // 86400 + 3)]
    shares = _shares(session, v, s, t, bounds)
    assert sum(shares) == v
    assert all(x >= 0 for x in shares)
    for i, share in enumerate(shares):
        a, b = bounds[i], bounds[i + 1]
        if t > s:
            exact = v * max(0, min(b, t) - max(a, s)) / (t - s)
            assert abs(share - exact) < 1
        else:
            assert share == (v if a <= s < b else 0)


def test_lower_bounds_stay_lower_bounds_and_estimates_are_marked(database, builder):
    b = builder
    at = local("2021-07-02 10:00")
    b.report("debris", "site-a", local("2021-07-03 12:00"), period_start=at,
             period_end=local("2021-07-03 10:00"), mass_kg=30000, mass_kg_lb=True, people=50, people_lb=True)
    with database.read_session() as s:
        from incidents.models import Event

        event = s.get(Event, b.event_id)
        a, e = day_bounds(event, day_of("2021-07-02"))
        period = q.interval_period(s, q.CLEARED, b.event_id, a, e, local("2021-07-04 08:00"))
        to_date = q.interval_before(s, q.CLEARED, b.event_id, e, local("2021-07-04 08:00"))
    mass = period[b.areas["a"]]["mass_kg"]
    assert (mass.period, mass.period_lb, mass.period_approx) == (17500, True, True)  # 14 of 24 hours
    mass = to_date[b.areas["a"]]["mass_kg"]
    assert (mass.to_date, mass.to_date_lb, mass.to_date_approx) == (17500, True, True)
    people = period[b.areas["a"]]["people"]
    assert (people.period, people.period_lb, people.period_approx) == (50, True, False)  # deployed, not split


def test_only_reports_known_by_the_cutoff_count(database, builder):
    b = builder
    b.report("debris", "site-b", local("2021-07-03 09:00"), period_start=local("2021-07-02 10:00"),
             mass_kg=5000)
    services.compile_due(database, now=local("2021-07-03 08:00"), catchup_days=1, event_ids=[b.event_id])
    from .conftest import content

    c = content(database, b.event_id, day_of("2021-07-02"))
    assert c.debris.mass_kg.period.value is None  # reported at 09:00, after the 08:00 cut-off
    assert [a.name for a in c.quality.silent] == ["甲街道", "乙街道"]
    services.compile_due(database, now=local("2021-07-04 08:00"), catchup_days=1, event_ids=[b.event_id])
    c3 = content(database, b.event_id, day_of("2021-07-03"))
    assert c3.debris.mass_kg.to_date.value == 5000
    assert [(lt.day, lt.number) for lt in c3.quality.late] == [(day_of("2021-07-02"), 2)]
    assert c3.quality.late_total == 1


def test_brief_time_follows_the_event(database):
    b = make_builder(database, starts=local("2021-07-01 00:00"), brief_time=time(17, 30), code="evening")
    with database.read_session() as s:
        from incidents.models import Event

        event = s.get(Event, b.event_id)
        assert services.due_at(event, day_of("2021-07-01")) == local("2021-07-02 17:30")


def test_a_falling_to_date_figure_is_flagged(database, builder):
    """A retraction (or a smaller total to date) makes a to-date figure fall: the brief says so."""
    from incidents.reports.services import set_status

    from .conftest import content

    b = builder
    debris = b.report("debris", "site-a", local("2021-07-02 12:00"), period_start=local("2021-07-02 10:00"),
                      mass_kg=5000)
    b.report("disinfection", "site-b", local("2021-07-02 12:00"), observed_at=local("2021-07-02 11:00"),
             counts={"street": (30, False)})
    services.compile_due(database, now=local("2021-07-03 08:00"), catchup_days=1, event_ids=[b.event_id])
    # The next day: the clearance is retracted, and 乙小区 sends totals to date (截至目前) of 20
    # streets, fewer than the 30 it reported before (a recount): its total to date replaces them.
    with database.transaction() as s:
        from incidents.models import Report

        set_status(s, s.get(Report, debris), "retracted", b.user_id, reason="duplicate")
    b.report("disinfection", "site-b", local("2021-07-03 12:00"), observed_at=local("2021-07-03 11:00"),
             cumulative=True, counts={"street": (20, False)})
    services.compile_due(database, now=local("2021-07-04 08:00"), catchup_days=1, event_ids=[b.event_id])
    c = content(database, b.event_id, day_of("2021-07-03"))
    assert c.debris.mass_kg.fell and c.debris.mass_kg.previous.value == 5000
    assert c.debris.mass_kg.to_date.value is None
    street = next(cf.figure for cf in c.disinfection.categories if cf.code == "street")
    assert (street.period.value, street.period.cum) == (-10, True)  # the change of its total to date
    assert (street.to_date.value, street.previous.value, street.fell) == (20, 30, True)
    assert set(c.quality.falls) == {"debris.mass_kg", "disinfection.street"}
    from incidents.briefs.render import Reading

    changes = Reading(c, "zh").changes()
    assert "清运量累计数低于上期，请核实" in changes and "街道累计数低于上期，请核实" in changes
    assert "街道减少10条" in Reading(c, "zh").disinfection()
