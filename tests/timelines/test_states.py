"""outage_states: one rule for what is still out, at any moment, as known at any moment."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from incidents.models import OutageUpdate
from incidents.reports.models import ReportStatus
from incidents.reports.services import set_status
from incidents.timelines.services import OutageState, outage_states
from incidents.vague import Precision

from .conftest import T0, local

LATER = local("2021-07-31 00:00")  # everything the seed knows


def by_name(states: list[OutageState]) -> dict[str, OutageState]:
    return {s.area_name: s for s in states}


def test_seed_at_1800_zhangde_road_64_is_the_only_compound_still_dark(rainstorm, session):
    states = by_name(outage_states(session, rainstorm.id, local("2021-07-24 18:00"), known_at=LATER))
    beidajie = {n: s for n, s in states.items() if s.subdistrict_name == "北大街街道"}
    assert set(beidajie) == {"北大街街道", "彰德路64号院", "文峰汇·十二府"}
    # The subdistrict-wide group restored "afternoon": its representative instant is 15:00.
    group = beidajie["北大街街道"]
    assert group.restored and group.restored_at == local("2021-07-24 15:00")
    assert group.restored_precision is Precision.AFTERNOON
    assert group.households_out == 0 and group.households_affected is None
    open_compounds = {n for n, s in beidajie.items() if s.open and s.updates}
    assert open_compounds == set()  # no compound has word of restoration yet...
    assert {n for n, s in beidajie.items() if s.open} == {"彰德路64号院", "文峰汇·十二府"}
    # ...and the shops' restoration was never reported at all: open, honestly, to this day.
    shops = outage_states(session, rainstorm.id, LATER)
    assert [s.area_name for s in shops if s.open] == ["文峰汇·十二府"]
    assert by_name(shops)["文峰汇·十二府"].restored_at is None
    assert by_name(shops)["文峰汇·十二府"].households_out is None  # not reported, never 0


def test_seed_as_known_at_1800_the_afternoon_news_had_not_arrived(rainstorm, session):
    # The afternoon restoration was reported at 18:30: at 18:00 the office still saw it open.
    states = by_name(outage_states(session, rainstorm.id, local("2021-07-24 18:00")))
    assert not states["北大街街道"].restored
    states = by_name(outage_states(session, rainstorm.id, local("2021-07-24 18:30")))
    assert states["北大街街道"].restored and not states["彰德路64号院"].restored


def test_seed_at_0100_ancai_jiayuan_24_buildings_restored_after_nearly_30_hours(rainstorm, session):
    ancai = by_name(outage_states(session, rainstorm.id, local("2021-07-25 01:00"),
                                  known_at=LATER))["安彩嘉园二期"]
    assert ancai.subdistrict_name == "银杏大街街道"
    assert ancai.buildings_affected == 24 and ancai.buildings_out == 0 and ancai.restored
    assert ancai.households_affected is None and ancai.households_out == 0
    assert ancai.started_precision is Precision.APPROXIMATE
    assert ancai.restored_at == local("2021-07-25 00:45")
    duration = ancai.restored_at - ancai.started_at
    assert timedelta(hours=29) <= duration < timedelta(hours=30)
    # Known at 01:00 itself, the news (reported 01:30) was not in yet.
    ancai = by_name(outage_states(session, rainstorm.id, local("2021-07-25 01:00")))["安彩嘉园二期"]
    assert not ancai.restored and ancai.buildings_out == 24


def test_partial_restorations_growth_and_reported_still_out(build, session):
    oid = build.outage(households_affected=500, buildings_affected=10)
    build.update(oid, T0 + timedelta(hours=1), households_restored=200)
    build.update(oid, T0 + timedelta(hours=2), households_affected=800)  # the storm goes on
    build.update(oid, T0 + timedelta(hours=3), households_out=100, buildings_out=2)
    build.update(oid, T0 + timedelta(hours=4), households_affected=900)
    build.update(oid, T0 + timedelta(hours=5), fully_restored=True)

    def at(hours: float) -> OutageState:
        [state] = outage_states(build_session(session), build.event_id,
                                T0 + timedelta(hours=hours), known_at=T0 + timedelta(days=1))
        return state

    assert (at(0.5).households_out, at(0.5).buildings_out) == (500, 10)
    assert at(1).households_out == 300 and at(1).buildings_out == 10
    assert at(2).households_out == 600 and at(2).households_affected == 800
    assert (at(3).households_out, at(3).buildings_out) == (100, 2)
    assert at(4).households_out == 200 and at(4).households_affected == 900
    assert at(4).open and at(4).last_update_at == T0 + timedelta(hours=4)
    assert (at(5).households_out, at(5).buildings_out) == (0, 0) and at(5).restored
    assert at(5).restored_at == T0 + timedelta(hours=5) and at(5).updates == 5
    assert outage_states(session, build.event_id, T0 - timedelta(minutes=1)) == []


def build_session(session):  # the read session sees each committed step
    session.expire_all()
    session.rollback()
    return session


def test_restored_by_counts_without_the_flag_and_reopened_by_growth(build, session):
    oid = build.outage(households_affected=50)
    build.update(oid, T0 + timedelta(hours=1), households_restored=50)
    [s1] = outage_states(session, build.event_id, T0 + timedelta(hours=1, minutes=30))
    [s0] = outage_states(session, build.event_id, T0 + timedelta(hours=1))
    assert not s0.restored  # observed at 1 h but reported 5 minutes later
    assert s1.restored and s1.restored_at == T0 + timedelta(hours=1)
    build.update(oid, T0 + timedelta(hours=2), households_affected=70)
    [s2] = outage_states(build_session(session), build.event_id, T0 + timedelta(hours=3))
    assert not s2.restored and s2.households_out == 20 and s2.restored_at is None


def test_etr_latest_and_first_and_two_clocks_and_retraction(build, session):
    oid = build.outage(households_affected=100, etr_at=T0 + timedelta(hours=6), etr_precision="exact")
    build.update(oid, T0 + timedelta(hours=2), etr_at=T0 + timedelta(hours=10),
                 etr_precision="approximate", households_restored=40)
    late = build.update(oid, T0 + timedelta(hours=3), reported=T0 + timedelta(hours=8),
                        households_restored=90)
    wrong = build.update(oid, T0 + timedelta(hours=4), households_restored=100, fully_restored=True)
    with build.database.transaction() as s:
        set_status(s, s.get(OutageUpdate, wrong), ReportStatus.RETRACTED, build.user_id)

    [s5] = outage_states(session, build.event_id, T0 + timedelta(hours=5))
    assert s5.etr_at == T0 + timedelta(hours=10) and s5.etr_precision is Precision.APPROXIMATE
    assert s5.first_etr_at == T0 + timedelta(hours=6)
    assert s5.households_out == 60  # the 90 was reported at +8 h; the full update is retracted
    [s9] = outage_states(session, build.event_id, T0 + timedelta(hours=5), T0 + timedelta(hours=9))
    assert s9.households_out == 10 and not s9.restored and s9.last_update_at == T0 + timedelta(hours=3)
    assert late and session.scalar(sa.select(sa.func.count()).select_from(OutageUpdate)) == 3


def test_subdistrict_of_each_level(build, session):
    build.outage(area="district")
    build.outage(area="sub-b")
    build.outage(area="site-a")
    states = by_name(outage_states(session, build.event_id, T0 + timedelta(hours=1)))
    assert states["测试区"].subdistrict_id is None and states["测试区"].subdistrict_name is None
    assert states["乙街道"].subdistrict_name == "乙街道"
    assert states["甲小区"].subdistrict_name == "甲街道"
    assert all(s.households_out is None and s.open for s in states.values())


def test_the_outage_mirror_follows_the_latest_update_as_the_rule_does(build, session):
    from incidents.models import PowerOutage

    oid = build.outage(households_affected=40)
    build.update(oid, T0 + timedelta(hours=1), households_restored=40, fully_restored=True)
    build.update(oid, T0 + timedelta(hours=2), households_out=10)  # out again
    outage = build_session(session).get(PowerOutage, oid)
    [s] = outage_states(session, build.event_id, T0 + timedelta(hours=3))
    assert not s.restored and outage.restored_at is None
    # An update entered now but observed before the full one does not undo it.
    build.update(oid, T0 + timedelta(hours=4), households_restored=40, fully_restored=True)
    build.update(oid, T0 + timedelta(hours=3), households_out=5)
    outage = build_session(session).get(PowerOutage, oid)
    [s] = outage_states(session, build.event_id, T0 + timedelta(hours=5))
    assert s.restored and outage.restored_at == T0 + timedelta(hours=4)
