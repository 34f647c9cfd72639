"""A row with a cell that cannot be read and a rule broken between its cells names both, in one upload:
the rows go through the rules every path shares (validate_report). Nothing is imported."""

from __future__ import annotations

from tests.imports.conftest import count_reports, csv_bytes, problems


def test_a_debris_row_names_its_unit_and_its_end_before_the_start_together(app, event, make_user, run, database):
    make_user("co", "coordinator")
    before = count_reports(database)
    rows = [["area", "period_start", "period_end", "truckloads"],
            ["文峰区/东关街道", "2021-07-26 18:00", "2021-07-26 08:00", "5辆"]]
    outcome = run(csv_bytes(rows), "co", event)
    assert sorted(problems(outcome)) == [(2, "period_end"), (2, "truckloads")]
    assert count_reports(database) == before and not outcome.stored


def test_a_debris_row_names_its_tonnes_and_its_end_before_the_start_together(app, event, make_user, run,
                                                                            database):
    make_user("co", "coordinator")
    rows = [["area", "period_start", "period_end", "mass_t"],
            ["文峰区/东关街道", "2021-07-26 18:00", "2021-07-26 08:00", "很多"]]
    outcome = run(csv_bytes(rows), "co", event)
    assert sorted(problems(outcome)) == [(2, "mass_t"), (2, "period_end")]
