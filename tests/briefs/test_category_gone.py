"""A disinfection category the previous brief counted, whose every report is retracted since, is said to
have fallen (累计数低于上期), never dropped from the brief unsaid."""

from __future__ import annotations

from incidents.briefs import formats, services
from incidents.briefs.render import Reading
from incidents.models import Report
from incidents.reports.services import set_status

from .conftest import content, day_of, local


def test_a_category_whose_reports_were_all_retracted_is_a_fall(database, builder):
    b = builder
    # Day 1: 乙小区 disinfects 6 streets and 120 drain grates (the round was entered twice on paper).
    first = b.report(
        "disinfection",
        "site-b",
        local("2021-07-01 20:00"),
        observed_at=local("2021-07-01 15:00"),
        person_times=40,
        counts={"street": (6, False), "drain_grate": (120, False)},
    )
    services.compile_due(database, now=local("2021-07-02 08:00"), catchup_days=1, event_ids=[b.event_id])
    # Day 2: another round of 4 streets, and the day-1 report retracted as the duplicate it was.
    b.report(
        "disinfection",
        "site-a",
        local("2021-07-02 17:00"),
        observed_at=local("2021-07-02 15:00"),
        person_times=60,
        counts={"street": (4, False)},
    )
    with database.transaction() as s:
        set_status(s, s.get(Report, first), "retracted", b.user_id, reason="duplicate")
    services.compile_due(database, now=local("2021-07-03 08:00"), catchup_days=1, event_ids=[b.event_id])
    c = content(database, b.event_id, day_of("2021-07-02"))
    figures = {cf.code: cf.figure for cf in c.disinfection.categories}
    assert (figures["street"].previous.value, figures["street"].to_date.value, figures["street"].fell) == (6, 4, True)
    grates = figures.get("drain_grate")
    assert grates is not None, "the 120 drain grates of the previous brief vanished unsaid"
    assert (grates.previous.value, grates.to_date.value, grates.fell) == (120, 0, True)  # known 0 now
    assert set(c.quality.falls) == {"disinfection.street", "disinfection.drain_grate"}
    changes = Reading(c, "zh").changes()
    assert "街道累计数低于上期，请核实" in changes and "下水道箅子累计数低于上期，请核实" in changes


def _retracted(database, b):
    """Day 1: 乙小区 6 streets and 120 drain grates; day 2: 甲小区 4 streets, the day-1 report retracted."""
    first = b.report(
        "disinfection",
        "site-b",
        local("2021-07-01 20:00"),
        observed_at=local("2021-07-01 15:00"),
        person_times=40,
        counts={"street": (6, False), "drain_grate": (120, False)},
    )
    services.compile_due(database, now=local("2021-07-02 08:00"), catchup_days=1, event_ids=[b.event_id])
    b.report(
        "disinfection",
        "site-a",
        local("2021-07-02 17:00"),
        observed_at=local("2021-07-02 15:00"),
        person_times=60,
        counts={"street": (4, False)},
    )
    with database.transaction() as s:
        set_status(s, s.get(Report, first), "retracted", b.user_id, reason="duplicate")
    services.compile_due(database, now=local("2021-07-03 08:00"), catchup_days=1, event_ids=[b.event_id])
    return content(database, b.event_id, day_of("2021-07-02"))


def test_a_fallen_category_reads_0_to_date_in_its_subdistricts_row(database, builder):
    c = _retracted(database, builder)
    row = next(r for r in c.subdistricts if r.name == "乙街道")
    # As the district's line says it fell: 0 to date in the row, not left out of it unsaid.
    assert {cf.code: (cf.figure.period.value, cf.figure.to_date.value) for cf in row.disinfection} == {
        "street": (None, 0),
        "drain_grate": (None, 0),
    }
    zh, en = Reading(c, "zh").subdistrict_table(), Reading(c, "en").subdistrict_table()
    assert {r[0]: r[4] for r in zh.rows}["乙街道"] == "街道— / 0条、下水道箅子— / 0个"
    assert {r[0]: r[4] for r in en.rows}["乙街道"] == "Streets — / 0, drain grates — / 0"
    assert "| 乙街道 | 0 | 0 | — / — | 街道— / 0条、下水道箅子— / 0个 |" in formats.as_markdown(c, "zh")


def test_a_fallen_category_reads_0_to_date_in_the_total_and_the_key_figures(database, builder):
    c = _retracted(database, builder)
    grates = next(cf.figure for cf in c.disinfection.categories if cf.code == "drain_grate")
    # Known to be 0 now (every report of it retracted), not 未报 or "—".
    assert (grates.period.value, grates.to_date.value, grates.previous.value) == (None, 0, 120)
    total = Reading(c, "zh").subdistrict_table().total
    assert total is not None and total[4] == "街道4条 / 4条、下水道箅子— / 0个", total
    key = next(r for r in Reading(c, "zh").figures() if r.item == "下水道箅子")
    assert [key.period, key.to_date, key.previous] == ["—", "0", "120"]
    assert "累计街道4条、下水道箅子0个" in formats.as_text(c, "zh")


def test_the_next_brief_no_longer_lists_a_category_at_0(database, builder):
    _retracted(database, builder)
    services.compile_due(database, now=local("2021-07-04 08:00"), catchup_days=1, event_ids=[builder.event_id])
    c = content(database, builder.event_id, day_of("2021-07-03"))
    assert [cf.code for cf in c.disinfection.categories] == ["street"]
    assert all(
        cf.code == "street" and cf.figure.to_date.value == 4
        for r in c.subdistricts
        for cf in r.disinfection
        if r.name == "甲街道"
    )
    assert not next(r for r in c.subdistricts if r.name == "乙街道").disinfection
