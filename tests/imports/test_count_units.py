"""An import's count cells may carry their column's own unit ("120人次", "30余户"); another unit is refused
at its line and column, nothing stored, though the same text is right in another column ("20人" staff)."""

from __future__ import annotations

import sqlalchemy as sa

from incidents.reports.models import Disinfection, PowerOutage, Report, ReportKind
from tests.imports.conftest import count_reports, csv_bytes, problems, xlsx_bytes

HEADER = ["地点", "时间", "人次", "在岗人数", "街道"]


def test_counts_with_their_units_import(app, event, make_user, run, database):
    make_user("co", "coordinator")
    rows = [HEADER, ["文峰区/东关街道", "2021-07-27 16:30", "120人次", "20人", "12条"]]
    outcome = run(csv_bytes(rows), "co", event, kind="disinfection")
    assert outcome.problems == [] and outcome.created == 1
    with database.read_session() as s:
        report = s.scalar(sa.select(Disinfection).order_by(Disinfection.id.desc()).limit(1))
        assert (report.person_times, report.staff) == (120, 20)
        assert {c.category_code: c.count for c in report.counts} == {"street": 12}


def test_another_unit_is_named_at_its_column(app, event, make_user, run, database):
    make_user("co", "coordinator")
    before = count_reports(database, kind=ReportKind.DISINFECTION)
    # "20人" is right for staff (row 2) and wrong for person-times (row 3): each column reads its own unit.
    rows = [HEADER, ["文峰区/东关街道", "2021-07-27 16:30", "120人次", "20人", ""],
            ["文峰区/东关街道", "2021-07-27 17:30", "20人", "20人", ""]]
    outcome = run(csv_bytes(rows), "co", event, kind="disinfection")
    assert problems(outcome) == [(3, "person_times")]
    assert str(outcome.problems[0].message) == 'must be in person-times: "人" is another unit'
    assert count_reports(database, kind=ReportKind.DISINFECTION) == before


def test_an_xlsx_outage_in_households_and_buildings(app, event, make_user, run, database):
    from datetime import datetime

    make_user("co", "coordinator")
    rows = [["地点", "停电时间", "停电户数", "停电栋数"],
            ["文峰区/北大街街道/彰德路64号院", datetime(2021, 7, 22, 23, 40), "30余户", "5幢"]]
    outcome = run(xlsx_bytes(rows), "co", event, filename="outages.xlsx")
    assert (outcome.kind, outcome.created, outcome.problems) == ("outage", 1, [])
    with database.read_session() as s:
        outage = s.scalar(sa.select(Report).where(Report.kind == ReportKind.OUTAGE).order_by(Report.id.desc()))
        assert isinstance(outage, PowerOutage)
        assert (outage.households_affected, outage.households_affected_lb, outage.buildings_affected) == (30, True, 5)
