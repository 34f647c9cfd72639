"""Every row through the report rules: a bad row stops the whole file and is named by line and column."""

from __future__ import annotations

import sqlalchemy as sa

from incidents.models import Report
from incidents.reports.models import ActivityEntry, DebrisClearance, ReportKind
from incidents.vague import Precision
from tests.imports.conftest import count_reports, csv_bytes, problems, xlsx_bytes

HEADER_ZH = ["地点", "事项", "时间", "来源"]
HEADER_EN = ["area", "title", "observed_at", "source"]


def activity_rows(n: int, header: list[str] = HEADER_ZH) -> list[list[str]]:
    """A header and n activity rows at the subdistrict, one minute apart."""
    return [header] + [["文峰区/北大街街道", f"巡查 {i}", f"2021-07-24 {8 + i // 60 % 12:02d}:{i % 60:02d}", "test"]
                       for i in range(n)]


def test_rows_import_with_chinese_or_english_headers(app, event, make_user, run, database):
    make_user("co", "coordinator")
    assert run(csv_bytes(activity_rows(3)), "co", event).created == 3
    outcome = run(csv_bytes(activity_rows(2, HEADER_EN)[:1] + [["文峰区/东关街道", "会议", "2021-07-25 ~21:00", ""]]),
                  "co", event)
    assert (outcome.created, outcome.problems) == (1, [])
    with database.read_session() as s:
        meeting = s.scalar(sa.select(ActivityEntry).where(ActivityEntry.title == "会议"))
        assert meeting.observed_precision is Precision.APPROXIMATE
        assert meeting.observed_at.isoformat() == "2021-07-25T13:00:00+00:00"  # 21:00 in Asia/Shanghai


def test_one_bad_row_imports_nothing_and_is_named_by_line_and_column(app, event, make_user, run, database):
    make_user("co", "coordinator")
    rows = activity_rows(3000)
    rows[2209][2] = "2021-07-24 下午三点"  # line 2,210 of the file (line 1 is the header)
    before = count_reports(database)
    outcome = run(csv_bytes(rows), "co", event)
    assert problems(outcome) == [(2210, "observed_at")]
    # What a time looks like, on a day of the event: the demo's has ended, so its last.
    assert "2021-07-31 21:00" in str(outcome.problems[0].message)
    assert count_reports(database) == before and not outcome.stored


def test_quantities_and_tonnes_read_like_the_forms(app, event, make_user, run, database):
    make_user("co", "coordinator")
    rows = [["地点", "起始时间", "截止时间", "清运量(吨)", "车次", "人数"],
            ["文峰区/东关街道", "2021-07-26 morning", "2021-07-26 18:00", "30余", "１２", "1,200"]]
    assert run(csv_bytes(rows), "co", event).problems == []
    with database.read_session() as s:
        debris = s.scalar(sa.select(DebrisClearance).order_by(DebrisClearance.id.desc()).limit(1))
        assert (debris.mass_kg, debris.mass_kg_lb, debris.truckloads, debris.people) == (30000, True, 12, 1200)
        assert debris.period_start_precision is Precision.MORNING


def test_every_rule_of_validation_applies_and_names_its_column(app, event, make_user, run, database):
    make_user("co", "coordinator")
    before = count_reports(database, kind=ReportKind.DEBRIS)
    rows = [["area", "period_start", "period_end", "mass_t", "truckloads"],
            ["文峰区/东关街道", "2021-07-26 10:00", "2021-07-26 08:00", "3", "2"],  # end before start
            ["文峰区/无此街道", "2021-07-26 10:00", "", "3", "-2"],  # unknown place, negative count
            ["文峰区/东关街道", "2099-07-26 10:00", "", "three", ""]]  # future, not a number
    outcome = run(csv_bytes(rows), "co", event, kind="debris")
    # A cell that cannot be read (three tonnes) hides nothing else of its row: the future start is named too.
    assert problems(outcome) == [(2, "period_end"), (3, "area"), (3, "truckloads"), (4, "mass_t"), (4, "period_start")]
    rows[3][3] = "3"
    assert (4, "period_start") in problems(run(csv_bytes(rows), "co", event, kind="debris"))
    assert count_reports(database, kind=ReportKind.DEBRIS) == before


def test_an_unknown_column_refuses_the_file_naming_it(app, event, make_user, run):
    make_user("co", "coordinator")
    outcome = run(csv_bytes([["地点", "事项", "时间", "天气"], ["文峰区", "x", "2021-07-24", "雨"]]), "co", event)
    assert problems(outcome) == [(1, "天气")]


def test_xlsx_with_typed_dates_and_numbers(app, event, make_user, run, database):
    from datetime import datetime

    make_user("co", "coordinator")
    rows = [["地点", "停电时间", "停电户数", "停电栋数"],
            ["文峰区/北大街街道/彰德路64号院", datetime(2021, 7, 22, 23, 40), 120, "3余"]]
    outcome = run(xlsx_bytes(rows), "co", event, filename="outages.xlsx")
    assert (outcome.kind, outcome.created, outcome.problems) == ("outage", 1, [])
    with database.read_session() as s:
        outage = s.scalar(sa.select(Report).where(Report.kind == ReportKind.OUTAGE).order_by(Report.id.desc()))
        assert (outage.households_affected, outage.buildings_affected, outage.buildings_affected_lb) == (120, 3, True)
        assert outage.started_at.isoformat() == "2021-07-22T15:40:00+00:00"


def test_a_value_under_no_heading_is_an_error_of_its_row(app, event, make_user, run):
    make_user("co", "coordinator")
    rows = [["地点", "", "事项", "时间"], ["文峰区", "", "会商", "2021-07-24 09:00"],
            ["文峰区", "x", "会商", "2021-07-24 10:00"], ["文峰区", "", "会商", "2021-07-24 11:00", "多余"]]
    assert problems(run(csv_bytes(rows), "co", event)) == [(3, "B"), (4, "E")]  # named by the letter: it has no heading


def test_a_rows_unknown_place_does_not_hide_its_other_problems(app, event, make_user, run):
    """A clerk fixed 地点 and uploaded again only to learn then that 停电户数 "abc" was not a number either:
    a row's place the file gets wrong no longer keeps its other cells from being checked."""
    make_user("co", "coordinator")
    rows = [["地点", "停电时间", "停电户数"],
            ["文峰区/不存在街道", "2021-07-24 07:00", "abc"],
            ["文峰区/北大街街道", "2021-07-24 下午三点", "12"]]
    found = problems(run(csv_bytes(rows), "co", event))
    assert (2, "area") in found and (2, "households_affected") in found, found
    assert (3, "started_at") in found and (3, "area") not in found, found
