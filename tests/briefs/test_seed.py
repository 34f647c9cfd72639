"""The seed scenario: the briefs for 2021-07-24, -25, -26 and -28 carry the seed's figures on the right days.

Every brief here is the scheduled one, compiled (as a catch-up on 07-31) with its nominal cut-off:
the brief time, 08:00 the next morning. The 50,000 m³ pumped at 文峰汇·十二府 over 07-24 → 07-27
was reported on 07-27 12:00, so the first revisions of the 07-24..26 briefs honestly say the volume
was not reported; the 07-27 brief carries it (its share and the total to date), and a recompile of
an earlier day after 07-27 12:00 shows that day's apportioned share.

Apportioning: the volume report runs from "07-24" to "07-27" (day precision, stored as their noons,
12:00 local), 72 hours: 12 h on 07-24, 24 h on 07-25 and 07-26, 12 h on 07-27. Cumulative rounding
gives 8,333 + 16,667 + 16,666 + 8,334 = 50,000 m³, each marked approximate.
"""

from __future__ import annotations

import pytest

from incidents.briefs import services
from incidents.briefs.content import BriefContent
from incidents.briefs.render import Reading

from .conftest import compile_seed, content, day_of, local


@pytest.fixture(scope="module")
def seed(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, BriefContent]:
    """The scheduled briefs 07-22..07-30, caught up on 07-31 09:00, compiled once for this module's readers."""
    contents = compile_seed(db_url, str(tmp_path_factory.mktemp("seed")), local("2021-07-31 09:00"), 30)
    assert len(contents) == 9
    return contents


def test_numbering_periods_and_cutoffs(seed):
    c = seed["2021-07-24"]
    assert c.header.number == 3  # the rainstorm began 07-22: 第1期 is 07-22
    assert c.header.period_start == local("2021-07-24 00:00")
    assert c.header.period_end == local("2021-07-25 00:00")
    assert c.header.cutoff == local("2021-07-25 08:00")
    assert c.header.compiled_by is None and c.header.revision == 1 and not c.header.provisional


def test_0724_power_and_pumping(seed):
    c = seed["2021-07-24"]
    p = c.power
    # Still out at 24:00: 文峰汇·十二府 (size not reported) and 安彩嘉园二期 (24 buildings).
    assert [o.area for o in p.open] == ["文峰汇·十二府", "安彩嘉园二期"]
    assert p.buildings_out.value == 24 and p.buildings_unknown == 1
    assert p.households_out.value is None  # nobody reported households: 未报, never 0
    # Restored in the period: 北大街街道's compounds in the afternoon, 彰德路64号院 at ≈21:00.
    assert [(o.area, o.restored.precision) for o in p.restored] == [
        ("北大街街道", "afternoon"), ("彰德路64号院", "approximate")]
    assert p.restored[1].restored.at == local("2021-07-24 21:00")
    # 安彩嘉园二期 came back at 00:45 on 07-25: known by the cut-off, said so, counted next day.
    acjy = p.open[1]
    assert acjy.restored_after.at == local("2021-07-25 00:45")
    assert acjy.hours_out == 29 and acjy.hours_approx  # from ≈19:00 on 07-23
    # Pumping: two sites (衡水 12 people, the subdistrict's 50+), volume not yet reported.
    assert c.pumping.active == 2 and c.pumping.people.value == 62 and c.pumping.people.lb
    assert c.pumping.volume_m3.period.value is None and c.pumping.volume_m3.to_date.value is None
    text = Reading(c, "zh").power()
    assert "仍停电2处" in text and "24栋" in text and "约21:00恢复" in text and "7月24日下午恢复" in text


def test_0725_ancai_restored(seed):
    c = seed["2021-07-25"]
    p = c.power
    assert [o.area for o in p.restored] == ["安彩嘉园二期"]
    assert p.buildings_restored.value == 24  # all 24 high-rise buildings back at 00:45
    assert p.restored[0].restored.at == local("2021-07-25 00:45")
    assert p.open_outages == 1 and p.open[0].area == "文峰汇·十二府"
    assert p.peak_buildings.value == 24 and p.pct_restored_buildings == 100
    assert c.pumping.volume_m3.to_date.value is None  # still unknown on 07-26 08:00


def test_0726_debris_and_disinfection(seed):
    c = seed["2021-07-26"]
    # 30+ t cleared from 07-25 afternoon (15:00) to 07-26 morning (09:00): 9 h on each day.
    mass = c.debris.mass_kg
    assert (mass.period.value, mass.period.lb, mass.period.approx) == (15000, True, True)
    assert (mass.to_date.value, mass.to_date.lb, mass.to_date.approx) == (30000, True, False)
    # The Sanitation Centre's round (district-wide) and the two streets.
    cats = {cf.code: cf.figure for cf in c.disinfection.categories}
    assert (cats["litter_bin"].period.value, cats["litter_bin"].period.lb) == (2700, True)
    assert cats["street"].period.value == 2 and cats["public_toilet"].to_date.value == 229
    # 700余 sanitation workers on duty: staff, not person-times.
    assert c.disinfection.person_times.to_date.value is None
    assert (c.disinfection.staff.period.value, c.disinfection.staff.period.lb) == (700, True)
    # The debris report (reported 07-26 12:00) missed the 07-25 brief: a late report.
    assert [(lt.kind, lt.day) for lt in c.quality.late] == [("debris", day_of("2021-07-25"))]
    text = Reading(c, "zh").debris()
    assert "15余吨" in text and "约15余吨" not in text and "累计30余吨" in text


def test_0727_carries_the_pumped_volume(seed):
    c = seed["2021-07-27"]
    v = c.pumping.volume_m3
    assert (v.period.value, v.period.approx) == (8334, True)
    assert (v.to_date.value, v.to_date.approx) == (50000, False)
    # 安彩嘉园二期's garage was pumped too, its volume never reported: the 50,000 says it leaves it out.
    assert c.pumping.unmeasured == 1
    assert "累计50,000立方米（另有1处排水量未报，未计入）" in Reading(c, "zh").pumping().replace(" ", "")
    # Before any volume came, "not reported to date" says it all: no "not counting" beside it.
    before = Reading(seed["2021-07-25"], "zh").pumping()
    assert "累计未报" in before and "未计入" not in before
    assert any(ch.kind == "volume_reported" for ch in c.changes)
    assert ("pumping_volume", day_of("2021-07-24")) in [(lt.kind, lt.day) for lt in c.quality.late]


def test_0728_beidajie_disinfection(seed):
    c = seed["2021-07-28"]
    cats = {cf.code: cf.figure for cf in c.disinfection.categories}
    # 北大街街道's totals to date (截至目前), reported 07-28: in the period, marked as to-date counts.
    for code, n in {"street": 24, "compound": 13, "courtyard": 66, "garbage_point": 68, "drain_grate": 86,
                    "hand_sprayer": 11, "misting_sprayer": 6}.items():
        assert (cats[code].period.value, cats[code].period.cum) == (n, True), code
    assert cats["street"].to_date.value == 26  # 24 + 富泉街 + 兴泰路
    pt = c.disinfection.person_times
    # 80 + 20, and the streets of 07-26 disinfected by people nobody counted: at least 100.
    assert (pt.period.value, pt.to_date.value, pt.to_date.lb) == (80, 100, True)
    assert pt.previous.value == 20  # the 07-27 brief's to date, carried beside it
    assert c.pumping.volume_m3.to_date.value == 50000 and c.pumping.volume_m3.period.value is None
    assert c.debris.mass_kg.to_date.value == 30000 and c.debris.mass_kg.to_date.lb
    row = next(r for r in c.subdistricts if r.name == "北大街街道")
    # Each category on its own: never 24 + 13 + 66 + 68 + 86 "sites".
    assert {cf.code: cf.figure.period.value for cf in row.disinfection} == {
        "street": 24, "compound": 13, "courtyard": 66, "garbage_point": 68, "drain_grate": 86}
    # The table says these are totals to date as reported, not the day's work (it has no note column).
    cells = next(r for r in Reading(c, "zh").subdistrict_table().rows if r[0] == "北大街街道")
    assert "街道24条（含截至目前累计数）" in cells[4].replace(" ", "")


def test_recompiled_revisions_show_the_late_volume(database, seed_briefs):
    """Recompiled on 07-31 09:00 (cut-off then), each day shows its apportioned share; they sum to 50,000."""
    shares = {}
    for d in ("2021-07-24", "2021-07-25", "2021-07-26", "2021-07-27"):
        result = services.compile_once(database, seed_briefs.id, day_of(d), now=local("2021-07-31 09:00"),
                                       new_revision=True)
        assert result.created and result.brief.revision == 2
        c = content(database, seed_briefs.id, day_of(d), 2)
        shares[d] = c.pumping.volume_m3.period.value
        assert c.pumping.volume_m3.period.approx
        assert c.quality.previous_revision == 1
        # New to revision 2: the volume (reported 07-27 12:00) for 07-24..26; for 07-25 also the
        # 富泉街/兴泰路 clearance (07-26 12:00); the 文峰家园 clean-up (07-30, observed 07-25) for 07-25
        # and, in their to-date debris, 07-26 and 07-27.
        added = {"2021-07-24": 1, "2021-07-25": 3, "2021-07-26": 2, "2021-07-27": 1}[d]
        assert c.quality.added_since_previous_revision == added
    assert shares == {"2021-07-24": 8333, "2021-07-25": 16667, "2021-07-26": 16666, "2021-07-27": 8334}
    assert sum(shares.values()) == 50000
    # Revision 1 stays as it was: a brief never changes under a reader's eyes.
    assert content(database, seed_briefs.id, day_of("2021-07-24"), 1).pumping.volume_m3.period.value is None
    # The 07-25 revision now has the Wenfeng Jiayuan clean-up (50+ truckloads), reported 07-30.
    c25 = content(database, seed_briefs.id, day_of("2021-07-25"), 2)
    assert (c25.debris.truckloads.period.value, c25.debris.truckloads.period.lb) == (50, True)


def test_zero_report_board_and_blank_sections(seed):
    c = seed["2021-07-24"]
    assert [a.name for a in c.quality.silent] == ["银杏大街街道", "东关街道", "光华路街道", "宝莲寺镇"]
    assert set(c.quality.blank_sections) == {"disinfection", "debris"}
    assert c.quality.unverified == c.quality.reports_used  # the demo's reports are all unverified
    # "Reports used" are the ones the subdistrict table counts, the late 文峰汇 outage among them (it was 4
    # beside 北大街's 5).
    assert c.quality.reports_used == sum(r.reports for r in c.subdistricts) == 5


def test_catch_up_long_after_gives_the_same_brief(database, rainstorm):
    """The scheduled brief depends on its nominal cut-off, not on when it is compiled."""
    early = services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-25 08:00"))
    first = content(database, rainstorm.id, day_of("2021-07-24")).to_json()
    with database.transaction() as s:
        from incidents.models import Brief

        s.delete(s.get(Brief, early.brief.id))
    later = services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-08-09 08:00"))
    second = content(database, rainstorm.id, day_of("2021-07-24")).to_json()
    for c in (first, second):
        c["header"].pop("compiled_at")
    assert later.created
    assert first["header"] == second["header"]
    assert first == second
