"""A cell merged down over several rows of an XLSX file is refused by line and column, not read as empty.

Clerks merge a column's cell over the rows it applies to (one 信息来源 for a day's rows, one 地点 for a
compound's). A spreadsheet shows the value across all of them; the file holds it in the first row only.
The rows below were imported without it: a source or note lost without a word, or a place told
"required" though the sheet shows one. Now each such cell is refused naming the merged range, and the
file stores nothing. A title merged across the columns above the header is still read past.
"""

from __future__ import annotations

import io

from openpyxl import Workbook

from tests.imports.conftest import count_reports, problems

HEADER = ["地点", "事项", "时间", "信息来源"]
PLACE = "文峰区/北大街街道"


def workbook(rows: list[list], merges: list[str]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    for cells in merges:
        book.active.merge_cells(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_cell_merged_down_refuses_the_rows_it_leaves_empty(app, event, make_user, run, database):
    make_user("co", "coordinator")
    rows = [["文峰区7月26日工作动态"], HEADER,
            [PLACE, "巡查", "2021-07-26 09:00", "区防汛办"],
            [PLACE, "会商", "2021-07-26 10:00", None],
            [PLACE, "清淤", "2021-07-26 11:00", None],
            [PLACE, "转移", "2021-07-26 12:00", "街道"]]
    before = count_reports(database)
    outcome = run(workbook(rows, ["A1:D1", "D3:D5"]), "co", event, filename="log.xlsx")
    assert problems(outcome) == [(4, "source"), (5, "source")]
    assert [str(p.message) for p in outcome.problems] == [
        "is part of the merged cell D3:D5, whose value only its first row holds: unmerge it and fill in every row"] * 2
    assert not outcome.stored
    assert count_reports(database) == before


def test_a_merged_place_is_named_as_merged_not_as_missing(app, event, make_user, run, database):
    make_user("co", "coordinator")
    rows = [HEADER, [PLACE, "巡查", "2021-07-26 09:00", "区"], [None, "会商", "2021-07-26 10:00", "区"]]
    outcome = run(workbook(rows, ["A2:A3"]), "co", event, filename="log.xlsx")
    assert problems(outcome) == [(3, "area")]
    assert "merged cell A2:A3" in str(outcome.problems[0].message)


def test_cells_merged_across_one_row_import_as_before(app, event, make_user, run, database):
    make_user("co", "coordinator")
    outcome = run(workbook([HEADER, [PLACE, "巡查", "2021-07-26 09:00", "区防汛办"]], ["D2:E2"]), "co", event,
                  filename="log.xlsx")
    assert not outcome.problems and outcome.created == 1
