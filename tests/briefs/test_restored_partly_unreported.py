"""Power back in the period where one outage gave a count and another none: the figure says the other was left out.

Found by an auditor: 甲 came back with 100 households, 乙 came back with no count given, and 恢复供电户数 本日 read
100 with no note (the text too), as if 100 were all that came back. As a sum still out says 另有1处…未报，未计入
(docs/briefs.md), the figure back says so: in the text and in the key figures' note, zh and en, from one Reading.
"""

from __future__ import annotations

from incidents.briefs import formats, services

from .conftest import content, day_of, figures_row, local, make_builder, out_and_back


def _brief(database, second: dict[str, object]):
    """甲 (100 households) and 乙 (`second` its counts) out at 10:00, both fully back at 15:00 on 07-01."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    out_and_back(b, "site-a", households_affected=100)
    out_and_back(b, "site-b", **second)
    services.compile_once(database, b.event_id, day_of("2021-07-01"), now=local("2021-07-02 08:00"))
    return content(database, b.event_id, day_of("2021-07-01"))


def test_a_restoration_without_a_count_is_noted_beside_the_figure(database):
    c = _brief(database, {})
    assert c.power.restored_in_period == 2 and c.power.households_restored.value == 100
    assert "本日恢复供电100户（另有1处户数未报，未计入）" in formats.as_text(c, "zh")
    assert (
        "power back in the period for 100 households (household counts not reported for 1, not counted)"
        in formats.as_text(c, "en")
    )
    row = figures_row(c, "恢复供电户数")
    assert row[2] == "100" and "本期：另有1处恢复供电的户数未报，未计入" in row[-1], row
    en = figures_row(c, "Households with power back", "en")
    assert en[2] == "100" and "Back in the period: household counts not reported for 1, not counted" in en[-1], en
    # Buildings: no outage gave one, so the cell itself says 未报, with no note beside it.
    buildings = figures_row(c, "恢复供电楼栋")
    assert buildings[2] == "未报" and "另有" not in buildings[-1], buildings
    assert (c.power.households_back_unknown, c.power.buildings_back_unknown) == (1, 2)
    # 二、分街道: the district's total says it in its 恢复 cell, and the buildings no outage gave (乙街道's own row
    # gave no count: 1（户数、栋数未报）).
    assert "2（恢复100户，栋数未报，另有1处户数未报）" in formats.as_text(c, "zh")
    assert ("2 (100 households back, building counts not reported, household counts not reported for 1 more)"
            in formats.as_text(c, "en"))


def test_no_note_when_every_restoration_gave_its_count(database):
    c = _brief(database, {"households_affected": 20})
    assert figures_row(c, "恢复供电户数")[2] == "120" and "另有" not in figures_row(c, "恢复供电户数")[-1]
    assert "本日恢复供电120户；" in formats.as_text(c, "zh")
    assert c.power.households_back_unknown == 0


def test_a_subdistricts_row_says_it_too(database):
    """Two outages at 甲小区 (100 households; none given) back: 甲街道's row is
    2（恢复100户，栋数未报，另有1处户数未报）."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    out_and_back(b, "site-a", households_affected=100)
    out_and_back(b, "site-a")
    services.compile_once(database, b.event_id, day_of("2021-07-01"), now=local("2021-07-02 08:00"))
    c = content(database, b.event_id, day_of("2021-07-01"))
    assert "甲街道,0,2（恢复100户，栋数未报，另有1处户数未报）" in formats.as_csv(c, "subdistricts", "zh")
