"""XLSX cells import as what the user typed: a formula or an error cell refuses the file by line and
column; booleans and numbers keep the form a spreadsheet shows."""

from __future__ import annotations

import io
import re
import zipfile

import sqlalchemy as sa

from incidents.reports.models import ActivityEntry, Disinfection, ReportKind
from tests.imports.conftest import count_reports, problems, xlsx_bytes

HEADER = ["area", "title", "observed_at", "note"]
PLACE = "文峰区/北大街街道"


def with_cached_value(data: bytes, cell: str, value: str) -> bytes:
    """The workbook with a formula cell given a cached value, as Excel saves it (openpyxl writes none)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text, found = re.subn(rf'<c r="{cell}"([^>]*)><f>(.*?)</f>(<v\s*/>|<v></v>)?</c>',
                                      rf'<c r="{cell}"\1 t="str"><f>\2</f><v>{value}</v></c>', body.decode())
                assert found == 1, body.decode()
                body = text.encode()
            target.writestr(item, body)
    return out.getvalue()


def messages(outcome) -> list[str]:
    return [str(p.message) for p in outcome.problems]


def test_a_formula_cell_refuses_the_file_with_or_without_its_cached_value(app, event, make_user, run, database):
    make_user("co", "coordinator")
    rows = [HEADER, [PLACE, "巡查", "2021-07-24 09:00", "ok"],
            [PLACE, "会商", "2021-07-24 10:00", '=HYPERLINK("http://example.org/a","照片")'],
            [PLACE, "=A2", "2021-07-24 11:00", "x"]]
    before = count_reports(database)
    for data in (xlsx_bytes(rows), with_cached_value(xlsx_bytes(rows), "D3", "照片")):
        outcome = run(data, "co", event, filename="log.xlsx")
        assert problems(outcome) == [(3, "note"), (4, "title")]
        assert messages(outcome) == ["is a formula: paste its value instead"] * 2
        assert not outcome.stored
    assert count_reports(database) == before


def test_a_formula_cell_does_not_hide_the_other_rows_problems(app, event, make_user, run, database):
    """One upload names every cell to correct: a formula on one row stopped the check, so a place outside the
    clerk's scope on another row (and a row's own rules beside its formula) came up only once the value was pasted."""
    make_user("rep", "reporter", scope="文峰区/北大街街道")
    rows = [["area", "period_start", "period_end", "mass_t", "note"],
            [PLACE, "2021-07-26 08:00", "2021-07-26 12:00", 2, "ok"],
            ["文峰区/东关街道", "2021-07-26 08:00", "2021-07-26 12:00", 1, ""],
            [PLACE, "2021-07-26 18:00", "2021-07-26 08:00", "=1+1", '=HYPERLINK("http://example.org/a","照片")'],
            [PLACE, "2021-07-26 09:00", "=NOW()", 3, ""]]
    before = count_reports(database)
    outcome = run(xlsx_bytes(rows), "rep", event, filename="debris.xlsx")
    assert problems(outcome) == [(3, "area"), (4, "mass_t"), (4, "note"), (4, "period_end"), (5, "period_end")]
    assert [str(p.message) for p in outcome.problems][1:3] == ["is a formula: paste its value instead"] * 2
    assert str(outcome.problems[4].message) == "is a formula: paste its value instead"  # not "required" beside it
    assert not outcome.stored and count_reports(database) == before
    # A row imported before, the same but for its formula cell, is checked, not skipped as imported.
    assert run(xlsx_bytes([rows[0], [*rows[1][:4], ""]]), "rep", event, filename="debris.xlsx").created == 1
    again = run(xlsx_bytes([rows[0], [*rows[1][:4], "=A1"]]), "rep", event, filename="debris.xlsx")
    assert (problems(again), again.skipped) == ([(2, "note")], 0)


def test_an_error_cell_is_refused_naming_the_error(app, event, make_user, run, database):
    make_user("co", "coordinator")
    rows = [HEADER, [PLACE, "巡查", "2021-07-24 09:00", "#DIV/0!"], [PLACE, "会商", "#N/A", ""]]
    before = count_reports(database)
    outcome = run(xlsx_bytes(rows), "co", event, filename="log.xlsx")
    assert problems(outcome) == [(2, "note"), (3, "observed_at")]
    assert messages(outcome) == ["is an error (#DIV/0!)", "is an error (#N/A)"]
    assert count_reports(database) == before


def test_a_formula_in_the_header_or_under_no_heading_is_named_by_its_column_letter(app, event, make_user, run):
    make_user("co", "coordinator")
    header = run(xlsx_bytes([["area", '=CONCAT("ti","tle")'], [PLACE, "x"]]), "co", event, filename="f.xlsx")
    assert problems(header) == [(1, "B")]
    stray = run(xlsx_bytes([HEADER, [PLACE, "巡查", "2021-07-24 09:00", "", "=1+1"]]), "co", event,
                filename="f.xlsx")
    assert problems(stray) == [(2, "E")]


def test_the_preview_page_names_a_formula_cell(client, auth, event, make_user, database):
    from tests.imports.test_pages import upload

    make_user("co", "coordinator")
    auth.login("co")
    data = xlsx_bytes([HEADER, [PLACE, "巡查", "2021-07-24 09:00", "=1/0"]])
    token, preview = upload(client, f"/events/{event.id}/import", data, filename="log.xlsx")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 422 and f"/imports/{token}/confirm" not in html
    assert re.search(r"<td>2</td><td>note</td><td>是公式", html)  # the column as the file heads it


def test_booleans_and_numbers_read_as_a_spreadsheet_shows_them(app, event, make_user, run, database):
    make_user("co", "coordinator")
    rows = [HEADER, [PLACE, True, "2021-07-24 09:00", 1e308], [PLACE, 12.0, "2021-07-24 10:00", 2.5],
            [PLACE, "巡查", "2021-07-24 11:00", 0.1], [PLACE, "巡查", "2021-07-24 12:00", 1234567890123.0]]
    outcome = run(xlsx_bytes(rows), "co", event, filename="log.xlsx")
    assert (outcome.problems, outcome.created) == ([], 4)
    assert outcome.sample[0][1][1::2] == ["TRUE", "1e+308"]
    with database.read_session() as s:
        stored = s.execute(sa.select(ActivityEntry.title, ActivityEntry.note).order_by(ActivityEntry.id.desc())
                           .limit(4)).all()
    assert sorted(stored) == sorted([("TRUE", "1e+308"), ("12", "2.5"), ("巡查", "0.1"), ("巡查", "1234567890123")])


def test_a_boolean_cell_in_a_yes_no_column_still_reads_as_yes_or_no(app, event, make_user, run, database):
    make_user("co", "coordinator")
    header = ["area", "observed_at", "person_times", "cumulative", "note"]
    rows = [header, [PLACE, "2021-07-27 09:00", 30, True, False], [PLACE, "2021-07-27 10:00", 20, False, ""]]
    outcome = run(xlsx_bytes(rows), "co", event, kind="disinfection", filename="d.xlsx")
    assert (outcome.problems, outcome.created) == ([], 2)
    with database.read_session() as s:
        stored = s.execute(sa.select(Disinfection.cumulative, Disinfection.note)
                           .order_by(Disinfection.id.desc()).limit(2)).all()
    assert sorted(stored) == [(False, None), (True, "FALSE")]
    assert count_reports(database, kind=ReportKind.DISINFECTION) >= 2
