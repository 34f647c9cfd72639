"""Files as clerks really keep them (Excel and WPS on Chinese Windows), through the CLI and the page:
read as meant, or refused by line and column; never a silently wrong value."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import sqlalchemy as sa
from openpyxl import Workbook

from incidents.areas.models import Area, AreaLevel
from incidents.areas.services import create_area
from incidents.models import Report
from incidents.reports.models import ActivityEntry, PowerOutage, ZeroReport
from tests.conftest import csrf_from
from tests.imports.conftest import count_reports
from tests.imports.test_pages import upload

OUTAGE = ["地点", "停电时间", "停电户数", "备注"]
ACTIVITY = ["地点", "事项", "时间", "备注"]
PLACE = "文峰区/北大街街道/彰德路64号院"


def book(*sheets: list[list], formats: dict[str, str] | None = None) -> bytes:
    """A workbook with a sheet per list of rows; `formats` sets number formats on the first sheet's cells."""
    workbook = Workbook()
    for index, rows in enumerate(sheets):
        sheet = workbook.active if index == 0 else workbook.create_sheet(f"Sheet{index + 1}")
        for row in rows:
            sheet.append(row)
    for ref, fmt in (formats or {}).items():
        workbook.active[ref].number_format = fmt
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def text_file(rows: list[list[str]], encoding: str, delimiter: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def cli(runner, tmp_path, event, data: bytes, name: str, *more: str):  # noqa: ANN201
    """`incidents import` on a file holding `data`, as the coordinator "co"."""
    path = tmp_path / name
    path.write_bytes(data)
    return runner.invoke(args=["incidents", "import", str(path), "--event", event.code, "--as", "co", *more])


def notes(database, model: type, *columns: str) -> dict[str, tuple]:
    """The stored reports of a kind by note: the columns asked for."""
    with database.read_session() as s:
        rows = s.execute(sa.select(model.note, *(getattr(model, c) for c in columns)))
        return {row[0]: tuple(row[1:]) for row in rows}


def test_a_midnight_date_time_cell_is_midnight_and_a_date_cell_the_whole_day(runner, tmp_path, event, make_user,
                                                                              database):
    make_user("co", "coordinator")
    rows = [OUTAGE, [PLACE, datetime(2021, 7, 24, 0, 0), 10, "midnight"], [PLACE, date(2021, 7, 24), 11, "day"],
            [PLACE, datetime(2021, 7, 25, 0, 0), 12, "day-format"],
            [PLACE, datetime(2021, 7, 26, 0, 0), 13, "zh-clock"]]
    data = book(rows, formats={"B4": 'yyyy"年"m"月"d"日"', "B5": 'yyyy"年"m"月"d"日" h"时"mm"分"'})
    done = cli(runner, tmp_path, event, data, "o.xlsx")
    assert done.exit_code == 0, done.output
    stored = notes(database, PowerOutage, "started_at", "started_precision")
    # 00:00 in Anyang is 16:00 UTC the day before; a whole day is kept at its noon, with precision "day".
    assert stored["midnight"] == (datetime(2021, 7, 23, 16, 0, tzinfo=UTC), "exact")
    assert stored["day"] == (datetime(2021, 7, 24, 4, 0, tzinfo=UTC), "day")
    assert stored["day-format"] == (datetime(2021, 7, 25, 4, 0, tzinfo=UTC), "day")
    assert stored["zh-clock"] == (datetime(2021, 7, 25, 16, 0, tzinfo=UTC), "exact")
    before = count_reports(database)
    again = cli(runner, tmp_path, event, data, "o.xlsx")
    assert again.exit_code == 0 and "0 new" in again.output and count_reports(database) == before


def test_data_on_a_second_sheet_refuses_the_file_and_an_empty_one_does_not(runner, tmp_path, event, make_user,
                                                                            database):
    make_user("co", "coordinator")
    first = [ACTIVITY, [PLACE, "巡查", "2021-07-24 21:00", "a"]]
    before = count_reports(database)
    two_days = cli(runner, tmp_path, event, book(first, [ACTIVITY, [PLACE, "巡查", "2021-07-25 21:00", "b"]]), "d.xlsx")
    assert two_days.exit_code == 1
    assert "only the first sheet is imported, and the sheets Sheet2 hold data too" in two_days.output
    assert count_reports(database) == before
    empty_second = cli(runner, tmp_path, event, book(first, [[None, " "]]), "d.xlsx")
    assert empty_second.exit_code == 0, empty_second.output
    assert count_reports(database) == before + 1


def test_times_as_excel_and_clerks_spell_them_are_read_as_meant(runner, tmp_path, event, make_user, database):
    make_user("co", "coordinator")
    rows = [ACTIVITY] + [[PLACE, "巡查", when, note] for when, note in [
        ("2021/7/24 21:00", "excel-csv"), ("２０２１－０７－２４ ２１：３０", "full-width"),
        ("2021年7月24日 9时", "zh"),
        ("2021-07-24 下午", "afternoon"), ("2021/7/24 约21:00", "about"), ("2021/7/24", "day")]]
    done = cli(runner, tmp_path, event, text_file(rows, "gbk"), "a.csv")
    assert done.exit_code == 0, done.output
    stored = notes(database, ActivityEntry, "observed_at", "observed_precision")
    assert stored["excel-csv"] == (datetime(2021, 7, 24, 13, 0, tzinfo=UTC), "exact")
    assert stored["full-width"] == (datetime(2021, 7, 24, 13, 30, tzinfo=UTC), "exact")
    assert stored["zh"] == (datetime(2021, 7, 24, 1, 0, tzinfo=UTC), "exact")
    assert stored["afternoon"][1] == "afternoon"
    assert stored["about"] == (datetime(2021, 7, 24, 13, 0, tzinfo=UTC), "approximate")
    assert stored["day"][1] == "day"
    vague = text_file([ACTIVITY, [PLACE, "巡查", "2021/7/24 晚上9点许", "x"]], "gbk")
    bad = cli(runner, tmp_path, event, vague, "b.csv")
    assert bad.exit_code == 1 and "line 2, column 时间 (observed_at): must be a date and time" in bad.output


def test_unicode_text_and_tab_or_semicolon_separated_files_are_read(runner, tmp_path, event, make_user, database):
    make_user("co", "coordinator")
    before = count_reports(database)
    for number, (encoding, delimiter) in enumerate([("utf-16", "\t"), ("utf-8-sig", "\t"), ("gb18030", ";")]):
        rows = [ACTIVITY, [PLACE, f"巡查{number}", "2021-07-24 21:00", "第一行\n第二行"]]
        done = cli(runner, tmp_path, event, text_file(rows, encoding, delimiter), "u.txt")
        assert done.exit_code == 0, (encoding, done.output)
    assert count_reports(database) == before + 3
    with database.read_session() as s:
        assert s.scalar(sa.select(ActivityEntry.note).where(ActivityEntry.title == "巡查0")) == "第一行\n第二行"
    old = cli(runner, tmp_path, event, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "old.xls")
    assert old.exit_code == 1 and "Excel 97-2003 (.xls)" in old.output


def test_a_title_row_and_wrapped_or_full_width_headings(runner, tmp_path, event, make_user, database):
    make_user("co", "coordinator")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["文峰区7月24日报表"])
    sheet.merge_cells("A1:D1")
    sheet.append(["地点", "停电\n时间", "停电户数", " 备注 "])
    sheet.append([PLACE, "2021-07-24 21:00", "３０余", "titled"])
    out = io.BytesIO()
    workbook.save(out)
    done = cli(runner, tmp_path, event, out.getvalue(), "t.xlsx")
    assert done.exit_code == 0, done.output
    assert notes(database, PowerOutage, "households_affected", "households_affected_lb")["titled"] == (30, True)
    debris = text_file([["地点", "起始时间", "清运量（吨）", "备注"], [PLACE, "2021-07-26", "2.5", "d"]], "utf-8-sig")
    assert cli(runner, tmp_path, event, debris, "d.csv").exit_code == 0


def test_a_place_named_by_the_end_of_its_path(runner, tmp_path, event, make_user, database):
    make_user("co", "coordinator")
    rows = [ACTIVITY, ["彰德路64号院", "巡查", "2021-07-24 21:00", "short"],
            ["北大街街道 › 彰德路64号院", "巡查", "2021-07-24 21:00", "exported"],
            ["北大街街道", "巡查", "2021-07-24 21:00", "subdistrict"]]
    done = cli(runner, tmp_path, event, text_file(rows, "utf-8-sig"), "p.csv")
    assert done.exit_code == 0, done.output
    with database.read_session() as s:
        site = s.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
        subdistrict = s.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
        stored = dict(s.execute(sa.select(Report.note, Report.area_id).where(Report.note.is_not(None))).all())
    assert (stored["short"], stored["exported"], stored["subdistrict"]) == (site, site, subdistrict)
    with database.transaction() as s:
        other = s.scalar(sa.select(Area).where(Area.name == "东关街道"))
        create_area(s, name="彰德路64号院", level=AreaLevel.SITE, parent=other)
    before = count_reports(database)
    twice = cli(runner, tmp_path, event, text_file([ACTIVITY, ["彰德路64号院", "会商", "2021-07-25 9:00", "x"]],
                                                   "utf-8-sig"), "p.csv")
    assert twice.exit_code == 1
    assert ("line 2, column 地点 (area): 彰德路64号院 is the name of several areas: write its path "
            "(文峰区/东关街道/彰德路64号院、文峰区/北大街街道/彰德路64号院)") in twice.output
    assert count_reports(database) == before


def test_an_update_of_an_unknown_outage_says_so_on_its_column(runner, tmp_path, event, make_user, database):
    make_user("co", "coordinator")
    rows = [["停电编号", "已恢复户数", "时间"], ["99999", "9", "2021-07-26 08:00"], ["", "9", "2021-07-26 08:00"]]
    bad = cli(runner, tmp_path, event, text_file(rows, "utf-8-sig"), "u.csv", "--kind", "outage_update")
    assert bad.exit_code == 1
    assert "line 2, column 停电编号 (outage_id): unknown report" in bad.output
    assert "line 3, column 停电编号 (outage_id): required" in bad.output
    assert "line 2, column 停电编号 (outage_id): required" not in bad.output


def test_a_value_in_a_hidden_column_without_heading_is_named_by_its_letter(runner, tmp_path, event, make_user):
    make_user("co", "coordinator")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([*ACTIVITY, None])
    sheet.append([PLACE, "巡查", "2021-07-24 21:00", "", "备用"])
    sheet.column_dimensions["E"].hidden = True
    out = io.BytesIO()
    workbook.save(out)
    bad = cli(runner, tmp_path, event, out.getvalue(), "h.xlsx")
    # Said as hidden (test_hidden_columns_and_sheets.py): what the clerk cannot see is why it went unnoticed.
    assert bad.exit_code == 1 and "line 2, column E: this column is hidden in the sheet" in bad.output


def test_the_page_previews_and_stores_a_csv_excel_saved_on_chinese_windows(client, auth, event, make_user, database):
    make_user("co", "coordinator")
    auth.login("co")
    rows = [["文峰区7月24日报表", "", "", ""], ACTIVITY, ["彰德路64号院 ", "巡查积水", "2021/7/24 21:00", "页面"]]
    token, preview = upload(client, f"/events/{event.id}/import", text_file(rows, "gbk"), "报表.csv")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200, html
    before = count_reports(database)
    done = client.post(f"/imports/{token}/confirm", data={"csrf_token": csrf_from(html), "token": token})
    assert done.status_code == 302 and count_reports(database) == before + 1
    assert notes(database, ActivityEntry, "observed_at")["页面"] == (datetime(2021, 7, 24, 13, 0, tzinfo=UTC),)


def test_a_zero_reports_day_as_excel_saves_it(runner, tmp_path, event, make_user, database):
    make_user("co", "coordinator")
    rows = [["地点", "时段", "备注"], ["文峰区/光华路街道", "2021/7/25", "zero"],
            ["文峰区/东关街道", "2021年7月25日 下午", "y"]]
    bad = cli(runner, tmp_path, event, text_file(rows, "gbk"), "z.csv", "--kind", "zero_report")
    assert bad.exit_code == 1 and "line 3, column 时段 (period_day)" in bad.output
    assert "line 2" not in bad.output
    done = cli(runner, tmp_path, event, text_file(rows[:2], "gbk"), "z.csv", "--kind", "zero_report")
    assert done.exit_code == 0, done.output
    with database.read_session() as s:
        assert s.scalar(sa.select(ZeroReport.period_day).where(ZeroReport.note == "zero")) == date(2021, 7, 25)


def test_a_downloaded_list_imported_back_is_told_how_to_correct(client, auth, event, make_user, database):
    """A clerk downloads the report list, edits it and imports it: "unknown column 编号" said nothing useful, and
    "copy its rows into the template" led to every report twice: the report's own 更正 form is the way."""
    make_user("co", "coordinator")
    auth.login("co")
    first = text_file([ACTIVITY, [PLACE, "巡查", "2021-07-24 21:00", "先存一条"]], "gbk")
    token, preview = upload(client, f"/events/{event.id}/import", first, "a.csv")
    client.post(f"/imports/{token}/confirm", data={"csrf_token": csrf_from(preview.get_data(as_text=True)),
                                                   "token": token})
    for fmt in ("csv", "xlsx"):
        exported = client.get(f"/events/{event.id}/reports/export.{fmt}")
        assert exported.status_code == 200
        before = count_reports(database)
        _token, again = upload(client, f"/events/{event.id}/import", exported.data, f"reports.{fmt}")
        html = again.get_data(as_text=True)
        assert "下载的报告列表" in html and "更正" in html and "导入模板" in html, fmt
        assert count_reports(database) == before


def test_a_second_zero_report_in_one_file_cites_the_line_not_a_number_that_will_not_exist(runner, tmp_path, event,
                                                                                           make_user, database):
    make_user("co", "coordinator")
    rows = [["地点", "时段", "备注"], ["文峰区/光华路街道", "2021-07-25", "first"],
            ["文峰区/光华路街道", "2021-07-25", "again"]]
    before = count_reports(database)
    bad = cli(runner, tmp_path, event, text_file(rows, "gbk"), "z.csv", "--kind", "zero_report")
    assert bad.exit_code == 1 and "line 3, column 时段 (period_day)" in bad.output, bad.output
    assert "line 2 of this file already answers" in bad.output and "#" not in bad.output, bad.output
    assert count_reports(database) == before


def test_the_preview_counts_as_new_only_the_rows_it_would_store(client, auth, event, make_user, database):
    make_user("co", "coordinator")
    auth.login("co")
    rows = [["地点", "时段", "备注"], ["文峰区/光华路街道", "2021-07-25", "first"],
            ["文峰区/光华路街道", "2021-07-25", "again"], ["文峰区/东关街道", "2021-07-25", "other"]]
    _token, preview = upload(client, f"/events/{event.id}/import", text_file(rows, "gbk"), "z.csv",
                             kind="zero_report")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 422 and "本文件第2行已是该街道（镇）当日的零报告" in html, html[-3000:]
    assert "新增：2" in html, html[-3000:]


def test_a_serial_number_column_is_read_past_and_a_renumbered_sheet_adds_nothing(client, auth, event, make_user,
                                                                                 database):
    """Clerks' sheets begin with 序号: "unknown column 序号" refused the whole file."""
    make_user("co", "coordinator")
    auth.login("co")
    rows = [["序号", *ACTIVITY], ["1", PLACE, "巡查", "2021-07-24 21:00", "甲"],
            ["2", PLACE, "排查", "2021-07-24 22:00", "乙"]]
    before = count_reports(database)
    token, preview = upload(client, f"/events/{event.id}/import", text_file(rows, "gbk"), "a.csv")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200, html
    client.post(f"/imports/{token}/confirm", data={"csrf_token": csrf_from(html), "token": token})
    assert count_reports(database) == before + 2
    # The same rows sorted the other way and numbered again: the same facts, nothing new.
    again = [rows[0], ["1", *rows[2][1:]], ["2", *rows[1][1:]]]
    token, preview = upload(client, f"/events/{event.id}/import", text_file(again, "gbk"), "b.csv")
    html = preview.get_data(as_text=True)
    client.post(f"/imports/{token}/confirm", data={"csrf_token": csrf_from(html), "token": token})
    assert count_reports(database) == before + 2


def test_a_totals_row_summed_by_formula_is_read_past_and_named(client, auth, runner, tmp_path, event, make_user,
                                                               database):
    """Clerks end a sheet with 合计 (=SUM(...)): "is a formula" and "unknown area" refused the whole file."""
    make_user("co", "coordinator")
    auth.login("co")
    rows = [["序号", *OUTAGE], ["1", PLACE, "2021-07-24 21:00", 120, "甲"],
            ["2", PLACE, "2021-07-24 22:00", 80, "乙"], ["合计", None, None, "=SUM(D2:D3)", None]]
    before = count_reports(database, kind="outage")
    token, preview = upload(client, f"/events/{event.id}/import", book(rows), "停电.xlsx")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "合计行未导入（第4行）" in html, html
    client.post(f"/imports/{token}/confirm", data={"csrf_token": csrf_from(html), "token": token})
    assert count_reports(database, kind="outage") == before + 2
    stored = notes(database, PowerOutage, "households_affected")
    assert (stored["甲"], stored["乙"]) == ((120,), (80,))
    # Spelled another way, in a CSV, through the CLI: read past, said so, nothing refused or added.
    rows[-1] = ["", "合 计：", "", "200", ""]
    result = cli(runner, tmp_path, event, text_file(rows, "gbk"), "停电.csv")
    assert result.exit_code == 0, result.output
    assert "totals rows read past, not imported: line 4" in result.output
    assert count_reports(database, kind="outage") == before + 2


def test_a_place_named_like_a_totals_row_only_past_its_first_cell_is_still_a_report(runner, tmp_path, event,
                                                                                      make_user, database):
    make_user("co", "coordinator")
    rows = [ACTIVITY, [PLACE, "合计", "2021-07-24 21:00", "丙"]]
    result = cli(runner, tmp_path, event, text_file(rows, "utf-8"), "a.csv")
    assert result.exit_code == 0, result.output
    assert "丙" in notes(database, ActivityEntry)
