"""The power figures say what is known, found by replaying a flood through the API: none out when all is
back (not 未报), an outage out again counted from then, a still-out sum that leaves a place out says so,
and a day's households revised since its own brief are marked."""

from __future__ import annotations

import pytest

from incidents.briefs.render import Reading

from .conftest import content, day_of, local, make_builder
from .test_ledger import compile_day


def test_all_restored_is_none_out_exactly_not_unreported(database):
    b = make_builder(database, starts=local("2021-07-01 00:00"), code="all-back")
    oid = b.report("outage", "site-a", local("2021-07-22 09:10"), started_at=local("2021-07-22 09:00"),
                   households_affected=300, households_affected_lb=True, buildings_affected=12)
    b.report("outage_update", "site-a", local("2021-07-22 16:10"), outage_id=oid,
             observed_at=local("2021-07-22 16:00"), fully_restored=True)
    compile_day(database, b.event_id, day_of("2021-07-22"))
    c = content(database, b.event_id, day_of("2021-07-22"))
    assert (c.power.households_out.value, c.power.buildings_out.value) == (0, 0)
    zh = Reading(c, "zh")
    rows = {row.item: row for row in zh.figures()}
    assert rows["停电户数"].period == "0" and rows["停电楼栋"].period == "0"  # the unit is its own column
    # A peak of "300余" all back is 100% exactly, not about 100%.
    assert c.power.pct_restored_households == 100 and not c.power.pct_restored_households_approx
    assert "约100" not in zh.power() and "仍停电0栋" not in zh.power().replace("、", "")


def test_an_outage_out_again_is_out_since_then_with_its_households_said(database):
    b = make_builder(database, starts=local("2021-07-01 00:00"), code="again-hours")
    oid = b.report("outage", "site-a", local("2021-07-22 09:10"), started_at=local("2021-07-22 09:00"),
                   households_affected=300)
    b.report("outage_update", "site-a", local("2021-07-24 10:10"), outage_id=oid,
             observed_at=local("2021-07-24 10:00"), fully_restored=True)
    b.report("outage_update", "site-a", local("2021-07-24 22:10"), outage_id=oid,
             observed_at=local("2021-07-24 22:00"), households_out=80)
    compile_day(database, b.event_id, day_of("2021-07-24"))
    zh = Reading(content(database, b.event_id, day_of("2021-07-24")), "zh")
    (line,) = [x for x in zh.outstanding() if "甲小区" in x]
    # Out since 22:00 the day before the brief's 24:00 end: 2 hours, not the 63 since it first went out.
    assert "恢复供电后于7月24日22:00再次停电，已2小时" in line.replace(" ", ""), line
    assert "再次停电（80户）" in zh.changes().replace(" ", "")
    table = zh.outage_table()
    assert "7月24日 22:00" in table.rows[0][2] and "首次停电" in table.rows[0][7]


def test_a_still_out_sum_that_leaves_a_place_out_says_so(database):
    b = make_builder(database, starts=local("2021-07-01 00:00"), code="sum-leaves-out")
    b.report("outage", "site-a", local("2021-07-22 09:10"), started_at=local("2021-07-22 09:00"),
             households_affected=300, buildings_affected=10)
    b.report("outage", "site-b", local("2021-07-22 09:20"), started_at=local("2021-07-22 09:00"),
             households_affected=200)  # buildings never given
    compile_day(database, b.event_id, day_of("2021-07-22"))
    c = content(database, b.event_id, day_of("2021-07-22"))
    zh = Reading(c, "zh")
    rows = {row.item: row for row in zh.figures()}
    assert rows["停电楼栋"].period == "10"
    assert rows["停电楼栋"].note.startswith("本期：另有1处仍停电的栋数未报，未计入")
    assert rows["停电户数"].note.startswith("累计栏")  # every household count known: no such note
    assert "共10栋、500户（另有1处栋数未报，未计入）" in zh.power().replace(" ", "")


def test_a_sum_leaving_out_a_building_count_and_a_household_count_says_both_at_once(database):
    # Found by an outside replay of a rainstorm: 共25栋、430户（另有1处栋数未报，未计入）（另有1处户数未报，未计入）,
    # two parentheses in a row; one now names both.
    b = make_builder(database, starts=local("2021-07-01 00:00"), code="sum-leaves-both")
    b.report("outage", "site-a", local("2021-07-22 09:10"), started_at=local("2021-07-22 09:00"),
             households_affected=300)  # buildings never given
    b.report("outage", "site-b", local("2021-07-22 09:20"), started_at=local("2021-07-22 09:00"),
             buildings_affected=10)  # households never given
    compile_day(database, b.event_id, day_of("2021-07-22"))
    c = content(database, b.event_id, day_of("2021-07-22"))
    assert "共10栋、300户（另有1处栋数、1处户数未报，未计入）；" in Reading(c, "zh").power().replace(" ", "")
    assert "(building counts not reported for 1, household counts for 1, not counted)" in Reading(c, "en").power()


def test_households_out_revised_since_a_days_own_brief_are_marked(database):
    b = make_builder(database, starts=local("2021-07-01 00:00"), code="revised-households")
    oid = b.report("outage", "site-a", local("2021-07-22 09:10"), started_at=local("2021-07-22 09:00"),
                   households_affected=300)
    compile_day(database, b.event_id, day_of("2021-07-22"))
    # Learned the next morning: 200 came back on the 22nd at 20:00.
    b.report("outage_update", "site-a", local("2021-07-23 09:00"), outage_id=oid,
             observed_at=local("2021-07-22 20:00"), households_out=100)
    compile_day(database, b.event_id, day_of("2021-07-23"))
    trend = {p.day.isoformat(): p for p in content(database, b.event_id, day_of("2021-07-23")).trend}
    assert trend["2021-07-22"].households_out == 100
    assert trend["2021-07-22"].revised == ["households_out"]


def test_a_day_with_no_outage_open_says_none_out_and_the_buildings_back_have_their_row(database):
    b = make_builder(database, starts=local("2021-07-01 00:00"), code="quiet-day")
    b.report("activity", "site-a", local("2021-07-22 09:10"), observed_at=local("2021-07-22 09:00"),
             title="巡查")
    compile_day(database, b.event_id, day_of("2021-07-22"))
    rows = {row.item: row for row in Reading(content(database, b.event_id, day_of("2021-07-22")), "zh").figures()}
    # "仍停电0处" beside "停电户数 未报" read as a contradiction: no outage open is none out.
    assert rows["停电户数"].period == "0" and rows["停电楼栋"].period == "0"
    oid = b.report("outage", "site-b", local("2021-07-23 09:10"), started_at=local("2021-07-23 09:00"),
                   buildings_affected=6, households_affected=200)
    b.report("outage_update", "site-b", local("2021-07-23 18:10"), outage_id=oid,
             observed_at=local("2021-07-23 18:00"), fully_restored=True)
    compile_day(database, b.event_id, day_of("2021-07-23"))
    rows = {row.item: row for row in Reading(content(database, b.event_id, day_of("2021-07-23")), "zh").figures()}
    assert rows["恢复供电楼栋"].period == "6" and rows["恢复供电户数"].period == "200"


# What the 22nd's own brief said was still out at its end, and what a later update observed that day (known
# only the next morning) made of it with the same count: (the outage's affected, what the first update gave
# back, what the late one says: affected, restored) → (the own brief's marks, the later brief's: lb, ub, approx).
MARK_CHANGES = {
    "50户 → 不超过50户": (90, 40, (90, "40+"), (False, False, False), (False, True, False)),
    "50户 → 约50户": (90, 40, ("90+", "40+"), (False, False, False), (False, False, True)),
    "50余户 → 不超过50户": ("90+", 40, (90, "40+"), (True, False, False), (False, True, False)),
}


def _count(value):
    """A count as the report service takes it: "40+" is 40 and its "more than" flag."""
    text = str(value)
    return int(text.rstrip("+")), text.endswith("+")


@pytest.mark.parametrize("change", MARK_CHANGES)
def test_a_mark_alone_revised_since_a_days_own_brief_is_marked(database, change):
    affected, back, (late_affected, late_back), before, after = MARK_CHANGES[change]
    b = make_builder(database, starts=local("2021-07-01 00:00"), code="revised-mark")
    h, h_lb = _count(affected)
    oid = b.report("outage", "site-a", local("2021-07-22 09:10"), started_at=local("2021-07-22 09:00"),
                   households_affected=h, households_affected_lb=h_lb)
    b.report("outage_update", "site-a", local("2021-07-22 12:10"), outage_id=oid,
             observed_at=local("2021-07-22 12:00"), households_restored=back)
    compile_day(database, b.event_id, day_of("2021-07-22"))
    own = content(database, b.event_id, day_of("2021-07-22")).trend[-1]
    assert (own.households_out, own.households_out_lb, own.households_out_ub, own.households_out_approx) == (
        50, *before)
    # Learned the next morning: at 20:00 on the 22nd, the same 50 out, said otherwise.
    (a, a_lb), (r, r_lb) = _count(late_affected), _count(late_back)
    b.report("outage_update", "site-a", local("2021-07-23 09:00"), outage_id=oid,
             observed_at=local("2021-07-22 20:00"), households_affected=a, households_affected_lb=a_lb,
             households_restored=r, households_restored_lb=r_lb)
    compile_day(database, b.event_id, day_of("2021-07-23"))
    trend = {p.day.isoformat(): p for p in content(database, b.event_id, day_of("2021-07-23")).trend}
    point = trend["2021-07-22"]
    assert (point.households_out, point.households_out_lb, point.households_out_ub,
            point.households_out_approx) == (50, *after)
    assert point.revised == ["households_out"]
