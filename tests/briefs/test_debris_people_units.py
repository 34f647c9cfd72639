"""Debris clearance's people and vehicles: a day's figure is the people (人) and vehicles (辆) sent, as the
report page says of one report; the total to date, over days, is person-times (人次) and vehicle-times (台次)."""

from __future__ import annotations

from incidents.briefs import formats, services

from .conftest import content, day_of, local, make_builder


def test_a_days_clearance_crew_is_people_and_the_total_person_times(database):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    b.report("debris", "site-a", local("2021-07-01 18:00"), period_start=local("2021-07-01 10:00"),
             period_end=local("2021-07-01 17:00"), mass_kg=5000, people=12, vehicles=3)
    b.report("debris", "site-a", local("2021-07-02 18:00"), period_start=local("2021-07-02 10:00"),
             period_end=local("2021-07-02 17:00"), mass_kg=4000, people=10, vehicles=2)
    services.compile_due(database, now=local("2021-07-03 08:00"), catchup_days=2, event_ids=[b.event_id])
    c = content(database, b.event_id, day_of("2021-07-02"))
    zh = formats.as_text(c, "zh")
    debris = next(line for line in zh.splitlines() if line.startswith("清运"))
    assert "投入10人" in debris and "出动车辆2辆" in debris, debris
    assert "人次" not in debris and "台次" not in debris, debris
    md = formats.as_markdown(c, "zh")
    people = next(line for line in md.splitlines() if line.startswith("| 清运人员"))
    vehicles = next(line for line in md.splitlines() if line.startswith("| 清运车辆"))
    assert people.startswith("| 清运人员 | 人 / 人次 | 10 | 22 |"), people
    assert vehicles.startswith("| 清运车辆 | 辆 / 台次 | 2 | 5 |"), vehicles
    en = formats.as_text(c, "en")
    assert "10 people deployed" in en and "vehicles 2" in en, en
