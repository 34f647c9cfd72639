"""Re-importing adds nothing; scope and the right to backdate decide what a user may import."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from incidents.models import Report
from incidents.reports.messages import OUTSIDE_SCOPE
from incidents.reports.models import ReportKind
from tests.imports.conftest import count_reports, csv_bytes, problems
from tests.imports.test_rows import activity_rows


def test_the_same_file_twice_adds_nothing_and_new_rows_only_themselves(app, event, make_user, run, database):
    make_user("co", "coordinator")
    rows = activity_rows(5)
    before = count_reports(database)
    assert run(csv_bytes(rows), "co", event).created == 5
    again = run(csv_bytes(rows), "co", event)
    assert (again.created, again.skipped) == (0, 5)
    grown = rows + [["文峰区/北大街街道", "新的一行", "2021-07-25 09:00", ""]]
    assert (run(csv_bytes(grown), "co", event).created, count_reports(database)) == (1, before + 6)


def test_identical_lines_in_one_file_are_separate_facts(app, event, make_user, run, database):
    make_user("co", "coordinator")
    line = ["文峰区/北大街街道", "巡查", "2021-07-24 09:00", ""]
    before = count_reports(database)
    assert run(csv_bytes([activity_rows(0)[0], line, line]), "co", event).created == 2
    assert run(csv_bytes([activity_rows(0)[0], line, line, line]), "co", event).created == 1
    assert count_reports(database) == before + 3


def test_a_scoped_reporter_imports_only_rows_in_scope(app, event, make_user, run, database):
    make_user("bdj", "reporter", scope="文峰区/北大街街道")
    rows = [activity_rows(0)[0], ["文峰区/北大街街道/西钟楼巷", "巡查", "2021-07-24 09:00", ""],
            ["文峰区/东关街道", "巡查", "2021-07-24 09:00", ""]]
    before = count_reports(database)
    outcome = run(csv_bytes(rows), "bdj", event)
    assert problems(outcome) == [(3, "area")] and outcome.problems[0].message == OUTSIDE_SCOPE
    assert count_reports(database) == before
    assert run(csv_bytes(rows[:2]), "bdj", event).created == 1


def test_an_update_to_an_outage_outside_scope_is_refused(app, event, make_user, run, database, session):
    make_user("bdj", "reporter", scope="文峰区/北大街街道")
    from incidents.areas.models import Area

    outside = session.scalar(sa.select(Report).join(Area, Report.area_id == Area.id).where(
        Report.kind == ReportKind.OUTAGE, Area.name == "安彩嘉园二期"))
    rows = [["停电编号", "时间", "已恢复栋数"], [str(outside.id), "2021-07-30 10:00", "1"]]
    outcome = run(csv_bytes(rows), "bdj", event, kind="outage_update")
    assert problems(outcome) == [(2, "outage_id")] and outcome.problems[0].message == OUTSIDE_SCOPE


def test_outage_updates_import_in_order_through_the_form_rules(app, event, make_user, run, database, session):
    make_user("co", "coordinator")
    outage = session.scalar(sa.select(Report).where(Report.kind == ReportKind.OUTAGE).order_by(Report.id))
    rows = [["outage_id", "observed_at", "households_affected", "households_restored", "fully_restored"],
            [str(outage.id), "2021-07-30 10:00", "50", "20", ""],
            [str(outage.id), "2021-07-30 11:00", "", "60", ""]]  # more restored than the 50 affected by then
    before = count_reports(database, kind=ReportKind.OUTAGE_UPDATE)
    assert problems(run(csv_bytes(rows), "co", event)) == [(3, "households_restored")]
    assert count_reports(database, kind=ReportKind.OUTAGE_UPDATE) == before
    rows[2][3] = "50"
    rows[2][4] = "是"
    assert run(csv_bytes(rows), "co", event).created == 2
    with database.read_session() as s:
        assert s.get(Report, outage.id).restored_at is not None  # the outage's restoration kept in step


def test_only_a_coordinator_may_state_reported_at(app, event, make_user, run, database):
    make_user("rep", "reporter")
    make_user("co", "coordinator")
    rows = [activity_rows(0)[0] + ["获悉时间"],
            ["文峰区/北大街街道", "会商", "2021-07-24 09:00", "", "2021-07-24 10:30"]]
    refused = run(csv_bytes(rows), "rep", event)
    assert problems(refused) == [(1, "reported_at")] and "column 获悉时间" in str(refused.problems[0].message)
    assert run(csv_bytes(rows), "co", event).created == 1
    rows[1][4] = ""  # the template's column left empty: the server's time, for anyone
    assert run(csv_bytes(rows), "rep", event).created == 1
    with database.read_session() as s:
        entry = s.scalar(sa.select(Report).order_by(Report.id.desc()).limit(1))
        assert entry.reported_at.year == datetime.now(UTC).year
        entry = s.scalar(sa.select(Report).order_by(Report.id.desc()).offset(1).limit(1))
        assert entry.reported_at.isoformat() == "2021-07-24T02:30:00+00:00"


def test_a_time_the_clocks_showed_twice_is_refused(app, make_user, run, database):
    from datetime import UTC, datetime

    from incidents.events.models import Event

    make_user("co", "coordinator")
    with database.transaction() as s:
        from incidents import demo

        demo.load_file(s)
        ny = Event(code="ny", name="NY storm", kind="rainstorm", timezone="America/New_York",
                   starts_at=datetime(2021, 11, 1, tzinfo=UTC))
        s.add(ny)
    rows = [activity_rows(0)[0], ["文峰区", "会商", "2021-11-07 01:30", ""],
            ["文峰区", "会商", "2021-11-07 01:30-05:00", ""]]
    outcome = run(csv_bytes(rows), "co", ny)
    assert problems(outcome) == [(2, "observed_at")] and "twice" in str(outcome.problems[0].message)


def test_a_vague_reported_at_is_refused_on_its_row_as_over_the_api(client, auth, runner, tmp_path, event, make_user,
                                                                   database):
    """The API's rule and words (tests/api/test_reported_at.py), by line and column."""
    from tests.imports.test_messy_files import cli
    from tests.imports.test_pages import upload

    make_user("co", "coordinator")
    rows = [activity_rows(0)[0] + ["获悉时间"]] + [
        ["文峰区/北大街街道", f"会商 {i}", "2021-07-23 20:00", "", at]
        for i, at in enumerate(["2021-07-24 afternoon", "2021-07-24", "2021-07-24 ~13:00", "2021-07-24 凌晨",
                                "2021-07-24 10:30"])]
    before = count_reports(database)
    result = cli(runner, tmp_path, event, csv_bytes(rows), "log.csv")
    assert result.exit_code == 1
    for line in (2, 3, 4, 5):
        assert f"line {line}, column 获悉时间 (reported_at): must be an exact time (when the office" in result.output
    assert "line 6" not in result.output
    auth.login("co")
    _token, preview = upload(client, f"/events/{event.id}/import", csv_bytes(rows[:2]))
    assert preview.status_code == 422 and "<td>2</td><td>获悉时间</td>" in preview.get_data(as_text=True)
    assert count_reports(database) == before
