"""A column hidden in an XLSX sheet, or a first sheet hidden behind the one the clerk sees, is not imported unseen.

Found (import audit, round 2): a row hidden in the sheet was refused, but a hidden column's values (备注 put out of
sight) were stored, and a workbook whose first sheet was hidden imported that sheet's rows while the clerk looked at
an empty one. Now each value in a hidden column is refused by line and column (a hidden column with nothing below
its heading is read past), and a hidden first sheet refuses the file, naming the sheet. Nothing is stored.
"""

from __future__ import annotations

import io

from openpyxl import Workbook

from tests.imports.conftest import count_reports, problems
from tests.imports.test_pages import upload

HEADER = ["地点", "事项", "时间", "备注"]
PLACE = "文峰区/北大街街道"
ROWS = [[PLACE, "巡查A", "2021-07-24 09:00", "看得见"], [PLACE, "巡查B", "2021-07-24 09:05", None],
        [PLACE, "巡查C", "2021-07-24 09:10", "看不见"]]


def _saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(hidden: str, rows: list[list] = ROWS) -> bytes:
    book = Workbook()
    for row in [HEADER, *rows]:
        book.active.append(row)
    book.active.column_dimensions[hidden].hidden = True
    return _saved(book)


def test_each_value_in_a_hidden_column_is_refused_by_line_and_column(app, event, make_user, run, database):
    make_user("co", "coordinator")
    before = count_reports(database)
    outcome = run(_sheet("D"), "co", event, filename="log.xlsx")
    assert problems(outcome) == [(2, "note"), (4, "note")], outcome.problems
    assert str(outcome.problems[0].message) == ("this column is hidden in the sheet, so it would be imported unseen: "
                                                "unhide it to import it, or delete it")
    assert not outcome.stored and count_reports(database) == before


def test_a_hidden_column_with_nothing_below_its_heading_is_read_past(app, event, make_user, run):
    make_user("co", "coordinator")
    blank = [row[:3] + [None] for row in ROWS]
    assert run(_sheet("D", blank), "co", event, filename="log.xlsx", store=False).created == 3
    assert run(_sheet("F"), "co", event, filename="log.xlsx").created == 3  # hidden, but beyond the data


def test_a_hidden_first_sheet_refuses_the_file_naming_it(app, client, auth, event, make_user, run, database):
    make_user("co", "coordinator")
    book = Workbook()
    book.active.title = "草稿"
    for row in [HEADER, *ROWS]:
        book.active.append(row)
    book.active.sheet_state = "hidden"
    book.create_sheet("汇总")
    book.active = 1
    before = count_reports(database)
    outcome = run(_saved(book), "co", event, filename="log.xlsx")
    assert [str(p.message) for p in outcome.problems] == [
        "the first sheet (草稿), the one imported, is hidden, so it would be imported unseen: unhide it, or move "
        "the sheet to import to the front"]
    assert outcome.created == 0 and count_reports(database) == before
    book.worksheets[0].sheet_state = "veryHidden"
    auth.login("co")
    _token, preview = upload(client, f"/events/{event.id}/import", _saved(book), filename="log.xlsx")
    assert preview.status_code == 422 and "第一个工作表（草稿）被隐藏" in preview.get_data(as_text=True)
    assert count_reports(database) == before


def test_the_page_names_the_hidden_column(client, auth, event, make_user, database):
    make_user("co", "coordinator")
    auth.login("co")
    _token, preview = upload(client, f"/events/{event.id}/import", _sheet("D"), filename="log.xlsx")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 422 and "该列在表格中被隐藏" in page, page[-3000:]
