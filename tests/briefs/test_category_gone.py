"""A disinfection category the previous brief counted, whose every report is retracted since, is said to
have fallen (累计数低于上期), never dropped from the brief unsaid."""

from __future__ import annotations

from incidents.briefs import formats, services
from incidents.briefs.render import Reading

from .conftest import content, day_of, grates_retracted, local


def test_a_category_whose_reports_were_all_retracted_is_a_fall(database, builder):
    c = grates_retracted(database, builder)
    figures = {cf.code: cf.figure for cf in c.disinfection.categories}
    assert (figures["street"].previous.value, figures["street"].to_date.value, figures["street"].fell) == (6, 4, True)
    grates = figures.get("drain_grate")
    assert grates is not None, "the 120 drain grates of the previous brief vanished unsaid"
    assert (grates.previous.value, grates.to_date.value, grates.fell) == (120, 0, True)  # known 0 now
    assert set(c.quality.falls) == {"disinfection.street", "disinfection.drain_grate"}
    changes = Reading(c, "zh").changes()
    assert "街道累计数低于上期，请核实" in changes and "下水道箅子累计数低于上期，请核实" in changes


def test_a_fallen_category_reads_0_to_date_in_its_subdistricts_row(database, builder):
    c = grates_retracted(database, builder)
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
    c = grates_retracted(database, builder)
    grates = next(cf.figure for cf in c.disinfection.categories if cf.code == "drain_grate")
    # Known to be 0 now (every report of it retracted), not 未报 or "—".
    assert (grates.period.value, grates.to_date.value, grates.previous.value) == (None, 0, 120)
    total = Reading(c, "zh").subdistrict_table().total
    assert total is not None and total[4] == "街道4条 / 4条、下水道箅子— / 0个", total
    key = next(r for r in Reading(c, "zh").figures() if r.item == "下水道箅子")
    assert [key.period, key.to_date, key.previous] == ["—", "0", "120"]
    assert "累计街道4条、下水道箅子0个" in formats.as_text(c, "zh")


def test_the_next_brief_no_longer_lists_a_category_at_0(database, builder):
    grates_retracted(database, builder)
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
