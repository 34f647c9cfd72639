"""A disinfection category the previous brief counted, whose every report is retracted since, is said to
have fallen (累计数低于上期), never dropped from the brief unsaid."""

from __future__ import annotations

from incidents.briefs import services
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
    assert (grates.previous.value, grates.to_date.value, grates.fell) == (120, None, True)
    assert set(c.quality.falls) == {"disinfection.street", "disinfection.drain_grate"}
    changes = Reading(c, "zh").changes()
    assert "街道累计数低于上期，请核实" in changes and "下水道箅子累计数低于上期，请核实" in changes
