"""Each kind round-trips through its template (CSV and XLSX, Chinese and English); the CLI; areas."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.imports import services
from incidents.imports.templates import template_csv, template_xlsx
from incidents.models import Report
from incidents.reports.models import Disinfection, ReportKind
from tests.imports.conftest import count_reports, problems


def sample_row(kind: str, outage_id: int, operation_id: int) -> dict[str, str]:
    """One valid row of a kind, by canonical column name."""
    place = {"area": "文峰区/北大街街道/彰德路64号院", "source": "模板"}
    return {
        "outage": {**place, "started_at": "2021-07-22 23:40", "households_affected": "120"},
        "outage_update": {"outage_id": str(outage_id), "observed_at": "2021-07-31 09:00", "etr_at": "2021-07-31 18:00"},
        "pumping": {**place, "team": "消防救援大队", "observed_at": "2021-07-23 afternoon", "pumps": "4"},
        "pumping_volume": {"operation_id": str(operation_id), "period_start": "2021-07-24 08:00",
                           "period_end": "2021-07-24 20:00", "volume_m3": "3000余"},
        "disinfection": {**place, "observed_at": "2021-07-27", "person_times": "30", "count_street": "6"},
        "debris": {**place, "period_start": "2021-07-26 morning", "mass_t": "2.5"},
        "activity": {**place, "observed_at": "2021-07-24 ~21:00", "title": "会商"},
        "zero_report": {"area": "文峰区/北大街街道", "period_day": "2021-07-25", "source": "模板"},
    }[kind]


def filled(kind: str, language: str, fmt: str, cats, values: dict[str, str]) -> bytes:
    """The downloaded template with one row filled in under its own headers."""
    columns = services.columns_for(kind, cats)
    row = [values.get(c.name, "") for c in columns]
    if fmt == "csv":
        text = template_csv(kind, language, cats).decode("utf-8")
        return (text + ",".join(row) + "\r\n").encode("utf-8")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(template_xlsx(kind, language, cats)))
    book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("kind", [str(k) for k in ReportKind])
def test_each_kind_round_trips_through_its_template(kind, app, event, make_user, run, database, session):
    make_user("co", "coordinator")
    cats = services.categories(session)
    outage = session.scalar(sa.select(Report.id).where(Report.kind == ReportKind.OUTAGE).order_by(Report.id))
    operation = session.scalar(sa.select(Report.id).where(Report.kind == ReportKind.PUMPING).order_by(Report.id))
    values = sample_row(kind, outage, operation)
    for language, fmt in (("zh", "xlsx"), ("en", "csv")):
        before = count_reports(database, kind=kind)
        if kind == "zero_report":  # one per subdistrict and day: each file answers another day
            values["period_day"] = {"xlsx": "2021-07-24", "csv": "2021-07-25"}[fmt]
        outcome = run(filled(kind, language, fmt, cats, {**values, "note": fmt}), "co", event, filename=f"t.{fmt}")
        assert (outcome.kind, outcome.problems, outcome.created) == (kind, [], 1)
        assert count_reports(database, kind=kind) == before + 1
    # The same row under the other language's headers is the same fact: nothing new.
    again = run(filled(kind, "en", "xlsx", cats, {**values, "note": "csv"}), "co", event, filename="t.xlsx")
    assert (again.created, again.skipped) == (0, 1)
    if kind == "disinfection":
        with database.read_session() as s:
            report = s.scalar(sa.select(Disinfection).order_by(Disinfection.id.desc()).limit(1))
            assert {c.category_code: c.count for c in report.counts} == {"street": 6}


def test_templates_download_in_both_languages(client, auth, event, make_user):
    make_user("co", "coordinator")
    auth.login("co")
    zh = client.get("/imports/templates/activity.csv?lang=zh")
    assert zh.status_code == 200 and zh.get_data(as_text=True).lstrip("\ufeff").startswith("地点,")
    assert zh.headers["Content-Type"] == "text/csv; charset=utf-8"  # once: a doubled charset confuses clients
    en = client.get("/imports/templates/debris.xlsx?lang=en")
    assert en.status_code == 200 and en.data[:2] == b"PK"
    assert client.get("/imports/templates/nonsense.csv").status_code == 404


def test_the_cli_imports_with_a_progress_line_and_a_dry_run(runner, event, make_user, database, tmp_path):
    make_user("co", "coordinator")
    path = tmp_path / "log.csv"
    path.write_text("地点,事项,时间\n文峰区/北大街街道,巡查,2021-07-24 09:00\n文峰区,会商,2021-07-24 10:00\n",
                    encoding="utf-8")
    before = count_reports(database)
    dry = runner.invoke(args=["incidents", "import", str(path), "--event", event.code, "--as", "co", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would import 2 new activity rows" in dry.output and count_reports(database) == before
    done = runner.invoke(args=["incidents", "import", str(path), "--event", event.code, "--as", "co"])
    assert done.exit_code == 0 and "check: 2/2 rows" in done.output
    # Not a terminal (a log): each progress report is a line of its own, none redrawn with \r.
    assert "check: 2/2 rows\n" in done.output and "\r" not in done.output
    assert count_reports(database) == before + 2
    path.write_text("地点,事项,时间\n文峰区,会商,明天\n", encoding="utf-8")
    bad = runner.invoke(args=["incidents", "import", str(path), "--event", event.code, "--as", "co"])
    # The column as the file's header row says it, then its English name; one error, one row (not "1 errors").
    assert bad.exit_code == 1 and "line 2, column 时间 (observed_at)" in bad.output, bad.output
    assert "1 error in 1 row: nothing was imported" in bad.output
    # An areas file with an event: said, not silently dropped.
    mixed = runner.invoke(args=["incidents", "import", str(path), "--kind", "areas", "--event", event.code,
                                "--as", "co"])
    assert mixed.exit_code == 2 and "--event is for reports" in mixed.output, mixed.output


def test_areas_import_builds_the_tree_by_path_with_codes_and_coordinates(app, seeded, make_user, run, database):
    make_user("co", "coordinator")
    rows = "路径,代码,坐标,户数\n文峰区/北大街街道/新建社区,410502001,\"36.1, 114.35\",300\n" \
           "文峰区/北大街街道/新建社区/三号楼,,36°5′26″N 114°21′26″E,\n"
    outcome = run(rows.encode(), "co", None, kind="areas")
    assert (outcome.problems, outcome.created) == ([], 2)
    with database.read_session() as s:
        community = s.scalar(sa.select(Area).where(Area.code == "410502001"))
        site = s.scalar(sa.select(Area).where(Area.name == "三号楼"))
        assert (community.level.value, community.households, community.latitude) == ("community", 300, 36.1)
        assert site.parent_id == community.id and site.level.value == "site"
        assert round(site.latitude, 4) == 36.0906
    again = run(rows.encode(), "co", None, kind="areas")
    assert (again.created, again.updated, again.skipped) == (0, 0, 2)
    bad = run("路径,坐标\n文峰区/无此街道/某社区,\n文峰区/东关街道,北纬\n".encode(), "co", None, kind="areas")
    assert problems(bad) == [(2, "path"), (3, "coordinates")]


def test_a_reporter_may_not_import_areas(app, seeded, make_user, run):
    make_user("rep", "reporter")
    outcome = run("路径\n文峰区/新街道\n".encode(), "rep", None, kind="areas")
    assert outcome.problems and not outcome.stored


def test_an_area_row_names_all_its_mistakes_at_once(app, seeded, make_user, run, database):
    # Found by a newcomer administrator: a row with a bad level and bad coordinates named only the coordinates;
    # fixed and uploaded again, it then named the level.
    make_user("co", "coordinator")
    rows = "路径,级别,坐标\n文峰区/北大街街道/新建社区,bogus,\"999, 114.35\"\n"
    outcome = run(rows.encode(), "co", None, kind="areas")
    assert {p.column for p in outcome.problems} == {"coordinates", "level"}, outcome.problems
    assert outcome.created == 0
