"""二、分街道: a town whose sites pumped (or cleared) but never gave m³ (tonnes) reads 未报 to date, not "—".

The 合计 row's to-date cell already said 未报 there (`pumping.operations_to_date`, `debris.reports_to_date`); a
town's said "—", nothing to tell, though its team had pumped and nobody said how much. docs/briefs.md: "—" only
where there was nothing to tell, and each town's row read over its own sites.
"""

from __future__ import annotations

from datetime import date

from incidents.briefs.content import BriefContent
from incidents.briefs.render import Reading

from .conftest import local, make_builder
from .test_ledger import compile_day, recomputed


def test_a_town_that_pumped_and_cleared_without_figures_reads_unreported_to_date(database):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    # 甲街道: a team pumped on day 1 and a clearance ran, neither giving m³ nor tonnes, ever.
    b.report("pumping", "site-a", local("2021-07-01 18:10"), observed_at=local("2021-07-01 06:00"), team="一队",
             people=6, ended_at=local("2021-07-01 18:00"))
    b.report("debris", "site-a", local("2021-07-01 13:00"), period_start=local("2021-07-01 08:00"),
             period_end=local("2021-07-01 12:00"), truckloads=3)
    # 乙街道: pumped and cleared with figures on day 1; an outage keeps it in the table on day 2.
    op = b.report("pumping", "site-b", local("2021-07-01 18:10"), observed_at=local("2021-07-01 06:00"), team="二队",
                  people=4, ended_at=local("2021-07-01 18:00"))
    b.report("pumping_volume", "site-b", local("2021-07-01 12:10"), operation_id=op, volume_m3=800,
             period_start=local("2021-07-01 08:00"), period_end=local("2021-07-01 12:00"))
    b.report("debris", "site-b", local("2021-07-01 13:00"), period_start=local("2021-07-01 08:00"),
             period_end=local("2021-07-01 12:00"), mass_kg=3000, truckloads=2)
    b.report("outage", "site-a", local("2021-07-02 10:10"), started_at=local("2021-07-02 10:00"), households=50)
    day1 = compile_day(database, b.event_id, date(2021, 7, 1))
    day2 = compile_day(database, b.event_id, date(2021, 7, 2))
    assert day2.carry["carried_from"] is not None  # day 2 from day 1's ledger, as recomputed
    stored, full = recomputed(database, day2.id)
    assert stored == full
    for brief, day_cell in ((day1, "未报"), (day2, "—")):
        table = Reading(BriefContent.from_json(brief.content), "zh").subdistrict_table()
        rows = {r[0]: r for r in table.rows}
        header = table.header
        pumped, cleared = header.index(next(h for h in header if "排水" in h)), \
            header.index(next(h for h in header if "清运" in h))
        # Day 1 their work reached the day (未报 already); day 2 nothing went on, but it had: 未报 to date.
        assert rows["甲街道"][pumped] == f"{day_cell} / 未报", brief.day
        assert rows["甲街道"][cleared] == f"{day_cell} / 未报", brief.day
        assert rows["乙街道"][pumped].endswith(" / 800"), brief.day
        assert rows["乙街道"][cleared].endswith(" / 3"), brief.day
        assert table.total is not None and table.total[pumped].endswith(" / 800"), brief.day
        assert table.total[cleared].endswith(" / 3余"), brief.day  # a clearance without tonnes: more than
    english = Reading(BriefContent.from_json(day2.content), "en").subdistrict_table()
    town = english.rows[0]  # 甲街道 (no English name given)
    assert town[pumped] == "— / not reported" and town[cleared] == "— / not reported"
