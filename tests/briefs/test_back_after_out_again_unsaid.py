"""An outage out again with households only (its buildings unknown) and fully back: its buildings back are not known.

Found by the storm replay (seed 2): 乙 out again with 120 households and no building count, all back the next day
beside 甲's 4 buildings; 恢复供电楼栋 本日 read 4 with no note, as if 4 were all that came back, where an outage that
never gave a count is noted (另有1处恢复供电的栋数未报，未计入). Its households (120) are known and counted.
"""

from __future__ import annotations

from incidents.briefs import formats

from .conftest import content, day_of, local, make_builder
from .test_ledger import compile_day, recomputed


def test_back_from_out_again_without_a_building_count_is_noted(database):
    b = make_builder(database, starts=local("2021-07-01 00:00"), code="again-unsaid")
    oid = b.report("outage", "site-b", local("2021-07-01 09:10"), started_at=local("2021-07-01 09:00"),
                   households_affected=300, buildings_affected=10)
    b.report("outage_update", "site-b", local("2021-07-01 18:10"), outage_id=oid,
             observed_at=local("2021-07-01 18:00"), fully_restored=True)
    b.report("outage_update", "site-b", local("2021-07-02 09:10"), outage_id=oid,
             observed_at=local("2021-07-02 09:00"), households_out=120)
    b.report("outage_update", "site-b", local("2021-07-03 10:10"), outage_id=oid,
             observed_at=local("2021-07-03 10:00"), fully_restored=True)
    other = b.report("outage", "site-a", local("2021-07-03 08:10"), started_at=local("2021-07-03 08:00"),
                     households_affected=50, buildings_affected=4)
    b.report("outage_update", "site-a", local("2021-07-03 12:10"), outage_id=other,
             observed_at=local("2021-07-03 12:00"), fully_restored=True)
    briefs = {d: compile_day(database, b.event_id, day_of(d)) for d in ("2021-07-01", "2021-07-02", "2021-07-03")}
    p = content(database, b.event_id, day_of("2021-07-03")).power
    assert p.restored_in_period == 2
    assert (p.households_restored.value, p.households_back_unknown) == (170, 0)
    assert (p.buildings_restored.value, p.buildings_back_unknown) == (4, 1)
    text = formats.as_text(content(database, b.event_id, day_of("2021-07-03")), "zh")
    assert "本日恢复供电4栋、170户（另有1处栋数未报，未计入）" in text, text
    # the day before: out again, buildings unknown (未报), nothing back
    before = content(database, b.event_id, day_of("2021-07-02")).power
    assert before.buildings_out.value is None and before.buildings_back_unknown == 0
    # The carried brief (from the day before's ledger) says the same as one recomputed from every report.
    stored, full = recomputed(database, briefs["2021-07-03"].id)
    assert stored["power"] == full["power"]
